import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CatalogService, PRETEST_POOL_ID } from '@academy/catalog';
import type { CatalogRow, QuizSettingsDto } from '@academy/catalog';
import { AuditService, Clock, Database, durationInWords, FrozenRows } from '@academy/core';
import { LearningError, LearningErrorCode, LearningService } from '@academy/learning';
import { AssessmentError, AssessmentErrorCode } from '../assessment-error';
import { gradeResponse, scorePercent } from '../questions/grading';
import type { QuestionEntity } from '../questions/question.entity';
import { QuestionRepository } from '../questions/question.repository';
import type { Response } from '../questions/question.types';
import { drawToBlueprint } from '../questions/blueprint-draw';
import { AttemptEntity, ServedQuestion } from './attempt.entity';
import { choiceIdsOf, fromShown, serveChoices } from './served-choices';
import { AttemptRepository, FINISHED, STARTED } from './attempt.repository';
import { QuizSupportService } from '../support/quiz-support.service';
import { deadlineFor, GRACE_MS, isPastDeadline, nextAttemptAt } from './timing';

/**
 * The pre-test is an attempt at this pseudo-module: drawn from its own pool (kept as the bank of
 * this id), taken once, ungraded.
 */
export const PRETEST_ID = PRETEST_POOL_ID;

/** How much of the answers a learner may see after an attempt. */
export type ReviewLevel = 'none' | 'score_only' | 'score_and_wrong' | 'full';

/** An attempt with everything needed to show it: its quiz, questions (keys inside) and review level. */
export interface AttemptView {
  /** The attempt, its `answers` including those given one by one since (an open attempt's drafts). */
  attempt: AttemptEntity;
  course: CatalogRow;
  moduleTitle: string;
  settings: QuizSettingsDto;
  passingScore: number;
  questions: QuestionEntity[];
  attemptsUsed: number;
  review: ReviewLevel;
  /** False for an ungraded quiz (the pre-test): its score is a baseline, it passes or fails nothing. */
  graded: boolean;
  /** Milliseconds to the deadline on the server clock, for an open timed attempt; else null. */
  timeLeftMs: number | null;
}

/** Where a learner stands with one module quiz. */
export interface QuizStatus {
  course: CatalogRow;
  moduleTitle: string;
  settings: QuizSettingsDto;
  passingScore: number;
  attempts: AttemptEntity[];
  passed: boolean;
  openAttemptId: string | null;
  attemptsLeft: number;
  nextAttemptAt: Date | null;
  /** The retry delay still runs (on the server clock): no new attempt before `nextAttemptAt`. */
  waiting: boolean;
  /** False for an ungraded quiz (the pre-test): scores are baselines, never passes or fails. */
  graded: boolean;
}

/** An answer or flag given for one question, as the learner gives it (in the ids the attempt shows). */
export interface GivenAnswer {
  /** The answer; null clears it; absent leaves it as it is. */
  answer?: unknown;
  /** Flag the question for review (true) or take the flag off (false); absent leaves it. */
  flagged?: boolean;
}

/** Whether a quiz is graded (passes or fails) or only measures (the pre-test). */
export function isGraded(moduleId: string): boolean {
  return moduleId !== PRETEST_ID;
}

function isResponseShaped(question: QuestionEntity, response: unknown): response is Response {
  switch (question.type) {
    case 'single':
      return (
        typeof response === 'string' &&
        question.body.type === 'single' &&
        question.body.options.some((option) => option.id === response)
      );
    case 'multiple':
      return (
        Array.isArray(response) &&
        response.length <= 20 &&
        question.body.type === 'multiple' &&
        response.every(
          (id) =>
            typeof id === 'string' &&
            (question.body as { options: { id: string }[] }).options.some((option) => option.id === id),
        )
      );
    case 'true_false':
      return typeof response === 'boolean';
    case 'numeric':
      return typeof response === 'number' && Number.isFinite(response);
    case 'ordering':
      return (
        Array.isArray(response) &&
        question.body.type === 'ordering' &&
        response.length === question.body.items.length &&
        response.every(
          (id) =>
            typeof id === 'string' &&
            (question.body as { items: { id: string }[] }).items.some((item) => item.id === id),
        )
      );
  }
}

