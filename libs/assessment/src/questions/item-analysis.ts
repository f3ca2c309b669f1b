import { gradeResponse } from './grading';
import type { AnswerKey, QuestionBody, Response } from './question.types';

/** Below this many responses a question's statistics are shown but never flagged: too noisy. */
export const MIN_RESPONSES_TO_FLAG = 20;
/** A question more than 90% of learners get right tells nobody apart. */
export const TOO_EASY_ABOVE = 0.9;
/** A question fewer than 20% get right is likely miskeyed, ambiguous or untaught. */
export const TOO_HARD_BELOW = 0.2;
/** Learners who do well on the rest of the quiz get it wrong more often than those who do badly. */
export const NEGATIVE_DISCRIMINATION_BELOW = 0;

export const ITEM_FLAGS = ['too_easy', 'too_hard', 'negative_discrimination'] as const;
export type ItemFlag = (typeof ITEM_FLAGS)[number];

/** A question as item analysis needs it: what was shown and its key. */
export interface AnalysedQuestion {
  id: string;
  body: QuestionBody;
  key: AnswerKey;
}

/** A graded attempt: the questions it served, in order, and the answers it was graded on. */
export interface GradedAttempt {
  served: string[];
  answers: Record<string, Response>;
}

export interface OptionFrequency {
  id: string;
  text: string;
  correct: boolean;
  /** Attempts that picked it (a multiple-choice attempt may pick several). */
  count: number;
  /** Of the attempts that served the question. */
  share: number;
}

export interface ItemStatistics {
  questionId: string;
  /** Graded attempts that served the question (an unanswered question counts, as wrong). */
  responses: number;
  /** Of those, how many answered it. */
  answered: number;
  /** Mean credit, 0 to 1: the share correct (with partial credit, the mean of the credits). */
  difficulty: number | null;
  /**
   * Point-biserial correlation of the credit on this question with the share of the rest of the
   * attempt answered right (the attempt without this question, so the item does not correlate
   * with itself). Null when it cannot be computed (fewer than two attempts, or no spread).
   */
  discrimination: number | null;
  /** Choice questions (single, multiple, true/false): how often each option was picked. */
  options: OptionFrequency[] | null;
  flags: ItemFlag[];
}

/**
 * Pearson correlation of two series of equal length; with a 0/1 item score this is the
 * point-biserial correlation. Null when either series has no spread or there are under two pairs.
 */
export function correlation(xs: readonly number[], ys: readonly number[]): number | null {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) {
    return null;
  }
  let sumX = 0;
  let sumY = 0;
  for (let i = 0; i < n; i++) {
    sumX += xs[i]!;
    sumY += ys[i]!;
  }
  const meanX = sumX / n;
  const meanY = sumY / n;
  let covariance = 0;
  let varianceX = 0;
  let varianceY = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - meanX;
    const dy = ys[i]! - meanY;
    covariance += dx * dy;
    varianceX += dx * dx;
    varianceY += dy * dy;
  }
  // Rounding leaves tiny non-zero variances on constant series: treat them as no spread.
  if (varianceX < 1e-12 || varianceY < 1e-12) {
    return null;
  }
  return covariance / Math.sqrt(varianceX * varianceY);
}

/** The flags of a question's statistics; none below MIN_RESPONSES_TO_FLAG responses. */
export function flagsFor(statistics: {
  responses: number;
  difficulty: number | null;
  discrimination: number | null;
}): ItemFlag[] {
  if (statistics.responses < MIN_RESPONSES_TO_FLAG) {
    return [];
  }
  const flags: ItemFlag[] = [];
  if (statistics.difficulty !== null && statistics.difficulty > TOO_EASY_ABOVE) {
    flags.push('too_easy');
  }
  if (statistics.difficulty !== null && statistics.difficulty < TOO_HARD_BELOW) {
    flags.push('too_hard');
  }
  if (statistics.discrimination !== null && statistics.discrimination < NEGATIVE_DISCRIMINATION_BELOW) {
    flags.push('negative_discrimination');
  }
  return flags;
}

