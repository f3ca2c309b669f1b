import { Body, Controller, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import {
  DomainError,
  FormWithFieldErrors,
  parseForm,
  renderPage,
  Roles,
  sendDownload,
  UuidParam,
} from '@academy/core';
import { CREDIT_TYPES } from '../content/course-content';
import type { PersonRole } from '../content/course-content';
import { parseCourseDocument } from '../content/course-document';
import { CoursesService } from '../courses/courses.service';
import { CreateCourseDto } from '../dto/authoring.dto';
import { DraftPages, VIEWS, PAGE_SIZE, Form, text, lines, optional, problemsOf } from './authoring-pages';

/** Authoring a course as a whole: the list, a new or imported course, its details and people, publishing, history and exports. */
@ApiExcludeController()
@Controller('admin/courses')
@Roles('admin')
export class CourseAuthoringPagesController {
  constructor(
    private readonly pages: DraftPages,
    private readonly courses: CoursesService,
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
    return this.pages.draftModel(id, {
      notice:
        notice === 'imported' ? 'Course imported as a draft.' : notice === 'saved' ? 'Saved.' : undefined,
    });
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
    return this.pages.change(
      request,
      reply,
      { courseId: id },
      body,
      `/admin/courses/${id}?notice=saved`,
      (content) => {
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
      },
    );
  }

  @Post(':id/people')
  async addPerson(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @Body() body: Form,
  ): Promise<void> {
    return this.pages.change(
      request,
      reply,
      { courseId: id },
      body,
      `/admin/courses/${id}#people`,
      (content) => {
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
      },
    );
  }

  @Post(':id/people/:personId/remove')
  async removePerson(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @UuidParam('personId') personId: string,
    @Body() body: Form,
  ): Promise<void> {
    return this.pages.change(
      request,
      reply,
      { courseId: id },
      body,
      `/admin/courses/${id}#people`,
      (content) => {
        content.people = content.people.filter((person) => person.id !== personId);
      },
    );
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
