import {
  ArgumentsHost,
  BadRequestException,
  Body,
  Catch,
  Controller,
  ExceptionFilter,
  Get,
  HttpCode,
  HttpException,
  HttpStatus,
  Param,
  ParseIntPipe,
  PayloadTooLargeException,
  Post,
  Query,
  Req,
  Res,
  UploadedFile,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-fastify/multipart';
import type { UploadedMultipartFile } from '@nestjs/platform-fastify/multipart';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  AfterPost,
  boardByCode,
  dateInWords,
  FieldValidationException,
  formProblem,
  MultipartFieldsRule,
  Page,
  pageNumberOf,
  pagination,
  parseForm,
  renderPage,
  Roles,
  ShowPage,
  uploadedText,
  UuidParam,
} from '@academy/core';
import type { SeeOther } from '@academy/core';
import { CurrentUser, UserPrincipal } from '@academy/identity';
import { sendBatchFile } from './board-reporting.controller';
import { BoardReportingService, BoardReportView, DUE_SOON_DAYS } from './board-reporting.service';
import { BOARD_REPORT_STATES } from './board-report.types';
import type { BoardReportState } from './board-report.types';
import { BatchNumberDto, BoardReportQueryDto } from './dto/board-reporting.dto';

const PAGE = 'libs/accreditation/views/admin-board-reporting.hbs';
const PATH = '/admin/board-reporting';
const PAGE_SIZE = 25;
const FILE_MAX_BYTES = 2 * 1024 * 1024;

type Model = Record<string, unknown>;

const STATE_WORDS: Record<BoardReportState, string> = {
  queued: 'Queued',
  in_batch: 'In batch',
  accepted: 'Accepted',
  rejected: 'Rejected',
};

/** One result file (2 MB) and the batch number. */
const ResultFileUpload = FileInterceptor('file', {
  limits: { fileSize: FILE_MAX_BYTES, files: 1, fields: 2, fieldSize: 100 },
});

/** `2027-04-05` → "5 April 2027": a calendar day, the same in every zone. */
const calendarDay = (day: string): string => dateInWords(new Date(`${day}T12:00:00Z`), { zone: 'UTC' });

/** The filters as typed: only `state` and `board`, short strings. */
function filtersOf(query: Record<string, unknown>): { state?: string; board?: string } {
  const text = (value: unknown) =>
    typeof value === 'string' && value !== '' ? value.slice(0, 20) : undefined;
  return {
    ...(text(query.state) ? { state: text(query.state) } : {}),
    ...(text(query.board) ? { board: text(query.board) } : {}),
  };
}

/** An upload the multipart parser refused (too large, cut short): said next to the file field. */
@Catch(PayloadTooLargeException, BadRequestException)
export class ResultFileUploadFilter implements ExceptionFilter {
  async catch(exception: HttpException, host: ArgumentsHost): Promise<void> {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const problem =
      exception instanceof PayloadTooLargeException
        ? 'The file is larger than 2 MB: check you chose PARS’s result file for one batch.'
        : 'The upload could not be read. Choose the file again and resend.';
    await renderPage(
      request,
      reply,
      PAGE,
      { title: 'Board reporting', uploadOnly: true, upload: { fields: { file: [problem] }, values: {} } },
      exception.getStatus(),
    );
  }
}

/**
 * Board reporting for admins: the records to report to certifying boards by state and due date,
 * the PARS batch file of the ready ones, PARS's result file imported, rejected records re-queued.
 */
@ApiExcludeController()
@Controller('admin/board-reporting')
@Roles('admin')
export class BoardReportingPagesController {
  constructor(private readonly reporting: BoardReportingService) {}

  @Get()
  async page(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query() query: Record<string, unknown>,
  ): Promise<void> {
    const filters = filtersOf(query);
    const form = await parseForm(BoardReportQueryDto, filters);
    if (!form.ok) {
      return renderPage(request, reply, PAGE, await this.model(1, {}, { filterFields: form.fields }), 400);
    }
    const notices: Record<string, string> = {
      requeued:
        'The record is queued again: it goes in the next batch once its learner’s profile is complete.',
    };
    return renderPage(
      request,
      reply,
      PAGE,
      await this.model(pageNumberOf(query.page), form.value, {
        notice: typeof query.done === 'string' ? notices[query.done] : undefined,
      }),
    );
  }

  /** Makes the next batch and sends its file; the page again, saying why, when no record is ready. */
  @Post('batches')
  async createBatch(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() admin: UserPrincipal,
  ): Promise<void> {
    try {
      const file = await this.reporting.createBatch(admin.userId);
      // A download answering the form, not a resource at a new address.
      reply.status(HttpStatus.OK);
      await sendBatchFile(reply, file);
    } catch (error) {
      const problem = formProblem(error);
      return renderPage(
        request,
        reply,
        PAGE,
        await this.model(1, {}, { batchError: problem.message }),
        problem.status,
      );
    }
  }

  @Get('batches/:number/csv')
  async batchFile(
    @Param(
      'number',
      new ParseIntPipe({
        exceptionFactory: () => new FieldValidationException({ number: ['number must be a batch number'] }),
      }),
    )
    number: number,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendBatchFile(reply, await this.reporting.batchFile(number));
  }

