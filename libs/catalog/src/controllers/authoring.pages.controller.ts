import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Render,
  Req,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import type { UploadedMultipartFile } from '@nestjs/platform-fastify/multipart';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import {
  DomainError,
  FieldValidationException,
  formProblem,
  FormWithFieldErrors,
  parseForm,
  renderPage,
  Roles,
  sendDownload,
  UuidParam,
} from '@academy/core';
import { CREDIT_TYPES, EVIDENCE_LEVELS, MODULE_KINDS, PERSON_ROLES } from '../content/course-content';
import type { CourseContent, CourseModule } from '../content/course-content.types';
import type {
  EvidenceLevel,
  ModuleKind,
  PersonRole,
  QuizSettingsDto,
  ReviewPolicy,
} from '../content/course-content';
import { parseCourseDocument } from '../content/course-document';
import { renderMarkdown } from '../content/markdown';
import { unmetPublishRules } from '../content/publish-rules';
import { CoursesService } from '../courses/courses.service';
import { CreateCourseDto } from '../dto/authoring.dto';
import { MediaService } from '../media/media.service';
import { ImageUpload } from './media.controller';

const VIEWS = 'libs/catalog/views/authoring';

// What a new module's quiz form starts with.
const DEFAULT_QUIZ: QuizSettingsDto = {
  questionCount: 8,
  attemptsLimit: 3,
  retryDelayMinutes: 60,
  reviewPolicy: 'score_and_wrong',
  partialCredit: false,
};
const REVIEW_POLICY_LABELS: [ReviewPolicy, string][] = [
  ['score_only', 'The score only'],
  ['score_and_wrong', 'The score and which answers were wrong'],
  ['full', 'A full review with the right answers and explanations'],
];
const PAGE_SIZE = 25;

type Form = Record<string, unknown>;

const text = (form: Form, name: string): string => (typeof form[name] === 'string' ? form[name].trim() : '');
const lines = (value: string): string[] =>
  value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
const optional = (value: string): string | undefined => (value === '' ? undefined : value);

/** Moves the item with `id` one place up or down. */
function move<T extends { id: string }>(items: T[], id: string, direction: unknown): void {
  const index = items.findIndex((item) => item.id === id);
  const target = direction === 'up' ? index - 1 : index + 1;
  if (index < 0 || target < 0 || target >= items.length) {
    return;
  }
  const [item] = items.splice(index, 1);
  items.splice(target, 0, item!);
}

function findModule(content: CourseContent, moduleId: string): CourseModule {
  const module = content.modules.find((candidate) => candidate.id === moduleId);
  if (!module) {
    throw new FieldValidationException({ moduleId: ['moduleId is not a module of this draft'] });
  }
  return module;
}

/** What went wrong with a form, as messages an author can act on. */
function problemsOf(error: unknown): string[] {
  const problem = formProblem(error);
  // A field's own rule names its field; a service's refusal reads as a sentence.
  return error instanceof FieldValidationException
    ? Object.entries(problem.fields).flatMap(([field, messages]) =>
        messages.map((message) => `${field}: ${message}`),
      )
    : [problem.message];
}

/**
 * The authoring pages: every change edits the draft through `CoursesService.editDraft`, carrying
 * the revision the author saw, then returns to the page it came from.
 */
@ApiExcludeController()
@Controller('admin/courses')
@Roles('admin')
export class AuthoringPagesController {
  constructor(
    private readonly courses: CoursesService,
    private readonly media: MediaService,
  ) {}

  @Get()
  @Render(`${VIEWS}/courses.hbs`)
  async list(@Query('page') page: unknown): Promise<Form> {
    return this.listModel({}, page);
  }

