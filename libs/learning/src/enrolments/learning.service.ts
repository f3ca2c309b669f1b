import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { CatalogRow, CatalogService, renderMarkdown } from '@academy/catalog';
import type { CourseContent, CourseModule, Lesson } from '@academy/catalog';
import { AuditService, Clock, Database, emitInTurn } from '@academy/core';
import type { SqlExpression, SqlPart } from '@academy/core';
import { LearningError, LearningErrorCode } from '../learning-error';
import { EnrolmentEntity } from './enrolment.entity';
import { EnrolmentRepository } from './enrolment.repository';
import { StudyRecordRepository } from '../credit/study-record.repository';
import { moduleLockReason } from '../course-steps/course-steps';

/** One of a learner's courses with how far they are. */
export interface EnrolmentSummary {
  enrolment: EnrolmentEntity;
  course: CatalogRow;
  lessonsSeen: number;
  lessonsTotal: number;
  quizzesPassed: number;
  quizzesTotal: number;
  evaluated: boolean;
  claimed: boolean;
  labRequired: boolean;
  /** The lab requirement is met (the course requires a lab and the checklist is signed at the required levels). */
  labCompleted: boolean;
  /** Whole percentage of the steps done: lessons, quizzes, evaluation, credit claim, and the lab when required. */
  progress: number;
}

/** A course of the learner with the lessons they have seen and the modules they have passed. */
export type EnrolmentDetail = EnrolmentSummary & { seen: Set<string>; passed: Set<string> };

/**
 * Emitted inside the transaction of every step that can complete a course (a quiz passed,
 * disclosures acknowledged, the evaluation, a credit claim, the lab signed off). Listeners run in
 * that transaction: what they write commits or rolls back with the step.
 */
export const ENROLMENT_PROGRESSED = 'learning.enrolment_progressed';

export class EnrolmentProgressed {
  constructor(readonly enrolmentId: string) {}
}

/** Everything the completion rule looks at, read with the enrolment row locked. */
export interface CompletionState {
  enrolment: EnrolmentEntity;
  course: CatalogRow;
  passed: Set<string>;
  evaluated: boolean;
  claims: { type: string; amount: number; claimedAt: Date }[];
  /** The boards the learner chose, at the claim step, to have this completion reported to. */
  reportTo: string[];
}

export interface LessonPosition {
  module: CourseModule;
  lesson: Lesson;
  previous: Lesson | null;
  next: Lesson | null;
}

/**
 * The modules a learner may open: the first always; each next one once the one before is
 * passed (or has no quiz). A course can turn this gating off.
 */
export function unlockedModuleIds(content: CourseContent, passed: Set<string>): Set<string> {
  if (content.moduleGating === false) {
    return new Set(content.modules.map((module) => module.id));
  }
  const unlocked = new Set<string>();
  for (const [index, module] of content.modules.entries()) {
    const previous = content.modules[index - 1];
    if (!previous || (unlocked.has(previous.id) && (passed.has(previous.id) || !previous.quiz))) {
      unlocked.add(module.id);
    } else {
      break;
    }
  }
  return unlocked;
}

function lessonsOf(content: CourseContent): Lesson[] {
  return content.modules.flatMap((module) => module.lessons);
}

/**
 * How far a learner is: every lesson, every quiz, the evaluation and the credit claim are a step
 * each, and the skills lab one more where the course requires it (it cannot be done online).
 */
export function progressOf(
  seen: Set<string>,
  passed: Set<string>,
  finishing: { evaluated: boolean; claimed: boolean; labCompleted?: boolean },
  content: CourseContent,
): Omit<EnrolmentSummary, 'enrolment' | 'course'> {
  const labCompleted = content.skillsLabRequired && finishing.labCompleted === true;
  const lessons = lessonsOf(content);
  const quizzes = content.modules.filter((module) => module.quiz);
  const lessonsSeen = lessons.filter((lesson) => seen.has(lesson.id)).length;
  const quizzesPassed = quizzes.filter((module) => passed.has(module.id)).length;
  const done =
    lessonsSeen +
    quizzesPassed +
    Number(finishing.evaluated) +
    Number(finishing.claimed) +
    Number(labCompleted);
  const total = lessons.length + quizzes.length + 2 + Number(content.skillsLabRequired);
  return {
    lessonsSeen,
    lessonsTotal: lessons.length,
    quizzesPassed,
    quizzesTotal: quizzes.length,
    evaluated: finishing.evaluated,
    claimed: finishing.claimed,
    labRequired: content.skillsLabRequired,
    labCompleted,
    progress: Math.floor((100 * done) / total),
  };
}

