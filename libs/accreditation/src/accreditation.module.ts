import { Module } from '@nestjs/common';
import { CertificatesCoreModule } from '@academy/certificates';
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

/** Ledger checks, reports, exports and dashboards, without HTTP (the worker uses it too). */
@Module({
  imports: [IdentityCoreModule, CertificatesCoreModule],
  providers: [
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
  ],
  exports: [
    LedgerService,
    LedgerCheckpointJob,
    DashboardService,
    VerifierActivityService,
    ReportsService,
    AccmeActivitiesService,
  ],
})
export class AccreditationCoreModule {}

/** Accreditation and oversight over HTTP. */
@Module({
  imports: [AccreditationCoreModule, IdentityCoreModule],
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
  ],
})
export class AccreditationModule {}
