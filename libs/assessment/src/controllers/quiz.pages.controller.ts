import { Body, Controller, Get, Post, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, renderPage, Roles, SlugParam, UuidParam } from '@academy/core';
import { CurrentUser, UserPrincipal } from '@academy/identity';
import { AttemptsService } from '../attempts/attempts.service';
import { toAttemptDto, toQuizStatusDto } from '../dto/quiz.dto';
import type { AttemptDto } from '../dto/quiz.dto';

const VIEWS = 'libs/assessment/views';

/** Turns the quiz form's fields (`q_<question id>`, `q_<question id>_<item id>` for ordering) into answers. */
export function answersFromForm(attempt: AttemptDto, form: Record<string, unknown>): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const question of attempt.questions) {
    const raw = form[`q_${question.id}`];
    switch (question.type) {
      case 'single':
        if (typeof raw === 'string' && raw !== '') {
          answers[question.id] = raw;
        }
        break;
      case 'multiple':
        if (raw !== undefined) {
          answers[question.id] = ([] as unknown[]).concat(raw);
        }
        break;
      case 'true_false':
        if (raw === 'true' || raw === 'false') {
          answers[question.id] = raw === 'true';
        }
        break;
      case 'numeric':
        if (typeof raw === 'string' && raw.trim() !== '') {
          answers[question.id] = Number(raw.replace(',', '.'));
        }
        break;
      case 'ordering': {
        const positions = (question.items ?? []).map((item) => ({
          id: item.id,
          position: Number(form[`q_${question.id}_${item.id}`]),
        }));
        if (positions.every((entry) => Number.isInteger(entry.position) && entry.position > 0)) {
          answers[question.id] = [...positions]
            .sort((left, right) => left.position - right.position)
            .map((entry) => entry.id);
        }
        break;
      }
    }
  }
  return answers;
}

/** What the attempt page needs to show each question with the learner's saved answer. */
function attemptModel(attempt: AttemptDto): Record<string, unknown> {
  return {
    title: `Quiz: ${attempt.moduleTitle}`,
    attempt,
    open: attempt.status === 'open',
    questions: attempt.questions.map((question, index) => {
      const answer = attempt.answers[question.id];
      const review = attempt.review?.find((item) => item.questionId === question.id);
      return {
        ...question,
        number: index + 1,
        isSingle: question.type === 'single',
        isMultiple: question.type === 'multiple',
        isTrueFalse: question.type === 'true_false',
        isNumeric: question.type === 'numeric',
        isOrdering: question.type === 'ordering',
        options: question.options?.map((option) => ({
          ...option,
          checked: answer === option.id || (Array.isArray(answer) && answer.includes(option.id)),
        })),
        items: question.items?.map((item) => ({
          ...item,
          positions: question.items!.map((_, position) => ({
            value: position + 1,
            selected: Array.isArray(answer) && answer.indexOf(item.id) === position,
          })),
        })),
        numericValue: typeof answer === 'number' ? answer : '',
        trueChecked: answer === true,
        falseChecked: answer === false,
        review,
        correctText:
          review?.correctAnswer === undefined ? undefined : describe(question, review.correctAnswer),
      };
    }),
  };
}

function describe(question: AttemptDto['questions'][number], response: unknown): string {
  const text = (id: unknown) =>
    [...(question.options ?? []), ...(question.items ?? [])].find((choice) => choice.id === id)?.text ??
    String(id);
  if (Array.isArray(response)) {
    return response.map(text).join(question.type === 'ordering' ? ' → ' : '; ');
  }
  if (typeof response === 'boolean') {
    return response ? 'True' : 'False';
  }
  return question.type === 'numeric' ? `${String(response)} ${question.unit ?? ''}`.trim() : text(response);
}

@ApiExcludeController()
@Controller('learning')
@Roles('learner')
export class QuizPagesController {
  constructor(private readonly attempts: AttemptsService) {}

  @Get(':slug/modules/:moduleId/quiz')
  @Render(`${VIEWS}/quiz.hbs`)
  async quiz(
    @CurrentUser() user: UserPrincipal,
    @SlugParam() slug: string,
    @UuidParam('moduleId') moduleId: string,
  ): Promise<Record<string, unknown>> {
    const status = toQuizStatusDto(await this.attempts.status(user.userId, slug, moduleId), moduleId);
    return {
      title: `Quiz: ${status.moduleTitle}`,
      status,
      waiting: status.waiting,
      canStart: !status.passed && status.attemptsLeft > 0,
    };
  }

  @Post(':slug/modules/:moduleId/quiz/start')
  async start(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: UserPrincipal,
    @SlugParam() slug: string,
    @UuidParam('moduleId') moduleId: string,
  ): Promise<void> {
    try {
      const { attemptId } = await this.attempts.start(user.userId, slug, moduleId);
      return reply.redirect(`/learning/attempts/${attemptId}`, 303);
    } catch (error) {
      if (!(error instanceof DomainError) || Number(error.status) >= 500) {
        throw error;
      }
      const status = toQuizStatusDto(await this.attempts.status(user.userId, slug, moduleId), moduleId);
      return renderPage(
        request,
        reply,
        `${VIEWS}/quiz.hbs`,
        { title: `Quiz: ${status.moduleTitle}`, status, formError: error.message, canStart: false },
        error.status,
      );
    }
  }

  @Get('attempts/:attemptId')
  @Render(`${VIEWS}/attempt.hbs`)
  async attempt(
    @CurrentUser() user: UserPrincipal,
    @UuidParam('attemptId') attemptId: string,
  ): Promise<Record<string, unknown>> {
    return attemptModel(toAttemptDto(await this.attempts.view(user.userId, attemptId)));
  }

  @Post('attempts/:attemptId')
  async answer(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: UserPrincipal,
    @UuidParam('attemptId') attemptId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const current = toAttemptDto(await this.attempts.view(user.userId, attemptId));
    const answers = answersFromForm(current, body ?? {});
    try {
      if (body?.action === 'submit') {
        await this.attempts.submit(user.userId, attemptId, answers);
      } else {
        await this.attempts.saveAnswers(user.userId, attemptId, answers);
      }
    } catch (error) {
      if (!(error instanceof DomainError) || Number(error.status) >= 500) {
        throw error;
      }
      const model = attemptModel(toAttemptDto(await this.attempts.view(user.userId, attemptId)));
      return renderPage(
        request,
        reply,
        `${VIEWS}/attempt.hbs`,
        { ...model, formError: error.message },
        error.status,
      );
    }
    // Autosave from the page's script wants no page back.
    if (request.headers['x-autosave'] === '1') {
      return reply.status(204).send();
    }
    return reply.redirect(
      `/learning/attempts/${attemptId}${body?.action === 'submit' ? '' : '?saved=1'}`,
      303,
    );
  }
}
