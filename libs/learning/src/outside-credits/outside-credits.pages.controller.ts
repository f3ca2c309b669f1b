import {
  BadRequestException,
  Body,
  CallHandler,
  Controller,
  ExecutionContext,
  Get,
  Injectable,
  NestInterceptor,
  PayloadTooLargeException,
  Post,
  Query,
  Req,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import type { UploadedMultipartFile } from '@nestjs/platform-fastify/multipart';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, Observable, throwError } from 'rxjs';
import {
  AfterPost,
  dateInWords,
  formProblem,
  FormWithFieldErrors,
  forPeople,
  Page,
  pageLinks,
  pageNumberOf,
  pagination,
  parseForm,
  readerOf,
  Roles,
  sendDownload,
  ShowPage,
  UuidParam,
} from '@academy/core';
import type { Reader, SeeOther } from '@academy/core';
import { CurrentUser, UserPrincipal } from '@academy/identity';
import type { Principal } from '@academy/identity';
import { NewOutsideCreditDto, OUTSIDE_CREDIT_TYPES } from './dto/outside-credit.dto';
import { CertificateUpload, chosenCertificate } from './outside-credit-upload';
import { creditTypeName, OutsideCredit, OutsideCreditsService } from './outside-credits.service';

const VIEWS = 'libs/learning/views';
const LIST = `${VIEWS}/outside-credits.hbs`;
const DELETE = `${VIEWS}/outside-credit-delete.hbs`;
const PAGE_SIZE = 20;
const FIELDS = ['provider', 'activity', 'completedOn', 'creditType', 'otherCreditType', 'amount'] as const;

type Model = Record<string, unknown>;
type Form = { values: Record<string, unknown>; fields: Record<string, string[]>; formError?: string };

const NOTICES: Record<string, string> = {
  added: 'Outside credit added. It is on your transcript, marked self-reported.',
  deleted: 'Outside credit deleted, with its file.',
};

/** A calendar day (`YYYY-MM-DD`) in words: it has no time of day, so no zone moves it. */
function calendarDay(day: string): string {
  return dateInWords(new Date(`${day}T00:00:00Z`), { zone: 'UTC' });
}

/** Today in the reader's zone as a date input takes it (`YYYY-MM-DD`), the latest day to offer. */
function todayFor(reader: Reader): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: reader.zone }).format(reader.now);
}

/** What was typed, as the form shows it again (the file input cannot be filled in again). */
function typedValues(body: unknown): Record<string, unknown> {
  const source = (body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    FIELDS.filter((field) => typeof source[field] === 'string').map((field) => [field, source[field]]),
  );
}

/** The page's model: the learner's outside credits, a page at a time, and the form to add one. */
@Injectable()
export class OutsideCreditPageModels {
  constructor(private readonly outside: OutsideCreditsService) {}

  async list(userId: string, reader: Reader, page: number, form: Form, extra: Model = {}): Promise<Model> {
    const credits = await this.outside.list(userId, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    const chosen = form.values.creditType;
    return {
      title: 'Outside credits',
      credits: credits.items.map((credit) => this.summary(credit)),
      total: credits.total,
      pagination:
        credits.total > PAGE_SIZE
          ? pagination(page, credits.total, PAGE_SIZE, pageLinks('/me/outside-credits'))
          : null,
      creditTypes: OUTSIDE_CREDIT_TYPES.map((type) => ({ type, selected: type === chosen })),
      today: todayFor(reader),
      ...form,
      ...extra,
    };
  }

  summary(credit: OutsideCredit): Model {
    return {
      id: credit.id,
      provider: credit.provider,
      activity: credit.activity,
      completed: calendarDay(credit.completedOn),
      credit: `${credit.amount} ${creditTypeName(credit)}`,
      file: credit.file ? { name: credit.file.name, href: `/me/outside-credits/${credit.id}/file` } : null,
      deleteHref: `/me/outside-credits/${credit.id}/delete`,
    };
  }
}

/**
 * An upload the multipart parser refused (larger than 5 MB, cut short): the page again, the
 * problem next to the file field. Nothing typed survives: the parser stopped reading.
 */
@Injectable()
export class UploadProblemOnPage implements NestInterceptor {
  constructor(private readonly pages: OutsideCreditPageModels) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: Principal | null }>();
    return next.handle().pipe(
      catchError((error: unknown) => {
        const user = request.user;
        if (
          !(error instanceof PayloadTooLargeException || error instanceof BadRequestException) ||
          user?.kind !== 'user'
        ) {
          return throwError(() => error);
        }
        const problem =
          error instanceof PayloadTooLargeException
            ? 'The file is larger than 5 MB. Scan or save the certificate at a lower resolution and choose it again.'
            : 'The upload could not be read. Fill in the form and choose the file again.';
        return this.pages
          .list(user.userId, readerOf(request), 1, { values: {}, fields: { file: [problem] } })
          .then((model) => {
            throw new ShowPage(LIST, model, error.getStatus());
          });
      }),
    );
  }
}

