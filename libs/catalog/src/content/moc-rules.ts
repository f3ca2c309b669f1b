import { boardByCode, US_STATE_NAMES } from '@academy/core';
import type { CourseContent } from './course-content.types';

/** The credit MOC points are measured against: boards accept MOC only for AMA PRA Category 1 Credit™. */
const AMA_CREDIT = 'AMA PRA Category 1 Credit™';

/** One problem of a version's MOC points or licensure topics, by the field it is in (`moc.0.points`). */
export interface MocProblem {
  field: string;
  message: string;
}

/** The AMA PRA Category 1 Credits™ a version designates, or null when it designates none. */
export function amaCreditsOf(content: Pick<CourseContent, 'credits'>): number | null {
  return content.credits.find((credit) => credit.type === AMA_CREDIT)?.max ?? null;
}

/**
 * What is wrong with a version's MOC points per board and its state licensure topics: a board the
 * academy does not report to (`reportedBoards`, from MOC_BOARDS) or listed twice, a type the
 * board does not have, points off the 0.25 grid or above the AMA PRA Category 1 Credits™
 * designated (none designated allows no MOC), a jurisdiction that is no US state or territory.
 */
export function mocProblems(
  content: Pick<CourseContent, 'credits' | 'moc' | 'licensureTopics'>,
  reportedBoards: readonly string[],
): MocProblem[] {
  const problems: MocProblem[] = [];
  const ama = amaCreditsOf(content);
  const seen = new Set<string>();
  for (const [index, entry] of (content.moc ?? []).entries()) {
    const at = `moc.${index}`;
    const board = boardByCode(entry.board);
    if (!board || !reportedBoards.includes(board.code)) {
      problems.push({
        field: `${at}.board`,
        message: `${entry.board} is not a board the academy reports to; choose one of ${reportedBoards.join(', ')}.`,
      });
    } else if (seen.has(board.code)) {
      problems.push({
        field: `${at}.board`,
        message: `${board.code} is listed twice; give each board one entry.`,
      });
    }
    seen.add(entry.board);
    if (board) {
      for (const [typeIndex, type] of entry.types.entries()) {
        if (!board.mocTypes.some((mocType) => mocType.code === type)) {
          problems.push({
            field: `${at}.types.${typeIndex}`,
            message: `${type} is not one of the ${board.code} MOC types; choose from ${board.mocTypes
              .map((mocType) => `${mocType.code} (${mocType.label})`)
              .join(', ')}.`,
          });
        }
      }
    }
    if (!Number.isInteger(entry.points * 4)) {
      problems.push({
        field: `${at}.points`,
        message: `MOC points go in steps of 0.25 (such as 1.25 or 6); ${entry.points} is not one.`,
      });
    } else if (ama === null) {
      problems.push({
        field: `${at}.points`,
        message: `MOC points need AMA PRA Category 1 Credit™ designated; designate it, or give no MOC points.`,
      });
    } else if (entry.points > ama) {
      problems.push({
        field: `${at}.points`,
        message: `MOC points may be at most ${ama}, the AMA PRA Category 1 Credits™ designated (got ${entry.points}).`,
      });
    }
  }
  for (const [index, topic] of (content.licensureTopics ?? []).entries()) {
    if (!Object.hasOwn(US_STATE_NAMES, topic.jurisdiction)) {
      problems.push({
        field: `licensureTopics.${index}.jurisdiction`,
        message: `${topic.jurisdiction} is not a US state or territory; use its two-letter code, such as TX.`,
      });
    }
  }
  return problems;
}

/** Problems grouped by field, as an error's `fields` answers them. */
export function problemsByField(problems: MocProblem[]): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const problem of problems) {
    (fields[problem.field] ??= []).push(problem.message);
  }
  return fields;
}