/**
 * Enrolment and study. A learner enrols in the version published at that moment and stays on
 * it, even after the course is revised; opening a lesson marks it seen.
 */
@Injectable()
export class LearningService {
  constructor(
    private readonly db: Database,
    private readonly enrolments: EnrolmentRepository,
    private readonly records: StudyRecordRepository,
    private readonly catalog: CatalogService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly events: EventEmitter2,
  ) {}

  /** Tells listeners (certificates) that an enrolment moved on; call inside the step's transaction. */
  async progressed(enrolmentId: string): Promise<void> {
    await emitInTurn(this.events, ENROLMENT_PROGRESSED, new EnrolmentProgressed(enrolmentId));
  }

  /**
   * Locks the enrolment row until the transaction ends, then reads what the completion rule
   * needs. Every step that can complete a course passes here after writing, so of two steps
   * completing at once the second to lock sees both: exactly one of them completes the course.
   */
  async completionState(enrolmentId: string): Promise<CompletionState | null> {
    const enrolment = await this.enrolments.lockById(enrolmentId);
    if (!enrolment) {
      return null;
    }
    // One after another: they share the transaction's connection.
    const [course] = await this.catalog.versions([enrolment.courseVersionId]);
    const facts = await this.enrolments.completionFacts(enrolment.id);
    return course ? { enrolment, course, ...facts } : null;
  }

  /** Enrols in the published version; enrolling again answers the existing enrolment. */
  async enrol(
    userId: string,
    courseIdOrSlug: string,
  ): Promise<{ enrolment: EnrolmentEntity; created: boolean }> {
    const course = await this.catalog.getPublished(courseIdOrSlug);
    return this.db.withTransaction(async () => {
      const result = await this.enrolments.insertIfAbsent({
        userId,
        courseId: course.courseId,
        courseVersionId: course.versionId,
        enrolledAt: this.clock.now(),
      });
      if (result.created) {
        await this.audit.record({
          action: 'enrolment.created',
          subjectType: 'enrolment',
          subjectId: result.enrolment.id,
          details: { courseId: course.courseId, version: course.number },
        });
      }
      return result;
    });
  }

  /** The learner's courses with progress, newest first (five queries, whatever their number). */
  async myCourses(userId: string): Promise<EnrolmentSummary[]> {
    return (await this.myCoursesInDetail(userId)).map(
      ({ seen: _seen, passed: _passed, ...summary }) => summary,
    );
  }

  /** The learner's courses with progress and the lessons seen and modules passed (five queries). */
  async myCoursesInDetail(userId: string): Promise<EnrolmentDetail[]> {
    return this.inDetail(await this.enrolments.findForUser(userId));
  }

  /**
   * Enrolments by id, anyone's, with progress (five queries, whatever their number): for staff
   * views of a group of learners (a cohort). Unknown ids are left out.
   */
  async enrolmentsInDetail(enrolmentIds: string[]): Promise<EnrolmentDetail[]> {
    return enrolmentIds.length === 0 ? [] : this.inDetail(await this.enrolments.findByIds(enrolmentIds));
  }

  private async inDetail(enrolments: EnrolmentEntity[]): Promise<EnrolmentDetail[]> {
    const ids = enrolments.map((enrolment) => enrolment.id);
    const [versions, seen, passed, finishing] = await Promise.all([
      this.catalog.versions(enrolments.map((enrolment) => enrolment.courseVersionId)),
      this.enrolments.seenLessons(ids),
      this.enrolments.passedModulesOf(ids),
      this.records.finishingSteps(ids),
    ]);
    const byId = new Map(versions.map((version) => [version.versionId, version]));
    return enrolments.flatMap((enrolment) => {
      const course = byId.get(enrolment.courseVersionId);
      const seenHere = seen.get(enrolment.id) ?? new Set<string>();
      const passedHere = passed.get(enrolment.id) ?? new Set<string>();
      return course
        ? [
            {
              enrolment,
              course,
              seen: seenHere,
              passed: passedHere,
              ...progressOf(
                seenHere,
                passedHere,
                {
                  ...(finishing.get(enrolment.id) ?? { evaluated: false, claimed: false }),
                  labCompleted: enrolment.labCompletedAt !== null,
                },
                course.content,
              ),
            },
          ]
        : [];
    });
  }

