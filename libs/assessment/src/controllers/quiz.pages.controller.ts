import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  BodyLimit,
  DomainError,
  FieldValidationException,
  Page,
  parseForm,
  renderPage,
  Roles,
  SlugParam,
  UuidParam,
} from '@academy/core';
import { CurrentUser, UserPrincipal } from '@academy/identity';
import { AssessmentErrorCode } from '../assessment-error';
import { AttemptsService } from '../attempts/attempts.service';
import { GivenAnswerDto, toAttemptDto, toQuizStatusDto } from '../dto/quiz.dto';
import type { AttemptDto, QuizStatusDto } from '../dto/quiz.dto';

const VIEWS = 'libs/assessment/views';

type ShownQuestion = AttemptDto['questions'][number];

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

/** The questions the quiz form flags for review (`flag_<question id>` ticked). */
export function flagsFromForm(attempt: AttemptDto, form: Record<string, unknown>): string[] {
  return attempt.questions
    .filter((question) => form[`flag_${question.id}`] !== undefined)
    .map((question) => question.id);
}

/** The questions of an attempt without an answer, by number, for the warning before submitting. */
export function unansweredOf(
  attempt: AttemptDto,
  answers: Record<string, unknown> = attempt.answers,
): { number: number; prompt: string; anchor: string }[] {
  return attempt.questions.flatMap((question, index) =>
    answers[question.id] === undefined
      ? [{ number: index + 1, prompt: question.prompt, anchor: `question-${index + 1}` }]
      : [],
  );
}

