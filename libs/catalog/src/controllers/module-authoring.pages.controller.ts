import { Body, Controller, Get, Post, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { Roles, UuidParam } from '@academy/core';
import type { EvidenceLevel, ModuleKind, ReviewPolicy } from '../content/course-content';
import { arrange, DraftPages, findModule, VIEWS, Form, text, lines } from './authoring-pages';

/** Authoring a draft's modules: add, order, remove, edit one (objectives, quiz, references) and order its lessons. */
@ApiExcludeController()
@Controller('admin/courses')
@Roles('admin')
export class ModuleAuthoringPagesController {
  constructor(private readonly pages: DraftPages) {}

  @Post(':id/modules')
  async addModule(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @Body() body: Form,
  ): Promise<void> {
    const moduleId = randomUUID();
    return this.pages.change(
      request,
      reply,
      { courseId: id },
      body,
      `/admin/courses/${id}/modules/${moduleId}`,
      (content) => {
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
      },
    );
  }

  @Post(':id/modules/:moduleId/arrange')
  async arrangeModule(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @UuidParam('moduleId') moduleId: string,
    @Body() body: Form,
  ): Promise<void> {
    return this.pages.change(
      request,
      reply,
      { courseId: id },
      body,
      `/admin/courses/${id}#modules`,
      (content) => {
        content.modules = arrange(content.modules, moduleId, body.action);
      },
    );
  }

  @Get(':id/modules/:moduleId')
  @Render(`${VIEWS}/module.hbs`)
  async module(@UuidParam('id') id: string, @UuidParam('moduleId') moduleId: string): Promise<Form> {
    return this.pages.moduleModel(id, moduleId);
  }

  @Post(':id/modules/:moduleId')
  async saveModule(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @UuidParam('moduleId') moduleId: string,
    @Body() body: Form,
  ): Promise<void> {
    return this.pages.change(
      request,
      reply,
      { courseId: id, moduleId },
      body,
      `/admin/courses/${id}/modules/${moduleId}?saved=1`,
      (content) => {
        const module = findModule(content, moduleId);
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
    return this.pages.change(
      request,
      reply,
      { courseId: id, moduleId },
      body,
      `/admin/courses/${id}/modules/${moduleId}/lessons/${lessonId}`,
      (content) => {
        findModule(content, moduleId).lessons.push({
          id: lessonId,
          title: text(body, 'title'),
          markdown: '',
        });
      },
    );
  }

  @Post(':id/modules/:moduleId/lessons/:lessonId/arrange')
  async arrangeLesson(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @UuidParam('moduleId') moduleId: string,
    @UuidParam('lessonId') lessonId: string,
    @Body() body: Form,
  ): Promise<void> {
    const back = `/admin/courses/${id}/modules/${moduleId}#lessons`;
    return this.pages.change(request, reply, { courseId: id, moduleId }, body, back, (content) => {
      const module = findModule(content, moduleId);
      module.lessons = arrange(module.lessons, lessonId, body.action);
    });
  }
}