  /**
   * One enrolled course with what the learner has seen and passed (four queries: the enrolment,
   * then its lessons seen, modules passed and finishing steps); refused when not enrolled.
   */
  async myCourse(userId: string, courseSlug: string): Promise<EnrolmentDetail> {
    const { enrolment } = await this.enrolmentFor(userId, courseSlug);
    const [detail] = await this.inDetail([enrolment]);
    if (!detail) {
      throw new LearningError(LearningErrorCode.NOT_ENROLLED, 'You are not enrolled in this course.');
    }
    return detail;
  }

  /** An enrolment of this learner by id, with its course version (two queries); null when not theirs. */
  async enrolmentById(
    userId: string,
    enrolmentId: string,
  ): Promise<{ enrolment: EnrolmentEntity; course: CatalogRow } | null> {
    const enrolment = await this.enrolments.findByIdForUser(enrolmentId, userId);
    const [course] = enrolment ? await this.catalog.versions([enrolment.courseVersionId]) : [];
    return enrolment && course ? { enrolment, course } : null;
  }

  /**
   * The learner's enrolment in a course and the version it is on (one query: published versions
   * are read once per process); refused when not enrolled.
   */
  async enrolmentFor(
    userId: string,
    courseSlug: string,
  ): Promise<{ enrolment: EnrolmentEntity; course: CatalogRow }> {
    const enrolments = await this.enrolments.findForUser(userId);
    const versions = await this.catalog.versions(enrolments.map((enrolment) => enrolment.courseVersionId));
    const course = versions.find((version) => version.slug === courseSlug);
    const enrolment =
      course && enrolments.find((candidate) => candidate.courseVersionId === course.versionId);
    if (!course || !enrolment) {
      throw new LearningError(LearningErrorCode.NOT_ENROLLED, 'You are not enrolled in this course.');
    }
    return { enrolment, course };
  }

  /**
   * The learner's enrolment in a course with the version it is on and the modules passed (one
   * query; the catalog keeps frozen versions once read); null when not enrolled. For other
   * features' rules (e.g. lab booking eligibility).
   */
  async enrolmentInCourse(
    userId: string,
    courseId: string,
  ): Promise<{ enrolment: EnrolmentEntity; course: CatalogRow; passed: Set<string> } | null> {
    const found = await this.enrolments.findForUserAndCourseWithPassed(userId, courseId);
    if (!found) {
      return null;
    }
    const [course] = await this.catalog.versions([found.enrolment.courseVersionId]);
    return course ? { ...found, course } : null;
  }

  /**
   * Records whether the learner meets the skills-lab requirement; called by the skills lab in the
   * transaction that signs (or an admin amends) the checklist.
   */
  async recordLabOutcome(enrolmentId: string, met: boolean): Promise<void> {
    await this.enrolments.setLabCompleted(enrolmentId, met ? this.clock.now() : null);
    await this.progressed(enrolmentId);
  }

  /** Counts quiz work (starting, answering, submitting) as study time. */
  async recordQuizActivity(enrolmentId: string): Promise<void> {
    await this.records.recordActivity(enrolmentId, 'quiz', this.clock.now());
  }

  /** `recordQuizActivity` as a part of the statement that does the quiz work (see `SqlPart`). */
  quizActivityPart(name: string, when: SqlExpression, enrolmentId: string): SqlPart {
    return this.records.activityPart(name, when, enrolmentId, 'quiz', this.clock.now());
  }

  /** Records that the learner passed a module (its quiz). */
  recordModulePassed(enrolmentId: string, moduleId: string): Promise<void> {
    return this.recordQuizOutcome(enrolmentId, moduleId, { passed: true, submitted: false });
  }

