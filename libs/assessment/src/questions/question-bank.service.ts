import { Injectable } from '@nestjs/common';
import { CatalogService, CoursesService } from '@academy/catalog';
import { AuditService, Clock, Database } from '@academy/core';
import { AssessmentError, AssessmentErrorCode } from '../assessment-error';
import { AttemptRepository } from '../attempts/attempt.repository';
import { ItemStatistics, itemStatistics } from './item-analysis';
import type { AnswerRecord, QuestionEntity } from './question.entity';
import { QuestionRepository } from './question.repository';
import type { AnswerKey, QuestionBody, QuestionType } from './question.types';

/** A question as an author writes it: body and key together (split when stored). */
export interface QuestionInput {
  id?: string;
  type: QuestionBody['type'];
  prompt: string;
  options?: { id: string; text: string }[];
  items?: { id: string; text: string }[];
  unit?: string;
  correct?: string | string[] | boolean;
  answer?: number;
  tolerance?: number;
  explanation: string;
  reference: string;
  tags?: string[];
}

/** Splits an authored question into what learners see and the key, refusing inconsistent ones. */
export function splitQuestion(input: QuestionInput): { body: QuestionBody; key: AnswerKey } {
  const bad = (message: string): never => {
    throw new AssessmentError(AssessmentErrorCode.BAD_QUESTION, message);
  };
  const choices = (list: { id: string; text: string }[] | undefined, name: string, min: number) => {
    if (!list || list.length < min || new Set(list.map((choice) => choice.id)).size !== list.length) {
      bad(`${name} must list at least ${min} choices with distinct ids`);
    }
    return list!;
  };
  switch (input.type) {
    case 'single': {
      const options = choices(input.options, 'options', 2);
      if (typeof input.correct !== 'string' || !options.some((option) => option.id === input.correct)) {
        bad('correct must be the id of one option');
      }
      return {
        body: { type: 'single', prompt: input.prompt, options },
        key: { type: 'single', correct: input.correct as string },
      };
    }
    case 'multiple': {
      const options = choices(input.options, 'options', 2);
      const correct = input.correct;
      if (
        !Array.isArray(correct) ||
        correct.length === 0 ||
        !correct.every((id) => options.some((option) => option.id === id))
      ) {
        bad('correct must list the ids of the right options');
      }
      return {
        body: { type: 'multiple', prompt: input.prompt, options },
        key: { type: 'multiple', correct: correct as string[] },
      };
    }
    case 'true_false':
      if (typeof input.correct !== 'boolean') {
        bad('correct must be true or false');
      }
      return {
        body: { type: 'true_false', prompt: input.prompt },
        key: { type: 'true_false', correct: input.correct as boolean },
      };
    case 'numeric':
      if (typeof input.answer !== 'number' || typeof input.tolerance !== 'number' || input.tolerance < 0) {
        bad('answer and a tolerance of 0 or more are required');
      }
      return {
        body: { type: 'numeric', prompt: input.prompt, unit: input.unit ?? '' },
        key: { type: 'numeric', answer: input.answer!, tolerance: input.tolerance! },
      };
    case 'ordering': {
      const items = choices(input.items, 'items', 2);
      return {
        body: { type: 'ordering', prompt: input.prompt, items },
        key: { type: 'ordering', order: items.map((item) => item.id) },
      };
    }
  }
}

/** One question of a bank with its statistics. */
export interface ItemAnalysisRow extends ItemStatistics {
  type: QuestionType;
  prompt: string;
  retiredAt: Date | null;
}

/** Item analysis of a module's bank over every graded attempt at its quiz. */
export interface ItemAnalysis {
  courseId: string;
  moduleId: string;
  /** From the latest version of the course; null when no version has this module any more. */
  moduleTitle: string | null;
  /** Graded attempts analysed. */
  attempts: number;
  partialCredit: boolean;
  /** Active questions first, then retired ones, each in bank order. */
  items: ItemAnalysisRow[];
}

