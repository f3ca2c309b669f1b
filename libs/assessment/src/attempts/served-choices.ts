import { randomBytes } from 'node:crypto';
import type { QuestionBody, Response } from '../questions/question.types';
import { shuffled } from '../questions/shuffle';

/** One question as an attempt serves it: which question, and how its choices are shown. */
export interface ServedQuestion {
  questionId: string;
  /** The authored choice ids (options, or ordering items) in the order shown. */
  choiceOrder?: string[];
  /**
   * The ids the learner sees for those choices, position by position: random per attempt, so
   * nothing a learner reads before review (ids, their order, their length) says anything about
   * the authored ids or the key. Attempts started before these existed show the authored ids.
   */
  shownIds?: string[];
}

/** The authored ids of a question's choices (options, or ordering items); null when it has none. */
export function choiceIdsOf(body: QuestionBody): string[] | null {
  switch (body.type) {
    case 'single':
    case 'multiple':
      return body.options.map((option) => option.id);
    case 'ordering':
      return body.items.map((item) => item.id);
    case 'true_false':
    case 'numeric':
      return null;
  }
}

/**
 * Serves a question's choices: in an order and under ids drawn at random for this attempt. The
 * seed is random too, not the attempt's id: a learner who knows the id and the algorithm must
 * not be able to re-derive the order (an ordering question is authored in its right order).
 */
export function serveChoices(questionId: string, authoredIds: readonly string[] | null): ServedQuestion {
  if (!authoredIds) {
    return { questionId };
  }
  return {
    questionId,
    choiceOrder: shuffled(authoredIds, randomBytes(16).toString('hex')),
    // 72 random bits in 12 URL-safe characters: the same length for every choice.
    shownIds: authoredIds.map(() => randomBytes(9).toString('base64url')),
  };
}

function translate(from: string[], to: string[], response: unknown): unknown {
  const one = (id: unknown): unknown => {
    const index = typeof id === 'string' ? from.indexOf(id) : -1;
    // An id that is not among this question's choices (an authored one, say) fails validation.
    return index >= 0 ? to[index] : null;
  };
  return Array.isArray(response) ? response.map(one) : one(response);
}

/** A learner's response in the authored ids (what grading and item analysis read). */
export function fromShown(served: ServedQuestion, response: unknown): unknown {
  return served.shownIds && served.choiceOrder
    ? translate(served.shownIds, served.choiceOrder, response)
    : response;
}

/** A stored response (authored ids) as the learner sees it. */
export function toShown(served: ServedQuestion | undefined, response: Response): Response {
  return served?.shownIds && served.choiceOrder
    ? (translate(served.choiceOrder, served.shownIds, response) as Response)
    : response;
}

/** The id the learner sees for an authored choice id. */
export function shownIdOf(served: ServedQuestion, authoredId: string): string {
  return toShown(served, authoredId) as string;
}

/**
 * Answers written in authored ids (the demo seed, tests that hold the key) as a learner of this
 * attempt sends them: in the ids the attempt shows.
 */
export function answersAsShown(
  served: readonly ServedQuestion[],
  answers: Record<string, Response>,
): Record<string, Response> {
  const byId = new Map(served.map((question) => [question.questionId, question]));
  return Object.fromEntries(
    Object.entries(answers).map(([questionId, response]) => [
      questionId,
      toShown(byId.get(questionId), response),
    ]),
  );
}
