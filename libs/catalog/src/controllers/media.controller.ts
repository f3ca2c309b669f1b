import { Controller, Get, Headers, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor, UploadedMultipartFile } from '@nestjs/platform-fastify/multipart';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExcludeEndpoint,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  ApiErrors,
  FieldValidationException,
  MultipartFieldsRule,
  Public,
  Roles,
  sendImmutable,
  UuidParam,
} from '@academy/core';
import { MEDIA_MAX_BYTES, MediaService } from '../media/media.service';

export class MediaDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({
    example: '/media/0b5e55aa-1111-4222-8333-444455556666',
    description: 'Use in lesson Markdown: ![description](url)',
  })
  url!: string;

  @ApiProperty({ enum: ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] })
  contentType!: string;

  @ApiProperty()
  byteSize!: number;
}

/** One upload for the API and the authoring pages: one image, at most 5 MB, its text fields under the string rule. */
export const ImageUpload = [
  FileInterceptor('file', { limits: { fileSize: MEDIA_MAX_BYTES, files: 1, fields: 10 } }),
  MultipartFieldsRule,
];

@ApiTags('authoring')
@Controller()
export class MediaController {
  constructor(private readonly media: MediaService) {}

  /** Upload an image */
  @Post('api/v1/admin/media')
  @Roles('admin')
  @UseInterceptors(...ImageUpload)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: { file: { type: 'string', format: 'binary' } },
      required: ['file'],
    },
  })
  @ApiCreatedResponse({
    type: MediaDto,
    description: 'The stored image (the same one again for the same bytes).',
  })
  @ApiErrors(400, 401, 403, 413, 415)
  async upload(@UploadedFile() file: UploadedMultipartFile | undefined): Promise<MediaDto> {
    if (!file?.buffer) {
      throw new FieldValidationException({ file: ['file must be an image sent as multipart/form-data'] });
    }
    const asset = await this.media.upload(file.buffer, file.originalname);
    return {
      id: asset.id,
      url: `/media/${asset.id}`,
      contentType: asset.contentType,
      byteSize: asset.byteSize,
    };
  }

  @Get('media/:id')
  @Public()
  @ApiExcludeEndpoint()
  async serve(
    @UuidParam('id') id: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const asset = await this.media.get(id, 'public');
    await sendImmutable(
      reply,
      { type: asset.contentType, etag: `"${asset.sha256}"`, body: asset.bytes },
      ifNoneMatch,
    );
  }
}
