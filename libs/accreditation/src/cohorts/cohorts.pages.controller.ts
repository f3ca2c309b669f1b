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
  PayloadTooLargeException,
  Post,
  Query,
  UploadedFile,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-fastify/multipart';
import type { UploadedMultipartFile } from '@nestjs/platform-fastify/multipart';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CatalogService } from '@academy/catalog';
import {
  AfterPost,
  formProblem,
  FormWithFieldErrors,
  MultipartFieldsRule,
  Page,
  pageLinks,
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
import { CohortDetail, CohortsService, MemberStage, RowOutcome, UploadReport } from './cohorts.service';
import { MEMBER_LIST_MAX_CHARS, NewCohortDto } from './dto/cohort.dto';

const VIEWS = 'libs/accreditation/views';
const LIST = `${VIEWS}/admin-cohorts.hbs`;
const DETAIL = `${VIEWS}/admin-cohort.hbs`;
const PAGE_SIZE = 20;
const FILE_MAX_BYTES = 1024 * 1024;

type Model = Record<string, unknown>;

const STAGE_WORDS: Record<MemberStage, string> = {
  invited: 'Invited, no account yet',
  enrolled: 'Enrolled, not started',
  in_progress: 'In progress',
  completed: 'Completed',
  certified: 'Certified',
};

const OUTCOME_WORDS: Record<RowOutcome, string> = {
  enrolled: 'Enrolled',
  already_enrolled: 'Already enrolled',
  invited: 'Invited by e-mail',
  already_invited: 'Invited before',
  duplicate: 'Repeated line',
  error: 'Not added',
};

/** One CSV (1 MB) and the pasted list as a field. */
const MemberListUpload = FileInterceptor('file', {
  limits: { fileSize: FILE_MAX_BYTES, files: 1, fields: 3, fieldSize: MEMBER_LIST_MAX_CHARS },
});

/** An upload the multipart parser refused (too large, cut short): said next to the file field. */
@Catch(PayloadTooLargeException, BadRequestException)
export class MemberListUploadFilter implements ExceptionFilter {
  async catch(exception: HttpException, host: ArgumentsHost): Promise<void> {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const problem =
      exception instanceof PayloadTooLargeException
        ? `The file is larger than 1 MB. A list of 2000 people is much smaller: check you chose the right file.`
        : `The upload could not be read. Choose the file again and resend.`;
    await renderPage(
      request,
      reply,
      DETAIL,
      {
        title: 'Cohort',
        uploadOnly: true,
        cohort: { id: (request.params as { id?: string }).id ?? '' },
        upload: { fields: { file: [problem] }, values: {} },
      },
      exception.getStatus(),
    );
  }
}

function detailModel(detail: CohortDetail, extra: Model = {}): Model {
  return {
    title: detail.cohort.name,
    cohort: { id: detail.cohort.id, name: detail.cohort.name, createdAt: detail.cohort.createdAt },
    course: { title: detail.course.content.title, slug: detail.course.slug },
    counts: (Object.keys(STAGE_WORDS) as MemberStage[]).map((stage) => ({
      stage,
      label: STAGE_WORDS[stage],
      count: detail.counts[stage],
    })),
    total: detail.members.length,
    members: detail.members.map((member) => ({
      name: member.fullName ?? member.email,
      email: member.email,
      userId: member.userId,
      stage: STAGE_WORDS[member.stage],
      stageKey: member.stage,
      progress: member.progress,
      showProgress: member.stage !== 'invited',
    })),
    upload: { values: {}, fields: {} },
    ...extra,
  };
}

function reportModel(report: UploadReport): Model {
  return {
    rows: report.rows.map((row) => ({
      ...row,
      result: OUTCOME_WORDS[row.outcome],
      problem: row.outcome === 'error',
    })),
    summary: (Object.keys(OUTCOME_WORDS) as RowOutcome[])
      .filter((outcome) => report.counts[outcome] > 0)
      .map((outcome) => `${OUTCOME_WORDS[outcome]}: ${report.counts[outcome]}`)
      .join(' · '),
  };
}

/**
 * Cohorts for admins: create one for a course, enrol a group from a CSV file or a pasted list
 * (each line answered by its number), and follow its members' progress.
 */
@ApiExcludeController()
@Controller('admin/cohorts')
@Roles('admin')
export class CohortsPagesController {
  constructor(
    private readonly cohorts: CohortsService,
    private readonly catalog: CatalogService,
  ) {}

  @Get()
  @Page(LIST)
  async list(@Query() query: Record<string, unknown>): Promise<Model> {
    return this.listModel(pageNumberOf(query.page));
  }

  @Post()
  @FormWithFieldErrors()
  @AfterPost()
  async create(@Body() body: unknown, @CurrentUser() admin: UserPrincipal): Promise<SeeOther> {
    const form = await parseForm(NewCohortDto, body);
    if (!form.ok) {
      throw new ShowPage(LIST, await this.listModel(1, { values: form.values, fields: form.fields }));
    }
    try {
      const cohort = await this.cohorts.create(form.value.name, form.value.courseId, admin.userId);
      return { url: `/admin/cohorts/${cohort.id}?done=created` };
    } catch (error) {
      const problem = formProblem(error);
      const fields = problem.formError ? { courseId: [problem.formError] } : problem.fields;
      throw new ShowPage(
        LIST,
        await this.listModel(1, { values: { ...form.value }, fields }),
        problem.status,
      );
    }
  }

  @Get(':id')
  @Page(DETAIL)
  async show(@UuidParam('id') id: string, @Query() query: Record<string, unknown>): Promise<Model> {
    return detailModel(await this.cohorts.detail(id), {
      notice: query.done === 'created' ? 'Cohort created. Add its members below.' : undefined,
    });
  }

  /** A list sent: the page again, with what became of each line. */
  @Post(':id/members')
  @UseInterceptors(MemberListUpload, MultipartFieldsRule)
  @UseFilters(MemberListUploadFilter)
  @HttpCode(HttpStatus.OK)
  @Page(DETAIL)
  async addMembers(
    @UuidParam('id') id: string,
    @Body() body: Record<string, unknown> | undefined,
    @UploadedFile() file: UploadedMultipartFile | undefined,
    @CurrentUser() admin: UserPrincipal,
  ): Promise<Model> {
    const pasted = typeof body?.list === 'string' ? body.list : '';
    const chosen = file?.buffer && (file.buffer.length > 0 || file.originalname) ? file.buffer : null;
    const fromFile = chosen ? uploadedText(chosen) : null;
    const problem = (fields: Record<string, string[]>, status = 400): Promise<never> =>
      this.cohorts.detail(id).then((detail) => {
        throw new ShowPage(
          DETAIL,
          detailModel(detail, { upload: { values: { list: pasted }, fields } }),
          status,
        );
      });
    if (chosen && fromFile === null) {
      return problem({ file: ['This file is not text: save the spreadsheet as CSV and upload that.'] });
    }
    const text = fromFile ?? pasted;
    if (text.trim() === '') {
      return problem({
        list: [
          'Choose a CSV file or paste the list: one e-mail address a line, with the name after it if you like.',
        ],
      });
    }
    try {
      const report = await this.cohorts.addMembers(id, text, admin.userId);
      return detailModel(await this.cohorts.detail(id), {
        report: reportModel(report),
        notice: 'The list was read: what became of each line is below.',
      });
    } catch (error) {
      const found = formProblem(error);
      const message = found.formError ?? Object.values(found.fields).flat().join(' ');
      return problem({ [chosen ? 'file' : 'list']: [message] }, found.status);
    }
  }

  private async listModel(page: number, form: Model = { values: {}, fields: {} }): Promise<Model> {
    const [cohorts, courses] = [
      await this.cohorts.list({ limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
      await this.catalog.list({ limit: 100, offset: 0 }),
    ];
    const titles = new Map(courses.rows.map((course) => [course.courseId, course.content.title]));
    const chosen = (form.values as Record<string, unknown> | undefined)?.courseId;
    return {
      title: 'Cohorts',
      cohorts: cohorts.items.map((cohort) => ({
        id: cohort.id,
        name: cohort.name,
        course: titles.get(cohort.courseId) ?? 'A course no longer published',
        members: cohort.memberCount,
        createdAt: cohort.createdAt,
      })),
      courses: courses.rows.map((course) => ({
        id: course.courseId,
        title: course.content.title,
        selected: course.courseId === chosen,
      })),
      pagination:
        cohorts.total > PAGE_SIZE
          ? pagination(page, cohorts.total, PAGE_SIZE, pageLinks('/admin/cohorts'))
          : null,
      ...form,
    };
  }
}