  /** A result file sent: the page again, with what was applied or why nothing was. */
  @Post('results')
  @UseInterceptors(ResultFileUpload, MultipartFieldsRule)
  @UseFilters(ResultFileUploadFilter)
  @HttpCode(HttpStatus.OK)
  @Page(PAGE)
  async importResults(
    @Body() body: Record<string, unknown> | undefined,
    @UploadedFile() file: UploadedMultipartFile | undefined,
    @CurrentUser() admin: UserPrincipal,
  ): Promise<Model> {
    const typed = typeof body?.batch === 'string' ? body.batch.trim() : '';
    const values = { batch: typed };
    const refuse = async (fields: Record<string, string[]>, status = 400): Promise<never> => {
      throw new ShowPage(PAGE, await this.model(1, {}, { upload: { values, fields } }), status);
    };
    const batch = await parseForm(BatchNumberDto, typed === '' ? {} : { batch: typed });
    if (!batch.ok) {
      return refuse(batch.fields);
    }
    const chosen = file?.buffer && (file.buffer.length > 0 || file.originalname) ? file.buffer : null;
    if (!chosen) {
      return refuse({ file: ['Choose PARS’s result file (CSV) for the batch.'] });
    }
    const text = uploadedText(chosen);
    if (text === null) {
      return refuse({ file: ['This file is not text: save the spreadsheet as CSV and upload that.'] });
    }
    try {
      const imported = await this.reporting.importResults(text, batch.value.batch, admin.userId, 'file');
      return this.model(
        1,
        {},
        {
          notice: `Batch ${imported.batch}: ${imported.accepted} accepted, ${imported.rejected} rejected. Rejected records show PARS’s reason below; once corrected, queue them again.`,
        },
      );
    } catch (error) {
      const problem = formProblem(error);
      return refuse(problem.formError ? { file: [problem.formError] } : problem.fields, problem.status);
    }
  }

  @Post(':id/requeue')
  @AfterPost()
  async requeue(@UuidParam('id') id: string, @CurrentUser() admin: UserPrincipal): Promise<SeeOther> {
    try {
      await this.reporting.requeue(id, admin.userId);
    } catch (error) {
      const problem = formProblem(error);
      throw new ShowPage(PAGE, await this.model(1, {}, { formError: problem.message }), problem.status);
    }
    return { url: `${PATH}?done=requeued` };
  }

  private async model(
    page: number,
    filters: { state?: BoardReportState; board?: string },
    extra: Model = {},
  ): Promise<Model> {
    const [records, dueSoon, batches] = [
      await this.reporting.list({ ...filters, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
      await this.reporting.dueSoon(),
      await this.reporting.batches(),
    ];
    const search = (more: Record<string, string>) =>
      `${PATH}?${new URLSearchParams({ ...filters, ...more }).toString()}`;
    return {
      title: 'Board reporting',
      dueSoonDays: DUE_SOON_DAYS,
      dueSoon:
        dueSoon.count > 0
          ? `${dueSoon.count} ${dueSoon.count === 1 ? 'report is' : 'reports are'} due within ${DUE_SOON_DAYS} days${
              dueSoon.overdue > 0 ? ` (${dueSoon.overdue} overdue)` : ''
            }.`
          : null,
      states: BOARD_REPORT_STATES.map((state) => ({
        value: state,
        label: STATE_WORDS[state],
        selected: state === filters.state,
      })),
      boards: this.reporting.boards().map((code) => ({
        value: code,
        label: `${code}: ${boardByCode(code)?.name ?? code}`,
        selected: code === filters.board,
      })),
      filtered: Boolean(filters.state ?? filters.board),
      values: filters,
      records: records.items.map((record) => this.row(record)),
      total: records.total,
      pagination:
        records.total > PAGE_SIZE
          ? pagination(page, records.total, PAGE_SIZE, (to) => search({ page: String(to) }))
          : null,
      batches: batches.map((batch) => ({
        number: batch.number,
        createdAt: batch.createdAt,
        rowCount: batch.rowCount,
        awaiting: batch.awaiting,
        resultsImportedAt: batch.resultsImportedAt,
        href: `${PATH}/batches/${batch.number}/csv`,
      })),
      upload: { values: {}, fields: {} },
      ...extra,
    };
  }

  private row(record: BoardReportView): Model {
    return {
      id: record.id,
      learner: record.holderName,
      certificateNumber: record.certificateNumber,
      courseTitle: record.courseTitle,
      board: record.board,
      boardName: boardByCode(record.board)?.name ?? record.board,
      points: record.points,
      types: record.types.join(', '),
      completedOn: calendarDay(record.completedOn),
      dueOn: calendarDay(record.dueOn),
      state: record.state === 'in_batch' ? `In batch ${record.batchNumber}` : STATE_WORDS[record.state],
      stateKey: record.state,
      dueSoon: record.dueSoon && !record.revoked,
      overdue: record.overdue && !record.revoked,
      missing: record.missing.length > 0 && record.state === 'queued' ? record.missing.join(', ') : null,
      revoked: record.revoked,
      rejected: record.state === 'rejected',
      reason: record.rejectionReason,
      acceptedAt: record.acceptedAt,
    };
  }
}
