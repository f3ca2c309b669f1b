import { OnEvent } from '@nestjs/event-emitter';
import { Database, Job, JobQueue } from '@academy/core';
import type { JobDefinition, JobReport } from '@academy/core';
import { EMAIL_VERIFIED, EmailVerified } from '@academy/identity';
import { CertificatesService } from './certificates.service';

interface IssueWaiting {
  userId: string;
}

/**
 * A certificate is issued only to a confirmed address: once its holder confirms it, what waited
 * is issued. Right after the confirmation commits, by the process that confirmed it (so the
 * learner finds it at once); and by a job queued in that transaction, so a process dying in
 * between loses nothing (issuing is idempotent). Not in the confirming transaction itself: it
 * would take enrolment locks while holding the account's row, against steps that take them the
 * other way round.
 */
@Job({
  name: 'certificates.issue-waiting',
  onePerKey: true,
  retry: { limit: 5, delaySeconds: 30, maxDelaySeconds: 600 },
})
export class IssueWaitingCertificatesJob implements JobDefinition<IssueWaiting> {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly jobs: JobQueue,
    private readonly db: Database,
  ) {}

  @OnEvent(EMAIL_VERIFIED, { suppressErrors: false })
  async onEmailVerified(event: EmailVerified): Promise<void> {
    await this.jobs.send(IssueWaitingCertificatesJob, { userId: event.userId }, { key: event.userId });
    this.db.afterCommit(async () => {
      await this.run({ userId: event.userId });
    });
  }

  async run({ userId }: IssueWaiting): Promise<JobReport> {
    return { issued: await this.certificates.issueWaiting(userId) };
  }
}
