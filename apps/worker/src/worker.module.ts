import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, CoreOptions, PruneRateLimitsJob } from '@academy/core';
import { IdentityCoreModule, PruneApiKeyFailuresJob, PruneSessionsJob } from '@academy/identity';
import { NotificationsCoreModule, QueuePendingEmailJob, SendEmailJob } from '@academy/notifications';
import { LabOffersJob, SkillsLabCoreModule } from '@academy/skills-lab';
import { CatalogCoreModule, ReleaseScheduledVersionsJob } from '@academy/catalog';
import {
  CertificateArtifactsJob,
  CertificatesCoreModule,
  ExpiryRemindersJob,
  IssueWaitingCertificatesJob,
  SignIssuedCertificateJob,
} from '@academy/certificates';
import { AccreditationCoreModule, LedgerCheckpointJob } from '@academy/accreditation';

/** The worker's jobs: every feature's background work, in one list. */
export const WORKER_JOBS = [
  PruneRateLimitsJob,
  PruneSessionsJob,
  PruneApiKeyFailuresJob,
  SendEmailJob,
  QueuePendingEmailJob,
  LabOffersJob,
  ReleaseScheduledVersionsJob,
  CertificateArtifactsJob,
  IssueWaitingCertificatesJob,
  SignIssuedCertificateJob,
  ExpiryRemindersJob,
  LedgerCheckpointJob,
];

@Module({})
export class WorkerModule {
  static forRoot(options: CoreOptions): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        CoreModule.forRoot({ ...options, http: false }),
        IdentityCoreModule,
        NotificationsCoreModule,
        CatalogCoreModule,
        SkillsLabCoreModule,
        CertificatesCoreModule,
        AccreditationCoreModule,
      ],
    };
  }
}