/**
 * Quiz attempts on the server clock: start (questions drawn and shuffled per attempt), answers
 * saved as the learner goes, then submitted or expired; graded here only. The attempts limit,
 * the retry delay and a single open attempt hold under concurrent requests.
 */
@Injectable()
export class AttemptsService {
  // Questions of published versions never change (a trigger refuses it): each attempt reads its
  // questions on every view, answer and submit. An academy's banks hold a few thousand.
  private readonly frozenQuestions = new FrozenRows<QuestionEntity>(5_000);

  constructor(
    private readonly db: Database,
    private readonly attempts: AttemptRepository,
    private readonly questions: QuestionRepository,
    private readonly learning: LearningService,
    private readonly catalog: CatalogService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly support: QuizSupportService,
  ) {}

  private async quizOf(userId: string, courseSlug: string, moduleId: string) {
    const { enrolment, course } = await this.learning.enrolmentFor(userId, courseSlug);
    if (moduleId === PRETEST_ID) {
      if (!course.content.pretest) {
        throw new AssessmentError(AssessmentErrorCode.QUIZ_NOT_FOUND, 'This course has no pre-test.');
      }
      if (!enrolment.disclosuresAcknowledgedAt) {
        throw new LearningError(
          LearningErrorCode.DISCLOSURES_NOT_ACKNOWLEDGED,
          "Read and acknowledge the course's disclosures and accreditation statement before you start.",
        );
      }
      const settings: QuizSettingsDto = {
        questionCount: course.content.pretest.questionCount,
        attemptsLimit: 1,
        retryDelayMinutes: 0,
        reviewPolicy: 'score_only',
        partialCredit: false,
      };
      return { enrolment, course, module: { id: PRETEST_ID, title: 'Pre-test' }, settings };
    }
    const module = course.content.modules.find((candidate) => candidate.id === moduleId);
    if (!module?.quiz) {
      throw new AssessmentError(AssessmentErrorCode.QUIZ_NOT_FOUND, 'This module has no quiz.');
    }
    await this.learning.assertModuleUnlocked(enrolment, course.content, moduleId);
    // Extra attempts and extra time an admin gave this learner hold like the quiz's own settings.
    const settings = await this.support.settingsFor(userId, enrolment.id, moduleId, module.quiz);
    return { enrolment, course, module, settings };
  }

  async status(userId: string, courseSlug: string, moduleId: string): Promise<QuizStatus> {
    const { enrolment, course, module, settings } = await this.quizOf(userId, courseSlug, moduleId);
    const attempts = await this.attempts.findForQuiz(enrolment.id, moduleId);
    const finished = attempts.filter((attempt) => attempt.status !== 'open');
    const last = finished.at(-1);
    const next = last?.finishedAt ? nextAttemptAt(last.finishedAt, settings.retryDelayMinutes) : null;
    const passed = attempts.some((attempt) => attempt.passed === true);
    const open = attempts.some((attempt) => attempt.status === 'open');
    return {
      course,
      moduleTitle: module.title,
      settings,
      passingScore: course.content.passingScore,
      attempts,
      passed: attempts.some((attempt) => attempt.passed === true),
      openAttemptId: attempts.find((attempt) => attempt.status === 'open')?.id ?? null,
      attemptsLeft: Math.max(0, settings.attemptsLimit - finished.length),
      nextAttemptAt: next,
      waiting: next !== null && next > this.clock.now() && !passed && !open,
      graded: isGraded(moduleId),
    };
  }

