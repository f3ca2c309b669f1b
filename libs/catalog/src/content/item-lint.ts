import type { CourseContent, CourseModule } from './course-content.types';
import type { QuizSettingsDto } from './course-content';
import { PRETEST_POOL_ID } from './course-bank';

/**
 * The item-writing linter: flaws that let a learner answer without the knowledge (cues), or
 * that make a bank measure less than it should, after the NBME's item-writing guide
 * (Constructing Written Test Questions for the Basic and Clinical Sciences). Warnings, never
 * refusals: an author may keep one and record why, and the explanation travels with the version.
 */
export const LINT_RULES = {
  'key-longest': {
    title: 'The right answer is the longest choice',
    why: 'Test-wise learners pick the longest, most qualified choice. Make the distractors as long and as specific as the key (flagged when the key is the longest choice and at least a quarter longer than the other choices on average).',
  },
  'all-none-of-above': {
    title: '“All of the above” or “none of the above”',
    why: 'Spotting two right choices gives away “all of the above”, and “none of the above” tests only what is wrong. Write a single best answer instead.',
  },
  'negative-stem': {
    title: 'A negative question without emphasis',
    why: 'Readers miss a negative word (not, except, least) and answer the opposite question. Ask it positively if you can; if not, write the word in capitals (NOT, EXCEPT, LEAST), which is how emphasis is written in question text.',
  },
  'absolute-distractor': {
    title: 'An absolute word in a wrong choice',
    why: 'Words such as always, never, all, none and only mark a choice as wrong to a test-wise reader, whatever they know. Qualify the distractor as carefully as the key.',
  },
  'option-length': {
    title: 'Choices of very different length',
    why: 'A choice much longer or shorter than the rest stands out, whether it is right or wrong. Keep the choices about the same length (flagged when the longest is more than twice the shortest and 20 or more characters longer).',
  },
  'no-objective': {
    title: 'No learning objective',
    why: 'Each question measures one of its module’s learning objectives, so the blueprint shows what the quiz covers and quizzes draw evenly across objectives. Choose the objective it tests.',
  },
  'fixed-key-count': {
    title: 'Every all-that-apply question has the same number of right answers',
    why: 'When every all-that-apply question has, say, three right answers out of five, learners count instead of knowing. Vary the number of right answers across the bank.',
  },
  'bank-too-small': {
    title: 'The bank is small for the draw and the attempts',
    why: 'A learner who retakes the quiz should meet questions they have not reviewed. When learners see their questions again in review, the bank should hold at least the questions drawn per attempt times the attempts allowed; in any case at least the questions drawn.',
  },
  'objective-uncovered': {
    title: 'A learning objective no question measures',
    why: 'The quiz cannot show that learners met an objective it never asks about. Write questions for it, or reconsider the objective.',
  },
  'pretest-pool': {
    title: 'The pre-test has no pool of its own',
    why: 'A pre-test drawn from the module banks shows learners the quiz questions before they study, so the gain it measures is partly recall. Give the pre-test its own questions, tagged by objective.',
  },
} as const;
export type LintRule = keyof typeof LINT_RULES;
export const LINT_RULE_IDS = Object.keys(LINT_RULES) as LintRule[];

/** An author's reason for keeping a warning, recorded with the question or the bank it is about. */
export interface LintNote {
  rule: string;
  explanation: string;
}

/** One warning about a question or a bank: which rule, what it saw, and the author's explanation if any. */
export interface LintWarning {
  rule: LintRule;
  title: string;
  why: string;
  /** What the rule saw here, e.g. the words it found. */
  detail: string;
  /** The author's recorded reason for keeping it; absent when unexplained. */
  explanation?: string;
}

/** What the linter reads of a question (a bank row, a course document's question or the editor's form). */
export interface LintQuestion {
  type: string;
  prompt: string;
  options?: { id: string; text: string }[];
  correct?: unknown;
  objective?: number | null;
  lintNotes?: LintNote[];
}

function warning(rule: LintRule, detail: string, notes: LintNote[] | undefined): LintWarning {
  const explanation = notes?.find(
    (note) => note.rule === rule && note.explanation.trim() !== '',
  )?.explanation;
  return { rule, ...LINT_RULES[rule], detail, ...(explanation ? { explanation } : {}) };
}

