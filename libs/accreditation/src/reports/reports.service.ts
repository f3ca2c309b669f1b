import { Injectable } from '@nestjs/common';
import { PRETEST_ID } from '@academy/assessment';
import { CertificatesService, verificationStatus } from '@academy/certificates';
import { Clock } from '@academy/core';
import { ReportingProfileService, UsersService } from '@academy/identity';
import { ReportTable, toCsv } from './csv';
import {
  AMA_CREDIT,
  learnerRecord,
  PARS_ACTIVITY_COLUMNS,
  PARS_LEARNER_COLUMNS,
  parsActivityRow,
  parsLearnerRow,
} from './pars-export';
import { ReportRepository } from './report.repository';
import {
  ActivityCounts,
  ActivityRow,
  CreditTotal,
  LearningGainCounts,
  LearningGainRow,
  LIKERT_QUESTIONS,
  ReportCourseChoice,
  ReportScope,
} from './report.types';

/** The filters of a report, validated (ReportQueryDto): days are YYYY-MM-DD, UTC, both included. */
export interface ReportQuery {
  courseId?: string;
  version?: number;
  from?: string;
  to?: string;
}

/** The filters a report was made with, echoed in every answer. */
export interface ReportFilters {
  courseId: string | null;
  version: number | null;
  from: string | null;
  to: string | null;
}

export interface ActivityReport {
  filters: ReportFilters;
  rows: ActivityRow[];
  total: ActivityCounts;
}

export interface LikertQuestion {
  question: string;
  label: string;
  responses: number;
  mean: number | null;
  distribution: { value: number; label: string; count: number; share: number }[];
}

export interface FreeTextQuestion {
  question: string;
  label: string;
  responses: number;
  answers: { text: string; submittedAt: Date; courseTitle: string; version: number }[];
}

export interface EvaluationReport {
  filters: ReportFilters;
  evaluations: number;
  likert: LikertQuestion[];
  freeText: FreeTextQuestion[];
}

export interface LearningGainReport {
  filters: ReportFilters;
  rows: LearningGainRow[];
  total: LearningGainCounts;
}

export interface LearnerTranscript {
  filters: ReportFilters;
  learner: {
    id: string;
    fullName: string;
    email: string;
    degree: string | null;
    npi: string | null;
    /** The first of `licences` (kept for the API's earlier shape). */
    licenceState: string | null;
    licenceNumber: string | null;
    licences: { jurisdiction: string; number: string }[];
  };
  items: {
    number: string;
    courseId: string;
    courseTitle: string;
    version: number;
    issuedAt: Date;
    expiresAt: Date | null;
    status: string;
    credits: CreditTotal[];
  }[];
  totals: CreditTotal[];
}

export interface ParsFile {
  filters: ReportFilters;
  template: 'activity' | 'learner';
  columns: readonly string[];
  rows: string[][];
  /** The activity (course version) of each row, in the rows' order. */
  courseVersionIds: string[];
  /** Rows whose activity has no ACCME Activity ID recorded yet: record those before uploading. */
  missingActivityIds: number;
}

/** A CSV download: its file name and content. */
export interface CsvFile {
  fileName: string;
  content: string;
}

/** What the evaluation form asks (learning's EvaluationDto), as a report heads it. */
export const EVALUATION_LABELS: Record<string, string> = {
  objectivesMet: 'The learning objectives were met',
  freeOfCommercialBias: 'The content was free of commercial bias',
  relevantToPractice: 'The content is relevant to my practice',
  intendedChange: 'What I intend to change in my practice',
  comments: 'Comments',
};

export const LIKERT_LABELS = ['Strongly disagree', 'Disagree', 'Neutral', 'Agree', 'Strongly agree'];

/** Free-text answers per question in a JSON or page report; the CSV carries every one. */
export const FREE_TEXT_SHOWN = 100;

const DAY_MS = 86_400_000;

function scopeOf(query: ReportQuery): ReportScope {
  return {
    courseId: query.courseId ?? null,
    version: query.version ?? null,
    from: query.from ? new Date(`${query.from}T00:00:00Z`) : null,
    until: query.to ? new Date(new Date(`${query.to}T00:00:00Z`).getTime() + DAY_MS) : null,
  };
}

function filtersOf(query: ReportQuery): ReportFilters {
  return {
    courseId: query.courseId ?? null,
    version: query.version ?? null,
    from: query.from ?? null,
    to: query.to ?? null,
  };
}

/** A file name that says what the download holds: `activity-2026-01-01-to-2026-12-31.csv`. */
function fileName(report: string, query: ReportQuery): string {
  const period = query.from || query.to ? `-${query.from ?? 'start'}-to-${query.to ?? 'now'}` : '';
  const version = query.version ? `-v${query.version}` : '';
  return `${report}${version}${period}.csv`;
}

const rounded = (value: number | null, places = 2): number | null =>
  value === null ? null : Math.round(value * 10 ** places) / 10 ** places;

