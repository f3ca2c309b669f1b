import { Job } from '@academy/core';
import type { JobAttempt, JobDefinition, JobReport } from '@academy/core';
import { EmailDeliveryService } from './email-delivery.service';
import { EMAIL_RETRY } from './email-retry';

/** What a `notifications.send-email` job carries: the outbox e-mail to send. */
export interface SendEmail {
  outboxId: string;
}

/**
 * Sends one e-mail: one job per e-mail (at most one waiting or running for it, however many
 * processes queue it), retried with backoff while the server answers "not now".
 */
@Job({
  name: 'notifications.send-email',
  retry: EMAIL_RETRY,
  expireInSeconds: 150,
  concurrency: 5,
  onePerKey: true,
})
export class SendEmailJob implements JobDefinition<SendEmail> {
  constructor(private readonly delivery: EmailDeliveryService) {}

  async run({ outboxId }: SendEmail, attempt: JobAttempt): Promise<JobReport> {
    return { [await this.delivery.deliver(outboxId, attempt)]: 1 };
  }
}
