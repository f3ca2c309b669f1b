/** The kinds of question a bank holds. */
export const QUESTION_TYPES = ['single', 'multiple', 'true_false', 'numeric', 'ordering'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export interface Choice {
  id: string;
  text: string;
}

/** What a learner may see of a question: never its answer. */
export type QuestionBody =
  | { type: 'single' | 'multiple'; prompt: string; options: Choice[] }
  | { type: 'true_false'; prompt: string }
  | { type: 'numeric'; prompt: string; unit: string }
  | { type: 'ordering'; prompt: string; items: Choice[] };

/** The answer, kept apart from the body so it cannot leak with it. */
export type AnswerKey =
  | { type: 'single'; correct: string }
  | { type: 'multiple'; correct: string[] }
  | { type: 'true_false'; correct: boolean }
  | { type: 'numeric'; answer: number; tolerance: number }
  | { type: 'ordering'; order: string[] };

/** What a learner answered: an option id, option ids, true/false, a number, or item ids in order. */
export type Response = string | string[] | boolean | number;

export interface GradableQuestion {
  id: string;
  body: QuestionBody;
  key: AnswerKey;
  explanation: string;
  reference: string;
}
