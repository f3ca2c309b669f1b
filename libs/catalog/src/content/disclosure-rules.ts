import { dateInWords } from '@academy/core';
import type { Person } from './course-content.types';

const DAY_MS = 86_400_000;
/** Disclosures are calendar dates; they are said as written, whatever the reader's zone. */
const CALENDAR = { zone: 'UTC' } as const;

/** A YYYY-MM-DD date at midnight UTC, or undefined when it is not one. */
export function calendarDate(value: string | undefined): Date | undefined {
  if (!value) {
    return undefined;
  }
  const date = new Date(`${value.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function addMonths(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  result.setUTCMonth(result.getUTCMonth() + months);
  return result;
}

export function inWords(date: Date): string {
  return dateInWords(date, CALENDAR);
}

function relationshipName(company: string, nature: string): string {
  return `${company} (${nature.charAt(0).toLowerCase()}${nature.slice(1)})`;
}

/**
 * What a person's disclosure may not say, in words (ACCME Standard 3): a date after today, a
 * relationship that ended more than 24 months before the disclosure (only the past 24 months are
 * disclosed) or one said to have ended after it. A draft holding any of these is not saved.
 */
export function disclosureRefusals(person: Person, now: Date): string[] {
  const disclosedOn = calendarDate(person.disclosure.disclosedOn);
  return disclosedOn && disclosedOn.getTime() > now.getTime() + DAY_MS
    ? [
        `${person.name}: the disclosure is dated ${inWords(disclosedOn)}, after today. Enter the day the person disclosed.`,
        ...relationshipRefusals(person),
      ]
    : relationshipRefusals(person);
}

/** The relationships a disclosure may not list: ended before its 24-month window, or after it was made. */
export function relationshipRefusals(person: Person): string[] {
  const refusals: string[] = [];
  const disclosedOn = calendarDate(person.disclosure.disclosedOn);
  if (!disclosedOn) {
    return refusals;
  }
  const windowStart = addMonths(disclosedOn, -24);
  for (const relationship of person.disclosure.relationships) {
    const endedOn = calendarDate(relationship.endedOn);
    if (!endedOn) {
      continue;
    }
    const name = relationshipName(relationship.company, relationship.nature);
    if (endedOn < windowStart) {
      refusals.push(
        `${person.name}: the relationship with ${name} ended on ${inWords(endedOn)}, more than 24 months before the disclosure of ${inWords(disclosedOn)}. Only relationships of the past 24 months are disclosed: remove it.`,
      );
    } else if (endedOn > disclosedOn) {
      refusals.push(
        `${person.name}: the relationship with ${name} is said to end on ${inWords(endedOn)}, after the disclosure of ${inWords(disclosedOn)}. Leave the end date empty for a relationship that was going on when the person disclosed.`,
      );
    }
  }
  return refusals;
}

/**
 * The relationships that need mitigation and that learners are shown: every one not marked as
 * unrelated to the content.
 */
export function relevantRelationships(
  person: Pick<Person, 'disclosure'>,
): Person['disclosure']['relationships'] {
  return person.disclosure.relationships.filter((relationship) => relationship.relevant !== false);
}
