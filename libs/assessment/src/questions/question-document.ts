import { canonicalJson } from '@academy/core';
import { LINT_RULE_IDS, PRETEST_POOL_ID } from '@academy/catalog';
import type { BankPool, DocumentQuestion, ImportProblem } from '@academy/catalog';
import { QUESTION_DIFFICULTIES } from './question.entity';
import type { QuestionEntity } from './question.entity';
import { QUESTION_TYPES } from './question.types';
import type { AnswerKey, Choice, QuestionBody, QuestionType } from './question.types';
import type { QuestionInput } from './question-bank.service';

/**
 * A question as a course document carries it: what an author wrote (the shape of the shipped
 * demo banks), never the row's id, lineage or what it replaced, which belong to one academy.
 */
export function questionToDocument(
  question: Pick<
    QuestionEntity,
    | 'body'
    | 'answerKey'
    | 'tags'
    | 'difficulty'
    | 'moduleId'
    | 'objectiveModuleId'
    | 'objective'
    | 'lintNotes'
  >,
): DocumentQuestion {
  const { body, answerKey } = question;
  const key = answerKey.key;
  const document: DocumentQuestion = { type: body.type, prompt: body.prompt };
  switch (body.type) {
    case 'single':
    case 'multiple':
      document.options = body.options.map(({ id, text }) => ({ id, text }));
      break;
    case 'numeric':
      document.unit = body.unit;
      break;
    case 'ordering':
      // In the right order: an ordering question's key is the order its items are written in.
      document.items = orderedItems(body.items, key);
      break;
    case 'true_false':
      break;
  }
  switch (key.type) {
    case 'single':
    case 'multiple':
    case 'true_false':
      document.correct = key.correct;
      break;
    case 'numeric':
      document.answer = key.answer;
      document.tolerance = key.tolerance;
      break;
    case 'ordering':
      break;
  }
  document.explanation = answerKey.explanation;
  document.reference = answerKey.reference;
  document.tags = [...question.tags];
  if (question.difficulty) {
    document.difficulty = question.difficulty;
  }
  if (question.objective !== null) {
    if (question.moduleId === PRETEST_POOL_ID) {
      // By id here; the course document names the module by its position (catalog converts).
      document.objectiveModule = question.objectiveModuleId;
    }
    document.objective = question.objective;
  }
  if (question.lintNotes.length > 0) {
    document.lintNotes = question.lintNotes.map(({ rule, explanation }) => ({ rule, explanation }));
  }
  return document;
}

/** The objective tag a checked document question gives a question of the bank `moduleId`. */
export function documentObjectiveTag(
  moduleId: string,
  document: DocumentQuestion,
): Pick<QuestionEntity, 'objectiveModuleId' | 'objective'> {
  const objective = typeof document.objective === 'number' ? document.objective : null;
  const module = moduleId === PRETEST_POOL_ID ? document.objectiveModule : moduleId;
  return objective !== null && typeof module === 'string'
    ? { objectiveModuleId: module, objective }
    : { objectiveModuleId: null, objective: null };
}

function orderedItems(items: Choice[], key: AnswerKey): Choice[] {
  const order = key.type === 'ordering' ? key.order : items.map((item) => item.id);
  return order.flatMap((id) => items.filter((item) => item.id === id)).map(({ id, text }) => ({ id, text }));
}

/** A checked document question as the bank's input. */
export function documentToInput(document: DocumentQuestion): QuestionInput {
  return document as unknown as QuestionInput;
}

/** Two questions are the same item when everything a document carries of them is equal. */
export function sameDocument(left: DocumentQuestion, right: DocumentQuestion): boolean {
  return canonicalJson(left) === canonicalJson(right);
}

// As wide as the widest way the academy writes questions (the page's form), so whatever it
// exports it imports again.
const LIMITS = {
  prompt: 5000,
  explanation: 5000,
  reference: 5000,
  choice: 5000,
  choiceId: 20,
  unit: 40,
  tag: 200,
  lintNote: 2000,
};
const MAX_CHOICES = 10;
const MAX_TAGS = 100;
const MAX_LINT_NOTES = 20;
const MAX_OBJECTIVE = 20;

