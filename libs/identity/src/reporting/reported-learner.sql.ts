import type { ReportedLearner } from './reporting-profile.types';

/** The columns `reportedLearnerSql` adds to a statement's rows. */
export interface ReportedLearnerColumns {
  npi: string | null;
  birthMonth: number | null;
  birthDay: number | null;
  licenceJurisdiction: string | null;
  licenceNumber: string | null;
}

/**
 * What a completion report names of a learner, as pieces of a statement whose rows carry the
 * learner's id in `userId` (an SQL expression over its relations): `joins` to add to its FROM, and
 * the `columns` of `ReportedLearnerColumns` to select. The licence reported is the first by state
 * code. A report of thousands of completions reads them in its own statement this way, with no
 * second read and no list of ids sent back and forth.
 */
export function reportedLearnerSql(userId: string): { joins: string; columns: string } {
  return {
    joins: `LEFT JOIN app_user reported_user ON reported_user.id = ${userId}
      LEFT JOIN LATERAL (
        SELECT l.jurisdiction, l.number FROM medical_licence l
         WHERE l.user_id = ${userId} ORDER BY l.jurisdiction LIMIT 1) reported_licence ON true`,
    columns: `reported_user.npi, reported_user.birth_month AS "birthMonth", reported_user.birth_day AS "birthDay",
      reported_licence.jurisdiction AS "licenceJurisdiction", reported_licence.number AS "licenceNumber"`,
  };
}

/** The learner as a report names them, from a row with the columns of `reportedLearnerSql`. */
export function reportedLearnerOf(row: ReportedLearnerColumns): ReportedLearner {
  return {
    npi: row.npi,
    birthMonth: row.birthMonth,
    birthDay: row.birthDay,
    licence:
      row.licenceJurisdiction === null || row.licenceNumber === null
        ? null
        : { jurisdiction: row.licenceJurisdiction, number: row.licenceNumber },
  };
}
