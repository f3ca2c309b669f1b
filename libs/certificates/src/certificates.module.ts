import { Module } from '@nestjs/common';
import { IdentityCoreModule } from '@academy/identity';
import { LearningCoreModule } from '@academy/learning';
import { NotificationsCoreModule } from '@academy/notifications';
import { SkillsLabCoreModule } from '@academy/skills-lab';
import { AdminCertificatesController } from './controllers/admin-certificates.controller';
import { AdminCertificatesPagesController } from './controllers/admin-certificates.pages.controller';
import { CertificatesController } from './controllers/certificates.controller';
import { IssuerController } from './controllers/issuer.controller';
import { MyCertificatesPagesController } from './controllers/my-certificates.pages.controller';
import { VerifyController } from './controllers/verify.controller';
import { VerifyPagesController } from './controllers/verify.pages.controller';
import { BoardReportStatus } from './issuance/board-report-status';
import { CertificateArtifactsJob } from './issuance/certificate-artifacts.job';
import { CertificateCourseSteps } from './issuance/certificate-course-steps';
import { IssueWaitingCertificatesJob } from './issuance/issue-waiting.job';
import { SignIssuedCertificateJob } from './issuance/sign-issued.job';
import { CertificateRepository } from './issuance/certificate.repository';
import { CertificatesService } from './issuance/certificates.service';
import { CredentialSigner } from './issuance/credential-signer';
import { TranscriptPdfService } from './issuance/transcript-pdf.service';
import { SIGNING_PROVIDERS } from './signing';
import { VerificationService } from './verification/verification.service';
import { VerificationRepository } from './verification/verification.repository';
import { ExpiryReminderRepository } from './renewal/expiry-reminder.repository';
import { ExpiryRemindersJob } from './renewal/expiry-reminders.job';
import { ExpiryRemindersService } from './renewal/expiry-reminders.service';
import { WalletExchangesController } from './controllers/wallet-exchanges.controller';
import { WalletPagesController } from './controllers/wallet.pages.controller';
import { WalletExchangeRepository } from './wallet/wallet-exchange.repository';
import { WalletExchangesService } from './wallet/wallet-exchanges.service';

/** Issuance, signing, PDFs and verification, without HTTP (the worker uses it too). */
@Module({
  imports: [IdentityCoreModule, LearningCoreModule, NotificationsCoreModule, SkillsLabCoreModule],
  providers: [
    ...SIGNING_PROVIDERS,
    CertificateRepository,
    CredentialSigner,
    CertificatesService,
    TranscriptPdfService,
    VerificationService,
    VerificationRepository,
    CertificateArtifactsJob,
    IssueWaitingCertificatesJob,
    SignIssuedCertificateJob,
    CertificateCourseSteps,
    BoardReportStatus,
    ExpiryReminderRepository,
    ExpiryRemindersService,
    ExpiryRemindersJob,
    WalletExchangeRepository,
    WalletExchangesService,
  ],
  exports: [
    BoardReportStatus,
    CertificatesService,
    TranscriptPdfService,
    VerificationService,
    CertificateArtifactsJob,
    IssueWaitingCertificatesJob,
    SignIssuedCertificateJob,
    ExpiryRemindersService,
    ExpiryRemindersJob,
    WalletExchangesService,
    ...SIGNING_PROVIDERS,
  ],
})
export class CertificatesCoreModule {}

/** Certificates and verification over HTTP. */
@Module({
  imports: [CertificatesCoreModule, IdentityCoreModule, LearningCoreModule],
  controllers: [
    CertificatesController,
    VerifyController,
    IssuerController,
    AdminCertificatesController,
    VerifyPagesController,
    MyCertificatesPagesController,
    AdminCertificatesPagesController,
    WalletExchangesController,
    WalletPagesController,
  ],
})
export class CertificatesModule {}
