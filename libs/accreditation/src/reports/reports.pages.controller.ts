import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  FieldValidationException,
  FormWithFieldErrors,
  parseForm,
  renderPage,
  Roles,
  UuidParam,
} from '@academy/core';
import { UsersService } from '@academy/identity';
import { AccreditationError, AccreditationErrorCode } from '../accreditation-error';
import { AccmeActivitiesService } from './accme-activities.service';
import { RecordAccmeActivityDto, ReportQueryDto } from './dto/report.dto';
import { sendCsv } from './reports.controller';
import { CsvFile, ReportQuery, ReportsService } from './reports.service';
import type { CreditTotal } from './report.types';

const VIEWS = 'libs/accreditation/views';

type Model = Record<string, unknown>;
type ReportName = 'activity' | 'evaluations' | 'learning-gain' | 'accme';

const REPORTS: { name: ReportName; path: string; label: string }[] = [
  { name: 'activity', path: '/admin/reports', label: 'Activity' },
  { name: 'evaluations', path: '/admin/reports/evaluations', label: 'Evaluations' },
  { name: 'learning-gain', path: '/admin/reports/learning-gain', label: 'Learning gain' },
  { name: 'accme', path: '/admin/reports/accme', label: 'ACCME export' },
];

const SEARCH_MAX = 100;
const PAGE_SIZE = 20;
const LEARNER_PREVIEW = 25;
const PAGE_HIDDEN_COLUMNS = new Set([
  'Activity Description',
  'City',
  'State',
  'Country',
  'Certifying Board',
  'Certifying Board ID',
  'Total Board Credits',
  'Credit Type',
  'Credits Awarded for Credit Type',
]);
const ACCME_ID_COLUMN = 'ACCME Activity ID';
const ACCME_ID_RECORDED = 'ACCME Activity ID recorded: both PARS files now carry it.';

/** A row's ACCME Activity ID form after a problem: what was typed and what is wrong with it. */
interface AccmeIdFormState {
  courseVersionId: string;
  value: string;
  errors: string[];
}

