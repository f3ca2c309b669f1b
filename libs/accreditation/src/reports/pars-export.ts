import type { AccmeActivityRecord, AccmeLearnerRecord } from './report.repository';

/**
 * ACCME's Program and Activity Reporting System (PARS) takes batch files of activities and of
 * learner completions. The column lists below follow the layout of its published batch templates
 * (the activity template for CME, and the learner-completion "Learner Data" template), one
 * column per field in the template's order, with where each value comes from in our data. Dates
 * are MM/DD/YYYY, as PARS reads them; a field we do not hold is left empty, as the templates allow
 * for optional fields. Check the header against the template current at ACCME before an upload:
 * ACCME revises its templates from time to time, and this is the one place to follow suit.
 *
 * One activity is one course version (its own release and expiry dates, its own content hash),
 * identified by `<course slug>-v<version>`; a completion is an issued certificate that is not
 * revoked (suspended ones are under review, still issued), dated the day it was issued (UTC).
 */
export const PARS_ACTIVITY_COLUMNS = [
  // `<course slug>-v<version>`: the provider's own, stable id of the activity.
  'Activity ID',
  // The version's content title.
  'Activity Title',
  // Every course is an online enduring activity (its skills lab is part of the same activity).
  'Activity Type',
  // The version's release date (content.releaseDate), else the day it was published.
  'Start Date',
  // The version's expiry (review) date, content.expiryDate: enduring material ends there.
  'End Date',
  // The version's catalog summary.
  'Activity Description',
  // Location: PARS asks it of live activities only; ours are internet activities, left empty.
  'City',
  'State',
  'Postal Code',
  'Country',
  // Every course is the academy's own: no joint provider.
  'Joint Providership',
  // The modules' estimated study time (content.modules[].estimatedMinutes) in hours.
  'Hours of Instruction',
  // The designated maximum of AMA PRA Category 1 Credit™ (content.credits), empty when none.
  'AMA PRA Category 1 Credits Designated',
  // Any other credit types designated, "type: max" joined by "; ".
  'Other Credits Designated',
  // Completions in the period by learners whose profile degree is MD, DO or MBBS.
  'Number of Physician Learners',
  // Completions in the period by everybody else (PA, NP, RN, other, or no degree on record).
  'Number of Other Learners',
  // The academy accepts no commercial support for its courses, so none is recorded: always No.
  'Commercial Support Received',
] as const;

export const PARS_LEARNER_COLUMNS = [
  // The activity's id, as in the activity file: `<course slug>-v<version>`.
  'Activity ID',
  // The holder's name as issued on the certificate (kept even if the account is later
  // anonymised), split: everything before the last name, a leading title (Dr, Prof) dropped.
  'Learner First Name',
  // The last word of that name, with the particles before it (van der Berg, de la Cruz).
  'Learner Last Name',
  // The learner's National Provider Identifier from their profile (identity), when given.
  'NPI',
  // Not collected: PARS matches a learner on the NPI or the licence instead. Left empty.
  'Date of Birth (MM/DD)',
  // The state whose board licensed the learner, from their profile (identity).
  'Licensing Board',
  // Their licence number on that board, from their profile.
  'License Number',
  // AMA PRA Category 1 Credit™ claimed, as stated on the certificate; empty when the certificate
  // carries only other credit types (e.g. AAPA Category 1 CME for a physician assistant).
  'Credits Earned',
  // The day the certificate was issued (UTC), MM/DD/YYYY.
  'Completion Date',
] as const;

export const ACTIVITY_TYPE = 'Internet Enduring Material';
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

/** Credits as PARS prints them: 6, 1.5, 2.25. */
function amount(value: number): string {
  return String(Math.round(value * 100) / 100);
}

export function parsActivityRow(record: AccmeActivityRecord): string[] {
  const ama = record.credits.find((credit) => credit.type === AMA_CREDIT);
  const cells: Record<ParsActivityColumn, string> = {
    'Activity ID': activityId(record.courseSlug, record.version),
    'Activity Title': record.courseTitle,
    'Activity Type': ACTIVITY_TYPE,
    'Start Date': parsDate(record.releaseDate ?? record.publishedAt),
    'End Date': parsDate(record.expiryDate),
    'Activity Description': record.summary,
    City: '',
    State: '',
    'Postal Code': '',
    Country: '',
    'Joint Providership': 'No',
    'Hours of Instruction': amount(record.estimatedMinutes / 60),
    'AMA PRA Category 1 Credits Designated': ama ? amount(ama.max) : '',
    'Other Credits Designated': record.credits
      .filter((credit) => credit.type !== AMA_CREDIT)
      .map((credit) => `${credit.type}: ${amount(credit.max)}`)
      .join('; '),
    'Number of Physician Learners': String(record.physicianLearners),
    'Number of Other Learners': String(record.otherLearners),
    'Commercial Support Received': 'No',
  };
  return PARS_ACTIVITY_COLUMNS.map((column) => cells[column]);
}

export function parsLearnerRow(record: AccmeLearnerRecord): string[] {
  const { first, last } = splitName(record.holderName);
  const cells: Record<ParsLearnerColumn, string> = {
    'Activity ID': activityId(record.courseSlug, record.version),
    'Learner First Name': first,
    'Learner Last Name': last,
    NPI: record.npi ?? '',
    'Date of Birth (MM/DD)': '',
    'Licensing Board': record.licenceState ?? '',
    'License Number': record.licenceNumber ?? '',
    'Credits Earned': record.credit === null ? '' : amount(record.credit),
    'Completion Date': record.completedOn,
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
