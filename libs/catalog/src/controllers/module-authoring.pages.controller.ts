import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { AfterPost, Page, Roles } from '@academy/core';
import type { SeeOther } from '@academy/core';
import type { EvidenceLevel } from '../content/course-content';
import {
  ArrangeFormDto,
  linesOf,
  listOf,
  ModuleFormDto,
  NewLessonFormDto,
  NewModuleFormDto,
} from '../dto/authoring-forms.dto';
import { arrange, DraftAt, DraftPages, DraftPlace, findModule, Form, VIEWS } from './authoring-pages';

/** Authoring a draft's modules: add, order, remove, edit one (objectives, quiz, references) and order its lessons. */
@ApiExcludeController()
@Controller('admin/courses')
@Roles('admin')
export class ModuleAuthoringPagesController {
  constructor(private readonly pages: DraftPages) {}

  @Post(':id/modules')
  @AfterPost()
  async addModule(@DraftAt() at: DraftPlace, @Body() body: Form): Promise<SeeOther> {
    const form = await this.pages.parse(NewModuleFormDto, body, at);
    const moduleId = randomUUID();
    return this.pages.change(
      at,
      form.revision,
      `/admin/courses/${at.courseId}/modules/${moduleId}`,
      (content) => {
        content.modules.push({
          id: moduleId,
          kind: form.kind,
          title: form.title ?? '',
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
  @AfterPost()
  async arrangeModule(@DraftAt() at: DraftPlace, @Body() body: Form): Promise<SeeOther> {
    const { revision, action } = await this.pages.parse(ArrangeFormDto, body, { courseId: at.courseId });
    return this.pages.change(
      { courseId: at.courseId },
      revision,
      `/admin/courses/${at.courseId}#modules`,
      (content) => {
        content.modules = arrange(content.modules, at.moduleId!, action);
      },
    );
  }

  @Get(':id/modules/:moduleId')
  @Page(`${VIEWS}/module.hbs`)
  async module(@DraftAt() at: DraftPlace): Promise<Form> {
    return this.pages.moduleModel(at.courseId, at.moduleId!);
  }

  @Post(':id/modules/:moduleId')
  @AfterPost()
  async saveModule(@DraftAt() at: DraftPlace, @Body() body: Form): Promise<SeeOther> {
    const form = await this.pages.parse(ModuleFormDto, body, at);
    const back = `/admin/courses/${at.courseId}/modules/${at.moduleId}?saved=1`;
    return this.pages.change(at, form.revision, back, (content) => {
      const module = findModule(content, at.moduleId!);
      const tags = listOf(form.quizTags);
      module.kind = form.kind;
      module.title = form.title ?? '';
      module.objectives = linesOf(form.objectives);
      module.estimatedMinutes = form.estimatedMinutes;
      module.newOrEvolving = form.newOrEvolving === 'on';
      module.quiz = {
        questionCount: form.questionCount,
        attemptsLimit: form.attemptsLimit,
        retryDelayMinutes: form.retryDelayMinutes,
        ...(form.timeLimitMinutes === undefined ? {} : { timeLimitMinutes: form.timeLimitMinutes }),
        reviewPolicy: form.reviewPolicy,
        partialCredit: form.partialCredit === 'on',
        ...(tags.length > 0 ? { tags } : {}),
      };
      module.references = linesOf(form.references).map((line) => {
        const [evidenceLevel = '', citation = '', url = ''] = line.split('|').map((part) => part.trim());
        return { evidenceLevel: evidenceLevel as EvidenceLevel, citation, ...(url ? { url } : {}) };
      });
    });
  }

  @Post(':id/modules/:moduleId/lessons')
  @AfterPost()
  async addLesson(@DraftAt() at: DraftPlace, @Body() body: Form): Promise<SeeOther> {
    const form = await this.pages.parse(NewLessonFormDto, body, at);
    const lessonId = randomUUID();
    const back = `/admin/courses/${at.courseId}/modules/${at.moduleId}/lessons/${lessonId}`;
    return this.pages.change(at, form.revision, back, (content) => {
      findModule(content, at.moduleId!).lessons.push({ id: lessonId, title: form.title ?? '', markdown: '' });
    });
  }

  @Post(':id/modules/:moduleId/lessons/:lessonId/arrange')
  @AfterPost()
  async arrangeLesson(@DraftAt() at: DraftPlace, @Body() body: Form): Promise<SeeOther> {
    const module = { courseId: at.courseId, moduleId: at.moduleId };
    const { revision, action } = await this.pages.parse(ArrangeFormDto, body, module);
    const back = `/admin/courses/${at.courseId}/modules/${at.moduleId}#lessons`;
    return this.pages.change(module, revision, back, (content) => {
      const found = findModule(content, at.moduleId!);
      found.lessons = arrange(found.lessons, at.lessonId!, action);
    });
  }
}
