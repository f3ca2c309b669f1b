import { boardByCode, MONTH_NAMES, periodAtPlace } from '@academy/core';
import { ENTRUSTMENT_LEVELS } from '@academy/skills-lab';
import type { HandsOnSignOff } from '@academy/skills-lab';

/** MOC points reported to one board, as the version awarded them. */
export interface MocStatement {
  board: string;
  boardName: string;
  points: number;
  /** The board's MOC credit types, in words (`Medical Knowledge`). */
  types: string[];
}

/** The skills lab whose signed checklist met the course's hands-on requirement. */
export interface HandsOnStatement {
  /** The lab's first and last day as calendar dates at the venue (`2027-03-14`). */
  labDates: { from: string; to: string };
  /**
   * The session the checklist was signed in, at the venue: start and end instants and the
   * venue's zone. Absent on certificates issued before the session was stated.
   */
  session?: { startsAt: string; endsAt: string; timeZone: string };
  venue: string;
  venueAddress: string;
  /** The instructor whose account signed the checklist; null if that account is gone. */
  instructor: string | null;
  /** The lowest entrustment level recorded on any step: every step was at it or above. */
  entrustment: { level: number; of: number; label: string } | null;
  signedOffAt: string;
}

/**
 * What a certificate states beyond its credit, captured in the issuing transaction and never
 * recomputed: a later version of the course or a changed profile does not change an issued
 * certificate.
 */
export interface CertificateStatements {
  /** The academy's ACCME accreditation (or joint-providership) statement of the version. */
  accreditation: string;
  /** The AMA (and other) designation statement the version was published with. */
  designation: string;
  /** From enrolment to completion, as ISO instants. */
  participation: { from: string; to: string };
  /** The physician's degree (MD, DO…) at issue; null when none is recorded. */
  degree: string | null;
  /** Boards the learner chose to have this completion reported to, with the points. */
  moc: MocStatement[];
  handsOn: HandsOnStatement | null;
}

/** What the issuing transaction knows, from which the statements are made. */
export interface StatementSources {
  content: {
    accreditationStatement: string;
    designationStatement?: string;
    moc?: { board: string; points: number; types: string[] }[];
  };
  enrolledAt: Date;
  /** The moments of the steps that completed the course (claims, the lab sign-off). */
  completionMoments: (Date | null)[];
  issuedAt: Date;
  degree: string | null;
  reportTo: readonly string[];
  handsOn: HandsOnSignOff | null;
}

// `other` is no degree to print after a name.
const PRINTED_DEGREES = new Set(['MD', 'DO', 'MBBS', 'NP', 'PA', 'RN']);

/**
 * The statements of a certificate being issued.
 *
 * Participation runs from the enrolment (`enrolled_at`: the learner could not study before) to
 * the completing step: the latest credit claim or lab sign-off the completion rule counted. That
 * is the issue moment itself except when issuance waited for the holder to confirm an address,
 * where the issue moment would overstate the participation; it never comes before enrolment.
 */
export function statementsAtIssue(sources: StatementSources): CertificateStatements {
  const completed = sources.completionMoments
    .filter((moment): moment is Date => moment !== null)
    .reduce<Date | null>((latest, moment) => (!latest || moment > latest ? moment : latest), null);
  const to = completed && completed >= sources.enrolledAt ? completed : sources.issuedAt;
  return {
    accreditation: sources.content.accreditationStatement.trim(),
    designation: (sources.content.designationStatement ?? '').trim(),
    participation: { from: sources.enrolledAt.toISOString(), to: to.toISOString() },
    degree: sources.degree && PRINTED_DEGREES.has(sources.degree) ? sources.degree : null,
    moc: (sources.content.moc ?? [])
      .filter((award) => sources.reportTo.includes(award.board))
      .map((award) => {
        const board = boardByCode(award.board);
        return {
          board: award.board,
          boardName: board?.name ?? award.board,
          points: award.points,
          types: award.types.map((code) => board?.mocTypes.find((type) => type.code === code)?.label ?? code),
        };
      }),
    handsOn: sources.handsOn ? handsOnStatement(sources.handsOn) : null,
  };
}

function handsOnStatement(signOff: HandsOnSignOff): HandsOnStatement {
  const lowest = signOff.levels.length > 0 ? Math.min(...signOff.levels) : null;
  const entrustment = ENTRUSTMENT_LEVELS.find((candidate) => candidate.level === lowest);
  return {
    labDates: {
      from: calendarDate(signOff.startsAt, signOff.timeZone),
      // A lab ending at midnight ends on the day before.
      to: calendarDate(new Date(signOff.endsAt.getTime() - 1), signOff.timeZone),
    },
    session: {
      startsAt: signOff.startsAt.toISOString(),
      endsAt: signOff.endsAt.toISOString(),
      timeZone: signOff.timeZone,
    },
    venue: signOff.venueName,
    venueAddress: signOff.venueAddress,
    instructor: signOff.instructorName,
    entrustment: entrustment
      ? { level: entrustment.level, of: ENTRUSTMENT_LEVELS.length, label: entrustment.label }
      : null,
    signedOffAt: signOff.signedOffAt.toISOString(),
  };
}