/** Question banks per course module, written by admins; quizzes draw from them. */
@Injectable()
export class QuestionBankService {
  constructor(
    private readonly db: Database,
    private readonly questions: QuestionRepository,
    private readonly attempts: AttemptRepository,
    private readonly courses: CoursesService,
    private readonly catalog: CatalogService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async add(courseId: string, moduleId: string, input: QuestionInput): Promise<QuestionEntity> {
    await this.courses.getCourse(courseId);
    const { body, key } = splitQuestion(input);
    const answerKey: AnswerRecord = { key, explanation: input.explanation, reference: input.reference };
    return this.db.withTransaction(async () => {
      const question = await this.questions.insert({
        ...(input.id ? { id: input.id } : {}),
        courseId,
        moduleId,
        type: body.type,
        body,
        answerKey,
        tags: input.tags ?? [],
        createdAt: this.clock.now(),
        retiredAt: null,
      });
      await this.audit.record({
        action: 'question.created',
        subjectType: 'question',
        subjectId: question.id,
        details: { courseId, moduleId, type: body.type },
      });
      return question;
    });
  }

  async list(courseId: string, moduleId: string): Promise<QuestionEntity[]> {
    await this.courses.getCourse(courseId);
    return this.questions.findActive(courseId, moduleId);
  }

  /**
   * Difficulty, discrimination and option choices of every question of a module's bank (retired
   * ones included: past attempts served them), graded as the quiz grades; flags the questions
   * outside sensible bounds.
   */
  async itemAnalysis(courseId: string, moduleId: string): Promise<ItemAnalysis> {
    await this.courses.getCourse(courseId);
    const [history, questions, attempts] = await Promise.all([
      this.courses.history(courseId),
      this.questions.findAllOfModule(courseId, moduleId),
      this.attempts.findGradedOfModule(courseId, moduleId),
    ]);
    const latest = history[0] ? await this.courses.getVersion(courseId, history[0].number) : null;
    const module = latest?.content.modules.find((candidate) => candidate.id === moduleId);
    const partialCredit = module?.quiz?.partialCredit ?? false;
    const statistics = itemStatistics(
      questions.map((question) => ({ id: question.id, body: question.body, key: question.answerKey.key })),
      attempts.map((attempt) => ({
        served: attempt.served.map((served) => served.questionId),
        answers: attempt.answers,
      })),
      { partialCredit },
    );
    const items = questions.map((question, index) => ({
      ...statistics[index]!,
      type: question.type,
      prompt: question.body.prompt,
      retiredAt: question.retiredAt,
    }));
    return {
      courseId,
      moduleId,
      moduleTitle: module?.title ?? null,
      attempts: attempts.length,
      partialCredit,
      items: [
        ...items.filter((item) => item.retiredAt === null),
        ...items.filter((item) => item.retiredAt !== null),
      ],
    };
  }

  async retire(questionId: string): Promise<QuestionEntity> {
    return this.db.withTransaction(async () => {
      const question = await this.questions.findById(questionId);
      if (!question) {
        throw new AssessmentError(AssessmentErrorCode.QUESTION_NOT_FOUND, 'No such question.');
      }
      if (await this.questions.retire(questionId, this.clock.now())) {
        await this.audit.record({
          action: 'question.retired',
          subjectType: 'question',
          subjectId: questionId,
        });
      }
      return (await this.questions.findById(questionId))!;
    });
  }

  /** Loads shipped banks (the demo's) into a published course, once. */
  async importBanks(document: {
    courseSlug: string;
    banks: { moduleId: string; questions: QuestionInput[] }[];
  }): Promise<number> {
    const course = await this.catalog.getPublished(document.courseSlug);
    if ((await this.questions.countForCourse(course.courseId)) > 0) {
      return 0;
    }
    let added = 0;
    for (const bank of document.banks) {
      for (const question of bank.questions) {
        await this.add(course.courseId, bank.moduleId, question);
        added += 1;
      }
    }
    return added;
  }
}