  private async listModel(extra: Form = {}, rawPage: unknown = 1): Promise<Form> {
    const pageNumber = Math.max(1, Math.min(10_000, Number(rawPage) || 1));
    const page = await this.courses.overview({ limit: PAGE_SIZE, offset: (pageNumber - 1) * PAGE_SIZE });
    const pages = Math.max(1, Math.ceil(page.total / PAGE_SIZE));
    return {
      title: 'Courses',
      courses: page.rows,
      total: page.total,
      pagination: {
        page: pageNumber,
        pages,
        previous: pageNumber > 1 ? `/admin/courses?page=${pageNumber - 1}` : null,
        next: pageNumber < pages ? `/admin/courses?page=${pageNumber + 1}` : null,
      },
      values: {},
      fields: {},
      ...extra,
    };
  }

  @Post()
  @FormWithFieldErrors()
  async create(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Body() body: Form,
  ): Promise<void> {
    const form = await parseForm(CreateCourseDto, body);
    if (form.ok) {
      try {
        const { course } = await this.courses.createCourse(form.value.slug, form.value.title);
        return reply.redirect(`/admin/courses/${course.id}`, 303);
      } catch (error) {
        const fields = error instanceof DomainError && error.field ? { [error.field]: [error.message] } : {};
        return renderPage(
          request,
          reply,
          `${VIEWS}/courses.hbs`,
          await this.listModel({
            values: body,
            fields,
            formError: fields.slug ? undefined : problemsOf(error).join(' '),
          }),
          409,
        );
      }
    }
    return renderPage(
      request,
      reply,
      `${VIEWS}/courses.hbs`,
      await this.listModel({ values: body, fields: form.fields }),
      400,
    );
  }

  @Post('import')
  async import(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Body() body: Form,
  ): Promise<void> {
    try {
      const document = await parseCourseDocument(JSON.parse(text(body, 'document')) as unknown);
      const { course } = await this.courses.importDocument(document);
      return reply.redirect(`/admin/courses/${course.id}?notice=imported`, 303);
    } catch (error) {
      const problems = error instanceof SyntaxError ? ['The document is not valid JSON.'] : problemsOf(error);
      return renderPage(
        request,
        reply,
        `${VIEWS}/courses.hbs`,
        await this.listModel({ importProblems: problems, importText: text(body, 'document') }),
        400,
      );
    }
  }

  @Get(':id')
  @Render(`${VIEWS}/draft.hbs`)
  async draft(@UuidParam('id') id: string, @Query('notice') notice: unknown): Promise<Form> {
    return this.draftModel(id, {
      notice:
        notice === 'imported' ? 'Course imported as a draft.' : notice === 'saved' ? 'Saved.' : undefined,
    });
  }

  private async draftModel(courseId: string, extra: Form = {}): Promise<Form> {
    const course = await this.courses.getCourse(courseId);
    const history = await this.courses.history(courseId);
    const draftSummary = history.find((version) => version.status === 'draft');
    if (!draftSummary) {
      return { title: `Course ${course.slug}`, course, history, draft: null, ...extra };
    }
    const draft = await this.courses.getDraft(courseId);
    const content = draft.content;
    return {
      title: `Edit ${content.title}`,
      course,
      history,
      draft,
      content,
      unmetCount: unmetPublishRules(content, new Date()).length,
      topics: content.topics.join(', '),
      gatingOff: content.moduleGating === false,
      credits: CREDIT_TYPES.map((type) => ({
        type,
        max: content.credits.find((credit) => credit.type === type)?.max ?? '',
      })),
      modules: content.modules.map((module, index) => ({
        ...module,
        number: index + 1,
        first: index === 0,
        last: index === content.modules.length - 1,
      })),
      moduleKinds: MODULE_KINDS,
      personRoles: PERSON_ROLES,
      ...extra,
    };
  }

  /** Applies one change to the draft and returns to `back`, or shows the problems on the draft page. */
  private async change(
    request: FastifyRequest,
    reply: FastifyReply,
    courseId: string,
    body: Form,
    back: string,
    apply: (content: CourseContent) => void,
  ): Promise<void> {
    try {
      await this.courses.editDraft(courseId, Number(body.revision), apply);
      return reply.redirect(back, 303);
    } catch (error) {
      const problems = problemsOf(error);
      return renderPage(
        request,
        reply,
        `${VIEWS}/draft.hbs`,
        await this.draftModel(courseId, { problems }),
        400,
      );
    }
  }

