import { BOARD_CODES, calendarDayIn } from '@academy/core';
import type { CourseContent } from './course-content.types';
import {
  contentEstimate,
  creditAmountsInWords,
  creditsAboveEstimate,
  minutesInWords,
} from './content-estimate';
import {
  addMonths,
  calendarDate as parseDate,
  relationshipRefusals,
  relevantRelationships,
} from './disclosure-rules';
import { mocProblems } from './moc-rules';

/** One publishing rule the content does not meet, said so an author can fix it. */
export interface UnmetRule {
  rule: string;
  message: string;
}

/**
 * Every rule a version must meet to be published (ACCME: valid content, designated credit,
 * statements, current and mitigated disclosures, a review date within three years, MOC points
 * only for the boards reported to and never above the AMA credit), each unmet one reported.
 * `now` is the publication time; `reportedBoards` the boards the academy reports MOC to (every
 * board PARS knows when a caller has no configuration to hand). Date-only rules read the day on
 * the academy's calendar (`academyZone`): an expiry date of today is still good until the day
 * ends there.
 */
export function unmetPublishRules(
  content: CourseContent,
  now: Date,
  reportedBoards: readonly string[] = BOARD_CODES,
  academyZone = 'UTC',
): UnmetRule[] {
  const unmet: UnmetRule[] = [];
  const fail = (rule: string, message: string): void => {
    unmet.push({ rule, message });
  };

  if (content.modules.length === 0) {
    fail('modules', 'Add at least one module.');
  }
  for (const [index, module] of content.modules.entries()) {
    const name = `Module ${index + 1} (${module.title})`;
    if (module.objectives.filter((objective) => objective.trim() !== '').length === 0) {
      fail('objectives', `${name} needs at least one learning objective.`);
    }
    if (module.lessons.length === 0) {
      fail('lessons', `${name} needs at least one lesson.`);
    }
    if (!module.quiz) {
      fail('quizzes', `${name} needs a quiz.`);
    }
    for (const lesson of module.lessons) {
      if (lesson.markdown.trim() === '') {
        fail('lessons', `${name}: lesson "${lesson.title}" has no content.`);
      }
      // Every image is described for readers who cannot see it (`![description](…)`).
      if (/!\[\s*\]\(/.test(lesson.markdown)) {
        fail('lessons', `${name}: lesson "${lesson.title}" has an image without a description (alt text).`);
      }
      // Videos need captions: a bare link (from before lesson videos) cannot carry them.
      if (lesson.videoUrl) {
        fail(
          'lessons',
          `${name}: lesson "${lesson.title}" links a video without captions. Add the video in the lesson’s Video section, with its captions, and remove the link.`,
        );
      }
    }
  }
  if (content.summary.trim() === '') {
    fail('summary', 'Write a summary for the catalog.');
  }
  if (content.targetAudience.trim() === '') {
    fail('targetAudience', 'State the target audience.');
  }

  if (content.credits.length === 0) {
    fail('credits', 'Designate credit for at least one credit type.');
  }
  for (const credit of content.credits) {
    if (!Number.isInteger(credit.max * 4) || credit.max <= 0) {
      fail('credits', `${credit.type}: the maximum must be a positive multiple of 0.25 (got ${credit.max}).`);
    }
  }
  if (new Set(content.credits.map((credit) => credit.type)).size !== content.credits.length) {
    fail('credits', 'Each credit type may be designated once.');
  }
  // Credit is for time spent on the content: above the estimate only with a recorded reason.
  const estimate = contentEstimate(content);
  const above = creditsAboveEstimate(content, estimate);
  if (above.length > 0 && !content.creditJustification?.trim()) {
    fail(
      'creditJustification',
      `${creditAmountsInWords(above)} ${above.length === 1 ? 'is' : 'are'} more than the content supports: it takes about ${minutesInWords(estimate.minutes)} at the stated rates, so at most ${estimate.supportedCredit.toFixed(2)}. Lower the designation, or record why it is right (for example a timed pilot) in the credit justification.`,
    );
  }
  // Every draft save checks these too; here they catch a draft saved before its board was
  // switched off (MOC_BOARDS). The rule is the field, so the API's answer names it.
  for (const problem of mocProblems(content, reportedBoards)) {
    fail(problem.field, problem.message);
  }
  if (content.accreditationStatement.trim() === '') {
    fail('accreditationStatement', 'Add the accreditation statement.');
  }

  if (content.people.length === 0) {
    fail('disclosures', 'List the faculty and planners in control of content, with their disclosures.');
  }
  // Today on the academy's calendar, as the dates of the document are written.
  const today = parseDate(calendarDayIn(now, academyZone))!;
  // Disclosures are dated by day: one made on this day 24 months ago still counts.
  const oldestAccepted = addMonths(today, -24);
  for (const person of content.people) {
    const disclosedOn = parseDate(person.disclosure.disclosedOn);
    if (!disclosedOn || disclosedOn < oldestAccepted) {
      fail('disclosures', `${person.name}: the disclosure is missing or older than 24 months.`);
    } else if (disclosedOn > today) {
      fail('disclosures', `${person.name}: the disclosure is dated in the future.`);
    }
    const relevant = relevantRelationships(person);
    if (relevant.length > 0 && !person.disclosure.mitigation?.trim()) {
      fail(
        'disclosures',
        `${person.name}: record how the relevant financial relationships (${relevant.map((relationship) => relationship.company).join(', ')}) were mitigated.`,
      );
    }
    for (const refusal of relationshipRefusals(person)) {
      fail('disclosures', refusal);
    }
  }

  const release = parseDate(content.releaseDate);
  const expiry = parseDate(content.expiryDate);
  if (!release) {
    fail('releaseDate', 'Set the release date.');
  }
  if (!expiry) {
    fail('expiryDate', 'Set the expiry (review) date.');
  }
  if (release && expiry) {
    if (expiry <= release) {
      fail('expiryDate', 'The expiry date must come after the release date.');
    } else if (expiry > addMonths(release, 36)) {
      fail('expiryDate', 'The expiry date may be at most three years after the release date.');
    }
  }
  // The expiry day is the last day of credit: it has passed once that day is over.
  if (expiry && expiry < today) {
    fail('expiryDate', 'The expiry date has passed.');
  }
  return unmet;
}
