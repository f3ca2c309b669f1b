import { Body, Controller, Get, Param, Post, Render, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { FieldValidationException, Roles, UuidParam } from '@academy/core';
import { CurrentUser, UserPrincipal } from '@academy/identity';
import { toEnrolmentDto } from '../dto/enrolment.dto';
import { LearningService, unlockedModuleIds } from '../enrolments/learning.service';

const VIEWS = 'libs/learning/views';
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const slugOf = (value: unknown): string => {
  if (typeof value !== 'string' || value.length > 100 || !SLUG.test(value)) {
    throw new FieldValidationException({ course: ['course must be a course address'] });
  }
  return value;
};

@ApiExcludeController()
@Controller('learning')
@Roles('learner')
export class LearningPagesController {
  constructor(private readonly learning: LearningService) {}

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
    const slug = slugOf(body?.course);
    await this.learning.enrol(user.userId, slug);
    await reply.redirect(`/learning/${slug}`, 303);
  }

  @Post(':slug/disclosures')
  async acknowledge(
    @CurrentUser() user: UserPrincipal,
    @Param('slug') rawSlug: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const slug = slugOf(rawSlug);
    await this.learning.acknowledgeDisclosures(user.userId, slug);
    await reply.redirect(`/learning/${slug}`, 303);
  }

  @Get(':slug')
  @Render(`${VIEWS}/player.hbs`)
  async player(
    @CurrentUser() user: UserPrincipal,
    @Param('slug') rawSlug: string,
  ): Promise<Record<string, unknown>> {
    const { course, seen, progress, lessonsSeen, lessonsTotal, enrolment } = await this.learning.myCourse(
      user.userId,
      slugOf(rawSlug),
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
    @Param('slug') rawSlug: string,
    @UuidParam('lessonId') lessonId: string,
  ): Promise<Record<string, unknown>> {
    const slug = slugOf(rawSlug);
    const opened = await this.learning.openLesson(user.userId, slug, lessonId);
    const { course, progress } = await this.learning.myCourse(user.userId, slug);
    return { title: opened.lesson.title, slug, course, progress, ...opened };
  }
}