  /** Starts an attempt, or answers the open one (starting twice never opens two). */
  async start(
    userId: string,
    courseSlug: string,
    moduleId: string,
  ): Promise<{ attemptId: string; created: boolean; view: AttemptView | null }> {
    const { enrolment, course, module, settings } = await this.quizOf(userId, courseSlug, moduleId);
    return this.db.withTransaction(async () => {
      await this.attempts.lockQuizFor(enrolment.id, moduleId);
      const now = this.clock.now();
      const previous = await this.attempts.findForQuiz(enrolment.id, moduleId);
      const open = previous.find((attempt) => attempt.status === 'open');
      if (open && !isPastDeadline(open.deadlineAt, now)) {
        return { attemptId: open.id, created: false, view: null };
      }
      // An open attempt past its deadline closes first, and counts as used.
      const expired = open ? await this.close(open, 'expired', course) : null;
      const finished = previous
        .map((attempt) => (attempt.id === expired?.id ? expired : attempt))
        .filter((attempt) => attempt.status !== 'open');
      if (finished.some((attempt) => attempt.passed)) {
        throw new AssessmentError(AssessmentErrorCode.ALREADY_PASSED, 'You have passed this quiz already.');
      }
      if (finished.length >= settings.attemptsLimit) {
        throw new AssessmentError(
          AssessmentErrorCode.ATTEMPTS_EXHAUSTED,
          `You have used all ${settings.attemptsLimit} attempts at this quiz.`,
        );
      }
      const last = finished.at(-1);
      if (last?.finishedAt) {
        const allowedAt = nextAttemptAt(last.finishedAt, settings.retryDelayMinutes);
        if (now < allowedAt) {
          // In words no zone changes; pages say the moment itself in the reader's zone.
          const error = new AssessmentError(
            AssessmentErrorCode.RETRY_TOO_SOON,
            `You can try again in ${durationInWords(allowedAt.getTime() - now.getTime() + 59_999)}.`,
          );
          error.headers['Retry-After'] = String(Math.ceil((allowedAt.getTime() - now.getTime()) / 1000));
          throw error;
        }
      }
      // Drawn from the bank of the learner's version: a later draft or publication never changes it.
      const tags = settings.tags ?? [];
      const candidates = await this.candidatesFor(course.versionId, moduleId);
      const bank = candidates.filter(
        (question) => tags.length === 0 || question.tags.some((tag) => tags.includes(tag)),
      );
      if (bank.length === 0) {
        throw new AssessmentError(AssessmentErrorCode.QUIZ_NOT_READY, 'This quiz has no questions yet.');
      }
      const id = randomUUID();
      // Spread across the objectives as evenly as the bank allows (the blueprint), by objective.
      const served: ServedQuestion[] = drawToBlueprint(bank, settings.questionCount, id).map((question) =>
        serveChoices(question.id, choiceIdsOf(question.body)),
      );
      const attempt: AttemptEntity = Object.assign(new AttemptEntity(), {
        id,
        enrolmentId: enrolment.id,
        userId,
        courseVersionId: course.versionId,
        moduleId,
        number: previous.length + 1,
        status: 'open',
        startedAt: now,
        deadlineAt: deadlineFor(now, settings.timeLimitMinutes ?? null),
        finishedAt: null,
        served,
        answers: {},
        drafts: {},
        flagged: [],
        lateAnswers: null,
        score: null,
        passed: null,
      });
      // The attempt, the moment of study and the audit event in one statement.
      await this.attempts.insert(attempt, [
        this.learning.quizActivityPart('activity', STARTED, enrolment.id),
        this.audit.eventPart('audit', [
          {
            when: STARTED,
            record: {
              action: 'quiz.attempt_started',
              subjectType: 'quiz_attempt',
              subjectId: id,
              details: { moduleId, number: attempt.number },
            },
          },
        ]),
      ]);
      const questions = byIdOf(bank);
      return {
        attemptId: id,
        created: true,
        // What the learner is shown, from what was read and written here, not read back.
        view: this.viewOf({
          attempt,
          course,
          settings,
          moduleTitle: module.title,
          questions: served.flatMap((question) => questions.get(question.questionId) ?? []),
          attemptsUsed: finished.length,
          anyPassed: false,
        }),
      };
    });
  }

