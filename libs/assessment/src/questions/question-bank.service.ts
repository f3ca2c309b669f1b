import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  CatalogError,
  CatalogErrorCode,
  CatalogService,
  CoursesService,
  PRETEST_POOL_ID,
  pretestFromDocument,
} from '@academy/catalog';
import type { CourseContent, DocumentQuestion, LintNote } from '@academy/catalog';
import { AuditService, Clock, Database, pgConstraint } from '@academy/core';
import { AssessmentError, AssessmentErrorCode } from '../assessment-error';
import { AttemptRepository } from '../attempts/attempt.repository';
import { groupStatistics, ItemStatistics, itemStatistics } from './item-analysis';
import type { AnswerRecord, QuestionDifficulty, QuestionEntity } from './question.entity';
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
  /** How hard the author means it to be. */
  difficulty?: QuestionDifficulty | null;
  /** The objective it measures: 1-based among its module's objectives (null: none; absent on an edit: unchanged). */
  objective?: number | null;
  /** In the pre-test's pool: the module (by id) whose objective it measures. */
  objectiveModule?: string;
  /** Why the author keeps item-writing warnings about it (absent on an edit: unchanged). */
  lintNotes?: LintNote[];
}

/** The objective a question is tagged with, as stored: its module and its position there. */
export interface ObjectiveTag {
  objectiveModuleId: string | null;
  objective: number | null;
}

/**
 * The objective tag of a question for the bank `moduleId` (a module's, or the pre-test pool), checked
 * against the draft's content: the objective must be one its module states.
 */
export function objectiveTagOf(content: CourseContent, moduleId: string, input: QuestionInput): ObjectiveTag {
  if (input.objective === undefined || input.objective === null) {
    return { objectiveModuleId: null, objective: null };
  }
  const target = moduleId === PRETEST_POOL_ID ? input.objectiveModule : moduleId;
  const module = content.modules.find((candidate) => candidate.id === target);
  if (!module) {
    throw new AssessmentError(
      AssessmentErrorCode.BAD_QUESTION,
      'Choose the module and the objective the question measures.',
      'objective',
    );
  }
  if (
    !Number.isInteger(input.objective) ||
    input.objective < 1 ||
    input.objective > module.objectives.length
  ) {
    throw new AssessmentError(
      AssessmentErrorCode.BAD_QUESTION,
      `Choose one of the module’s ${module.objectives.length} objectives.`,
      'objective',
    );
  }
  return { objectiveModuleId: module.id, objective: input.objective };
}

