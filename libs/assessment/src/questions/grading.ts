import type { AnswerKey, Response } from './question.types';

/** The response that earns full credit. */
export function correctResponse(key: AnswerKey): Response {
  switch (key.type) {
    case 'numeric':
      return key.answer;
    case 'ordering':
      return key.order;
    case 'single':
    case 'multiple':
    case 'true_false':
      return key.correct;
  }
}

/**
 * The credit (0 to 1) a response earns. Multiple choice is all-or-nothing unless partial
 * credit is on (then: right picks minus wrong picks, over the right ones, never below 0).
 */
export function gradeResponse(
  key: AnswerKey,
  response: Response | undefined,
  options: { partialCredit?: boolean } = {},
): number {
  if (response === undefined) {
    return 0;
  }
  switch (key.type) {
    case 'single':
      return response === key.correct ? 1 : 0;
    case 'true_false':
      return response === key.correct ? 1 : 0;
    case 'numeric':
      return typeof response === 'number' &&
        Number.isFinite(response) &&
        Math.abs(response - key.answer) <= key.tolerance + 1e-9
        ? 1
        : 0;
    case 'multiple': {
      if (!Array.isArray(response)) {
        return 0;
      }
      const picked = new Set(response);
      const correct = new Set(key.correct);
      const right = [...picked].filter((id) => correct.has(id)).length;
      const wrong = picked.size - right;
      if (!options.partialCredit) {
        return right === correct.size && wrong === 0 ? 1 : 0;
      }
      return Math.max(0, (right - wrong) / correct.size);
    }
    case 'ordering':
      return Array.isArray(response) &&
        response.length === key.order.length &&
        response.every((id, index) => id === key.order[index])
        ? 1
        : 0;
  }
}

/** A whole-number percentage of the credit earned over the questions served. */
export function scorePercent(credits: number[]): number {
  if (credits.length === 0) {
    return 0;
  }
  return Math.floor((100 * credits.reduce((sum, credit) => sum + credit, 0)) / credits.length + 1e-9);
}
