import type { AccmeActivityRecord, AccmeCompletion, AccmeLearnerRecord } from './report.types';
import { usStateName } from '@academy/core';
import { birthDateForPars } from '@academy/identity';
import type { ReportedLearner } from '@academy/identity';

/**
 * ACCME's Program and Activity Reporting System (PARS) takes batch files of activities and of
 * learner completions. What each layout rests on differs, and it matters before an upload:
 *
 * - The learner file follows ACCME's "Learner Excel CME MOC Template" of January 2024
 *   (917_20240125_Learner_Excel_CME_MOC_Template.xlsx): its header row, column for column and in
 *   its order. (That file's "Credit Type" header ends in a space; ours does not.)
 * - The activity file follows the field list of ACCME's PARS FAQ "What activity data are
 *   providers required to enter in PARS", not a template: no authoritative current activity
 *   template was found. Check its header against the activity template current at ACCME before
 *   an upload, and follow suit here, the one place to do so.
 *
 * Dates are MM/DD/YYYY, as PARS reads them; a field we do not hold is left empty. One activity is
 * one course version (its own release and expiry dates, its own content hash); a completion is an
 * issued certificate that is not revoked (suspended ones are under review, still issued), dated
 * the day it was issued (UTC). Both files carry the ACCME Activity ID that PARS assigned to the
 * activity, as an admin recorded it (accme_activity), and leave it empty until then.
 */
export const PARS_ACTIVITY_COLUMNS = [
  // `<course slug>-v<version>`: the provider's own, stable id of the activity.
  'Provider Activity ID',
  // The id PARS assigned when the activity was registered, as recorded; empty until then.
  'ACCME Activity ID',
  // The version's content title.
  'Activity Title',
  // Every course is an online enduring material (its skills lab is part of the same activity).
  // The FAQ's Delivery Method is asked of courses only, so it is not a column here.
  'Format',
  // The version's release date (content.releaseDate), else the day it was published.
  'Start Date',
  // The version's expiry (review) date, content.expiryDate: enduring material ends there.
  'End Date',
  // The version's catalog summary.
  'Activity Description',
  // Location: PARS asks it of in-person activities only; ours are online, left empty.
  'City',
  'State',
  'Country',
  // Every course is the academy's own: directly provided, no joint provider.
  'Providership',
  // The modules' estimated study time (content.modules[].estimatedMinutes) in hours.
  'Hours of Instruction',
  // The FAQ's "AMA PRA Category 1 Credit™ amount": the designated maximum (content.credits),
  // empty when none. Named without the ™, which a spreadsheet may misread in a CSV header.
  'AMA PRA Category 1 Credits Designated',
  // Any other credit types designated, "type: max" joined by "; ".
  'Other Credits Designated',
  // Completions in the period by learners whose profile degree is MD, DO or MBBS.
  'Total Physician Learners',
  // Completions in the period by everybody else (PA, NP, RN, other, or no degree on record).
  'Total Other Learners',
  // The academy accepts no commercial support for its courses, so none is recorded: always No.
  'Commercial Support',
] as const;

export const PARS_LEARNER_COLUMNS = [
  // Every row adds a completion.
  'Record Action',
  // The id PARS assigned to the activity completed, as recorded; empty until then (record it
  // first: PARS cannot place the row without it).
  'ACCME Activity ID',
  // The day the certificate was issued (UTC), MM/DD/YYYY.
  'Completion Date',
  // The holder's name as issued on the certificate (kept even if the account is later
  // anonymised), split: everything before the last name, a leading title (Dr, Prof) dropped.
  'First Name',
  // The last word of that name, with the particles before it (van der Berg, de la Cruz).
  'Last Name',
  // MM/DD, from the learner's reporting profile (which keeps no year); empty until they give it.
  'Date of Birth',
  // The full name of the state of the learner's first licence on their reporting profile (by
  // state code); empty without a licence.
  'Licensing State',
  // That licence's number on the state's board; without a licence, the learner's National
  // Provider Identifier; else empty.
  'Licensing ID or NPI',
  // AMA PRA Category 1 Credit™ claimed, as stated on the certificate; empty when the certificate
  // carries only other credit types (e.g. AAPA Category 1 CME for a physician assistant).
  'Number of CME Credits',
  // The last five columns report Maintenance of Certification to a certifying board. This file
  // (every completion) leaves them empty; the board reporting queue's batch file fills them, one
  // row per learner and board: the board's code, the learner's ID with it, the MOC points, the
  // board's credit types (several joined by "; ") and the points again, which each type counts.
  'Certifying Board',
  'Certifying Board ID',
  'Total Board Credits',
  'Credit Type',
  'Credits Awarded for Credit Type',
] as const;

export const ACTIVITY_FORMAT = 'Enduring Material';
export const RECORD_ACTION = 'Add';
export const AMA_CREDIT = 'AMA PRA Category 1 Credit™';

export type ParsActivityColumn = (typeof PARS_ACTIVITY_COLUMNS)[number];
export type ParsLearnerColumn = (typeof PARS_LEARNER_COLUMNS)[number];

/** `2026-03-05` or an instant → `03/05/2026` (UTC). */
export function parsDate(value: string | Date | null): string {
  if (value === null) {
    return '';
  }
  const iso = typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);
  const [year, month, day] = iso.split('-');
  return `${month}/${day}/${year}`;
}