/** "accmeActivityId 123456 is already…" next to its field reads "123456 is already…". */
function forTheField(message: string): string {
  const text = message.startsWith('accmeActivityId ') ? message.slice('accmeActivityId '.length) : message;
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

/** The page's columns of a PARS file: those a person reads; the file has them all. */
function shownColumns(columns: readonly string[]): { column: string; index: number }[] {
  return columns
    .map((column, index) => ({ column, index }))
    .filter(({ column }) => !PAGE_HIDDEN_COLUMNS.has(column));
}

/** Only the filters a report takes, as strings, for links that keep them. */
function filterValues(query: unknown): Record<string, string> {
  const raw = (query ?? {}) as Record<string, unknown>;
  const values: Record<string, string> = {};
  for (const key of ['courseId', 'version', 'from', 'to']) {
    const value = raw[key];
    if (typeof value === 'string' && value !== '') {
      values[key] = value.slice(0, 100);
    }
  }
  return values;
}

function withQuery(path: string, values: Record<string, string>): string {
  const search = new URLSearchParams(values).toString();
  return search ? `${path}?${search}` : path;
}

const amount = (value: number): string => String(Math.round(value * 100) / 100);
const creditsInWords = (credits: CreditTotal[]): string =>
  credits.length > 0 ? credits.map((credit) => `${amount(credit.amount)} ${credit.type}`).join(', ') : '–';
const orDash = (value: number | null, suffix = ''): string => (value === null ? '–' : `${value}${suffix}`);
const percent = (share: number): string => `${Math.round(share * 100)}%`;

function dayInWords(date: Date): string {
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(date);
}

/** Admins read the reports, filter them by course, version and period, and download each as CSV. */
@ApiExcludeController()
@Controller('admin/reports')
@Roles('admin')
export class ReportsPagesController {
  constructor(
    private readonly reports: ReportsService,
    private readonly accmeIds: AccmeActivitiesService,
    private readonly users: UsersService,
  ) {}

  @Get()
  async activity(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query() query: unknown,
  ): Promise<void> {
    await this.page(request, reply, 'activity', query, async (filters) => {
      const report = await this.reports.activity(filters);
      const line = (counts: (typeof report)['total']) => ({
        ...counts,
        credits: creditsInWords(counts.credits),
        median: orDash(counts.medianDaysToComplete, ' days'),
      });
      return {
        activity: {
          rows: report.rows.map((row) => ({
            ...line(row),
            courseTitle: row.courseTitle,
            version: row.version,
          })),
          total: line(report.total),
        },
      };
    });
  }

  @Get('evaluations')
  async evaluations(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query() query: unknown,
  ): Promise<void> {
    await this.page(request, reply, 'evaluations', query, async (filters) => {
      const report = await this.reports.evaluations(filters, PAGE_SIZE);
      return {
        evaluations: {
          count: report.evaluations,
          likert: report.likert.map((question) => ({
            ...question,
            mean: orDash(question.mean),
            points: question.distribution.map((point) => ({ ...point, share: percent(point.share) })),
          })),
          freeText: report.freeText.map((question) => ({
            ...question,
            more: question.responses > question.answers.length,
            answers: question.answers.map((answer) => ({
              ...answer,
              submitted: dayInWords(answer.submittedAt),
            })),
          })),
        },
      };
    });
  }

  @Get('learning-gain')
  async learningGain(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query() query: unknown,
  ): Promise<void> {
    await this.page(request, reply, 'learning-gain', query, async (filters) => {
      const report = await this.reports.learningGain(filters);
      const line = (counts: (typeof report)['total']) => ({
        learners: counts.learners,
        meanPretest: orDash(counts.meanPretest, '%'),
        meanFinal: orDash(counts.meanFinal, '%'),
        meanGain: orDash(counts.meanGain),
        medianGain: orDash(counts.medianGain),
        improved:
          counts.learners > 0 ? `${counts.improved} (${percent(counts.improved / counts.learners)})` : '–',
        meanNormalisedGain: orDash(counts.meanNormalisedGain),
      });
      return {
        learningGain: {
          rows: report.rows.map((row) => ({
            ...line(row),
            courseTitle: row.courseTitle,
            version: row.version,
          })),
          total: line(report.total),
        },
      };
    });
  }

  @Get('accme')
  async accme(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query() query: unknown,
  ): Promise<void> {
    const done = (query as Record<string, unknown> | undefined)?.done;
    await this.page(request, reply, 'accme', query, (filters) => this.accmeModel(filters), {
      notice: done === 'accme_id_recorded' ? ACCME_ID_RECORDED : undefined,
    });
  }

  /** Records an activity's ACCME Activity ID from its row, back to the page with the same filters. */
  @Post('accme/activities/:courseVersionId')
  @FormWithFieldErrors()
  async recordAccmeActivity(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('courseVersionId') courseVersionId: string,
    @Query() query: unknown,
    @Body() body: unknown,
  ): Promise<void> {
    const form = await parseForm(RecordAccmeActivityDto, body);
    let errors = form.ok ? [] : Object.values(form.fields).flat();
    if (form.ok) {
      try {
        await this.accmeIds.record(courseVersionId, form.value.accmeActivityId);
        const back = withQuery('/admin/reports/accme', { ...filterValues(query), done: 'accme_id_recorded' });
        return reply.redirect(back, 303);
      } catch (error) {
        if (
          !(error instanceof AccreditationError) ||
          error.code !== AccreditationErrorCode.ACCME_ACTIVITY_ID_TAKEN
        ) {
          throw error;
        }
        errors = [forTheField(error.message)];
      }
    }
    const typed = form.ok ? form.value.accmeActivityId : form.values.accmeActivityId;
    const state: AccmeIdFormState = {
      courseVersionId,
      value: typeof typed === 'string' ? typed.slice(0, 100) : '',
      errors,
    };
    await this.page(request, reply, 'accme', query, (filters) => this.accmeModel(filters, state), {
      status: 400,
      formError: 'The ACCME Activity ID was not recorded: see the problem marked below.',
    });
  }

  @Get('activity/csv')
  async activityCsv(@Res() reply: FastifyReply, @Query() query: unknown): Promise<void> {
    await sendCsv(reply, await this.reports.activityCsv(await this.filters(query)));
  }

  @Get('evaluations/csv')
  async evaluationsCsv(@Res() reply: FastifyReply, @Query() query: unknown): Promise<void> {
    await sendCsv(reply, await this.reports.evaluationsCsv(await this.filters(query)));
  }

  @Get('learning-gain/csv')
  async learningGainCsv(@Res() reply: FastifyReply, @Query() query: unknown): Promise<void> {
    await sendCsv(reply, await this.reports.learningGainCsv(await this.filters(query)));
  }

  @Get('accme/activities/csv')
  async accmeActivitiesCsv(@Res() reply: FastifyReply, @Query() query: unknown): Promise<void> {
    await sendCsv(reply, await this.reports.accmeActivitiesCsv(await this.filters(query)));
  }

  @Get('accme/learners/csv')
  async accmeLearnersCsv(@Res() reply: FastifyReply, @Query() query: unknown): Promise<void> {
    await sendCsv(reply, await this.reports.accmeLearnersCsv(await this.filters(query)));
  }

  /** Finding the learner whose transcript to read. */
  @Get('transcripts')
  async transcripts(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query('q') rawQ: unknown,
  ): Promise<void> {
    const typed = typeof rawQ === 'string' ? rawQ.trim() : '';
    const tooLong = typed.length > SEARCH_MAX;
    const q = tooLong ? '' : typed;
    const found = q ? await this.users.list({ q, limit: PAGE_SIZE, offset: 0 }) : { items: [], total: 0 };
    await renderPage(
      request,
      reply,
      `${VIEWS}/report-transcripts.hbs`,
      {
        title: 'Learner transcripts',
        nav: this.nav(null, {}),
        q: typed.slice(0, SEARCH_MAX),
        searched: q !== '',
        fields: tooLong ? { q: [`Search with at most ${SEARCH_MAX} characters.`] } : {},
        total: found.total,
        more: found.total > found.items.length,
        learners: found.items.map((user) => ({
          fullName: user.fullName,
          email: user.email,
          degree: user.degree,
          href: `/admin/reports/transcripts/${user.id}`,
        })),
      },
      tooLong ? 400 : 200,
    );
  }

  @Get('transcripts/:userId')
  async transcript(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('userId') userId: string,
    @Query() query: unknown,
  ): Promise<void> {
    const form = await parseForm(ReportQueryDto, filterValues(query));
    const values = filterValues(query);
    const base = `/admin/reports/transcripts/${userId}`;
    const model: Model = {
      title: 'Learner transcript',
      nav: this.nav(null, {}),
      action: base,
      values,
      fields: form.ok ? {} : form.fields,
      formError: form.ok ? undefined : 'Please correct the filters marked below.',
      courses: await this.courses(values),
    };
    if (form.ok) {
      const transcript = await this.reports.transcript(userId, form.value);
      Object.assign(model, {
        title: `Transcript: ${transcript.learner.fullName}`,
        learner: transcript.learner,
        csv: withQuery(`${base}/csv`, values),
        items: transcript.items.map((item) => ({
          ...item,
          issued: dayInWords(item.issuedAt),
          expires: item.expiresAt ? dayInWords(item.expiresAt) : '–',
          credits: creditsInWords(item.credits),
          href: `/admin/certificates/${item.number}`,
        })),
        totals: creditsInWords(transcript.totals),
      });
    }
    await renderPage(request, reply, `${VIEWS}/report-transcript.hbs`, model, form.ok ? 200 : 400);
  }

  @Get('transcripts/:userId/csv')
  async transcriptCsv(
    @Res() reply: FastifyReply,
    @UuidParam('userId') userId: string,
    @Query() query: unknown,
  ): Promise<void> {
    const file: CsvFile = await this.reports.transcriptCsv(userId, await this.filters(query));
    await sendCsv(reply, file);
  }

  /** The filters of a CSV download; bad ones answer 400 naming the field, as the API does. */
  private async filters(query: unknown): Promise<ReportQuery> {
    const form = await parseForm(ReportQueryDto, filterValues(query));
    if (!form.ok) {
      throw new FieldValidationException(form.fields);
    }
    return form.value;
  }

  /**
   * The ACCME section: the activity file with a form per row to record its ACCME Activity ID,
   * a preview of the learner file, and how many completions still lack an activity id.
   */
  private async accmeModel(filters: ReportQuery, failed?: AccmeIdFormState): Promise<Model> {
    const [activities, learners] = await Promise.all([
      this.reports.accmeActivities(filters),
      this.reports.accmeLearners(filters),
    ]);
    const activityColumns = shownColumns(activities.columns);
    const learnerColumns = shownColumns(learners.columns);
    const cell = (row: string[], name: string) => row[activities.columns.indexOf(name)]!;
    // Each row's form carries the filters, to come back to the same page.
    const back = filterValues({ ...filters, version: filters.version?.toString() });
    return {
      accme: {
        activities: {
          columns: activityColumns.map(({ column: name }) => name),
          missing: activities.missingActivityIds,
          total: activities.rows.length,
          rows: activities.rows.map((row, rowIndex) => {
            const courseVersionId = activities.courseVersionIds[rowIndex]!;
            const own = failed?.courseVersionId === courseVersionId ? failed : undefined;
            const activity = `${cell(row, 'Activity Title')} (${cell(row, 'Provider Activity ID')})`;
            return activityColumns.map(({ column: name, index }) =>
              name === ACCME_ID_COLUMN
                ? {
                    form: {
                      id: `accme-id-${courseVersionId}`,
                      action: withQuery(`/admin/reports/accme/activities/${courseVersionId}`, back),
                      activity,
                      value: own ? own.value : row[index],
                      errors: own?.errors ?? [],
                    },
                  }
                : { text: row[index] },
            );
          }),
        },
        learners: {
          columns: learnerColumns.map(({ column: name }) => name),
          rows: learners.rows
            .slice(0, LEARNER_PREVIEW)
            .map((row) => learnerColumns.map(({ index }) => row[index])),
          total: learners.rows.length,
          more: learners.rows.length > LEARNER_PREVIEW,
          missing: learners.missingActivityIds,
        },
      },
    };
  }

  private nav(current: ReportName | null, values: Record<string, string>) {
    return [
      ...REPORTS.map((report) => ({
        label: report.label,
        href: withQuery(report.path, values),
        current: report.name === current,
      })),
      { label: 'Learner transcripts', href: '/admin/reports/transcripts', current: current === null },
    ];
  }

  private async courses(values: Record<string, string>) {
    return (await this.reports.courseChoices()).map((course) => ({
      ...course,
      versions: course.versions.join(', '),
      selected: course.id === values.courseId,
    }));
  }

  /** A report page: the filter form, the report when the filters are valid, and its CSV links. */
  private async page(
    request: FastifyRequest,
    reply: FastifyReply,
    name: ReportName,
    query: unknown,
    build: (filters: ReportQuery) => Promise<Model>,
    options: { status?: number; notice?: string; formError?: string } = {},
  ): Promise<void> {
    const values = filterValues(query);
    const form = await parseForm(ReportQueryDto, values);
    const report = REPORTS.find((candidate) => candidate.name === name)!;
    const csvLinks =
      name === 'accme'
        ? [
            {
              label: 'PARS activity file (CSV)',
              href: withQuery('/admin/reports/accme/activities/csv', values),
            },
            {
              label: 'PARS learner file (CSV)',
              href: withQuery('/admin/reports/accme/learners/csv', values),
            },
          ]
        : [{ label: `${report.label} (CSV)`, href: withQuery(`/admin/reports/${name}/csv`, values) }];
    const model: Model = {
      title: name === 'accme' ? 'ACCME export' : `Reports: ${report.label.toLowerCase()}`,
      heading: name === 'accme' ? 'ACCME (PARS) batch export' : `${report.label} report`,
      nav: this.nav(name, values),
      action: report.path,
      values,
      fields: form.ok ? {} : form.fields,
      formError: form.ok ? options.formError : 'Please correct the filters marked below.',
      notice: options.notice,
      courses: await this.courses(values),
      csvLinks: form.ok ? csvLinks : [],
      ...(form.ok ? await build(form.value) : {}),
    };
    await renderPage(request, reply, `${VIEWS}/reports.hbs`, model, form.ok ? (options.status ?? 200) : 400);
  }
}