  @Post(':id/start-draft')
  async startDraft(@Res() reply: FastifyReply, @UuidParam('id') id: string): Promise<void> {
    await this.courses.startDraft(id);
    return reply.redirect(`/admin/courses/${id}`, 303);
  }

  @Post(':id/details')
  async details(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @Body() body: Form,
  ): Promise<void> {
    return this.change(request, reply, id, body, `/admin/courses/${id}?notice=saved`, (content) => {
      content.title = text(body, 'title');
      content.summary = text(body, 'summary');
      content.topics = text(body, 'topics')
        .split(',')
        .map((topic) => topic.trim())
        .filter((topic) => topic !== '');
      content.targetAudience = text(body, 'targetAudience');
      content.accreditationStatement = text(body, 'accreditationStatement');
      content.designationStatement = text(body, 'designationStatement');
      content.releaseDate = optional(text(body, 'releaseDate'));
      content.expiryDate = optional(text(body, 'expiryDate'));
      content.passingScore = Number(text(body, 'passingScore'));
      content.skillsLabRequired = body.skillsLabRequired === 'on';
      content.moduleGating = body.moduleGating === 'on';
      content.credits = CREDIT_TYPES.flatMap((type, index) => {
        const max = text(body, `credit${index}`);
        return max === '' ? [] : [{ type, max: Number(max) }];
      });
    });
  }

  @Post(':id/people')
  async addPerson(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @Body() body: Form,
  ): Promise<void> {
    return this.change(request, reply, id, body, `/admin/courses/${id}#people`, (content) => {
      content.people.push({
        id: randomUUID(),
        name: text(body, 'name'),
        credentials: text(body, 'credentials'),
        role: text(body, 'role') as PersonRole,
        disclosure: {
          disclosedOn: text(body, 'disclosedOn'),
          relationships: lines(text(body, 'relationships')).map((line) => {
            const [company = '', ...nature] = line.split(':');
            return { company: company.trim(), nature: nature.join(':').trim() || 'Unspecified' };
          }),
          mitigation: optional(text(body, 'mitigation')),
        },
      });
    });
  }

  @Post(':id/people/:personId/remove')
  async removePerson(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @UuidParam('personId') personId: string,
    @Body() body: Form,
  ): Promise<void> {
    return this.change(request, reply, id, body, `/admin/courses/${id}#people`, (content) => {
      content.people = content.people.filter((person) => person.id !== personId);
    });
  }

  @Post(':id/modules')
  async addModule(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @Body() body: Form,
  ): Promise<void> {
    const moduleId = randomUUID();
    return this.change(request, reply, id, body, `/admin/courses/${id}/modules/${moduleId}`, (content) => {
      content.modules.push({
        id: moduleId,
        kind: text(body, 'kind') as ModuleKind,
        title: text(body, 'title'),
        objectives: [],
        estimatedMinutes: 30,
        newOrEvolving: false,
        references: [],
        lessons: [],
      });
    });
  }

  @Post(':id/modules/:moduleId/move')
  async moveModule(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @UuidParam('moduleId') moduleId: string,
    @Body() body: Form,
  ): Promise<void> {
    return this.change(request, reply, id, body, `/admin/courses/${id}#modules`, (content) =>
      move(content.modules, moduleId, body.direction),
    );
  }

  @Post(':id/modules/:moduleId/remove')
  async removeModule(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @UuidParam('moduleId') moduleId: string,
    @Body() body: Form,
  ): Promise<void> {
    return this.change(request, reply, id, body, `/admin/courses/${id}#modules`, (content) => {
      content.modules = content.modules.filter((module) => module.id !== moduleId);
    });
  }