/** A response in words: the choices' text, in order for an ordering. */
function describe(question: ShownQuestion, response: unknown): string {
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

/** "12:05": minutes and seconds left, as the countdown shows them. */
function clockOf(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** The result in words: a pass or not against the pass mark, or, ungraded, a baseline. */
function resultModel(attempt: AttemptDto): Record<string, unknown> | undefined {
  const result = attempt.result;
  if (!result) {
    return undefined;
  }
  return {
    ...result,
    heading: result.graded
      ? `${result.passed ? 'Passed' : 'Not passed'}: ${result.score}%`
      : `Your baseline: ${result.score}%`,
    expired: attempt.status === 'expired',
    // Where the pass mark sits on the meter: below it the browser shows the score as short of it.
    low: Math.max(1, result.passingScore),
    attemptsLeft: Math.max(0, result.attemptsLimit - result.attemptsUsed),
  };
}

/** What the attempt page needs: each question with the learner's saved answer and flag, the navigation, the review. */
function attemptModel(attempt: AttemptDto, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const flagged = new Set(attempt.flagged);
  const questions = attempt.questions.map((question, index) => {
    const answer = attempt.answers[question.id];
    const review = attempt.review?.find((item) => item.questionId === question.id);
    return {
      ...question,
      number: index + 1,
      anchor: `question-${index + 1}`,
      answered: answer !== undefined,
      flagged: flagged.has(question.id),
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
      givenText: answer === undefined ? undefined : describe(question, answer),
      review: review && {
        ...review,
        verdict: review.correct ? 'Right' : review.credit > 0 ? 'Partly right' : 'Wrong',
        verdictClass: review.correct ? 'right' : review.credit > 0 ? 'partly' : 'wrong',
      },
      correctText: review?.correctAnswer === undefined ? undefined : describe(question, review.correctAnswer),
    };
  });
  const answeredCount = questions.filter((question) => question.answered).length;
  return {
    title: `${attempt.graded ? 'Quiz' : 'Pre-test'}: ${attempt.moduleTitle}`,
    heading: attempt.graded ? `Quiz: ${attempt.moduleTitle}` : attempt.moduleTitle,
    attempt,
    open: attempt.status === 'open',
    questions,
    answeredCount,
    total: questions.length,
    timeLeft: attempt.secondsLeft === null ? undefined : clockOf(attempt.secondsLeft),
    result: resultModel(attempt),
    // A finished attempt whose quiz keeps even the learner's own answers closed until the end.
    reviewClosed: attempt.status !== 'open' && attempt.graded && attempt.reviewLevel === 'score_only',
    keyClosed: attempt.reviewLevel === 'score_and_wrong',
    ...extra,
  };
}

/** What the quiz's overview page says about each attempt, in words. */
function attemptLines(status: QuizStatusDto): Record<string, unknown>[] {
  return status.attempts.map((attempt) => ({
    ...attempt,
    words:
      attempt.status === 'open'
        ? 'in progress'
        : `${status.graded ? '' : 'baseline '}${attempt.score ?? 0}%${
            status.graded ? (attempt.passed ? ', passed' : ', not passed') : ''
          }${attempt.status === 'expired' ? ' (time ran out)' : ''}`,
  }));
}

function quizModel(status: QuizStatusDto, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: `${status.graded ? 'Quiz' : 'Pre-test'}: ${status.moduleTitle}`,
    heading: status.graded ? `Quiz: ${status.moduleTitle}` : status.moduleTitle,
    status,
    attempts: attemptLines(status),
    waiting: status.waiting,
    canStart: !status.passed && status.attemptsLeft > 0,
    ...extra,
  };
}

@ApiExcludeController()
@Controller('learning')
@Roles('learner')
export class QuizPagesController {
  constructor(private readonly attempts: AttemptsService) {}

  @Get(':slug/modules/:moduleId/quiz')
  @Page(`${VIEWS}/quiz.hbs`)
  async quiz(
    @CurrentUser() user: UserPrincipal,
    @SlugParam() slug: string,
    @UuidParam('moduleId') moduleId: string,
  ): Promise<Record<string, unknown>> {
    return quizModel(toQuizStatusDto(await this.attempts.status(user.userId, slug, moduleId), moduleId));
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
      // Too soon: the page says from when, in the reader's time; anything else is said as it is.
      const tooSoon = error.code === AssessmentErrorCode.RETRY_TOO_SOON && status.waiting;
      for (const [name, value] of Object.entries(error.headers)) {
        reply.header(name, value);
      }
      return renderPage(
        request,
        reply,
        `${VIEWS}/quiz.hbs`,
        quizModel(status, { canStart: false, ...(tooSoon ? {} : { formError: error.message }) }),
        error.status,
      );
    }
  }

  @Get('attempts/:attemptId')
  @Page(`${VIEWS}/attempt.hbs`)
  async attempt(
    @CurrentUser() user: UserPrincipal,
    @UuidParam('attemptId') attemptId: string,
    @Query('confirm') confirm: unknown,
    @Query('saved') saved: unknown,
  ): Promise<Record<string, unknown>> {
    const attempt = toAttemptDto(await this.attempts.view(user.userId, attemptId));
    const open = attempt.status === 'open';
    // After a submit with questions unanswered (no script on the page): say which, and ask again.
    const unanswered = confirm === 'submit' && open ? unansweredOf(attempt) : [];
    return attemptModel(attempt, {
      ...(unanswered.length > 0 ? { unanswered } : {}),
      ...(saved === '1' && open ? { notice: 'Your answers are saved.' } : {}),
    });
  }

  @Post('attempts/:attemptId')
  async answer(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: UserPrincipal,
    @UuidParam('attemptId') attemptId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const form = body ?? {};
    const current = toAttemptDto(await this.attempts.view(user.userId, attemptId));
    const answers = answersFromForm(current, form);
    const submitting = form.action === 'submit';
    const confirmed = form.confirmUnanswered === 'yes';
    let askFirst = false;
    try {
      if (
        submitting &&
        (confirmed || unansweredOf(current, { ...current.answers, ...answers }).length === 0)
      ) {
        await this.attempts.submit(user.userId, attemptId, answers);
      } else {
        // A submit with questions left open keeps what was given and asks first.
        askFirst = submitting;
        await this.attempts.saveAnswers(user.userId, attemptId, answers, flagsFromForm(current, form));
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
    const next = askFirst ? '?confirm=submit#submit-warning' : submitting ? '' : '?saved=1';
    return reply.redirect(`/learning/attempts/${attemptId}${next}`, 303);
  }

  /**
   * The page's script saves each answer or flag as it is given (JSON, CSRF token in a header):
   * 204. A form without a script (a flag, say) is sent back to the attempt.
   */
  @Post('attempts/:attemptId/questions/:questionId')
  @BodyLimit(4 * 1024)
  async give(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: UserPrincipal,
    @UuidParam('attemptId') attemptId: string,
    @UuidParam('questionId') questionId: string,
    @Body() body: unknown,
  ): Promise<void> {
    // The form layer's reading: the CSRF field left out, then the API's DTO.
    const given = await parseForm(GivenAnswerDto, body);
    if (!given.ok) {
      throw new FieldValidationException(given.fields);
    }
    await this.attempts.giveAnswer(user.userId, attemptId, questionId, given.value);
    if (request.headers['content-type']?.startsWith('application/json')) {
      return reply.status(204).send();
    }
    return reply.redirect(`/learning/attempts/${attemptId}`, 303);
  }
}