/** The fields a question of each type may have. */
const COMMON = ['type', 'prompt', 'explanation', 'reference', 'tags', 'difficulty', 'objective', 'lintNotes'];
const FIELDS_OF: Record<QuestionType, string[]> = {
  single: [...COMMON, 'options', 'correct'],
  multiple: [...COMMON, 'options', 'correct'],
  true_false: [...COMMON, 'correct'],
  numeric: [...COMMON, 'unit', 'answer', 'tolerance'],
  ordering: [...COMMON, 'items'],
};

const FIELD_WORDS: Record<string, string> = {
  type: 'the question type',
  prompt: 'the question text',
  explanation: 'the explanation',
  reference: 'the reference',
  tags: 'the tags',
  difficulty: 'the difficulty',
  options: 'the choices',
  correct: 'the correct answer',
  unit: 'the unit',
  answer: 'the answer',
  tolerance: 'the tolerance',
  items: 'the items to put in order',
  id: 'an id',
  lineageId: 'a lineage id',
  objective: 'the objective',
  lintNotes: 'the explanations of kept warnings',
  module: 'the module',
};

const TYPE_WORDS: Record<QuestionType, string> = {
  single: 'a one-answer question',
  multiple: 'an all-that-apply question',
  true_false: 'a true/false question',
  numeric: 'a numeric question',
  ordering: 'an ordering question',
};

/**
 * Every problem of one module's questions in an uploaded course document, each placed by its
 * question ("question 3") and said in words ("the correct answer is not one of the choices").
 */
export function documentProblems(questions: unknown[], pool: BankPool = 'module'): ImportProblem[] {
  return questions.flatMap((question, index) =>
    questionProblems(question, pool).map((problem) => ({ place: `question ${index + 1}`, problem })),
  );
}