  /**
   * Records what a graded attempt means for the learner's progress, in one statement: the module
   * passed (when it passed) and a moment of study (when the learner submitted it, not when it ran
   * out of time). Called by assessment in its transaction.
   */
  async recordQuizOutcome(
    enrolmentId: string,
    moduleId: string,
    outcome: { passed: boolean; submitted: boolean },
  ): Promise<void> {
    if (!outcome.passed && !outcome.submitted) {
      return;
    }
    await this.enrolments.recordQuizOutcome(enrolmentId, moduleId, { ...outcome, now: this.clock.now() });
    if (outcome.passed) {
      await this.progressed(enrolmentId);
    }
  }

  /**
   * `recordQuizOutcome` as a part of the statement that grades the attempt (see `SqlPart`): the
   * CTE `name` records the outcome when `when` holds there. Call `recorded` once the statement
   * has graded it: a pass moves the enrolment on.
   */
  quizOutcomePart(
    name: string,
    when: SqlExpression,
    enrolmentId: string,
    moduleId: string,
    outcome: { passed: boolean; submitted: boolean },
  ): { part: SqlPart; recorded: () => Promise<void> } {
    return {
      part: this.enrolments.quizOutcomePart(name, when, enrolmentId, moduleId, {
        ...outcome,
        now: this.clock.now(),
      }),
      recorded: async () => {
        if (outcome.passed) {
          await this.progressed(enrolmentId);
        }
      },
    };
  }

  passedModules(enrolmentId: string): Promise<Set<string>> {
    return this.enrolments.passedModules(enrolmentId);
  }

  /** Records that the learner read the disclosures and accreditation statement of their version. */
  async acknowledgeDisclosures(userId: string, courseSlug: string): Promise<EnrolmentEntity> {
    const { enrolment, course } = await this.enrolmentFor(userId, courseSlug);
    await this.db.withTransaction(async () => {
      if (await this.enrolments.acknowledgeDisclosures(enrolment.id, this.clock.now())) {
        await this.audit.record({
          action: 'enrolment.disclosures_acknowledged',
          subjectType: 'enrolment',
          subjectId: enrolment.id,
          details: { courseId: course.courseId, version: course.number },
        });
        await this.progressed(enrolment.id);
      }
    });
    return (await this.enrolmentFor(userId, courseSlug)).enrolment;
  }

  /** Refuses a module before the disclosures are acknowledged or before it is unlocked, saying why. */
  async assertModuleUnlocked(
    enrolment: EnrolmentEntity,
    content: CourseContent,
    moduleId: string,
  ): Promise<void> {
    if (!enrolment.disclosuresAcknowledgedAt) {
      throw new LearningError(
        LearningErrorCode.DISCLOSURES_NOT_ACKNOWLEDGED,
        "Read and acknowledge the course's disclosures and accreditation statement before you start.",
      );
    }
    const passed = await this.passedModules(enrolment.id);
    if (!unlockedModuleIds(content, passed).has(moduleId)) {
      throw new LearningError(
        LearningErrorCode.MODULE_LOCKED,
        `This module ${(moduleLockReason(content, passed, true, moduleId) ?? 'Opens later.').replace(/^O/, 'o')}`,
      );
    }
  }

  /** Opens a lesson of the learner's version, marks it seen, and answers it rendered with its neighbours. */
  async openLesson(
    userId: string,
    courseSlug: string,
    lessonId: string,
  ): Promise<LessonPosition & { html: string }> {
    const { enrolment, course } = await this.enrolmentFor(userId, courseSlug);
    const lessons = lessonsOf(course.content);
    const index = lessons.findIndex((lesson) => lesson.id === lessonId);
    const module = course.content.modules.find((candidate) =>
      candidate.lessons.some((lesson) => lesson.id === lessonId),
    );
    if (index < 0 || !module) {
      throw new LearningError(LearningErrorCode.LESSON_NOT_FOUND, 'This course has no such lesson.');
    }
    await this.assertModuleUnlocked(enrolment, course.content, module.id);
    await this.enrolments.recordLessonView(enrolment.id, lessonId, this.clock.now());
    const lesson = lessons[index]!;
    return {
      module,
      lesson,
      previous: lessons[index - 1] ?? null,
      next: lessons[index + 1] ?? null,
      html: renderMarkdown(lesson.markdown),
    };
  }
}
