import type { CatalogRow, CourseContent, CourseModule } from '@academy/catalog';
import type { Reader } from '@academy/core';

/**
 * Where a step stands for the learner:
 * - `done`: nothing left to do;
 * - `open`: the learner can do it now (its action says how);
 * - `waiting`: nothing the learner can do but wait (a waitlist place, a lab not yet scheduled);
 * - `locked`: an earlier step comes first (its detail names which, and what opens it).
 */
export type StepStatus = 'done' | 'open' | 'waiting' | 'locked';

/** One step of a course's checklist, as a page shows it. */
export interface CourseStep {
  /** Stable within a course: `disclosures`, `lessons:<module id>`, `quiz:<module id>`, `evaluation`, … */
  key: string;
  title: string;
  status: StepStatus;
  /** Needed for the certificate. Optional steps (the pre-test) are offered, never required. */
  required: boolean;
  /** An optional step the learner is best off doing now (the pre-test before the first lesson). */
  suggested?: boolean;
  /** One or two sentences: where the step is, or why it is locked and what opens it. */
  detail?: string;
  /** What to do, and where. */
  action?: { label: string; href: string };
  /** Parts of the step (the lessons of a module), each linked while it can be opened. */
  items?: { label: string; href?: string; done: boolean }[];
}

/**
 * Where another feature's steps go in the course's path. Learning owns the path (disclosures,
 * each module's lessons and quiz, the evaluation, the credit claim) and leaves these places for
 * steps it does not know about: before the modules, after them (before the evaluation), and after
 * the credit claim.
 */
export type StepPlace = 'before-modules' | 'after-modules' | 'after-credit';

/** What a feature is told about one enrolment to work out its steps. */
export interface CourseStepContext {
  enrolmentId: string;
  userId: string;
  course: CatalogRow;
  disclosuresAcknowledged: boolean;
  seen: ReadonlySet<string>;
  passed: ReadonlySet<string>;
  evaluated: boolean;
  claimed: boolean;
  /** The course requires a skills lab and the learner met it (recorded by the skills lab). */
  labCompleted: boolean;
  /** Everything the certificate needs is done: disclosures, quizzes, evaluation, credit, and the lab where required. */
  requirementsMet: boolean;
}

/**
 * A feature that contributes steps to every course's checklist (the skills lab, the
 * certificate). It registers with `CourseStepRegistry` at start; learning never names it, so the
 * order of the libs holds (those features depend on learning, not the other way round).
 */
export interface CourseStepSource {
  place: StepPlace;
  /** The steps of each enrolment, by enrolment id, in order; for many enrolments in a few queries. */
  stepsFor(contexts: CourseStepContext[], reader: Reader): Promise<Map<string, CourseStep[]>>;
}

/** A course's checklist with the one step to do next. */
export interface CourseChecklist {
  steps: CourseStep[];
  next: CourseStep | null;
  done: number;
  total: number;
}

/**
 * The one step to highlight: the first step, in order, the learner can do now (required, or an
 * optional one suggested now); else the first required step not done (what they wait for); when
 * every required step is done, the last step that offers something (the certificate).
 */
export function nextStepOf(steps: CourseStep[]): CourseStep | null {
  return (
    steps.find((step) => step.status === 'open' && (step.required || step.suggested === true)) ??
    steps.find((step) => step.required && step.status !== 'done') ??
    steps.findLast((step) => step.action !== undefined) ??
    null
  );
}

/** The steps in the path's order, the one to do next and how many of the required ones are done. */
export function checklistOf(
  own: { start: CourseStep[]; modules: CourseStep[]; finish: CourseStep[] },
  contributed: Partial<Record<StepPlace, CourseStep[]>>,
): CourseChecklist {
  const [evaluation, ...credit] = own.finish;
  const steps = [
    ...own.start,
    ...(contributed['before-modules'] ?? []),
    ...own.modules,
    ...(contributed['after-modules'] ?? []),
    ...(evaluation ? [evaluation] : []),
    ...credit,
    ...(contributed['after-credit'] ?? []),
  ];
  const required = steps.filter((step) => step.required);
  return {
    steps,
    next: nextStepOf(steps),
    done: required.filter((step) => step.status === 'done').length,
    total: required.length,
  };
}

