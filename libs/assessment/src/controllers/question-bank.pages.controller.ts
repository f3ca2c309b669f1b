import { Body, Controller, Get, Post, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CoursesService } from '@academy/catalog';
import { AfterPost, DomainError, parseForm, Roles, ShowPage, UuidParam } from '@academy/core';
import type { SeeOther } from '@academy/core';
import { QuestionFormDto } from '../dto/question-form.dto';
import { toQuestionDto } from '../dto/quiz.dto';
import { QuestionBankService, QuestionInput } from '../questions/question-bank.service';
import { QUESTION_TYPES } from '../questions/question.types';

const VIEWS = 'libs/assessment/views';
const LETTERS = ['a', 'b', 'c', 'd', 'e', 'f'];

/** The question the form describes, for the bank to check and keep. */
export function questionFromForm(form: QuestionFormDto): QuestionInput {
  const { type } = form;
  const choices = LETTERS.map((id) => ({ id, text: form[`choice_${id}` as ChoiceField] ?? '' })).filter(
    (choice) => choice.text !== '',
  );
  const ticked = ([] as string[]).concat(form.correct ?? []);
  return {
    type,
    prompt: form.prompt ?? '',
    explanation: form.explanation ?? '',
    reference: form.reference ?? '',
    tags: (form.tags ?? '')
      .split(',')
      .map((tag) => tag.trim())
      .filter((tag) => tag !== ''),
    ...(type === 'single' ? { options: choices, correct: ticked[0] } : {}),
    ...(type === 'multiple' ? { options: choices, correct: ticked } : {}),
    ...(type === 'true_false' ? { correct: form.truth === 'true' } : {}),
    ...(type === 'numeric'
      ? { answer: Number(form.answer), tolerance: Number(form.tolerance ?? '0'), unit: form.unit ?? '' }
      : {}),
    ...(type === 'ordering' ? { items: choices } : {}),
  };
}

type ChoiceField = `choice_${'a' | 'b' | 'c' | 'd' | 'e' | 'f'}`;

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
  @AfterPost()
  async add(
    @UuidParam('id') id: string,
    @UuidParam('moduleId') moduleId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<SeeOther> {
    const form = await parseForm(QuestionFormDto, body);
    const problems = form.ok ? [] : Object.values(form.fields).flat();
    if (form.ok) {
      const input = questionFromForm(form.value);
      if (input.prompt === '' || input.explanation === '' || input.reference === '') {
        problems.push('The question, its explanation and its reference are all required.');
      } else {
        try {
          await this.bank.add(id, moduleId, input);
          return { url: `/admin/courses/${id}/modules/${moduleId}/questions` };
        } catch (error) {
          if (!(error instanceof DomainError)) {
            throw error;
          }
          problems.push(error.message);
        }
      }
    }
    throw new ShowPage(`${VIEWS}/bank.hbs`, await this.model(id, moduleId, { problems, values: body }));
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
