import { Body, Controller, Get, Post, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  DomainError,
  FieldValidationException,
  FormWithFieldErrors,
  parseForm,
  parseSlug,
  renderPage,
  Roles,
  SlugParam,
  UuidParam,
} from '@academy/core';
import { CreditService } from '../credit/credit.service';
import { EvaluationDto } from '../dto/credit.dto';
import { CurrentUser, UserPrincipal } from '@academy/identity';
import { toEnrolmentDto } from '../dto/enrolment.dto';
import { LearningService, unlockedModuleIds } from '../enrolments/learning.service';

const VIEWS = 'libs/learning/views';

@ApiExcludeController()
@Controller('learning')
@Roles('learner')
export class LearningPagesController {
  constructor(
    private readonly learning: LearningService,
    private readonly credits: CreditService,
  ) {}

  @Get()
  @Render(`${VIEWS}/dashboard.hbs`)
  async dashboard(@CurrentUser() user: UserPrincipal): Promise<Record<string, unknown>> {
    return {
      title: 'My learning',
      courses: (await this.learning.myCourses(user.userId)).map(toEnrolmentDto),
    };
  }

  @Post('enrol')
  async enrol(
    @CurrentUser() user: UserPrincipal,
    @Body() body: { course?: unknown },
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const slug = parseSlug(body?.course, 'course');
    await this.learning.enrol(user.userId, slug);
    await reply.redirect(`/learning/${slug}`, 303);
  }

  @Get(':slug/credit')
  @Render(`${VIEWS}/credit.hbs`)
  async credit(
    @CurrentUser() user: UserPrincipal,
    @SlugParam() slug: string,
  ): Promise<Record<string, unknown>> {
    return this.creditModel(user, slug);
  }

  private async creditModel(
    user: UserPrincipal,
    slug: string,
    extra: Record<string, unknown> = {},
  ): Promise<Record<string, unknown>> {
    const status = await this.credits.status(user.userId, slug);
    const quizzesPassed =
      status.requirements.find((requirement) => requirement.key === 'quizzes')?.met ?? false;
    return {
      title: 'Evaluation and credit',
      status,
      showEvaluation: quizzesPassed && !status.evaluationSubmitted,
      likert: [1, 2, 3, 4, 5],
      hours: Math.floor(status.timeOnTaskMinutes / 60),
      minutes: status.timeOnTaskMinutes % 60,
      fields: {},
      ...extra,
    };
  }

  @Post(':slug/evaluation')
  @FormWithFieldErrors()
  async evaluate(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: UserPrincipal,
    @SlugParam() slug: string,
    @Body() body: unknown,
  ): Promise<void> {
    const form = await parseForm(EvaluationDto, body);
    if (!form.ok) {
      return renderPage(
        request,
        reply,
        `${VIEWS}/credit.hbs`,
        await this.creditModel(user, slug, { fields: form.fields, values: body }),
        400,
      );
    }
    try {
      await this.credits.submitEvaluation(user.userId, slug, form.value);
    } catch (error) {
      if (!(error instanceof DomainError)) {
        throw error;
      }
      return renderPage(
        request,
        reply,
        `${VIEWS}/credit.hbs`,
        await this.creditModel(user, slug, { formError: error.message }),
        error.status,
      );
    }
    return reply.redirect(`/learning/${slug}/credit`, 303);
  }

  @Post(':slug/credit-claims')
  async claim(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: UserPrincipal,
    @SlugParam() slug: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const status = await this.credits.status(user.userId, slug);
    // One number field per designated type: credit0, credit1, …; empty fields claim nothing.
    const claims = status.credits.flatMap((credit, index) => {
      const raw =
        typeof body?.[`credit${index}`] === 'string' ? (body[`credit${index}`] as string).trim() : '';
      return raw === '' || credit.claimed !== null ? [] : [{ type: credit.type, amount: Number(raw) }];
    });
    try {
      if (claims.length === 0) {
        throw new FieldValidationException({ claims: ['Enter the credit you claim.'] });
      }
      await this.credits.claim(user.userId, slug, claims);
    } catch (error) {
      if (!(error instanceof DomainError) && !(error instanceof FieldValidationException)) {
        throw error;
      }
      const message =
        error instanceof FieldValidationException
          ? Object.values(error.fields).flat().join(' ')
          : error.message;
      return renderPage(
        request,
        reply,
        `${VIEWS}/credit.hbs`,
        await this.creditModel(user, slug, { formError: message }),
        400,
      );
    }
    return reply.redirect(`/learning/${slug}/credit`, 303);
  }

  @Post(':slug/disclosures')
  async acknowledge(
    @CurrentUser() user: UserPrincipal,
    @SlugParam() slug: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.learning.acknowledgeDisclosures(user.userId, slug);
    await reply.redirect(`/learning/${slug}`, 303);
  }

  @Get(':slug')
  @Render(`${VIEWS}/player.hbs`)
  async player(
    @CurrentUser() user: UserPrincipal,
    @SlugParam() slug: string,
  ): Promise<Record<string, unknown>> {
    const { course, seen, progress, lessonsSeen, lessonsTotal, enrolment } = await this.learning.myCourse(
      user.userId,
      slug,
    );
    const passed = await this.learning.passedModules(enrolment.id);
    const unlocked = unlockedModuleIds(course.content, passed);
    const nextLesson = course.content.modules
      .filter((module) => unlocked.has(module.id))
      .flatMap((module) => module.lessons)
      .find((lesson) => !seen.has(lesson.id));
    return {
      title: course.content.title,
      course,
      progress,
      lessonsSeen,
      lessonsTotal,
      nextLesson,
      mustAcknowledge: !enrolment.disclosuresAcknowledgedAt,
      // The pre-test is an attempt at a pseudo-module (see assessment's PRETEST_ID).
      pretestId: course.content.pretest ? '00000000-0000-4000-8000-000000000000' : null,
      people: course.content.people.map((person) => ({
        ...person,
        hasRelationships: person.disclosure.relationships.length > 0,
      })),
      modules: course.content.modules.map((module, index) => ({
        ...module,
        number: index + 1,
        locked: !enrolment.disclosuresAcknowledgedAt || !unlocked.has(module.id),
        passed: passed.has(module.id),
        lessons: module.lessons.map((lesson) => ({ ...lesson, seen: seen.has(lesson.id) })),
      })),
    };
  }

  @Get(':slug/lessons/:lessonId')
  @Render(`${VIEWS}/lesson.hbs`)
  async lesson(
    @CurrentUser() user: UserPrincipal,
    @SlugParam() slug: string,
    @UuidParam('lessonId') lessonId: string,
  ): Promise<Record<string, unknown>> {
    const opened = await this.learning.openLesson(user.userId, slug, lessonId);
    const { course, progress } = await this.learning.myCourse(user.userId, slug);
    return { title: opened.lesson.title, slug, course, progress, ...opened };
  }
}