const creditsText = (credits: CreditTotal[]): string =>
  credits.map((credit) => `${credit.type}: ${rounded(credit.amount)}`).join('; ');

/**
 * The reports accreditors and admins ask for: activity, evaluations, learning gain, a learner's
 * transcript, and the ACCME (PARS) batch files, each filtered by course, version and period, as
 * data for the API and pages and as CSV. Every number is a SQL aggregate (ReportRepository).
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly reports: ReportRepository,
    private readonly certificates: CertificatesService,
    private readonly users: UsersService,
    private readonly reportingProfiles: ReportingProfileService,
    private readonly clock: Clock,
  ) {}

  courseChoices(): Promise<ReportCourseChoice[]> {
    return this.reports.courseChoices();
  }

  async activity(query: ReportQuery): Promise<ActivityReport> {
    const { rows, total } = await this.reports.activity(scopeOf(query));
    const tidy = <T extends ActivityCounts>(counts: T): T => ({
      ...counts,
      medianDaysToComplete: rounded(counts.medianDaysToComplete, 1),
    });
    return { filters: filtersOf(query), rows: rows.map(tidy), total: tidy(total) };
  }

  async activityCsv(query: ReportQuery): Promise<CsvFile> {
    const report = await this.activity(query);
    const line = (name: string, version: number | null, counts: ActivityCounts) => [
      name,
      version,
      counts.enrolled,
      counts.started,
      counts.modulesPassed,
      counts.labAttended,
      counts.certified,
      creditsText(counts.credits),
      counts.medianDaysToComplete,
    ];
    return this.csv('activity', query, {
      columns: [
        'Course',
        'Version',
        'Enrolled',
        'Started',
        'Modules passed',
        'Lab attended',
        'Certified',
        'Credits awarded',
        'Median days to complete',
      ],
      rows: [
        ...report.rows.map((row) => line(row.courseTitle, row.version, row)),
        line('All courses', null, report.total),
      ],
    });
  }

  /** Likert distributions and free-text answers; `textLimit` answers per question (null: all). */
  async evaluations(
    query: ReportQuery,
    textLimit: number | null = FREE_TEXT_SHOWN,
  ): Promise<EvaluationReport> {
    const aggregate = await this.reports.evaluations(scopeOf(query), textLimit);
    return {
      filters: filtersOf(query),
      evaluations: aggregate.evaluations,
      likert: LIKERT_QUESTIONS.map((question) => {
        const found = aggregate.likert.find((candidate) => candidate.question === question);
        const counts = found?.counts ?? [0, 0, 0, 0, 0];
        const responses = found?.responses ?? 0;
        return {
          question,
          label: EVALUATION_LABELS[question]!,
          responses,
          mean: rounded(found?.mean ?? null),
          distribution: counts.map((count, index) => ({
            value: index + 1,
            label: LIKERT_LABELS[index]!,
            count,
            share: responses > 0 ? rounded(count / responses, 4)! : 0,
          })),
        };
      }),
      freeText: aggregate.texts.map((text) => ({
        question: text.question,
        label: EVALUATION_LABELS[text.question]!,
        responses: text.total,
        answers: text.answers,
      })),
    };
  }

  async evaluationsCsv(query: ReportQuery): Promise<CsvFile> {
    const report = await this.evaluations(query, null);
    return this.csv('evaluations', query, {
      columns: ['Question', 'Answer', 'Responses', 'Share of responses', 'Course', 'Version', 'Submitted on'],
      rows: [
        ...report.likert.flatMap((question) =>
          question.distribution.map((point) => [
            question.label,
            `${point.value} (${point.label})`,
            point.count,
            point.share,
            null,
            null,
            null,
          ]),
        ),
        ...report.freeText.flatMap((question) =>
          question.answers.map((answer) => [
            question.label,
            answer.text,
            1,
            null,
            answer.courseTitle,
            answer.version,
            answer.submittedAt.toISOString().slice(0, 10),
          ]),
        ),
      ],
    });
  }

  async learningGain(query: ReportQuery): Promise<LearningGainReport> {
    const { rows, total } = await this.reports.learningGain(scopeOf(query), PRETEST_ID);
    const tidy = <T extends LearningGainCounts>(counts: T): T => ({
      ...counts,
      meanPretest: rounded(counts.meanPretest, 1),
      meanFinal: rounded(counts.meanFinal, 1),
      meanGain: rounded(counts.meanGain, 1),
      medianGain: rounded(counts.medianGain, 1),
      meanNormalisedGain: rounded(counts.meanNormalisedGain, 3),
    });
    return { filters: filtersOf(query), rows: rows.map(tidy), total: tidy(total) };
  }

  async learningGainCsv(query: ReportQuery): Promise<CsvFile> {
    const report = await this.learningGain(query);
    const line = (name: string, version: number | null, counts: LearningGainCounts) => [
      name,
      version,
      counts.learners,
      counts.meanPretest,
      counts.meanFinal,
      counts.meanGain,
      counts.medianGain,
      counts.improved,
      counts.meanNormalisedGain,
    ];
    return this.csv('learning-gain', query, {
      columns: [
        'Course',
        'Version',
        'Learners',
        'Mean pre-test score',
        'Mean final score',
        'Mean gain',
        'Median gain',
        'Learners improved',
        'Mean normalised gain',
      ],
      rows: [
        ...report.rows.map((row) => line(row.courseTitle, row.version, row)),
        line('All courses', null, report.total),
      ],
    });
  }

  /**
   * Any learner's certificates issued in the period (of one course or version when asked), and
   * credits by type over those not revoked; not found for an unknown user.
   */
  async transcript(userId: string, query: ReportQuery): Promise<LearnerTranscript> {
    const learner = await this.users.get(userId);
    const transcript = await this.certificates.transcript(userId, { from: query.from, to: query.to });
    const now = this.clock.now();
    const items = transcript.items.filter(
      (certificate) =>
        (!query.courseId || certificate.courseId === query.courseId) &&
        (!query.version || certificate.courseVersion === query.version),
    );
    // Narrowed to a course, the totals are those of its certificates only.
    const totals =
      items.length === transcript.items.length
        ? transcript.totals
        : [
            ...items
              .filter((certificate) => certificate.status !== 'revoked')
              .flatMap((certificate) => certificate.credits)
              .reduce(
                (sums, credit) => sums.set(credit.type, (sums.get(credit.type) ?? 0) + credit.amount),
                new Map<string, number>(),
              ),
          ].map(([type, amount]) => ({ type, amount }));
    // Licences as the reporting profile holds them now (several, one per state).
    const { licences } = await this.reportingProfiles.profile(learner.id);
    return {
      filters: filtersOf(query),
      learner: {
        id: learner.id,
        fullName: learner.fullName,
        email: learner.email,
        degree: learner.degree,
        npi: learner.npi,
        licenceState: licences[0]?.jurisdiction ?? null,
        licenceNumber: licences[0]?.number ?? null,
        licences,
      },
      items: items.map((certificate) => ({
        number: certificate.number,
        courseId: certificate.courseId,
        courseTitle: certificate.courseTitle,
        version: certificate.courseVersion,
        issuedAt: certificate.issuedAt,
        expiresAt: certificate.expiresAt,
        status: verificationStatus(certificate, now),
        credits: certificate.credits,
      })),
      totals: totals.map((total) => ({ type: total.type, amount: rounded(total.amount)! })),
    };
  }

  async transcriptCsv(userId: string, query: ReportQuery): Promise<CsvFile> {
    const transcript = await this.transcript(userId, query);
    return this.csv(`transcript-${userId}`, query, {
      columns: [
        'Learner',
        'Certificate number',
        'Course',
        'Version',
        'Issued on',
        'Expires on',
        'Status',
        'Credits',
      ],
      rows: transcript.items.map((item) => [
        transcript.learner.fullName,
        item.number,
        item.courseTitle,
        item.version,
        item.issuedAt.toISOString().slice(0, 10),
        item.expiresAt ? item.expiresAt.toISOString().slice(0, 10) : null,
        item.status,
        creditsText(item.credits),
      ]),
    });
  }

  /** PARS activity file: one row per course version offered or completed in the period. */
  async accmeActivities(query: ReportQuery): Promise<ParsFile> {
    const records = await this.reports.accmeActivities(scopeOf(query));
    return {
      filters: filtersOf(query),
      template: 'activity',
      columns: PARS_ACTIVITY_COLUMNS,
      rows: records.map(parsActivityRow),
      courseVersionIds: records.map((record) => record.courseVersionId),
      missingActivityIds: records.filter((record) => record.accmeActivityId === null).length,
    };
  }

  /**
   * PARS learner file: one row per completion (issued, non-revoked certificate) in the period,
   * with the date of birth, licence and NPI from each learner's reporting profile as it is now.
   */
  async accmeLearners(query: ReportQuery): Promise<ParsFile> {
    const completions = await this.reports.accmeLearners(scopeOf(query), AMA_CREDIT);
    return {
      filters: filtersOf(query),
      template: 'learner',
      columns: PARS_LEARNER_COLUMNS,
      // Each record made and printed at once: thousands of them never outlive their row.
      rows: completions.map((completion) => parsLearnerRow(learnerRecord(completion, completion.learner))),
      courseVersionIds: completions.map((completion) => completion.courseVersionId),
      missingActivityIds: completions.filter((completion) => completion.accmeActivityId === null).length,
    };
  }

  async accmeActivitiesCsv(query: ReportQuery): Promise<CsvFile> {
    const file = await this.accmeActivities(query);
    return this.csv('accme-activities', query, file);
  }

  async accmeLearnersCsv(query: ReportQuery): Promise<CsvFile> {
    const file = await this.accmeLearners(query);
    return this.csv('accme-learners', query, file);
  }

  private csv(report: string, query: ReportQuery, table: ReportTable): CsvFile {
    return { fileName: fileName(report, query), content: toCsv(table) };
  }
}