  /**
   * What an attempt may draw from: a module's bank, or the pre-test's own pool (by objective of
   * every module); a course whose pre-test has no pool yet draws it from the module banks.
   */
  private async candidatesFor(versionId: string, moduleId: string): Promise<QuestionEntity[]> {
    const own = await this.questions.findActive(versionId, moduleId);
    if (moduleId !== PRETEST_ID || own.length > 0) {
      return own;
    }
    return (await this.questions.findActiveForVersion(versionId)).filter(
      (question) => question.moduleId !== PRETEST_ID,
    );
  }

  private async owned(userId: string, attemptId: string) {
    const attempt = await this.attempts.findById(attemptId);
    // The attempt's own course version, not every course's progress.
    const course = attempt?.userId === userId ? await this.versionOf(attempt) : null;
    if (!attempt || !course) {
      throw new AssessmentError(AssessmentErrorCode.ATTEMPT_NOT_FOUND, 'No such attempt.');
    }
    return { attempt, course, ...(await this.quizOfAttempt(userId, attempt, course)) };
  }

  /** An attempt's questions; those of a published version are read once per process. */
  private async servedQuestions(attempt: AttemptEntity): Promise<QuestionEntity[]> {
    const ids = attempt.served.map((served) => served.questionId);
    const missing = ids.filter((id) => !this.frozenQuestions.has(id));
    const read = new Map<string, QuestionEntity>();
    for (const { question, frozen } of await this.questions.findByIdsSayingFrozen(missing)) {
      read.set(question.id, frozen ? this.frozenQuestions.keep(question.id, question) : question);
    }
    return ids.flatMap((id) => this.frozenQuestions.get(id) ?? read.get(id) ?? []);
  }

  /** The course version an attempt was drawn from and is graded by (read once per process). */
  private async versionOf(attempt: AttemptEntity): Promise<CatalogRow | null> {
    const [course] = await this.catalog.versions([attempt.courseVersionId]);
    return course ?? null;
  }

  /** The settings (with what an admin gave this learner) and title of an attempt's quiz. */
  private async quizOfAttempt(
    userId: string,
    attempt: AttemptEntity,
    course: CatalogRow,
    extraAttempts?: number,
  ): Promise<{ settings: QuizSettingsDto; moduleTitle: string }> {
    if (attempt.moduleId === PRETEST_ID) {
      const settings: QuizSettingsDto = {
        questionCount: course.content.pretest?.questionCount ?? attempt.served.length,
        attemptsLimit: 1,
        retryDelayMinutes: 0,
        reviewPolicy: 'score_only',
        partialCredit: false,
      };
      return { settings, moduleTitle: 'Pre-test' };
    }
    const module = course.content.modules.find((candidate) => candidate.id === attempt.moduleId);
    const settings = await this.support.settingsFor(
      userId,
      attempt.enrolmentId,
      attempt.moduleId,
      module!.quiz!,
      extraAttempts,
    );
    return { settings, moduleTitle: module!.title };
  }

  /** Checks answers against the questions served; throws BAD_ANSWER naming the question. */
  private async checkedAnswers(
    attempt: AttemptEntity,
    answers: Record<string, unknown>,
  ): Promise<Record<string, Response>> {
    const questions = await this.servedQuestions(attempt);
    return checkedAgainst(attempt, byIdOf(questions), answers);
  }

  /** Closes an open attempt past its deadline (answers given after it kept apart, ungraded). */
  private async expire(
    attempt: AttemptEntity,
    course: CatalogRow,
    late: Record<string, Response> | null = null,
  ): Promise<void> {
    await this.db.withTransaction(async () => {
      await this.attempts.lockQuizFor(attempt.enrolmentId, attempt.moduleId);
      const current = (await this.attempts.findById(attempt.id))!;
      if (current.status === 'open') {
        await this.close(current, 'expired', course, { late });
      }
    });
  }