  @Get(':id/modules/:moduleId')
  @Render(`${VIEWS}/module.hbs`)
  async module(@UuidParam('id') id: string, @UuidParam('moduleId') moduleId: string): Promise<Form> {
    return this.moduleModel(id, moduleId);
  }

  private async moduleModel(courseId: string, moduleId: string, extra: Form = {}): Promise<Form> {
    const draft = await this.courses.getDraft(courseId);
    const module = findModule(draft.content, moduleId);
    return {
      title: `Module: ${module.title}`,
      courseId,
      draft,
      module,
      objectives: module.objectives.join('\n'),
      references: module.references
        .map((reference) =>
          [reference.evidenceLevel, reference.citation, reference.url ?? ''].join(' | ').replace(/ \| $/, ''),
        )
        .join('\n'),
      kinds: MODULE_KINDS.map((kind) => ({ kind, selected: kind === module.kind })),
      quiz: module.quiz ?? DEFAULT_QUIZ,
      quizTags: (module.quiz?.tags ?? []).join(', '),
      reviewPolicies: REVIEW_POLICY_LABELS.map(([value, label]) => ({
        value,
        label,
        selected: value === (module.quiz ?? DEFAULT_QUIZ).reviewPolicy,
      })),
      evidenceLevels: EVIDENCE_LEVELS.join(', '),
      lessons: module.lessons.map((lesson, index) => ({
        ...lesson,
        number: index + 1,
        first: index === 0,
        last: index === module.lessons.length - 1,
      })),
      ...extra,
    };
  }

  private async moduleChange(
    request: FastifyRequest,
    reply: FastifyReply,
    courseId: string,
    moduleId: string,
    body: Form,
    back: string,
    apply: (module: CourseModule) => void,
  ): Promise<void> {
    try {
      await this.courses.editDraft(courseId, Number(body.revision), (content) =>
        apply(findModule(content, moduleId)),
      );
      return reply.redirect(back, 303);
    } catch (error) {
      const problems = problemsOf(error);
      return renderPage(
        request,
        reply,
        `${VIEWS}/module.hbs`,
        await this.moduleModel(courseId, moduleId, { problems }),
        400,
      );
    }
  }

  @Post(':id/modules/:moduleId')
  async saveModule(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @UuidParam('moduleId') moduleId: string,
    @Body() body: Form,
  ): Promise<void> {
    return this.moduleChange(
      request,
      reply,
      id,
      moduleId,
      body,
      `/admin/courses/${id}/modules/${moduleId}?saved=1`,
      (module) => {
        module.kind = text(body, 'kind') as ModuleKind;
        module.title = text(body, 'title');
        module.objectives = lines(text(body, 'objectives'));
        module.estimatedMinutes = Number(text(body, 'estimatedMinutes'));
        module.newOrEvolving = body.newOrEvolving === 'on';
        const timeLimit = text(body, 'timeLimitMinutes');
        const quizTags = text(body, 'quizTags')
          .split(',')
          .map((tag) => tag.trim())
          .filter((tag) => tag !== '');
        module.quiz = {
          questionCount: Number(text(body, 'questionCount')),
          attemptsLimit: Number(text(body, 'attemptsLimit')),
          retryDelayMinutes: Number(text(body, 'retryDelayMinutes')),
          ...(timeLimit === '' ? {} : { timeLimitMinutes: Number(timeLimit) }),
          reviewPolicy: text(body, 'reviewPolicy') as ReviewPolicy,
          partialCredit: body.partialCredit === 'on',
          ...(quizTags.length > 0 ? { tags: quizTags } : {}),
        };
        module.references = lines(text(body, 'references')).map((line) => {
          const [evidenceLevel = '', citation = '', url = ''] = line.split('|').map((part) => part.trim());
          return { evidenceLevel: evidenceLevel as EvidenceLevel, citation, ...(url ? { url } : {}) };
        });
      },
    );
  }

