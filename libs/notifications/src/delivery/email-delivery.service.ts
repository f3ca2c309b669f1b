import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import type { SendMailOptions, Transporter } from 'nodemailer';
import { APP_CONFIG, AppConfig, Clock } from '@academy/core';
import { IdentityError, IdentityErrorCode, UsersService } from '@academy/identity';
import { ClaimedEmail, EmailOutboxRepository } from './email-outbox.repository';
import { describeSendError, emailRetrySchedule, MAX_EMAIL_ATTEMPTS } from './email-retry';

/** E-mails taken per claim, sent side by side (one SMTP connection each). */
const BATCH_SIZE = 10;
/** Claims per run at most, so one run stays well inside its minute. */
const MAX_BATCHES_PER_RUN = 10;
const RETRY_SCHEDULE = emailRetrySchedule();

export interface DeliveryReport {
  sent: number;
  /** Failed attempts that will be tried again. */
  retrying: number;
  /** E-mails given up. */
  failed: number;
}

type Outcome = keyof DeliveryReport;

/** The SMTP reply code nodemailer reports for a refusal, or 0 when there was none (a network error). */
function smtpReplyCode(error: unknown): number {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' ? code : 0;
}

/** Thrown for a problem no later attempt can fix (no such recipient, disabled account). */
class PermanentFailure extends Error {}

/**
 * Delivers the e-mail outbox over SMTP (`SMTP_URL`). Every attempt first claims its e-mails with a
 * lease (see `EmailOutboxRepository.claimDue`), so concurrent workers never send the same one and
 * a crashed attempt is retried after the backoff. A resend after a crash between sending and
 * recording carries the same `Message-ID`, so mail clients recognise it as the same message.
 */
@Injectable()
export class EmailDeliveryService implements OnModuleDestroy {
  private readonly logger = new Logger(EmailDeliveryService.name);
  private transport?: Transporter;

  constructor(
    private readonly outbox: EmailOutboxRepository,
    private readonly users: UsersService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Sends what is due; without `SMTP_URL` there is nothing to send (nothing is queued either). */
  async deliverDue(): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0 };
    if (!this.config.smtpUrl) {
      return report;
    }
    for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
      const claimed = await this.outbox.claimDue(this.clock.now(), RETRY_SCHEDULE, BATCH_SIZE);
      for (const outcome of await Promise.all(claimed.map((email) => this.deliver(email)))) {
        report[outcome] += 1;
      }
      if (claimed.length < BATCH_SIZE) {
        break;
      }
    }
    return report;
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }

  private async deliver(email: ClaimedEmail): Promise<Outcome> {
    try {
      if (email.attempts > MAX_EMAIL_ATTEMPTS) {
        // The last attempt was claimed but never reported back (its worker stopped).
        throw new PermanentFailure(`no report from attempt ${MAX_EMAIL_ATTEMPTS}; given up`);
      }
      await this.send(await this.message(email));
    } catch (error) {
      return this.failed(email, error);
    }
    await this.outbox.markSent(email.id, this.clock.now());
    return 'sent';
  }

  private async message(email: ClaimedEmail): Promise<SendMailOptions> {
    const recipient = await this.users.get(email.userId).catch((error: unknown) => {
      if (error instanceof IdentityError && error.code === IdentityErrorCode.USER_NOT_FOUND) {
        throw new PermanentFailure('the recipient account does not exist');
      }
      throw error;
    });
    if (recipient.disabledAt) {
      throw new PermanentFailure('the recipient account is disabled');
    }
    return {
      from: this.config.mailFrom,
      to: { name: recipient.fullName, address: recipient.email },
      subject: email.subject,
      text: emailText(email, this.config.publicUrl),
      // Stable per outbox row: a resend is recognisably the same message.
      messageId: `<${email.id}@${new URL(this.config.publicUrl).hostname}>`,
      date: this.clock.now(),
      headers: { 'Auto-Submitted': 'auto-generated' },
      attachments: email.attachments.map((attachment) => ({
        filename: attachment.filename,
        contentType: attachment.contentType,
        content: attachment.content,
      })),
    };
  }

  private async send(message: SendMailOptions): Promise<void> {
    this.transport ??= createTransport({
      url: this.config.smtpUrl,
      // Well inside the first lease (one minute), so an attempt ends before another may start.
      dnsTimeout: 10_000,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    await this.transport.sendMail(message);
  }

  private async failed(email: ClaimedEmail, error: unknown): Promise<Outcome> {
    // A 5xx answer is the server's final word (no such mailbox, refused): trying again only
    // repeats it. 4xx answers and network errors are worth another try.
    const permanent = error instanceof PermanentFailure || smtpReplyCode(error) >= 500;
    const reason =
      error instanceof PermanentFailure ? error.message : describeSendError(error, this.smtpSecrets());
    const giveUp = permanent || email.attempts >= MAX_EMAIL_ATTEMPTS;
    const status = await this.outbox.recordFailure(email.id, reason, giveUp);
    const details = { outboxId: email.id, attempts: email.attempts, reason };
    if (status === 'failed') {
      this.logger.error(details, 'E-mail notification given up');
      return 'failed';
    }
    this.logger.warn(
      { ...details, retryAt: email.leaseUntil.toISOString() },
      'E-mail notification not sent; will retry',
    );
    return 'retrying';
  }

  /** The SMTP user name and password, never to be stored or logged. */
  private smtpSecrets(): string[] {
    const url = new URL(this.config.smtpUrl!);
    return [url.password, url.username, decodeURIComponent(url.password), decodeURIComponent(url.username)]
      .filter((secret) => secret.length > 0)
      .sort((a, b) => b.length - a.length);
  }
}

/** The e-mail's text: the notification's body, then its link made absolute, then where the inbox is. */
export function emailText(notification: { body: string; link: string | null }, publicUrl: string): string {
  const parts = [notification.body.trimEnd()];
  if (notification.link) {
    parts.push(`${publicUrl}${notification.link}`);
  }
  // "-- " (with the space) is the signature separator mail clients recognise.
  parts.push(`-- \nYou can also read this message in your Regen Academy inbox: ${publicUrl}/inbox`);
  return `${parts.join('\n\n')}\n`;
}