/** `2027-03-14`: the date on the calendar of `timeZone` at that moment. */
function calendarDate(moment: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(moment);
}

/**
 * A span of calendar dates (`YYYY-MM-DD`) the way a certificate says it: `12 March 2027`,
 * `3 – 12 March 2027`, `3 February – 12 March 2027`, `28 December 2026 – 4 January 2027`.
 */
export function dateSpanInWords(from: string, to: string): string {
  const [fromYear, fromMonth, fromDay] = from.split('-').map(Number) as [number, number, number];
  const [toYear, toMonth, toDay] = to.split('-').map(Number) as [number, number, number];
  const last = `${toDay} ${MONTH_NAMES[toMonth - 1]} ${toYear}`;
  if (from >= to) {
    return last;
  }
  if (fromYear !== toYear) {
    return `${fromDay} ${MONTH_NAMES[fromMonth - 1]} ${fromYear} – ${last}`;
  }
  return fromMonth === toMonth
    ? `${fromDay} – ${last}`
    : `${fromDay} ${MONTH_NAMES[fromMonth - 1]} – ${last}`;
}

/**
 * The participation dates, as calendar dates in UTC: the same calendar the certificate's issue
 * date is printed in, so the two never disagree on a page.
 */
export function participationInWords(participation: { from: string; to: string }): string {
  return dateSpanInWords(participation.from.slice(0, 10), participation.to.slice(0, 10));
}

/** `Jane Doe, MD`: the name as the holder gave it, then the degree when there is one. */
export function nameWithDegree(name: string, degree: string | null | undefined): string {
  return degree ? `${name}, ${degree}` : name;
}

/** `6` or `1.25`: points as boards write them, no trailing zeros. */
function points(amount: number): string {
  return String(Math.round(amount * 100) / 100);
}

/** `ABIM MOC: 6 Medical Knowledge points`; several types: `ABA MOC: 10 points (Lifelong Learning, Patient Safety)`. */
export function mocInWords(moc: MocStatement): string {
  const unit = moc.points === 1 ? 'point' : 'points';
  return moc.types.length === 1
    ? `${moc.board} MOC: ${points(moc.points)} ${moc.types[0]} ${unit}`
    : `${moc.board} MOC: ${points(moc.points)} ${unit} (${moc.types.join(', ')})`;
}

/**
 * `Hands-on skills lab Sunday, 14 March 2027, 09:00–17:00 Denver time (GMT‑6), Denver Training Center; signed off by Dr Maria Lopez; every
 * step at entrustment level 3 of 5 or above (Performed with supervision available on request)`.
 */
export function handsOnInWords(handsOn: HandsOnStatement): string {
  const when = handsOn.session
    ? periodAtPlace(
        new Date(handsOn.session.startsAt),
        new Date(handsOn.session.endsAt),
        handsOn.session.timeZone,
      )
    : dateSpanInWords(handsOn.labDates.from, handsOn.labDates.to);
  const parts = [`Hands-on skills lab ${when}, ${handsOn.venue}`];
  if (handsOn.instructor) {
    parts.push(`signed off by ${handsOn.instructor}`);
  }
  if (handsOn.entrustment) {
    parts.push(entrustmentInWords(handsOn.entrustment));
  }
  return parts.join('; ');
}

/** `every step at entrustment level 3 of 5 or above (Performed with supervision available on request)`. */
export function entrustmentInWords(entrustment: NonNullable<HandsOnStatement['entrustment']>): string {
  const orAbove = entrustment.level < entrustment.of ? ' or above' : '';
  return `every step at entrustment level ${entrustment.level} of ${entrustment.of}${orAbove} (${entrustment.label})`;
}

/**
 * One activity's lines on a transcript (page and PDF), the same words as its certificate:
 * participation, MOC points per reported board, the hands-on sign-off. None for certificates
 * issued before statements were kept.
 */
export function activityLines(statements: CertificateStatements | null | undefined): string[] {
  if (!statements) {
    return [];
  }
  return [
    `Participated ${participationInWords(statements.participation)}`,
    ...statements.moc.map(mocInWords),
    ...(statements.handsOn ? [handsOnInWords(statements.handsOn)] : []),
  ];
}