  /** Saves answers as the learner goes; after the deadline they are kept but the attempt closes ungraded for them. */
  async saveAnswers(
    userId: string,
    attemptId: string,
    answers: Record<string, unknown>,
    flagged?: string[],
  ): Promise<AttemptView> {
    const { attempt, course } = await this.owned(userId, attemptId);
    const checked = await this.checkedAnswers(attempt, answers);
    if (attempt.status !== 'open') {
      throw new AssessmentError(AssessmentErrorCode.ATTEMPT_CLOSED, 'This attempt is finished.');
    }
    if (isPastDeadline(attempt.deadlineAt, this.clock.now())) {
      await this.expire(attempt, course, checked);
      throw new AssessmentError(
        AssessmentErrorCode.ATTEMPT_EXPIRED,
        'Time is up: these answers were kept but not graded.',
      );
    }
    const served = new Set(attempt.served.map((question) => question.questionId));
    await this.attempts.saveAnswers(
      attempt.id,
      { ...attempt.answers, ...checked },
      flagged?.filter((questionId) => served.has(questionId)),
    );
    await this.learning.recordQuizActivity(attempt.enrolmentId);
    return this.view(userId, attemptId);
  }

  /**
   * Keeps one answer, or a flag, as the learner gives it, so a lost connection or a closed tab
   * loses nothing. One statement checks that the attempt is theirs, open and in time, and that
   * the answer fits the question's served choices; the question itself checks it again when the
   * attempt is read or graded (a draft that does not fit is left out). A refusal is then looked
   * into, off the learner's way, to say why.
   */
  async giveAnswer(userId: string, attemptId: string, questionId: string, given: GivenAnswer): Promise<void> {
    const { answer, flagged } = given;
    if (answer === undefined && flagged === undefined) {
      throw new AssessmentError(
        AssessmentErrorCode.BAD_ANSWER,
        'answer or flagged is needed: an answer (null clears it), a flag, or both.',
        'answer',
      );
    }
    const ids = typeof answer === 'string' ? [answer] : Array.isArray(answer) ? [...new Set(answer)] : null;
    const saved = await this.attempts.saveGiven({
      attemptId,
      userId,
      questionId,
      ...(answer !== undefined ? { answer: { value: answer } } : {}),
      ...(flagged !== undefined ? { flagged } : {}),
      deadlineAfter: new Date(this.clock.now().getTime() - GRACE_MS),
      // Choices answer by the ids shown (attempts before those existed show the authored ones).
      servedAs: ids
        ? [
            { questionId, shownIds: ids },
            { questionId, choiceOrder: ids },
          ]
        : [{ questionId }],
      // True or false, or a number, answers a question without choices.
      notServedAs:
        typeof answer === 'boolean' || typeof answer === 'number' ? [{ questionId, choiceOrder: [] }] : [],
    });
    if (!saved) {
      await this.whyNotGiven(userId, attemptId, questionId);
    }
  }

  private async whyNotGiven(userId: string, attemptId: string, questionId: string): Promise<never> {
    const { attempt, course } = await this.owned(userId, attemptId);
    if (attempt.status !== 'open') {
      throw new AssessmentError(AssessmentErrorCode.ATTEMPT_CLOSED, 'This attempt is finished.');
    }
    if (isPastDeadline(attempt.deadlineAt, this.clock.now())) {
      await this.expire(attempt, course);
      throw new AssessmentError(
        AssessmentErrorCode.ATTEMPT_EXPIRED,
        'Time is up: the answers saved before the deadline were graded.',
      );
    }
    const number = attempt.served.findIndex((served) => served.questionId === questionId) + 1;
    if (number === 0) {
      throw new AssessmentError(AssessmentErrorCode.QUESTION_NOT_FOUND, 'This attempt has no such question.');
    }
    throw new AssessmentError(
      AssessmentErrorCode.BAD_ANSWER,
      `answer is not one of the answers question ${number} takes.`,
      'answer',
    );
  }

