import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseIntPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  ApiErrors,
  ApiFileResponse,
  FieldValidationException,
  Roles,
  sendDownload,
  UuidParam,
} from '@academy/core';
import { CurrentUser, UserPrincipal } from '@academy/identity';
import { BatchFile, BoardReportingService } from './board-reporting.service';
import {
  BoardReportBatchListDto,
  BoardReportDto,
  BoardReportPageDto,
  BoardReportQueryDto,
  ImportedResultsDto,
  ImportResultsDto,
  toBoardReportBatchDto,
  toBoardReportDto,
  toBoardReportPageDto,
  toImportedResultsDto,
} from './dto/board-reporting.dto';

/** Sends a PARS batch file as a CSV download. */
export async function sendBatchFile(reply: FastifyReply, file: BatchFile): Promise<void> {
  await sendDownload(reply, { type: 'text/csv; charset=utf-8', fileName: file.fileName, body: file.content });
}

/** The batch number in a path: a whole number, else a 400 naming it. */
const batchNumberPipe = new ParseIntPipe({
  exceptionFactory: () =>
    new FieldValidationException({ number: ['number must be a batch number, such as 3'] }),
});

/** The board reporting queue for admins: records, PARS batch files, result imports, re-queueing. */
@ApiTags('board reporting')
@Controller('api/v1/admin/board-reports')
@Roles('admin')
export class BoardReportingController {
  constructor(private readonly reporting: BoardReportingService) {}

  /** List board reports */
  @Get()
  @ApiOkResponse({
    type: BoardReportPageDto,
    description:
      'Records to report to certifying boards, soonest due first, filtered by state and board, with what each learner’s profile lacks.',
  })
  @ApiErrors(400, 401, 403)
  async list(@Query() query: BoardReportQueryDto): Promise<BoardReportPageDto> {
    const [page, dueSoon] = [await this.reporting.list(query), await this.reporting.dueSoon()];
    return toBoardReportPageDto(page, dueSoon);
  }

  /** List board report batches */
  @Get('batches')
  @ApiOkResponse({ type: BoardReportBatchListDto, description: 'The latest batches, newest first.' })
  @ApiErrors(401, 403)
  async batches(): Promise<BoardReportBatchListDto> {
    return { items: (await this.reporting.batches()).map(toBoardReportBatchDto) };
  }

  /** Make the next board report batch */
  @Post('batches')
  @ApiFileResponse(
    {
      status: 201,
      description:
        'Makes the next batch of every queued record that is ready (profile complete, certificate not revoked), marks them in it and answers its PARS learner file: ACCME’s template columns and a last Provider Record ID column, one row per learner and board. 409 when no record is ready.',
    },
    'text/csv',
  )
  @ApiErrors(401, 403, 409)
  async createBatch(@CurrentUser() admin: UserPrincipal, @Res() reply: FastifyReply): Promise<void> {
    const file = await this.reporting.createBatch(admin.userId);
    reply.status(HttpStatus.CREATED).header('x-batch-number', String(file.batch.number));
    await sendBatchFile(reply, file);
  }

  /** Download a board report batch again */
  @Get('batches/:number/csv')
  @ApiFileResponse('A batch’s file again, the same as first downloaded.', 'text/csv')
  @ApiErrors(400, 401, 403, 404)
  async batchFile(
    @Param('number', batchNumberPipe) number: number,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendBatchFile(reply, await this.reporting.batchFile(number));
  }

  /** Import a PARS result file */
  @Post('results')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: ImportedResultsDto,
    description:
      'Applies PARS’s result file to a batch, all or nothing: a file with any row that is not a record of the batch awaiting its answer is refused (400) naming each such row and column.',
  })
  @ApiErrors(400, 401, 403, 409)
  async importResults(
    @Body() body: ImportResultsDto,
    @CurrentUser() admin: UserPrincipal,
  ): Promise<ImportedResultsDto> {
    return toImportedResultsDto(await this.reporting.importResults(body.csv, body.batch, admin.userId));
  }

  /** Queue a rejected board report again */
  @Post(':id/requeue')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: BoardReportDto,
    description: 'Puts a rejected record back in the queue (its due date and the rejection reason kept).',
  })
  @ApiErrors(400, 401, 403, 404, 409)
  async requeue(@UuidParam('id') id: string, @CurrentUser() admin: UserPrincipal): Promise<BoardReportDto> {
    return toBoardReportDto(await this.reporting.requeue(id, admin.userId));
  }
}
