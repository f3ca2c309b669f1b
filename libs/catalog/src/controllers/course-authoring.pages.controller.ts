import { Body, Controller, Get, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  AfterPost,
  APP_CONFIG,
  dateWithZone,
  DomainError,
  FieldValidationException,
  formProblem,
  FormWithFieldErrors,
  Page,
  pageLinks,
  pageNumberOf,
  pagination,
  parseForm,
  Roles,
  sendDownload,
  ShowPage,
  UuidParam,
} from '@academy/core';
import type { AppConfig, SeeOther } from '@academy/core';
import { CREDIT_TYPES } from '../content/course-content';
import { CoursesService } from '../courses/courses.service';
import { CreateCourseDto, RevisionDto } from '../dto/authoring.dto';
import {
  CourseDetailsFormDto,
  CreditJustificationFormDto,
  linesOf,
  listOf,
  MocFormDto,
} from '../dto/authoring-forms.dto';
import {
  DraftAt,
  DraftPages,
  DraftPlace,
  Form,
  mocFormField,
  mocFromForm,
  mocSectionModel,
  PAGE_SIZE,
  problemsOf,
  VIEWS,
} from './authoring-pages';

/** Authoring a course as a whole: the list, a new or imported course, its details and people, publishing, history and exports. */
@ApiExcludeController()
@Controller('admin/courses')
@Roles('admin')
export class CourseAuthoringPagesController {
  constructor(
    private readonly pages: DraftPages,
    private readonly courses: CoursesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Page(`${VIEWS}/courses.hbs`)
  async list(@Query('page') page: unknown): Promise<Form> {
    return this.listModel({}, page);
  }

  private async listModel(extra: Form = {}, rawPage: unknown = 1): Promise<Form> {
    const pageNumber = pageNumberOf(rawPage);
    const page = await this.courses.overview({ limit: PAGE_SIZE, offset: (pageNumber - 1) * PAGE_SIZE });
    return {
      title: 'Courses',
      courses: page.rows,
      total: page.total,
      pagination: pagination(pageNumber, page.total, PAGE_SIZE, pageLinks('/admin/courses')),
      values: {},
      fields: {},
      ...extra,
    };
  }

  @Post()
  @FormWithFieldErrors()
  @AfterPost()
  async create(@Body() body: Form): Promise<SeeOther> {
    const form = await parseForm(CreateCourseDto, body);
    if (!form.ok) {
      throw new ShowPage(`${VIEWS}/courses.hbs`, await this.listModel({ values: body, fields: form.fields }));
    }
    try {
      const { course } = await this.courses.createCourse(form.value.slug, form.value.title);
      return { url: `/admin/courses/${course.id}` };
    } catch (error) {
      const fields = error instanceof DomainError && error.field ? { [error.field]: [error.message] } : {};
      const model = await this.listModel({
        values: body,
        fields,
        formError: fields.slug ? undefined : problemsOf(error).join(' '),
      });
      throw new ShowPage(`${VIEWS}/courses.hbs`, model, 409);
    }
  }

  @Get(':id')
  @Page(`${VIEWS}/draft.hbs`)
  async draft(@UuidParam('id') id: string, @Query('notice') notice: unknown): Promise<Form> {
    return this.pages.draftModel(id, {
      notice:
        notice === 'imported' ? 'Course imported as a draft.' : notice === 'saved' ? 'Saved.' : undefined,
    });
  }

  @Post(':id/start-draft')
  @AfterPost()
  async startDraft(@DraftAt() at: DraftPlace): Promise<SeeOther> {
    await this.courses.startDraft(at.courseId);
    return { url: `/admin/courses/${at.courseId}` };
  }

  @Post(':id/details')
  @AfterPost()
  async details(@DraftAt() at: DraftPlace, @Body() body: Form): Promise<SeeOther> {
    const form = await this.pages.parse(CourseDetailsFormDto, body, at);
    return this.pages.change(at, form.revision, `/admin/courses/${at.courseId}?notice=saved`, (content) => {
      content.title = form.title ?? '';
      content.summary = form.summary ?? '';
      content.topics = listOf(form.topics);
      content.targetAudience = form.targetAudience ?? '';
      const objectives = linesOf(form.objectives);
      if (objectives.length > 0) {
        content.objectives = objectives;
      } else {
        delete content.objectives;
      }
      content.accreditationStatement = form.accreditationStatement ?? '';
      content.activityFormat = form.activityFormat;
      content.releaseDate = form.releaseDate;
      content.expiryDate = form.expiryDate;
      content.passingScore = form.passingScore;
      content.skillsLabRequired = form.skillsLabRequired === 'on';
      content.moduleGating = form.moduleGating === 'on';
      const amounts = [form.credit0, form.credit1, form.credit2, form.credit3, form.credit4];
      content.credits = CREDIT_TYPES.flatMap((type, index) => {
        const max = amounts[index];
        return max === undefined ? [] : [{ type, max }];
      });
    });
  }

  /**
   * The draft's MOC points per board and state licensure topics. Refusals (points above the AMA
   * credit, a type the board lacks) show next to their inputs, with what was typed.
   */
  @Post(':id/moc')
  @FormWithFieldErrors()
  @AfterPost()
  async moc(@DraftAt() at: DraftPlace, @Body() body: Form): Promise<SeeOther> {
    const form = await this.pages.parse(MocFormDto, body, at);
    const typed = mocFromForm(form);
    try {
      await this.courses.editDraft(at.courseId, form.revision, (content) => {
        content.moc = typed.moc;
        content.licensureTopics = typed.licensureTopics;
      });
      return { url: `/admin/courses/${at.courseId}?notice=saved#moc` };
    } catch (error) {
      const problem = formProblem(error);
      const fields: Record<string, string[]> = {};
      const elsewhere: string[] = problem.formError ? [problem.formError] : [];
      for (const [field, messages] of Object.entries(problem.fields)) {
        const input = mocFormField(field, typed.boardAt, typed.topicRowAt);
        if (input) {
          (fields[input] ??= []).push(...messages);
        } else {
          elsewhere.push(...messages.map((message) => `${field}: ${message}`));
        }
      }
      const draft = await this.courses.getDraft(at.courseId);
      const model = await this.pages.draftModel(at.courseId, {
        problems: elsewhere.length > 0 ? elsewhere : ['See the MOC and licensure section below.'],
        moc: mocSectionModel(draft.content, this.courses.reportedBoards, { ...typed.state, fields }),
      });
      throw new ShowPage(`${VIEWS}/draft.hbs`, model, problem.status);
    }
  }

  @Get(':id/checklist')
  @Page(`${VIEWS}/checklist.hbs`)
  async checklist(@UuidParam('id') id: string, @Query('notice') notice: unknown): Promise<Form> {
    return this.pages.checklistModel(id, {
      notice: notice === 'justified' ? 'Credit justification saved.' : undefined,
    });
  }

  /** The draft's written reason for designating more credit than the content estimate supports. */
  @Post(':id/credit-justification')
  @AfterPost()
  async creditJustification(@DraftAt() at: DraftPlace, @Body() body: Form): Promise<SeeOther> {
    const form = await this.pages.parse(CreditJustificationFormDto, body, at);
    return this.pages.change(
      at,
      form.revision,
      `/admin/courses/${at.courseId}/checklist?notice=justified`,
      (content) => {
        const written = form.creditJustification?.trim() ?? '';
        if (written === '') {
          delete content.creditJustification;
        } else {
          content.creditJustification = written;
        }
      },
    );
  }

  @Post(':id/publish')
  @AfterPost()
  async publish(@DraftAt() at: DraftPlace, @Body() body: Form): Promise<SeeOther> {
    const { revision } = await this.pages.parse(RevisionDto, body, at);
    try {
      const published = await this.courses.publish(at.courseId, revision);
      return {
        url: `/admin/courses/${at.courseId}/history?${published.status === 'scheduled' ? 'scheduled' : 'published'}=${published.number}`,
      };
    } catch (error) {
      const model = await this.pages.checklistModel(at.courseId, { problems: problemsOf(error) });
      throw new ShowPage(`${VIEWS}/checklist.hbs`, model, 409);
    }
  }

  @Get(':id/history')
  @Page(`${VIEWS}/history.hbs`)
  async history(
    @UuidParam('id') id: string,
    @Query('from') from: unknown,
    @Query('to') to: unknown,
    @Query('published') published: unknown,
    @Query('scheduled') scheduled: unknown,
  ): Promise<Form> {
    const course = await this.courses.getCourse(id);
    const versions = await this.courses.history(id);
    const [fromNumber, toNumber] = [Number(from), Number(to)];
    const compare =
      Number.isInteger(fromNumber) && Number.isInteger(toNumber) && fromNumber > 0 && toNumber > 0;
    return {
      title: 'Version history',
      course,
      versions: versions.map((version) => ({
        ...version,
        opensOn:
          version.status === 'scheduled' && version.opensAt
            ? dateWithZone(version.opensAt, this.config.academyTimeZone)
            : null,
        isFrom: version.number === fromNumber,
        isTo: version.number === toNumber,
      })),
      notice: published
        ? `Version ${Number(published)} is published.`
        : scheduled
          ? await this.scheduledNotice(id)
          : undefined,
      comparison: compare
        ? {
            from: fromNumber,
            to: toNumber,
            changes: await this.courses.diff(id, fromNumber, toNumber),
            questionChanges: (await this.courses.questionChanges(id, fromNumber, toNumber)).map((change) => ({
              ...change,
              beforeLabel: change.change === 'replaced' ? 'Replaces:' : 'Was:',
            })),
          }
        : null,
    };
  }

  @Get(':id/versions/:number/export')
  async export(
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @Param('number') number: string,
  ): Promise<void> {
    const version = /^[1-9]\d{0,8}$/.test(number) ? Number(number) : undefined;
    if (version === undefined) {
      throw new FieldValidationException({ number: ['number must be a version number, such as 3'] });
    }
    const document = await this.courses.exportVersion(id, version);
    await sendDownload(reply, {
      type: 'application/json; charset=utf-8',
      fileName: exportFileName(document.slug, version),
      body: JSON.stringify(document, null, 2),
    });
  }

  /** What publishing a version with a release date still ahead did, in words. */
  private async scheduledNotice(courseId: string): Promise<string | undefined> {
    const waiting = await this.courses.scheduled(courseId);
    return waiting
      ? `Version ${waiting.number} is scheduled: it opens to new enrolments on ${dateWithZone(waiting.opensAt, this.config.academyTimeZone)}, its release date. Until then new enrolments join the current version.`
      : undefined;
  }
}

/** "bone-marrow-harvesting-version-3.json": which course and which version, at a glance in a downloads folder. */
export function exportFileName(slug: string, version: number): string {
  return `${slug}-version-${version}.json`;
}