  @Post(':id/modules/:moduleId/lessons')
  async addLesson(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @UuidParam('moduleId') moduleId: string,
    @Body() body: Form,
  ): Promise<void> {
    const lessonId = randomUUID();
    return this.moduleChange(
      request,
      reply,
      id,
      moduleId,
      body,
      `/admin/courses/${id}/modules/${moduleId}/lessons/${lessonId}`,
      (module) => {
        module.lessons.push({ id: lessonId, title: text(body, 'title'), markdown: '' });
      },
    );
  }

  @Post(':id/modules/:moduleId/lessons/:lessonId/move')
  async moveLesson(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @UuidParam('moduleId') moduleId: string,
    @UuidParam('lessonId') lessonId: string,
    @Body() body: Form,
  ): Promise<void> {
    return this.moduleChange(
      request,
      reply,
      id,
      moduleId,
      body,
      `/admin/courses/${id}/modules/${moduleId}#lessons`,
      (module) => move(module.lessons, lessonId, body.direction),
    );
  }

  @Post(':id/modules/:moduleId/lessons/:lessonId/remove')
  async removeLesson(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @UuidParam('moduleId') moduleId: string,
    @UuidParam('lessonId') lessonId: string,
    @Body() body: Form,
  ): Promise<void> {
    return this.moduleChange(
      request,
      reply,
      id,
      moduleId,
      body,
      `/admin/courses/${id}/modules/${moduleId}#lessons`,
      (module) => {
        module.lessons = module.lessons.filter((lesson) => lesson.id !== lessonId);
      },
    );
  }

  @Get(':id/modules/:moduleId/lessons/:lessonId')
  @Render(`${VIEWS}/lesson.hbs`)
  async lesson(
    @UuidParam('id') id: string,
    @UuidParam('moduleId') moduleId: string,
    @UuidParam('lessonId') lessonId: string,
    @Query('notice') notice: unknown,
  ): Promise<Form> {
    return this.lessonModel(id, moduleId, lessonId, {
      notice:
        notice === 'image'
          ? 'Image uploaded and added at the end of the lesson. Move it where it belongs.'
          : notice === 'saved'
            ? 'Lesson saved.'
            : undefined,
    });
  }

  private async lessonModel(
    courseId: string,
    moduleId: string,
    lessonId: string,
    extra: Form = {},
  ): Promise<Form> {
    const draft = await this.courses.getDraft(courseId);
    const module = findModule(draft.content, moduleId);
    const lesson = module.lessons.find((candidate) => candidate.id === lessonId);
    if (!lesson) {
      throw new FieldValidationException({ lessonId: ['lessonId is not a lesson of this module'] });
    }
    const markdown = typeof extra.markdown === 'string' ? extra.markdown : lesson.markdown;
    return {
      title: `Lesson: ${lesson.title}`,
      courseId,
      draft,
      module,
      lesson,
      markdown,
      previewHtml: renderMarkdown(markdown),
      ...extra,
    };
  }

  @Post(':id/modules/:moduleId/lessons/:lessonId')
  async saveLesson(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @UuidParam('moduleId') moduleId: string,
    @UuidParam('lessonId') lessonId: string,
    @Body() body: Form,
  ): Promise<void> {
    if (body.action === 'preview') {
      return renderPage(
        request,
        reply,
        `${VIEWS}/lesson.hbs`,
        await this.lessonModel(id, moduleId, lessonId, { markdown: text(body, 'markdown') }),
      );
    }
    try {
      await this.courses.editDraft(id, Number(body.revision), (content) => {
        const lesson = findModule(content, moduleId).lessons.find((candidate) => candidate.id === lessonId);
        if (lesson) {
          lesson.title = text(body, 'title');
          lesson.markdown = typeof body.markdown === 'string' ? body.markdown.replace(/\r\n/g, '\n') : '';
          lesson.videoUrl = optional(text(body, 'videoUrl'));
        }
      });
      return reply.redirect(`/admin/courses/${id}/modules/${moduleId}/lessons/${lessonId}?notice=saved`, 303);
    } catch (error) {
      const problems = problemsOf(error);
      return renderPage(
        request,
        reply,
        `${VIEWS}/lesson.hbs`,
        await this.lessonModel(id, moduleId, lessonId, { problems, markdown: text(body, 'markdown') }),
        400,
      );
    }
  }