/**
 * A learner's CME from other providers: the list, adding one with its certificate file, deleting
 * one after confirming. Self-reported everywhere: never reported to a board, never on a credential.
 */
@ApiExcludeController()
@Controller('me/outside-credits')
@Roles('learner')
export class OutsideCreditsPagesController {
  constructor(
    private readonly outside: OutsideCreditsService,
    private readonly pages: OutsideCreditPageModels,
  ) {}

  @Get()
  @Page(LIST)
  async list(
    @Req() request: FastifyRequest,
    @CurrentUser() user: UserPrincipal,
    @Query() query: Record<string, unknown>,
  ): Promise<Model> {
    return this.pages.list(
      user.userId,
      readerOf(request),
      pageNumberOf(query.page),
      { values: {}, fields: {} },
      { notice: typeof query.done === 'string' ? NOTICES[query.done] : undefined },
    );
  }

  @Post()
  @FormWithFieldErrors()
  @UseInterceptors(UploadProblemOnPage, CertificateUpload)
  @AfterPost()
  async add(
    @Req() request: FastifyRequest,
    @CurrentUser() user: UserPrincipal,
    @Body() body: Record<string, unknown> | undefined,
    @UploadedFile() file: UploadedMultipartFile | undefined,
  ): Promise<SeeOther> {
    const certificate = chosenCertificate(file);
    const again = async (form: Form, status = 400): Promise<never> => {
      const model = await this.pages.list(user.userId, readerOf(request), 1, form, {
        chooseFileAgain: certificate !== null && !form.fields.file,
      });
      throw new ShowPage(LIST, model, status);
    };
    const form = await parseForm(NewOutsideCreditDto, body);
    if (!form.ok) {
      return again({ values: typedValues(form.values), fields: form.fields });
    }
    try {
      await this.outside.add(user.userId, form.value, certificate);
    } catch (error) {
      const problem = formProblem(error);
      return again(
        { values: typedValues(body), fields: forPeople(problem.fields), formError: problem.formError },
        problem.status,
      );
    }
    return { url: '/me/outside-credits?done=added' };
  }

  @Get(':id/delete')
  @Page(DELETE)
  async confirmDelete(@CurrentUser() user: UserPrincipal, @UuidParam('id') id: string): Promise<Model> {
    const credit = await this.outside.get(user.userId, id);
    return { title: 'Delete this outside credit?', credit: this.pages.summary(credit) };
  }

  @Post(':id/delete')
  @AfterPost()
  async delete(@CurrentUser() user: UserPrincipal, @UuidParam('id') id: string): Promise<SeeOther> {
    await this.outside.remove(user.userId, id);
    return { url: '/me/outside-credits?done=deleted' };
  }

  @Get(':id/file')
  async file(
    @CurrentUser() user: UserPrincipal,
    @UuidParam('id') id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendDownload(reply, await this.outside.file(user.userId, id));
  }
}