/** Splits an authored question into what learners see and the key, refusing inconsistent ones. */
export function splitQuestion(input: QuestionInput): { body: QuestionBody; key: AnswerKey } {
  const bad = (message: string, field: string): never => {
    throw new AssessmentError(AssessmentErrorCode.BAD_QUESTION, message, field);
  };
  const choices = (list: { id: string; text: string }[] | undefined, name: string, min: number) => {
    if (!list || list.length < min || new Set(list.map((choice) => choice.id)).size !== list.length) {
      bad(`${name} must list at least ${min} choices with distinct ids`, name);
    }
    return list!;
  };
  switch (input.type) {
    case 'single': {
      const options = choices(input.options, 'options', 2);
      if (typeof input.correct !== 'string' || !options.some((option) => option.id === input.correct)) {
        bad('correct must be the id of one option', 'correct');
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
        bad('correct must list the ids of the right options', 'correct');
      }
      return {
        body: { type: 'multiple', prompt: input.prompt, options },
        key: { type: 'multiple', correct: correct as string[] },
      };
    }
    case 'true_false':
      if (typeof input.correct !== 'boolean') {
        bad('correct must be true or false', 'correct');
      }
      return {
        body: { type: 'true_false', prompt: input.prompt },
        key: { type: 'true_false', correct: input.correct as boolean },
      };
    case 'numeric':
      if (typeof input.answer !== 'number' || typeof input.tolerance !== 'number' || input.tolerance < 0) {
        bad(
          'answer and a tolerance of 0 or more are required',
          typeof input.answer !== 'number' ? 'answer' : 'tolerance',
        );
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

/** One item of a bank in one version, with its statistics there. */
export interface ItemVersionRow extends ItemStatistics {
  versionNumber: number;
  versionStatus: string;
  prompt: string;
  retiredAt: Date | null;
}

/** One item of a bank followed across versions (its lineage), with its statistics. */
export interface ItemAnalysisRow extends ItemStatistics {
  /** Its row in the newest version that has it (what a retire acts on). */
  questionId: string;
  lineageId: string;
  /** The item this one replaced, by the prompt it had. */
  replacesPrompt: string | null;
  type: QuestionType;
  prompt: string;
  /** Retired in the newest version that has it, or left out of the latest version. */
  retiredAt: Date | null;
  /** The same statistics per version, oldest first. */
  versions: ItemVersionRow[];
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

/** A version's bank of one module, as the authoring page shows it. */
export interface VersionBank {
  versionId: string;
  versionNumber: number;
  status: string;
  /** Only a draft's items may be added, edited, retired or replaced. */
  editable: boolean;
  /** Every item, retired ones too, in bank order. */
  items: QuestionEntity[];
  /** Prompt of the item each replacement replaced, by lineage id. */
  replacedPrompts: Map<string, string>;
  /** Every version number of the course, newest first, for choosing another. */
  versions: { number: number; status: string }[];
}

const FROZEN_MESSAGE =
  'This version of the course has been published, so its questions no longer change. Start a new draft to edit them.';

/** Writes refused by the version guard (the version was published meanwhile) read as VERSION_FROZEN. */
function asFrozen(error: unknown): unknown {
  return pgConstraint(error) === 'question_version_frozen'
    ? new AssessmentError(AssessmentErrorCode.VERSION_FROZEN, FROZEN_MESSAGE)
    : error;
}

/**
 * Question banks per course version and module, written by admins in a draft; quizzes draw from
 * the learner's version. Publishing freezes a draft's items; the next draft starts from copies
 * that keep each item's lineage.
 */
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

  /** Adds a question to the course's draft (refused without one: published versions never change). */
  async add(courseId: string, moduleId: string, input: QuestionInput): Promise<QuestionEntity> {
    const [question] = await this.addAll(courseId, [{ moduleId, input }]);
    return question!;
  }

  /**
   * Adds questions to modules of the course's draft in one transaction: every one, or none when
   * one is refused. The draft is read and marked changed once; each question is audited.
   */
  async addAll(
    courseId: string,
    items: { moduleId: string; input: QuestionInput }[],
  ): Promise<QuestionEntity[]> {
    const draft = await this.courses.getDraft(courseId);
    // Every question is checked before anything is written.
    const prepared = items.map(({ moduleId, input }) => {
      const { body, key } = splitQuestion(input);
      const answerKey: AnswerRecord = { key, explanation: input.explanation, reference: input.reference };
      return { moduleId, input, body, answerKey, tag: objectiveTagOf(draft.content, moduleId, input) };
    });
    try {
      return await this.db.withTransaction(async () => {
        const revision = await this.draftChanged(courseId, draft.id);
        const added: QuestionEntity[] = [];
        for (const { moduleId, input, body, answerKey, tag } of prepared) {
          const id = input.id ?? randomUUID();
          const question = await this.questions.insert({
            id,
            courseId,
            courseVersionId: draft.id,
            lineageId: id,
            replacesLineageId: null,
            difficulty: input.difficulty ?? null,
            revisedAt: null,
            moduleId,
            type: body.type,
            body,
            answerKey,
            tags: input.tags ?? [],
            ...tag,
            lintNotes: input.lintNotes ?? [],
            createdAt: this.clock.now(),
            retiredAt: null,
          });
          await this.audit.record({
            action: 'question.created',
            subjectType: 'question',
            subjectId: question.id,
            details: { courseId, moduleId, version: draft.number, type: body.type, revision },
          });
          added.push(question);
        }
        return added;
      });
    } catch (error) {
      throw asFrozen(error);
    }
  }

  /** The active questions of a module in the course's draft, or else its published version. */
  async list(courseId: string, moduleId: string): Promise<QuestionEntity[]> {
    const bank = await this.versionBank(courseId, moduleId);
    return bank.items.filter((question) => question.retiredAt === null);
  }

  /**
   * A module's bank in one version: `number` when given, else the draft, else the published
   * version, else the latest.
   */
  async versionBank(courseId: string, moduleId: string, number?: number): Promise<VersionBank> {
    const history = await this.courses.history(courseId);
    const version =
      number !== undefined
        ? history.find((candidate) => candidate.number === number)
        : (history.find((candidate) => candidate.status === 'draft') ??
          history.find((candidate) => candidate.status === 'published') ??
          history[0]);
    if (!version) {
      throw new AssessmentError(
        AssessmentErrorCode.QUESTION_NOT_FOUND,
        number !== undefined ? `This course has no version ${number}.` : 'This course has no version yet.',
      );
    }
    const items = await this.questions.findOfVersion(version.id, moduleId);
    const replaced = items.flatMap((item) => (item.replacesLineageId ? [item.replacesLineageId] : []));
    const replacedPrompts = new Map<string, string>();
    if (replaced.length > 0) {
      for (const question of await this.questions.findAllOfModule(courseId, moduleId)) {
        if (replaced.includes(question.lineageId)) {
          replacedPrompts.set(question.lineageId, question.body.prompt);
        }
      }
    }
    return {
      versionId: version.id,
      versionNumber: version.number,
      status: version.status,
      editable: version.status === 'draft',
      items,
      replacedPrompts,
      versions: history.map((candidate) => ({ number: candidate.number, status: candidate.status })),
    };
  }

  async get(questionId: string): Promise<QuestionEntity> {
    const question = await this.questions.findById(questionId);
    if (!question) {
      throw new AssessmentError(AssessmentErrorCode.QUESTION_NOT_FOUND, 'No such question.');
    }
    return question;
  }

  /**
   * Rewrites a draft's question (stem, choices, key, explanation, reference, difficulty), keeping
   * its lineage. Refused for a published version's question, even one published a moment ago.
   */
  async edit(questionId: string, input: QuestionInput): Promise<QuestionEntity> {
    const { body, key } = splitQuestion(input);
    try {
      return await this.db.withTransaction(async () => {
        const question = await this.draftQuestion(questionId);
        const tag =
          input.objective === undefined
            ? { objectiveModuleId: question.objectiveModuleId, objective: question.objective }
            : objectiveTagOf(
                (await this.courses.getDraft(question.courseId)).content,
                question.moduleId,
                input,
              );
        const revision = await this.draftChanged(question.courseId, question.courseVersionId);
        const revised = await this.questions.revise(
          questionId,
          {
            type: body.type,
            body,
            answerKey: { key, explanation: input.explanation, reference: input.reference },
            tags: input.tags ?? question.tags,
            difficulty: input.difficulty === undefined ? question.difficulty : input.difficulty,
            ...tag,
            lintNotes: input.lintNotes ?? question.lintNotes,
          },
          this.clock.now(),
        );
        if (!revised) {
          throw new AssessmentError(
            AssessmentErrorCode.QUESTION_RETIRED,
            'This question is retired in the draft; replace it or add a new one instead.',
          );
        }
        await this.audit.record({
          action: 'question.revised',
          subjectType: 'question',
          subjectId: questionId,
          details: { courseId: question.courseId, lineageId: question.lineageId, type: body.type, revision },
        });
        return (await this.questions.findById(questionId))!;
      });
    } catch (error) {
      throw asFrozen(error);
    }
  }

  /**
   * Retires an item from the course's draft: it leaves the next version and stays in earlier
   * ones. Given a published version's question, retires its lineage's copy in the draft; with
   * `startDraft` (the item analysis's one click), a course without a draft gets one first.
   */
  async retire(questionId: string, options: { startDraft?: boolean } = {}): Promise<QuestionEntity> {
    const target = await this.get(questionId);
    if (options.startDraft && !(await this.courses.getDraft(target.courseId).catch(() => null))) {
      await this.courses.startDraft(target.courseId).catch((error: unknown) => {
        // Someone else started it meanwhile: retire in theirs.
        if (!(error instanceof CatalogError && error.code === CatalogErrorCode.DRAFT_EXISTS)) {
          throw error;
        }
      });
    }
    try {
      return await this.db.withTransaction(async () => {
        const question = await this.inDraft(target);
        if (question.retiredAt !== null) {
          return question;
        }
        const revision = await this.draftChanged(question.courseId, question.courseVersionId);
        if (await this.questions.retire(question.id, this.clock.now())) {
          await this.audit.record({
            action: 'question.retired',
            subjectType: 'question',
            subjectId: question.id,
            details: { courseId: question.courseId, lineageId: question.lineageId, revision },
          });
        }
        return (await this.questions.findById(question.id))!;
      });
    } catch (error) {
      throw asFrozen(error);
    }
  }

  /**
   * Replaces a draft's item by a new one (a new lineage that records the one it replaces); the
   * old one is retired in the draft, and stays in the versions before.
   */
  async replace(questionId: string, input: QuestionInput): Promise<QuestionEntity> {
    const { body, key } = splitQuestion(input);
    try {
      return await this.db.withTransaction(async () => {
        const old = await this.inDraft(await this.get(questionId));
        const tag =
          input.objective === undefined
            ? { objectiveModuleId: old.objectiveModuleId, objective: old.objective }
            : objectiveTagOf((await this.courses.getDraft(old.courseId)).content, old.moduleId, input);
        const revision = await this.draftChanged(old.courseId, old.courseVersionId);
        if (!(await this.questions.retire(old.id, this.clock.now()))) {
          throw new AssessmentError(
            AssessmentErrorCode.QUESTION_RETIRED,
            'This question is already retired in the draft; add a new question instead.',
          );
        }
        const id = randomUUID();
        const replacement = await this.questions.insert({
          id,
          courseId: old.courseId,
          courseVersionId: old.courseVersionId,
          lineageId: id,
          replacesLineageId: old.lineageId,
          difficulty: input.difficulty ?? old.difficulty,
          revisedAt: null,
          moduleId: old.moduleId,
          type: body.type,
          body,
          answerKey: { key, explanation: input.explanation, reference: input.reference },
          tags: input.tags ?? old.tags,
          ...tag,
          // The warnings explained were the old item's; the new one is explained afresh.
          lintNotes: input.lintNotes ?? [],
          createdAt: this.clock.now(),
          retiredAt: null,
        });
        await this.audit.record({
          action: 'question.replaced',
          subjectType: 'question',
          subjectId: replacement.id,
          details: { courseId: old.courseId, replaces: old.id, replacesLineageId: old.lineageId, revision },
        });
        return replacement;
      });
    } catch (error) {
      throw asFrozen(error);
    }
  }

  /**
   * A question change is a change of the draft: its revision moves on (so a publish checklist
   * reviewed before the change is reviewed again). First in the transaction, so the draft row is
   * locked before the question is written; refused when the draft was published meanwhile.
   */
  private async draftChanged(courseId: string, versionId: string): Promise<number> {
    const revision = await this.courses.markDraftChanged(courseId, versionId);
    if (revision === null) {
      throw new AssessmentError(AssessmentErrorCode.VERSION_FROZEN, FROZEN_MESSAGE);
    }
    return revision;
  }

  /** A question that must be a draft's (for editing in place). */
  private async draftQuestion(questionId: string): Promise<QuestionEntity> {
    const question = await this.get(questionId);
    const draft = await this.courses.getDraft(question.courseId).catch(() => null);
    if (draft?.id !== question.courseVersionId) {
      throw new AssessmentError(AssessmentErrorCode.VERSION_FROZEN, FROZEN_MESSAGE);
    }
    return question;
  }

  /** The draft's copy of a question's item (the question itself when it is the draft's). */
  private async inDraft(question: QuestionEntity): Promise<QuestionEntity> {
    const draft = await this.courses.getDraft(question.courseId).catch(() => null);
    if (!draft) {
      throw new AssessmentError(AssessmentErrorCode.VERSION_FROZEN, FROZEN_MESSAGE);
    }
    if (draft.id === question.courseVersionId) {
      return question;
    }
    const copy = await this.questions.findInVersion(draft.id, question.lineageId);
    if (!copy) {
      throw new AssessmentError(
        AssessmentErrorCode.QUESTION_RETIRED,
        'This question is no longer in the draft: it was retired in an earlier version.',
      );
    }
    return copy;
  }

  /**
   * Difficulty, discrimination and option choices of every item of a module's bank, followed
   * across versions by lineage (retired ones included: past attempts served them), graded as
   * the quiz grades, with the same per version; flags the items outside sensible bounds.
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
    const versionOf = new Map(history.map((version) => [version.id, version]));
    const numberOf = (question: QuestionEntity) => versionOf.get(question.courseVersionId)?.number ?? 0;
    const graded = attempts.map((attempt) => ({
      served: attempt.served.map((served) => served.questionId),
      answers: attempt.answers,
    }));
    const analysed = questions.map((question) => ({
      id: question.id,
      body: question.body,
      key: question.answerKey.key,
    }));
    const perRow = new Map(
      itemStatistics(analysed, graded, { partialCredit }).map((row) => [row.questionId, row]),
    );
    // Each lineage's rows, oldest version first; the newest row speaks for the item.
    const lineages = new Map<string, QuestionEntity[]>();
    for (const question of questions) {
      lineages.set(question.lineageId, [...(lineages.get(question.lineageId) ?? []), question]);
    }
    const groups = [...lineages.values()].map((rows) => {
      rows.sort((left, right) => numberOf(left) - numberOf(right));
      const current = rows.at(-1)!;
      return { rows, current };
    });
    groups.sort(
      (left, right) =>
        left.rows[0]!.createdAt.getTime() - right.rows[0]!.createdAt.getTime() ||
        left.current.lineageId.localeCompare(right.current.lineageId),
    );
    const statistics = groupStatistics(
      analysed,
      groups.map(({ rows, current }) => ({
        id: current.lineageId,
        body: current.body,
        key: current.answerKey.key,
        members: rows.map((row) => row.id),
      })),
      graded,
      { partialCredit },
    );
    const promptOfLineage = new Map(groups.map(({ current }) => [current.lineageId, current.body.prompt]));
    const items: ItemAnalysisRow[] = groups.map(({ rows, current }, index) => ({
      ...statistics[index]!,
      questionId: current.id,
      lineageId: current.lineageId,
      replacesPrompt: current.replacesLineageId
        ? (promptOfLineage.get(current.replacesLineageId) ?? null)
        : null,
      type: current.type,
      prompt: current.body.prompt,
      retiredAt: current.retiredAt,
      versions: rows.map((row) => ({
        ...perRow.get(row.id)!,
        versionNumber: numberOf(row),
        versionStatus: versionOf.get(row.courseVersionId)?.status ?? 'archived',
        prompt: row.body.prompt,
        retiredAt: row.retiredAt,
      })),
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

  /**
   * Loads shipped banks (the demo's) into a published course, once, as an author would: in a
   * new draft, then published, so the version learners were given never changes. One
   * transaction: a course gets all its banks or none (and the next start tries again).
   */
  async importBanks(document: {
    courseSlug: string;
    banks: { moduleId: string; questions: QuestionInput[] }[];
    /** The pre-test's own pool, each question naming its module by position (`module`). */
    pretest?: { questions: (QuestionInput & { module?: number })[] };
  }): Promise<number> {
    return this.db.withTransaction(async () => {
      const course = await this.catalog.getPublished(document.courseSlug);
      if ((await this.questions.countForCourse(course.courseId)) > 0) {
        return 0;
      }
      if (!(await this.courses.getDraft(course.courseId).catch(() => null))) {
        await this.courses.startDraft(course.courseId);
      }
      const draft = await this.courses.getDraft(course.courseId);
      const pretest = pretestFromDocument(
        (document.pretest?.questions ?? []) as unknown[] as DocumentQuestion[],
        draft.content.modules,
      ) as unknown[] as QuestionInput[];
      const added = await this.addAll(
        course.courseId,
        [...document.banks, { moduleId: PRETEST_POOL_ID, questions: pretest }].flatMap((bank) =>
          bank.questions.map((input) => ({ moduleId: bank.moduleId, input })),
        ),
      );
      await this.courses.publish(course.courseId, (await this.courses.getDraft(course.courseId)).revision);
      return added.length;
    });
  }
}