function choicesOf(body: QuestionBody): { id: string; text: string }[] | null {
  switch (body.type) {
    case 'single':
    case 'multiple':
      return body.options;
    case 'true_false':
      return [
        { id: 'true', text: 'True' },
        { id: 'false', text: 'False' },
      ];
    case 'numeric':
    case 'ordering':
      return null;
  }
}

/** The option ids a response picks, for counting choices. */
function picks(response: Response | undefined): string[] {
  if (response === undefined) {
    return [];
  }
  if (Array.isArray(response)) {
    return response;
  }
  return [String(response)];
}

function isCorrectChoice(key: AnswerKey, id: string): boolean {
  switch (key.type) {
    case 'single':
      return key.correct === id;
    case 'multiple':
      return key.correct.includes(id);
    case 'true_false':
      return String(key.correct) === id;
    case 'numeric':
    case 'ordering':
      return false;
  }
}

/** One item followed across versions: what is shown for it, and the rows (one per version) it gathers. */
export interface AnalysedGroup {
  id: string;
  body: QuestionBody;
  key: AnswerKey;
  /** Question ids whose responses count for this item, each graded by its own key. */
  members: readonly string[];
}

/**
 * Item statistics of a bank's questions over graded attempts, each question graded as the quiz
 * grades it. Attempts serving questions outside `questions` count those as unanswerable (0).
 */
export function itemStatistics(
  questions: readonly AnalysedQuestion[],
  attempts: readonly GradedAttempt[],
  options: { partialCredit?: boolean } = {},
): ItemStatistics[] {
  return groupStatistics(
    questions,
    questions.map((question) => ({ ...question, members: [question.id] })),
    attempts,
    options,
  );
}

/**
 * Statistics of items that gather several questions (an item's versions): a response counts for
 * the item whichever of its versions was served, graded by that version's key.
 */
export function groupStatistics(
  questions: readonly AnalysedQuestion[],
  groups: readonly AnalysedGroup[],
  attempts: readonly GradedAttempt[],
  options: { partialCredit?: boolean } = {},
): ItemStatistics[] {
  const byId = new Map(questions.map((question) => [question.id, question]));
  // One pass over the attempts: every served question's credit, and the attempt's total.
  const graded = attempts.map((attempt) => {
    const credits = new Map<string, number>();
    for (const questionId of attempt.served) {
      const question = byId.get(questionId);
      credits.set(
        questionId,
        question ? gradeResponse(question.key, attempt.answers[questionId], options) : 0,
      );
    }
    let total = 0;
    for (const credit of credits.values()) {
      total += credit;
    }
    return { attempt, credits, total };
  });
  return groups.map((group) => {
    const items: number[] = [];
    const rests: number[] = [];
    const choices = choicesOf(group.body);
    const counts = new Map<string, number>(choices?.map((choice) => [choice.id, 0]) ?? []);
    let responses = 0;
    let answered = 0;
    let creditSum = 0;
    for (const { attempt, credits, total } of graded) {
      const member = group.members.find((id) => credits.has(id));
      if (member === undefined) {
        continue;
      }
      const credit = credits.get(member)!;
      responses += 1;
      creditSum += credit;
      const response = attempt.answers[member];
      if (response !== undefined) {
        answered += 1;
      }
      for (const id of new Set(picks(response))) {
        if (counts.has(id)) {
          counts.set(id, counts.get(id)! + 1);
        }
      }
      // The rest of the attempt as a share, so attempts of different lengths compare.
      const others = credits.size - 1;
      if (others > 0) {
        items.push(credit);
        rests.push((total - credit) / others);
      }
    }
    const difficulty = responses > 0 ? creditSum / responses : null;
    const discrimination = correlation(items, rests);
    return {
      questionId: group.id,
      responses,
      answered,
      difficulty,
      discrimination,
      options:
        choices?.map((choice) => ({
          id: choice.id,
          text: choice.text,
          correct: isCorrectChoice(group.key, choice.id),
          count: counts.get(choice.id) ?? 0,
          share: responses > 0 ? (counts.get(choice.id) ?? 0) / responses : 0,
        })) ?? null,
      flags: flagsFor({ responses, difficulty, discrimination }),
    };
  });
}
