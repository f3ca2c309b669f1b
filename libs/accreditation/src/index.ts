export * from './accreditation.module';
export { LedgerService } from './ledger/ledger.service';
export type { LedgerVerification } from './ledger/ledger.service';
export { LedgerCheckpointJob } from './ledger/ledger-checkpoint.job';
export { ReportsService } from './reports/reports.service';
export type { ReportQuery } from './reports/reports.service';
export { PARS_ACTIVITY_COLUMNS, PARS_LEARNER_COLUMNS } from './reports/pars-export';
export { AccmeActivitiesService } from './reports/accme-activities.service';
export { AccreditationError, AccreditationErrorCode } from './accreditation-error';
export { CohortsService } from './cohorts/cohorts.service';
export type {
  CohortDetail,
  MemberProgress,
  MemberStage,
  RowOutcome,
  RowReport,
  UploadReport,
} from './cohorts/cohorts.service';
export { LearnersService } from './learners/learners.service';
export type { LearnerRecord } from './learners/learners.service';
export { BoardReportingService } from './board-reporting/board-reporting.service';
export type { BoardReportView, BatchFile, ImportedResults } from './board-reporting/board-reporting.service';