function titles(modules: CourseModule[]): string {
  const quoted = modules.map((module) => `“${module.title}”`);
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)!}`;
}

/**
 * Why a module is closed to the learner, naming the real cause and what opens it; null when it
 * is open. Module N opens once every module before it with a quiz is passed (unless the course
 * turns gating off), and nothing opens before the disclosures are acknowledged.
 */
export function moduleLockReason(
  content: CourseContent,
  passed: ReadonlySet<string>,
  disclosuresAcknowledged: boolean,
  moduleId: string,
): string | null {
  if (!disclosuresAcknowledged) {
    return 'Opens once you acknowledge the course’s disclosures and accreditation statement (the first step).';
  }
  if (content.moduleGating === false) {
    return null;
  }
  const index = content.modules.findIndex((module) => module.id === moduleId);
  const before = content.modules.slice(0, Math.max(index, 0));
  const unpassed = before.filter((module) => module.quiz && !passed.has(module.id));
  if (unpassed.length === 0) {
    return null;
  }
  return unpassed.length === 1
    ? `Opens once you pass the quiz of ${titles(unpassed)}.`
    : `Opens once you pass the quizzes of ${titles(unpassed)}, in that order.`;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Learning's own steps of one enrolment: disclosures, each module's lessons and quiz, evaluation, credit. */
export function learningSteps(context: CourseStepContext): {
  start: CourseStep[];
  modules: CourseStep[];
  finish: CourseStep[];
} {
  const { course, passed, seen } = context;
  const base = `/learning/${course.slug}`;
  const start: CourseStep[] = [
    context.disclosuresAcknowledged
      ? {
          key: 'disclosures',
          title: 'Read the disclosures and accreditation statement',
          status: 'done',
          required: true,
        }
      : {
          key: 'disclosures',
          title: 'Read the disclosures and accreditation statement',
          status: 'open',
          required: true,
          detail: 'Accredited courses ask you to read them before the first lesson.',
          action: { label: 'Read the disclosures', href: `${base}#disclosures` },
        },
  ];
  const modules: CourseStep[] = [];
  for (const module of course.content.modules) {
    const lock = moduleLockReason(course.content, passed, context.disclosuresAcknowledged, module.id);
    const read = module.lessons.filter((lesson) => seen.has(lesson.id)).length;
    const total = module.lessons.length;
    const firstUnread = module.lessons.find((lesson) => !seen.has(lesson.id));
    if (total > 0) {
      modules.push({
        key: `lessons:${module.id}`,
        title: `Read the lessons of “${module.title}”`,
        status: lock ? 'locked' : read === total ? 'done' : 'open',
        // Not needed for the certificate (the quiz is), but the thing to do before the quiz.
        required: false,
        suggested: !module.quiz || !passed.has(module.id),
        detail: lock ?? `${read} of ${plural(total, 'lesson', 'lessons')} read.`,
        action:
          lock || !firstUnread
            ? undefined
            : {
                label: `${read > 0 ? 'Continue' : 'Start'}: ${firstUnread.title}`,
                href: `${base}/lessons/${firstUnread.id}`,
              },
        items: module.lessons.map((lesson) => ({
          label: lesson.title,
          href: lock ? undefined : `${base}/lessons/${lesson.id}`,
          done: seen.has(lesson.id),
        })),
      });
    }
    if (module.quiz) {
      const href = `${base}/modules/${module.id}/quiz`;
      const unread = total - read;
      modules.push({
        key: `quiz:${module.id}`,
        title: `Pass the quiz of “${module.title}”`,
        status: lock ? 'locked' : passed.has(module.id) ? 'done' : 'open',
        required: true,
        detail:
          lock ??
          (passed.has(module.id)
            ? 'Passed.'
            : unread > 0
              ? `You may take it now, but it asks about the lessons: read them first (${read} of ${total} read, ${unread} unread).`
              : `You have read every lesson of this module. Pass with ${course.content.passingScore}% or more.`),
        action: lock
          ? undefined
          : { label: passed.has(module.id) ? 'See your results' : 'Take the quiz', href },
      });
    }
    // Lessons are required reading, but the certificate counts the quiz: a module with lessons
    // and no quiz makes its lessons the required step.
    if (!module.quiz && total > 0) {
      modules.at(-1)!.required = true;
    }
  }
  const quizzes = course.content.modules.filter((module) => module.quiz);
  const unpassed = quizzes.filter((module) => !passed.has(module.id));
  const evaluationLock =
    unpassed.length > 0
      ? `Opens once you pass every module quiz (${quizzes.length - unpassed.length} of ${quizzes.length} passed; still to pass: ${titles(unpassed)}).`
      : null;
  const finish: CourseStep[] = [
    context.evaluated
      ? {
          key: 'evaluation',
          title: 'Evaluate the course',
          status: 'done',
          required: true,
          detail: 'Submitted.',
        }
      : {
          key: 'evaluation',
          title: 'Evaluate the course',
          status: evaluationLock ? 'locked' : 'open',
          required: true,
          detail: evaluationLock ?? 'A few questions about the course; it comes before the credit claim.',
          action: evaluationLock
            ? undefined
            : { label: 'Evaluate the course', href: `${base}/credit#evaluation` },
        },
    context.claimed
      ? {
          key: 'credit',
          title: 'Claim your credit',
          status: 'done',
          required: true,
          detail: 'Claimed.',
          action: { label: 'See your claim', href: `${base}/credit#credit` },
        }
      : {
          key: 'credit',
          title: 'Claim your credit',
          status: evaluationLock || !context.evaluated ? 'locked' : 'open',
          required: true,
          detail:
            evaluationLock ??
            (context.evaluated
              ? 'Claim the credit your participation supports.'
              : 'Opens once you have evaluated the course.'),
          action:
            evaluationLock || !context.evaluated
              ? undefined
              : { label: 'Claim your credit', href: `${base}/credit#credit` },
        },
  ];
  return { start, modules, finish };
}