function questionProblems(raw: unknown, pool: BankPool): string[] {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return ['this question should be a group of fields (type, prompt, choices, correct answer, …)'];
  }
  const question = raw as Record<string, unknown>;
  const problems: string[] = [];
  const type = question.type;
  if (type === undefined) {
    return ['the question type is missing'];
  }
  if (typeof type !== 'string' || !(QUESTION_TYPES as readonly string[]).includes(type)) {
    return [
      `the question type${typeof type === 'string' ? ` "${type}"` : ''} is not one of the choices (${QUESTION_TYPES.join(', ')})`,
    ];
  }
  const kind = type as QuestionType;
  for (const field of Object.keys(question)) {
    if (!FIELDS_OF[kind].includes(field) && !(pool === 'pretest' && field === 'module')) {
      const name = FIELD_WORDS[field] ?? `"${field}"`;
      problems.push(
        field === 'id' || field === 'lineageId'
          ? `${name} is not carried in a course file (each academy gives its own); remove it`
          : FIELD_WORDS[field]
            ? `${TYPE_WORDS[kind]} has no ${name.replace(/^the /, '')}: remove that field`
            : `${name} is not part of a question; remove it`,
      );
    }
  }
  problems.push(...text(question, 'prompt', LIMITS.prompt, true));
  problems.push(...text(question, 'explanation', LIMITS.explanation, true));
  problems.push(...text(question, 'reference', LIMITS.reference, true));
  if (question.tags !== undefined) {
    const tags = question.tags;
    if (!Array.isArray(tags) || !tags.every((tag) => typeof tag === 'string')) {
      problems.push('the tags should be a list of words');
    } else if (tags.length > MAX_TAGS) {
      problems.push(`the tags are more than ${MAX_TAGS}`);
    } else if (tags.some((tag: string) => tag.length === 0 || tag.length > LIMITS.tag)) {
      problems.push(`each tag should be 1 to ${LIMITS.tag} characters long`);
    }
  }
  const whole = (field: 'objective' | 'module', max: number, what: string) => {
    const value = question[field];
    if (
      value !== undefined &&
      value !== null &&
      !(Number.isInteger(value) && (value as number) >= 1 && (value as number) <= max)
    ) {
      problems.push(`${FIELD_WORDS[field]} should be ${what}, a whole number from 1 to ${max}`);
    }
  };
  whole('objective', MAX_OBJECTIVE, 'the position of an objective in its module’s list');
  if (pool === 'pretest') {
    whole('module', 30, 'the position of a module in the course');
  }
  if (question.lintNotes !== undefined) {
    const notes = question.lintNotes;
    if (!Array.isArray(notes) || notes.length > MAX_LINT_NOTES) {
      problems.push(`the explanations of kept warnings should be a list of at most ${MAX_LINT_NOTES}`);
    } else {
      notes.forEach((note: unknown, index) => {
        const { rule, explanation, ...rest } = (note ?? {}) as Record<string, unknown>;
        const which = `explanation ${index + 1}`;
        if (typeof rule !== 'string' || !(LINT_RULE_IDS as readonly string[]).includes(rule)) {
          problems.push(`${which} names no rule of the item-writing linter (${LINT_RULE_IDS.join(', ')})`);
        }
        if (
          typeof explanation !== 'string' ||
          explanation.trim() === '' ||
          explanation.length > LIMITS.lintNote
        ) {
          problems.push(`${which} should say why, in 1 to ${LIMITS.lintNote} characters`);
        }
        if (Object.keys(rest).length > 0) {
          problems.push(`${which} has fields other than its rule and explanation; remove them`);
        }
      });
    }
  }
  const difficulty = question.difficulty;
  if (
    difficulty !== undefined &&
    difficulty !== null &&
    !(QUESTION_DIFFICULTIES as readonly unknown[]).includes(difficulty)
  ) {
    problems.push(`the difficulty is not one of the choices (${QUESTION_DIFFICULTIES.join(', ')})`);
  }
  switch (kind) {
    case 'single':
    case 'multiple': {
      const ids = choiceProblems(question.options, 'options', problems);
      const correct = question.correct;
      if (correct === undefined || (Array.isArray(correct) && correct.length === 0)) {
        problems.push('the correct answer is missing');
      } else if (kind === 'single' && typeof correct !== 'string') {
        problems.push('the correct answer should be the id of one choice (e.g. "b")');
      } else if (
        kind === 'multiple' &&
        !(Array.isArray(correct) && correct.every((id) => typeof id === 'string'))
      ) {
        problems.push('the correct answers should be a list of choice ids (e.g. ["a", "c"])');
      } else if (ids !== null) {
        const given = (Array.isArray(correct) ? correct : [correct]) as string[];
        if (given.some((id) => !ids.includes(id))) {
          problems.push(
            kind === 'single'
              ? 'the correct answer is not one of the choices'
              : 'a correct answer is not one of the choices',
          );
        }
        if (new Set(given).size !== given.length) {
          problems.push('a correct answer is listed twice');
        }
      }
      break;
    }
    case 'true_false':
      if (question.correct === undefined) {
        problems.push('the correct answer is missing');
      } else if (typeof question.correct !== 'boolean') {
        problems.push('the correct answer should be true or false');
      }
      break;
    case 'numeric':
      if (question.answer === undefined) {
        problems.push('the answer is missing');
      } else if (typeof question.answer !== 'number' || !Number.isFinite(question.answer)) {
        problems.push('the answer should be a number');
      }
      if (question.tolerance === undefined) {
        problems.push('the tolerance is missing (0 when only the exact answer is right)');
      } else if (typeof question.tolerance !== 'number' || !(question.tolerance >= 0)) {
        problems.push('the tolerance should be a number, 0 or more');
      }
      if (question.unit !== undefined) {
        problems.push(...text(question, 'unit', LIMITS.unit, false));
      }
      break;
    case 'ordering':
      choiceProblems(question.items, 'items', problems);
      break;
  }
  return problems;
}