  /**
   * Grades the attempt once; submitting again (or concurrently) answers the same result. One
   * transaction reads each row once (the attempt locked, the learner's course, the quiz's
   * settings and questions) and the graded view is built from them, not read back.
   */
  async submit(
    userId: string,
    attemptId: string,
    answers: Record<string, unknown> = {},
  ): Promise<AttemptView> {
    return this.db.withTransaction(async () => {
      const found = await this.attempts.findOwnedForUpdate(attemptId, userId);
      const course = found ? await this.versionOf(found.attempt) : null;
      if (!found || !course) {
        throw new AssessmentError(AssessmentErrorCode.ATTEMPT_NOT_FOUND, 'No such attempt.');
      }
      let { attempt } = found;
      const { settings, moduleTitle } = await this.quizOfAttempt(
        userId,
        attempt,
        course,
        found.extraAttempts,
      );
      const questions = await this.servedQuestions(attempt);
      const byId = byIdOf(questions);
      const checked = checkedAgainst(attempt, byId, answers);
      if (attempt.status === 'open') {
        const late = isPastDeadline(attempt.deadlineAt, this.clock.now());
        const closed = late
          ? await this.close(attempt, 'expired', course, {
              late: Object.keys(checked).length > 0 ? checked : null,
              questions: byId,
            })
          : await this.close(attempt, 'submitted', course, { given: checked, questions: byId });
        attempt = closed;
      }
      return this.viewOf({
        attempt,
        course,
        settings,
        moduleTitle,
        questions,
        attemptsUsed: found.othersFinished + (attempt.status === 'open' ? 0 : 1),
        anyPassed: found.otherPassed || attempt.passed === true,
      });
    });
  }

  /**
   * Grades what was saved (answers given one by one included) and closes the attempt; a submit's
   * last answers (`given`) count too, answers after the deadline (`late`) are kept apart. A pass
   * opens the next module.
   */
  private async close(
    attempt: AttemptEntity,
    status: 'submitted' | 'expired',
    course: CatalogRow,
    extra: {
      given?: Record<string, Response>;
      late?: Record<string, Response> | null;
      /** The served questions when the caller has them already. */
      questions?: Map<string, QuestionEntity>;
    } = {},
  ): Promise<AttemptEntity> {
    const module = course.content.modules.find((candidate) => candidate.id === attempt.moduleId);
    const questions = extra.questions ?? byIdOf(await this.servedQuestions(attempt));
    const answers = { ...answersWithDrafts(attempt, questions), ...(extra.given ?? {}) };
    const credits = attempt.served.map((served) => {
      const question = questions.get(served.questionId);
      return question
        ? gradeResponse(question.answerKey.key, answers[served.questionId], {
            partialCredit: module?.quiz?.partialCredit,
          })
        : 0;
    });
    const score = scorePercent(credits);
    // The pre-test is ungraded: its score measures the starting point, it passes nothing.
    const passed = isGraded(attempt.moduleId) && score >= course.content.passingScore;
    const now = this.clock.now();
    const lateAnswers = extra.late ?? null;
    // The grade, the learner's progress and the audit event in one statement.
    const outcome = this.learning.quizOutcomePart(
      'outcome',
      FINISHED,
      attempt.enrolmentId,
      attempt.moduleId,
      {
        passed,
        submitted: status === 'submitted',
      },
    );
    const audit = this.audit.recordPart('audit', FINISHED, {
      action: 'quiz.attempt_graded',
      subjectType: 'quiz_attempt',
      subjectId: attempt.id,
      details: { moduleId: attempt.moduleId, number: attempt.number, status, score, passed },
    });
    const finished = await this.attempts.finish(
      attempt.id,
      { status, answers, lateAnswers, score, passed, now },
      [outcome.part, audit.part],
    );
    if (!finished) {
      // Closed meanwhile by another request: its result stands.
      return (await this.attempts.findById(attempt.id))!;
    }
    audit.recorded();
    await outcome.recorded();
    return { ...attempt, status, answers, lateAnswers, score, passed, finishedAt: now, drafts: {} };
  }