  @Post(':id/modules/:moduleId/lessons/:lessonId/image')
  @UseInterceptors(...ImageUpload)
  async uploadImage(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @UuidParam('moduleId') moduleId: string,
    @UuidParam('lessonId') lessonId: string,
    @Body() body: Form,
    @UploadedFile() file: UploadedMultipartFile | undefined,
  ): Promise<void> {
    try {
      if (!file?.buffer) {
        throw new FieldValidationException({ file: ['Choose an image to upload.'] });
      }
      const asset = await this.media.upload(file.buffer, file.originalname);
      const alt = text(body, 'alt') || file.originalname.replace(/\.[a-z]+$/i, '');
      await this.courses.editDraft(id, Number(body.revision), (content) => {
        const lesson = findModule(content, moduleId).lessons.find((candidate) => candidate.id === lessonId);
        if (lesson) {
          lesson.markdown = `${lesson.markdown.trimEnd()}\n\n![${alt.replace(/[[\]]/g, '')}](/media/${asset.id})\n`;
        }
      });
      return reply.redirect(`/admin/courses/${id}/modules/${moduleId}/lessons/${lessonId}?notice=image`, 303);
    } catch (error) {
      const problems = problemsOf(error);
      return renderPage(
        request,
        reply,
        `${VIEWS}/lesson.hbs`,
        await this.lessonModel(id, moduleId, lessonId, { problems }),
        400,
      );
    }
  }

  @Post('preview')
  @HttpCode(HttpStatus.OK)
  async preview(@Res() reply: FastifyReply, @Body() body: Form): Promise<void> {
    // The live preview of the lesson editor: the same renderer learners get.
    await reply
      .type('text/html; charset=utf-8')
      .send(renderMarkdown(typeof body.markdown === 'string' ? body.markdown : ''));
  }

  @Get(':id/checklist')
  @Render(`${VIEWS}/checklist.hbs`)
  async checklist(@UuidParam('id') id: string): Promise<Form> {
    const { draft, unmet } = await this.courses.checklist(id);
    return { title: 'Publish checklist', courseId: id, draft, unmet, ready: unmet.length === 0 };
  }

  @Post(':id/publish')
  async publish(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @Body() body: Form,
  ): Promise<void> {
    try {
      const published = await this.courses.publish(id, Number(body.revision));
      return reply.redirect(`/admin/courses/${id}/history?published=${published.number}`, 303);
    } catch (error) {
      const problems = problemsOf(error);
      const { draft, unmet } = await this.courses.checklist(id);
      return renderPage(
        request,
        reply,
        `${VIEWS}/checklist.hbs`,
        { title: 'Publish checklist', courseId: id, draft, unmet, ready: unmet.length === 0, problems },
        409,
      );
    }
  }

  @Get(':id/history')
  @Render(`${VIEWS}/history.hbs`)
  async history(
    @UuidParam('id') id: string,
    @Query('from') from: unknown,
    @Query('to') to: unknown,
    @Query('published') published: unknown,
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
        isFrom: version.number === fromNumber,
        isTo: version.number === toNumber,
      })),
      notice: published ? `Version ${Number(published)} is published.` : undefined,
      comparison: compare
        ? { from: fromNumber, to: toNumber, changes: await this.courses.diff(id, fromNumber, toNumber) }
        : null,
    };
  }

  @Get(':id/versions/:number/export')
  async export(
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @Param('number') number: string,
  ): Promise<void> {
    const document = await this.courses.exportVersion(id, Number(number));
    await sendDownload(reply, {
      type: 'application/json; charset=utf-8',
      fileName: `${document.slug}-v${Number(number)}.json`,
      body: JSON.stringify(document, null, 2),
    });
  }
}
