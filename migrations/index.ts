import { CoreAndIdentity1795305600000 } from './1795305600000-CoreAndIdentity';
import { Catalog1795305700000 } from './1795305700000-Catalog';
import { Learning1795305800000 } from './1795305800000-Learning';
import { Assessment1795305900000 } from './1795305900000-Assessment';
import { DisclosureAcknowledgement1795306000000 } from './1795306000000-DisclosureAcknowledgement';
import { StudyRecord1795306100000 } from './1795306100000-StudyRecord';
import { Notifications1795306200000 } from './1795306200000-Notifications';
import { SkillsLabs1795306300000 } from './1795306300000-SkillsLabs';
import { Certificates1795306400000 } from './1795306400000-Certificates';
import { Ledger1795306500000 } from './1795306500000-Ledger';
import { RecordRetention1795306700000 } from './1795306700000-RecordRetention';
import { AccmeActivityIds1795306800000 } from './1795306800000-AccmeActivityIds';
import { LedgerTimeOrder1795306900000 } from './1795306900000-LedgerTimeOrder';
import { StatelessReplicas1795307000000 } from './1795307000000-StatelessReplicas';
import { MailOnJobQueue1795307100000 } from './1795307100000-MailOnJobQueue';
import { PasswordReset1795307200000 } from './1795307200000-PasswordReset';
import { EmailVerification1795307300000 } from './1795307300000-EmailVerification';
import { TwoFactor1795307400000 } from './1795307400000-TwoFactor';
import { ReaderTimeZone1795307500000 } from './1795307500000-ReaderTimeZone';
import { QuizAnswersAsGiven1795307600000 } from './1795307600000-QuizAnswersAsGiven';
import { VersionedQuestionBank1795307700000 } from './1795307700000-VersionedQuestionBank';
import { GeneratedDesignation1795307800000 } from './1795307800000-GeneratedDesignation';
import { CourseImportUploads1795307800001 } from './1795307800001-CourseImportUploads';
import { LessonMedia1795307900000 } from './1795307900000-LessonMedia';
import { LearnerSupport1795308000000 } from './1795308000000-LearnerSupport';
import { ApiKeyFailures1795308200000 } from './1795308200000-ApiKeyFailures';
import { OrganisationManagers1795308300000 } from './1795308300000-OrganisationManagers';
import { InboxOrder1795308400000 } from './1795308400000-InboxOrder';
import { ReportingProfile1795308500000 } from './1795308500000-ReportingProfile';
import { ClaimBoardConsent1795308600000 } from './1795308600000-ClaimBoardConsent';
import { BoardReports1795308900000 } from './1795308900000-BoardReports';
import { OutsideCredits1795309000000 } from './1795309000000-OutsideCredits';
import { CertificateRenewal1795309100000 } from './1795309100000-CertificateRenewal';
import { CertificateStatements1795309200000 } from './1795309200000-CertificateStatements';
import { DropSingleLicence1795309300000 } from './1795309300000-DropSingleLicence';
import { DidWebIssuer1795309400000 } from './1795309400000-DidWebIssuer';
import { WalletExchanges1795309500000 } from './1795309500000-WalletExchanges';
import { ScheduledVersions1795309600000 } from './1795309600000-ScheduledVersions';
import { CanonicalLabZones1795309610000 } from './1795309610000-CanonicalLabZones';
import { QuestionObjectives1795309700000 } from './1795309700000-QuestionObjectives';
import { AttemptCourseVersion1795309800000 } from './1795309800000-AttemptCourseVersion';
import { LedgerHeadForAppend1795309810000 } from './1795309810000-LedgerHeadForAppend';
import { LabTakePlace1795309900000 } from './1795309900000-LabTakePlace';
import { ReportIndexes1795310000000 } from './1795310000000-ReportIndexes';
import { EnrolmentStartedAt1795310100000 } from './1795310100000-EnrolmentStartedAt';

/**
 * Every migration in this folder, oldest first: add each new one here (a test checks none is
 * missing). The processes that migrate (the API, the worker, `npm run migrate`, the tests' setup)
 * pass this list to `runMigrations`; core itself knows no migration.
 */
export const ALL_MIGRATIONS = [
  CoreAndIdentity1795305600000,
  Catalog1795305700000,
  Learning1795305800000,
  Assessment1795305900000,
  DisclosureAcknowledgement1795306000000,
  StudyRecord1795306100000,
  Notifications1795306200000,
  SkillsLabs1795306300000,
  Certificates1795306400000,
  Ledger1795306500000,
  RecordRetention1795306700000,
  AccmeActivityIds1795306800000,
  LedgerTimeOrder1795306900000,
  StatelessReplicas1795307000000,
  MailOnJobQueue1795307100000,
  PasswordReset1795307200000,
  EmailVerification1795307300000,
  TwoFactor1795307400000,
  ReaderTimeZone1795307500000,
  QuizAnswersAsGiven1795307600000,
  VersionedQuestionBank1795307700000,
  GeneratedDesignation1795307800000,
  CourseImportUploads1795307800001,
  LessonMedia1795307900000,
  LearnerSupport1795308000000,
  ApiKeyFailures1795308200000,
  OrganisationManagers1795308300000,
  InboxOrder1795308400000,
  ReportingProfile1795308500000,
  ClaimBoardConsent1795308600000,
  BoardReports1795308900000,
  OutsideCredits1795309000000,
  CertificateRenewal1795309100000,
  CertificateStatements1795309200000,
  DropSingleLicence1795309300000,
  DidWebIssuer1795309400000,
  WalletExchanges1795309500000,
  ScheduledVersions1795309600000,
  CanonicalLabZones1795309610000,
  QuestionObjectives1795309700000,
  AttemptCourseVersion1795309800000,
  LedgerHeadForAppend1795309810000,
  LabTakePlace1795309900000,
  ReportIndexes1795310000000,
  EnrolmentStartedAt1795310100000,
];
