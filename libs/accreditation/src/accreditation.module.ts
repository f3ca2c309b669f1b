import { Module } from '@nestjs/common';
import { AssessmentCoreModule } from '@academy/assessment';
import { CatalogCoreModule } from '@academy/catalog';
import { CertificatesCoreModule } from '@academy/certificates';
import { LearningCoreModule } from '@academy/learning';
import { NotificationsCoreModule } from '@academy/notifications';
import { SkillsLabCoreModule } from '@academy/skills-lab';
import { CohortRepository } from './cohorts/cohort.repository';
import { CohortsController } from './cohorts/cohorts.controller';
import { CohortsPagesController } from './cohorts/cohorts.pages.controller';
import { CohortsService } from './cohorts/cohorts.service';
import { LearnersController } from './learners/learners.controller';
import { LearnersPagesController } from './learners/learners.pages.controller';
import { LearnersService } from './learners/learners.service';
import { IdentityCoreModule } from '@academy/identity';
import { DashboardController } from './dashboard/dashboard.controller';
import { DashboardPagesController } from './dashboard/dashboard.pages.controller';
import { DashboardRepository } from './dashboard/dashboard.repository';
import { DashboardService } from './dashboard/dashboard.service';
import { AdminLedgerPagesController } from './ledger/admin-ledger.pages.controller';
import { LedgerCheckpointJob } from './ledger/ledger-checkpoint.job';
import { LedgerCheckpointRepository } from './ledger/ledger-checkpoint.repository';
import { LedgerController } from './ledger/ledger.controller';
import { LedgerService } from './ledger/ledger.service';
import { AdminOrganisationsPagesController } from './verifiers/admin-organisations.pages.controller';
import { OrganisationVerificationsRepository } from './verifiers/organisation-verifications.repository';
import { VerifierActivityService } from './verifiers/verifier-activity.service';
import { VerifierController } from './verifiers/verifier.controller';
import { VerifierPagesController } from './verifiers/verifier.pages.controller';
import { VerifierKeysPagesController } from './verifiers/verifier-keys.pages.controller';
import { AccmeActivitiesService } from './reports/accme-activities.service';
import { AccmeActivityRepository } from './reports/accme-activity.repository';
import { ReportRepository } from './reports/report.repository';
import { ReportsController } from './reports/reports.controller';
import { ReportsPagesController } from './reports/reports.pages.controller';
import { ReportsService } from './reports/reports.service';
import { BoardReportRepository } from './board-reporting/board-report.repository';
import { BoardReportingController } from './board-reporting/board-reporting.controller';
import { BoardReportingPagesController } from './board-reporting/board-reporting.pages.controller';
import { BoardReportingService } from './board-reporting/board-reporting.service';

/** Ledger checks, reports, exports and dashboards, without HTTP (the worker uses it too). */
@Module({
  imports: [
    IdentityCoreModule,
    CatalogCoreModule,
    LearningCoreModule,
    NotificationsCoreModule,
    AssessmentCoreModule,
    SkillsLabCoreModule,
    CertificatesCoreModule,
  ],
  providers: [
    LearnersService,
    CohortRepository,
    CohortsService,
    LedgerCheckpointRepository,
    LedgerService,
    LedgerCheckpointJob,
    DashboardRepository,
    DashboardService,
    OrganisationVerificationsRepository,
    VerifierActivityService,
    ReportRepository,
    ReportsService,
    AccmeActivityRepository,
    AccmeActivitiesService,
    BoardReportRepository,
    BoardReportingService,
  ],
  exports: [
    LearnersService,
    CohortsService,
    LedgerService,
    LedgerCheckpointJob,
    DashboardService,
    VerifierActivityService,
    ReportsService,
    AccmeActivitiesService,
    BoardReportingService,
  ],
})
export class AccreditationCoreModule {}

/** Accreditation and oversight over HTTP. */
@Module({
  imports: [AccreditationCoreModule, IdentityCoreModule, CatalogCoreModule],
  controllers: [
    LedgerController,
    AdminLedgerPagesController,
    DashboardController,
    DashboardPagesController,
    VerifierController,
    VerifierPagesController,
    VerifierKeysPagesController,
    AdminOrganisationsPagesController,
    ReportsController,
    ReportsPagesController,
    LearnersController,
    LearnersPagesController,
    CohortsController,
    CohortsPagesController,
    BoardReportingController,
    BoardReportingPagesController,
  ],
})
export class AccreditationModule {}