  /** The attempt as its learner may see it now; an open attempt past its deadline is closed first. */
  async view(userId: string, attemptId: string): Promise<AttemptView> {
    const owned = await this.owned(userId, attemptId);
    const { course, settings, moduleTitle } = owned;
    let { attempt } = owned;
    const now = this.clock.now();
    if (attempt.status === 'open' && isPastDeadline(attempt.deadlineAt, now)) {
      await this.expire(attempt, course);
      attempt = (await this.attempts.findById(attemptId))!;
    }
    const all = await this.attempts.findForQuiz(attempt.enrolmentId, attempt.moduleId);
    const questions = await this.servedQuestions(attempt);
    return this.viewOf({
      attempt,
      course,
      settings,
      moduleTitle,
      questions,
      attemptsUsed: all.filter((candidate) => candidate.status !== 'open').length,
      anyPassed: all.some((candidate) => candidate.passed),
    });
  }

  /** What the learner may see of an attempt, given its quiz's attempts used and whether any passed. */
  private viewOf(parts: {
    attempt: AttemptEntity;
    course: CatalogRow;
    settings: QuizSettingsDto;
    moduleTitle: string;
    questions: QuestionEntity[];
    attemptsUsed: number;
    anyPassed: boolean;
  }): AttemptView {
    const { attempt, course, settings, moduleTitle, questions, attemptsUsed, anyPassed } = parts;
    const now = this.clock.now();
    const review: ReviewLevel =
      attempt.status === 'open'
        ? 'none'
        : attempt.moduleId === PRETEST_ID
          ? 'score_only'
          : anyPassed || attemptsUsed >= settings.attemptsLimit
            ? 'full'
            : settings.reviewPolicy;
    const open = attempt.status === 'open';
    return {
      attempt: open ? { ...attempt, answers: answersWithDrafts(attempt, byIdOf(questions)) } : attempt,
      course,
      moduleTitle,
      settings,
      passingScore: course.content.passingScore,
      questions,
      attemptsUsed,
      review,
      graded: isGraded(attempt.moduleId),
      timeLeftMs:
        open && attempt.deadlineAt ? Math.max(0, attempt.deadlineAt.getTime() - now.getTime()) : null,
    };
  }
}

/**
 * An attempt's saved answers with those given one by one since (its drafts, newer), each in the
 * authored ids and checked against its question: a draft that is no answer to it is left out.
 */
function answersWithDrafts(
  attempt: AttemptEntity,
  questions: Map<string, QuestionEntity>,
): Record<string, Response> {
  const answers = { ...attempt.answers };
  const served = new Map(attempt.served.map((question) => [question.questionId, question]));
  for (const [questionId, shown] of Object.entries(attempt.drafts ?? {})) {
    const servedQuestion = served.get(questionId);
    const question = questions.get(questionId);
    if (!servedQuestion || !question) {
      continue;
    }
    if (shown === null) {
      delete answers[questionId];
      continue;
    }
    const response = fromShown(servedQuestion, shown);
    if (isResponseShaped(question, response)) {
      answers[questionId] = response;
    }
  }
  return answers;
}

/** Checks answers (in the ids shown) against the questions served; throws BAD_ANSWER naming the question. */
function checkedAgainst(
  attempt: AttemptEntity,
  questions: Map<string, QuestionEntity>,
  answers: Record<string, unknown>,
): Record<string, Response> {
  const served = new Map(attempt.served.map((question) => [question.questionId, question]));
  const checked: Record<string, Response> = {};
  for (const [questionId, shown] of Object.entries(answers)) {
    const question = questions.get(questionId);
    const servedQuestion = served.get(questionId);
    if (!servedQuestion || !question) {
      throw new AssessmentError(
        AssessmentErrorCode.BAD_ANSWER,
        `answers.${questionId} is not a question of this attempt`,
        `answers.${questionId}`,
      );
    }
    // The learner answers in the ids they were shown; grading reads the authored ones.
    const response = fromShown(servedQuestion, shown);
    if (!isResponseShaped(question, response)) {
      throw new AssessmentError(
        AssessmentErrorCode.BAD_ANSWER,
        `answers.${questionId} is not a valid ${question.type} answer`,
        `answers.${questionId}`,
      );
    }
    checked[questionId] = response;
  }
  return checked;
}

function byIdOf(questions: QuestionEntity[]): Map<string, QuestionEntity> {
  return new Map(questions.map((question) => [question.id, question]));
}
