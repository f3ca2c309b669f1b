import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Post,
  Query,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import type { UploadedMultipartFile } from '@nestjs/platform-fastify/multipart';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  ApiErrors,
  ApiFileResponse,
  BodyLimit,
  createValidationPipe,
  MultipartFieldsRule,
  PageQueryDto,
  Roles,
  sendDownload,
  UuidParam,
} from '@academy/core';
import { CurrentUser, UserPrincipal } from '@academy/identity';
import {
  NewOutsideCreditDto,
  OutsideCreditDto,
  OutsideCreditPageDto,
  toOutsideCreditDto,
} from './dto/outside-credit.dto';
import { CertificateTooLarge, CertificateUpload, chosenCertificate } from './outside-credit-upload';
import { OutsideCreditsService } from './outside-credits.service';

const validation = createValidationPipe();

/** The fields of an outside credit, checked as every JSON body is (the route takes multipart too). */
function checkedFields(body: unknown): Promise<NewOutsideCreditDto> {
  return validation.transform(body ?? {}, {
    type: 'body',
    metatype: NewOutsideCreditDto,
  }) as Promise<NewOutsideCreditDto>;
}

/** CME a learner earned elsewhere, self-reported for their own transcript; never reported to a board. */
@ApiTags('learning')
@Controller('api/v1/me/outside-credits')
@Roles('learner')
@ApiExtraModels(NewOutsideCreditDto)
export class OutsideCreditsController {
  constructor(private readonly outside: OutsideCreditsService) {}

  /** List my outside credits */
  @Get()
  @ApiOkResponse({
    type: OutsideCreditPageDto,
    description: 'The caller’s outside credits, latest completed first.',
  })
  @ApiErrors(400, 401, 403)
  async list(
    @CurrentUser() user: UserPrincipal,
    @Query() query: PageQueryDto,
  ): Promise<OutsideCreditPageDto> {
    const page = await this.outside.list(user.userId, query);
    return { items: page.items.map(toOutsideCreditDto), total: page.total };
  }

  /** Report an outside credit */
  @Post()
  @BodyLimit(16 * 1024)
  @UseInterceptors(CertificateTooLarge, CertificateUpload, MultipartFieldsRule)
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({
    description:
      'JSON without a certificate file, or multipart/form-data with the same fields and the file (PDF, PNG or JPEG by content, at most 5 MB).',
    schema: {
      oneOf: [
        { $ref: getSchemaPath(NewOutsideCreditDto) },
        {
          allOf: [
            { $ref: getSchemaPath(NewOutsideCreditDto) },
            { type: 'object', properties: { file: { type: 'string', format: 'binary' } } },
          ],
        },
      ],
    },
  })
  @ApiCreatedResponse({ type: OutsideCreditDto, description: 'The credit, marked self-reported.' })
  @ApiErrors(400, 401, 403, 413, 415)
  async add(
    @CurrentUser() user: UserPrincipal,
    @Body() body: Record<string, unknown> | undefined,
    @UploadedFile() file: UploadedMultipartFile | undefined,
  ): Promise<OutsideCreditDto> {
    const fields = await checkedFields(body);
    return toOutsideCreditDto(await this.outside.add(user.userId, fields, chosenCertificate(file)));
  }

  /** Remove an outside credit */
  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The credit and its file are gone.' })
  @ApiErrors(400, 401, 403, 404)
  async remove(@CurrentUser() user: UserPrincipal, @UuidParam('id') id: string): Promise<void> {
    await this.outside.remove(user.userId, id);
  }

  /** Download an outside credit's file */
  @Get(':id/file')
  @ApiFileResponse(
    'The certificate file uploaded with the credit, as an attachment.',
    'application/pdf',
    'image/png',
    'image/jpeg',
  )
  @ApiErrors(400, 401, 403, 404)
  async file(
    @CurrentUser() user: UserPrincipal,
    @UuidParam('id') id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendDownload(reply, await this.outside.file(user.userId, id));
  }
}