const NEGATIVE = /\b(not|except|least|cannot)\b|\b\w+n[’']t\b/gi;
const ABSOLUTES =
  /\b(always|never|all|none|only|every|must|completely|entirely|absolutely|invariably|guaranteed?|impossible)\b/gi;
const ALL_NONE =
  /\b(all|none|both|neither) of (the )?(above|preceding|these|the options|the choices|the answers)\b/i;

/** The question's lead-in: the last sentence of the stem, where a question asks what it asks. */
function leadIn(prompt: string): string {
  const sentences = prompt
    .trim()
    .split(/(?<=[.!?])\s+/)
    .filter((sentence) => sentence.trim() !== '');
  return sentences.at(-1) ?? '';
}

function keysOf(question: LintQuestion): string[] {
  if (question.type === 'single' && typeof question.correct === 'string') {
    return [question.correct];
  }
  if (question.type === 'multiple' && Array.isArray(question.correct)) {
    return question.correct.filter((id): id is string => typeof id === 'string');
  }
  return [];
}

function quoted(texts: string[]): string {
  return texts.map((text) => `“${text}”`).join(', ');
}

/**
 * Warnings about one question. `objectiveCount` is how many objectives the module it tests has
 * (undefined: unknown, e.g. a pre-test question naming no module).
 */
export function lintQuestion(question: LintQuestion, objectiveCount: number | undefined): LintWarning[] {
  const warnings: LintWarning[] = [];
  const notes = question.lintNotes;
  const add = (rule: LintRule, detail: string) => warnings.push(warning(rule, detail, notes));
  const options = (question.options ?? []).map((option) => ({ ...option, text: option.text.trim() }));
  const choice = question.type === 'single' || question.type === 'multiple';
  const keys = keysOf(question);
  const distractors = options.filter((option) => !keys.includes(option.id));

  if (choice && question.type === 'single' && keys.length === 1 && distractors.length > 0) {
    const key = options.find((option) => option.id === keys[0]);
    const mean = distractors.reduce((sum, option) => sum + option.text.length, 0) / distractors.length;
    if (
      key &&
      distractors.every((option) => option.text.length < key.text.length) &&
      key.text.length >= 1.25 * mean
    ) {
      add(
        'key-longest',
        `The right answer has ${key.text.length} characters; the other choices ${Math.round(mean)} on average.`,
      );
    }
  }
  if (choice) {
    const giveaways = options.filter((option) => ALL_NONE.test(option.text));
    if (giveaways.length > 0) {
      add('all-none-of-above', `Choice ${quoted(giveaways.map((option) => option.text))}.`);
    }
  }
  const negatives = [...leadIn(question.prompt).matchAll(NEGATIVE)]
    .map((match) => match[0])
    .filter((word) => word !== word.toUpperCase());
  if (negatives.length > 0) {
    add('negative-stem', `The question asks with ${quoted([...new Set(negatives)])} in lower case.`);
  }
  if (choice) {
    const absolute = distractors.flatMap((option) => {
      const words = [...new Set([...option.text.matchAll(ABSOLUTES)].map((match) => match[0].toLowerCase()))];
      return words.length > 0 ? [`${quoted([option.text])} (${words.join(', ')})`] : [];
    });
    if (absolute.length > 0) {
      add('absolute-distractor', `Wrong choice ${absolute.join('; ')}.`);
    }
    const lengths = options.map((option) => option.text.length).filter((length) => length > 0);
    if (lengths.length >= 2) {
      const longest = Math.max(...lengths);
      const shortest = Math.min(...lengths);
      if (longest > 2 * shortest && longest - shortest >= 20) {
        add('option-length', `The choices run from ${shortest} to ${longest} characters.`);
      }
    }
  }
  const objective = question.objective;
  if (objective === undefined || objective === null) {
    add('no-objective', 'The question is tagged with no objective.');
  } else if (objectiveCount !== undefined && (objective < 1 || objective > objectiveCount)) {
    add(
      'no-objective',
      `It is tagged with objective ${objective}, but its module has ${objectiveCount === 1 ? 'one objective' : `${objectiveCount} objectives`}.`,
    );
  }
  return warnings;
}

/** How many questions measure each objective of a module, and how many measure none of them. */
export interface Blueprint {
  objectives: { number: number; text: string; items: number }[];
  /** Questions with no objective, or one the module no longer has. */
  untagged: number;
}

export function blueprintOf(questions: LintQuestion[], objectives: string[]): Blueprint {
  const counts = objectives.map((text, index) => ({ number: index + 1, text, items: 0 }));
  let untagged = 0;
  for (const question of questions) {
    const entry = question.objective ? counts[question.objective - 1] : undefined;
    if (entry) {
      entry.items += 1;
    } else {
      untagged += 1;
    }
  }
  return { objectives: counts, untagged };
}

/**
 * Warnings about a module's bank as a whole: its all-that-apply questions' key counts, its size
 * against the quiz's draw and attempts, and objectives no question measures. `notes` are the
 * module's recorded explanations.
 */
export function lintBank(
  questions: LintQuestion[],
  module: Pick<CourseModule, 'objectives'> & { quiz?: QuizSettingsDto; lintNotes?: LintNote[] },
): LintWarning[] {
  const warnings: LintWarning[] = [];
  const add = (rule: LintRule, detail: string) => warnings.push(warning(rule, detail, module.lintNotes));
  const keyCounts = questions
    .filter((question) => question.type === 'multiple')
    .map((question) => keysOf(question).length);
  if (keyCounts.length >= 3 && new Set(keyCounts).size === 1) {
    add(
      'fixed-key-count',
      `All ${keyCounts.length} all-that-apply questions have exactly ${keyCounts[0]} right ${keyCounts[0] === 1 ? 'answer' : 'answers'}.`,
    );
  }
  const quiz = module.quiz;
  if (quiz) {
    const review = quiz.reviewPolicy !== 'score_only' && quiz.attemptsLimit > 1;
    const needed = review ? quiz.questionCount * quiz.attemptsLimit : quiz.questionCount;
    if (questions.length < needed) {
      add(
        'bank-too-small',
        review
          ? `The quiz draws ${quiz.questionCount} per attempt over ${quiz.attemptsLimit} attempts with review: ${needed} questions needed, the bank has ${questions.length}.`
          : `The quiz draws ${quiz.questionCount} questions; the bank has ${questions.length}.`,
      );
    }
  }
  const blueprint = blueprintOf(questions, module.objectives);
  const uncovered = blueprint.objectives.filter((objective) => objective.items === 0);
  if (questions.length > 0 && uncovered.length > 0) {
    add(
      'objective-uncovered',
      `No question measures ${uncovered.length === 1 ? 'objective' : 'objectives'} ${uncovered.map((objective) => objective.number).join(', ')}.`,
    );
  }
  return warnings;
}

/** A pre-test question: the module (1-based, as the document numbers it) and objective it measures. */
export interface LintPretestQuestion extends LintQuestion {
  module?: number | null;
}

/** One bank's warnings on the publish checklist. */
export interface BankLint {
  place: string;
  /** The module's id, or PRETEST_POOL_ID for the pre-test's pool. */
  bankId: string;
  items: number;
  /** Each question's warnings, by its number in the bank (1-based); questions without any left out. */
  questions: { number: number; prompt: string; warnings: LintWarning[] }[];
  bank: LintWarning[];
  blueprint: Blueprint | null;
  warnings: number;
  unexplained: number;
  /** Warnings per rule, in the rules' order. */
  byRule: { rule: LintRule; title: string; count: number; unexplained: number }[];
}

/** Every bank's warnings: the publish checklist's summary. */
export interface CourseLint {
  banks: BankLint[];
  warnings: number;
  unexplained: number;
}

function bankLint(
  place: string,
  bankId: string,
  questions: LintQuestion[],
  itemWarnings: LintWarning[][],
  bank: LintWarning[],
  blueprint: Blueprint | null,
): BankLint {
  const all = [...itemWarnings.flat(), ...bank];
  return {
    place,
    bankId,
    items: questions.length,
    questions: questions
      .map((question, index) => ({
        number: index + 1,
        prompt: question.prompt,
        warnings: itemWarnings[index]!,
      }))
      .filter((entry) => entry.warnings.length > 0),
    bank,
    blueprint,
    warnings: all.length,
    unexplained: all.filter((entry) => !entry.explanation).length,
    byRule: LINT_RULE_IDS.flatMap((rule) => {
      const of = all.filter((entry) => entry.rule === rule);
      return of.length === 0
        ? []
        : [
            {
              rule,
              title: LINT_RULES[rule].title,
              count: of.length,
              unexplained: of.filter((entry) => !entry.explanation).length,
            },
          ];
    }),
  };
}

/**
 * The linter over a course version: each module's bank (its questions and the bank as a whole)
 * and the pre-test's pool. `banks` holds each module's active questions by module id;
 * `pretest` the pre-test pool's (module given by position), empty when it has none.
 */
export function lintCourse(
  content: Pick<CourseContent, 'modules' | 'pretest'>,
  banks: Map<string, LintQuestion[]>,
  pretest: LintPretestQuestion[],
): CourseLint {
  const result: BankLint[] = content.modules.map((module, index) => {
    const questions = banks.get(module.id) ?? [];
    return bankLint(
      `Module ${index + 1} (${module.title})`,
      module.id,
      questions,
      questions.map((question) => lintQuestion(question, module.objectives.length)),
      lintBank(questions, module),
      blueprintOf(questions, module.objectives),
    );
  });
  if (content.pretest) {
    const settings = content.pretest;
    const notes = settings.lintNotes;
    const bank: LintWarning[] = [];
    if (pretest.length === 0) {
      bank.push(warning('pretest-pool', 'The pre-test draws from the module banks.', notes));
    } else if (pretest.length < settings.questionCount) {
      bank.push(
        warning(
          'bank-too-small',
          `The pre-test draws ${settings.questionCount} questions; its pool has ${pretest.length}.`,
          notes,
        ),
      );
    }
    result.unshift(
      bankLint(
        'Pre-test',
        PRETEST_POOL_ID,
        pretest,
        pretest.map((question) => {
          const module = question.module ? content.modules[question.module - 1] : undefined;
          if (module) {
            return lintQuestion(question, module.objectives.length);
          }
          // No module: no objective either, whatever number it carries.
          return [
            ...lintQuestion({ ...question, objective: null }, undefined).filter(
              (entry) => entry.rule !== 'no-objective',
            ),
            warning(
              'no-objective',
              'It names no module of the course, so no objective it measures.',
              question.lintNotes,
            ),
          ];
        }),
        bank,
        null,
      ),
    );
  }
  return {
    banks: result,
    warnings: result.reduce((sum, entry) => sum + entry.warnings, 0),
    unexplained: result.reduce((sum, entry) => sum + entry.unexplained, 0),
  };
}