/** Problems of a text field (required or not); none when it is fine. */
function text(question: Record<string, unknown>, field: string, max: number, required: boolean): string[] {
  const value = question[field];
  const name = FIELD_WORDS[field]!;
  if (value === undefined || value === null) {
    return required ? [`${name} is missing`] : [];
  }
  if (typeof value !== 'string') {
    return [`${name} should be text`];
  }
  if (required && value.trim() === '') {
    return [`${name} is empty`];
  }
  if (value.length > max) {
    return [`${name} is longer than ${max} characters`];
  }
  if (value.includes(String.fromCharCode(0))) {
    return [`${name} holds a character that is not text`];
  }
  return [];
}

/** Problems of a list of choices (or items); answers their ids when the list can be read. */
function choiceProblems(list: unknown, field: 'options' | 'items', problems: string[]): string[] | null {
  const name = FIELD_WORDS[field]!;
  if (list === undefined) {
    problems.push(`${name} are missing`);
    return null;
  }
  if (!Array.isArray(list)) {
    problems.push(`${name} should be a list`);
    return null;
  }
  if (list.length < 2 || list.length > MAX_CHOICES) {
    problems.push(`${name} should number 2 to ${MAX_CHOICES}`);
  }
  const ids: string[] = [];
  list.forEach((choice: unknown, index) => {
    const which = `${field === 'options' ? 'choice' : 'item'} ${index + 1}`;
    if (choice === null || typeof choice !== 'object' || Array.isArray(choice)) {
      problems.push(`${which} should have an id and a text`);
      return;
    }
    const { id, text: words, ...rest } = choice as Record<string, unknown>;
    if (typeof id !== 'string' || id.length === 0 || id.length > LIMITS.choiceId) {
      problems.push(`${which} needs an id of 1 to ${LIMITS.choiceId} characters (e.g. "a")`);
    } else {
      ids.push(id);
    }
    if (typeof words !== 'string' || words.trim() === '') {
      problems.push(`${which} has no text`);
    } else if (words.length > LIMITS.choice) {
      problems.push(`${which} is longer than ${LIMITS.choice} characters`);
    }
    if (Object.keys(rest).length > 0) {
      problems.push(`${which} has fields other than its id and text; remove them`);
    }
  });
  if (new Set(ids).size !== ids.length) {
    problems.push(`two ${field === 'options' ? 'choices' : 'items'} have the same id`);
  }
  return ids;
}

/** What differs between two versions of one item, in words ("the correct answer, the explanation"). */
type ComparedQuestion = Pick<
  QuestionEntity,
  'body' | 'answerKey' | 'tags' | 'difficulty' | 'objectiveModuleId' | 'objective' | 'lintNotes'
>;

export function changedParts(before: ComparedQuestion, after: ComparedQuestion): string[] {
  const differs = (left: unknown, right: unknown) =>
    canonicalJson(left ?? null) !== canonicalJson(right ?? null);
  const choicesOf = (body: QuestionBody) =>
    body.type === 'single' || body.type === 'multiple'
      ? body.options
      : body.type === 'ordering'
        ? body.items
        : null;
  const parts: string[] = [];
  if (before.body.type !== after.body.type) {
    parts.push('the question type');
  }
  if (before.body.prompt !== after.body.prompt) {
    parts.push('the question text');
  }
  if (differs(choicesOf(before.body), choicesOf(after.body))) {
    parts.push(after.body.type === 'ordering' ? 'the items' : 'the choices');
  }
  if (differs(before.answerKey.key, after.answerKey.key)) {
    parts.push('the correct answer');
  }
  if (
    before.body.type === 'numeric' &&
    after.body.type === 'numeric' &&
    before.body.unit !== after.body.unit
  ) {
    parts.push('the unit');
  }
  if (before.answerKey.explanation !== after.answerKey.explanation) {
    parts.push('the explanation');
  }
  if (before.answerKey.reference !== after.answerKey.reference) {
    parts.push('the reference');
  }
  if (differs(before.tags, after.tags)) {
    parts.push('the tags');
  }
  if (before.difficulty !== after.difficulty) {
    parts.push('the difficulty');
  }
  if (before.objective !== after.objective || before.objectiveModuleId !== after.objectiveModuleId) {
    parts.push('the objective');
  }
  if (differs(before.lintNotes, after.lintNotes)) {
    parts.push('the explanations of kept warnings');
  }
  return parts;
}