export function activityId(courseSlug: string, version: number): string {
  return `${courseSlug}-v${version}`;
}

/** A profile field with something in it, trimmed; null when blank. */
function given(value: string | null): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

// A file prints the same few amounts thousands of times, and a number's text is slow to make.
const AMOUNTS = new Map<number, string>();

/** Credits as PARS prints them: 6, 1.5, 2.25. */
export function amount(value: number): string {
  let text = AMOUNTS.get(value);
  if (text === undefined) {
    text = String(Math.round(value * 100) / 100);
    if (AMOUNTS.size < 1_000) {
      AMOUNTS.set(value, text);
    }
  }
  return text;
}

export function parsActivityRow(record: AccmeActivityRecord): string[] {
  const ama = record.credits.find((credit) => credit.type === AMA_CREDIT);
  const cells: Record<ParsActivityColumn, string> = {
    'Provider Activity ID': activityId(record.courseSlug, record.version),
    'ACCME Activity ID': record.accmeActivityId ?? '',
    'Activity Title': record.courseTitle,
    Format: ACTIVITY_FORMAT,
    'Start Date': parsDate(record.releaseDate ?? record.publishedAt),
    'End Date': parsDate(record.expiryDate),
    'Activity Description': record.summary,
    City: '',
    State: '',
    Country: '',
    Providership: 'Direct',
    'Hours of Instruction': amount(record.estimatedMinutes / 60),
    'AMA PRA Category 1 Credits Designated': ama ? amount(ama.max) : '',
    'Other Credits Designated': record.credits
      .filter((credit) => credit.type !== AMA_CREDIT)
      .map((credit) => `${credit.type}: ${amount(credit.max)}`)
      .join('; '),
    'Total Physician Learners': String(record.physicianLearners),
    'Total Other Learners': String(record.otherLearners),
    'Commercial Support': 'No',
  };
  return PARS_ACTIVITY_COLUMNS.map((column) => cells[column]);
}

/** A completion with what the learner's reporting profile says of them, as a learner row needs it. */
export function learnerRecord(
  completion: AccmeCompletion,
  learner: ReportedLearner | undefined,
): AccmeLearnerRecord {
  return {
    ...completion,
    birthDate: learner ? birthDateForPars(learner) : '',
    npi: learner?.npi ?? null,
    licenceState: learner?.licence?.jurisdiction ?? null,
    licenceNumber: learner?.licence?.number ?? null,
  };
}

/** What a row reports to a certifying board: its code, the learner's ID, the MOC points and types. */
export interface ParsBoardCredit {
  board: string;
  boardId: string;
  points: number;
  types: readonly string[];
}

/** A learner row; with `board`, the row that reports the completion's MOC points to that board. */
export function parsLearnerRow(record: AccmeLearnerRecord, board?: ParsBoardCredit): string[] {
  const { first, last } = splitName(record.holderName);
  const licenceNumber = given(record.licenceNumber);
  const cells: Record<ParsLearnerColumn, string> = {
    'Record Action': RECORD_ACTION,
    'ACCME Activity ID': record.accmeActivityId ?? '',
    'Completion Date': record.completedOn,
    'First Name': first,
    'Last Name': last,
    'Date of Birth': record.birthDate,
    'Licensing State': licenceNumber ? usStateName(record.licenceState) : '',
    'Licensing ID or NPI': licenceNumber ?? given(record.npi) ?? '',
    'Number of CME Credits': record.credit === null ? '' : amount(record.credit),
    'Certifying Board': board?.board ?? '',
    'Certifying Board ID': board?.boardId ?? '',
    'Total Board Credits': board ? amount(board.points) : '',
    'Credit Type': board?.types.join('; ') ?? '',
    'Credits Awarded for Credit Type': board ? amount(board.points) : '',
  };
  return PARS_LEARNER_COLUMNS.map((column) => cells[column]);
}

const TITLES = new Set(['dr', 'dr.', 'prof', 'prof.', 'professor', 'mr', 'mr.', 'mrs', 'mrs.', 'ms', 'ms.']);
const PARTICLES = new Set([
  'van',
  'von',
  'der',
  'den',
  'de',
  'del',
  'della',
  'da',
  'das',
  'do',
  'dos',
  'du',
  'la',
  'le',
  'di',
  'ter',
  'ten',
  'bin',
  'ibn',
  'al',
]);

/**
 * Splits a full name the way forms ask for it: the last word is the last name, with the
 * lower-case particles before it ("van der Berg"); a leading title is dropped. One word is a
 * last name alone.
 */
export function splitName(fullName: string): { first: string; last: string } {
  const words = fullName
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '');
  while (words.length > 1 && TITLES.has(words[0]!.toLowerCase())) {
    words.shift();
  }
  if (words.length <= 1) {
    return { first: '', last: words[0] ?? '' };
  }
  let start = words.length - 1;
  while (
    start > 1 &&
    PARTICLES.has(words[start - 1]!) &&
    words[start - 1] === words[start - 1]!.toLowerCase()
  ) {
    start -= 1;
  }
  return { first: words.slice(0, start).join(' '), last: words.slice(start).join(' ') };
}
