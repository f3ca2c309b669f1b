import { Body, Controller, Get, Post, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CoursesService } from '@academy/catalog';
import { AfterPost, DomainError, renderPage, Roles, UuidParam } from '@academy/core';
import type { SeeOther } from '@academy/core';
import { toQuestionDto } from '../dto/quiz.dto';
import { QuestionBankService, QuestionInput } from '../questions/question-bank.service';
import { QUESTION_TYPES } from '../questions/question.types';
import type { QuestionType } from '../questions/question.types';

const VIEWS = 'libs/assessment/views';
const LETTERS = ['a', 'b', 'c', 'd', 'e', 'f'];

const text = (form: Record<string, unknown>, name: string): string =>
  typeof form[name] === 'string' ? form[name].trim() : '';

/**
 * Reads the question form: up to six choices (`choice_a` … `choice_f`), the right ones ticked
 * (`correct`), or for ordering the steps already in the right order.
 */
export function questionFromForm(form: Record<string, unknown>): QuestionInput {
  const type = text(form, 'type') as QuestionType;
  const choices = LETTERS.map((id) => ({ id, text: text(form, `choice_${id}`) })).filter(
    (choice) => choice.text !== '',
  );
  const ticked = ([] as unknown[]).concat(form.correct ?? []).map(String);
  return {
    type,
    prompt: text(form, 'prompt'),
    explanation: text(form, 'explanation'),
    reference: text(form, 'reference'),
    tags: text(form, 'tags')
      .split(',')
      .map((tag) => tag.trim())
      .filter((tag) => tag !== ''),
    ...(type === 'single' ? { options: choices, correct: ticked[0] } : {}),
    ...(type === 'multiple' ? { options: choices, correct: ticked } : {}),
    ...(type === 'true_false' ? { correct: text(form, 'truth') === 'true' } : {}),
    ...(type === 'numeric'
      ? {
          answer: Number(text(form, 'answer')),
          tolerance: Number(text(form, 'tolerance') || '0'),
          unit: text(form, 'unit'),
        }
      : {}),
    ...(type === 'ordering' ? { items: choices } : {}),
  };
}

/** The question bank of a module, for admins: list, add, retire. */
@ApiExcludeController()
@Controller('admin/courses/:id/modules/:moduleId/questions')
@Roles('admin')
export class QuestionBankPagesController {
  constructor(
    private readonly bank: QuestionBankService,
    private readonly courses: CoursesService,
  ) {}

  @Get()
  @Render(`${VIEWS}/bank.hbs`)
  async list(
    @UuidParam('id') id: string,
    @UuidParam('moduleId') moduleId: string,
  ): Promise<Record<string, unknown>> {
    return this.model(id, moduleId);
  }

  private async model(
    courseId: string,
    moduleId: string,
    extra: Record<string, unknown> = {},
  ): Promise<Record<string, unknown>> {
    const course = await this.courses.getCourse(courseId);
    const history = await this.courses.history(courseId);
    const latest = history[0] ? await this.courses.getVersion(courseId, history[0].number) : null;
    const module = latest?.content.modules.find((candidate) => candidate.id === moduleId);
    const questions = (await this.bank.list(courseId, moduleId)).map(toQuestionDto);
    return {
      title: `Question bank: ${module?.title ?? 'module'}`,
      course,
      courseId,
      moduleId,
      moduleTitle: module?.title ?? moduleId,
      questionCount: module?.quiz?.questionCount,
      questions: questions.map((question, index) => ({ ...question, number: index + 1 })),
      types: QUESTION_TYPES,
      letters: LETTERS,
      values: {},
      ...extra,
    };
  }

  @Post()
  async add(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @UuidParam('id') id: string,
    @UuidParam('moduleId') moduleId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const problems: string[] = [];
    const input = questionFromForm(body ?? {});
    if (!QUESTION_TYPES.includes(input.type)) {
      problems.push('Choose a question type.');
    }
    if (input.prompt === '' || input.explanation === '' || input.reference === '') {
      problems.push('The question, its explanation and its reference are all required.');
    }
    if (problems.length === 0) {
      try {
        await this.bank.add(id, moduleId, input);
        return reply.redirect(`/admin/courses/${id}/modules/${moduleId}/questions`, 303);
      } catch (error) {
        if (!(error instanceof DomainError)) {
          throw error;
        }
        problems.push(error.message);
      }
    }
    return renderPage(
      request,
      reply,
      `${VIEWS}/bank.hbs`,
      await this.model(id, moduleId, { problems, values: body }),
      400,
    );
  }

  /** Retires a question from the bank or from the item analysis (`from`), and goes back there. */
  @Post(':questionId/retire')
  @AfterPost()
  async retire(
    @UuidParam('id') id: string,
    @UuidParam('moduleId') moduleId: string,
    @UuidParam('questionId') questionId: string,
    @Body() body: { from?: unknown } | undefined,
  ): Promise<SeeOther> {
    await this.bank.retire(questionId);
    const module = `/admin/courses/${id}/modules/${moduleId}`;
    return {
      url:
        body?.from === 'item-analysis'
          ? `${module}/item-analysis?retired=${questionId}`
          : `${module}/questions`,
    };
  }
}
