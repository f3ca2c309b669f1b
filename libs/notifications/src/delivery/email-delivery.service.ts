import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import type { SendMailOptions, Transporter } from 'nodemailer';
import { APP_CONFIG, AppConfig, AppSecret, Clock, Metrics } from '@academy/core';
import type { Counter } from '@academy/core';
import { IdentityError, IdentityErrorCode, UsersService } from '@academy/identity';
import { ClaimedEmail, EmailOutboxRepository, SECRET_LINK_PURPOSE } from './email-outbox.repository';
import { describeSendError } from './email-retry';

/** How long one attempt holds its e-mail: well past the SMTP timeouts below. */
const LEASE_MS = 2 * 60_000;

/** What became of one attempt at an e-mail. */
export type DeliveryOutcome =
  | 'sent'
  /** Failed; another attempt will follow. */
  | 'retrying'
  /** Given up. */
  | 'failed'
  /** Nothing to do: sent or given up already, or another attempt holds it. */
  | 'skipped';

/** Thrown to have the job queue try the e-mail again later (after its backoff). */
export class RetryLater extends Error {}

/** The SMTP reply code nodemailer reports for a refusal, or 0 when there was none (a network error). */
function smtpReplyCode(error: unknown): number {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' ? code : 0;
}

/** Thrown for a problem no later attempt can fix (no such recipient, disabled account). */
class PermanentFailure extends Error {}

/**
 * Delivers one outbox e-mail over SMTP (`SMTP_URL`) per call: what the `notifications.send-email`
 * job does for each e-mail. The attempt first claims the e-mail with a lease, so two runs for one
 * e-mail never send it twice, and one that crashes frees it for the job's retry. A resend after a
 * crash between sending and recording carries the same `Message-ID`, so mail clients recognise it
 * as the same message. The server's 5xx answer gives the e-mail up at once, with its reason; a
 * 4xx answer or a network error throws `RetryLater`, and the job queue retries with backoff.
 */
@Injectable()
export class EmailDeliveryService implements OnModuleDestroy {
  private readonly logger = new Logger(EmailDeliveryService.name);
  private transport?: Transporter;
  private readonly outcomes: Counter<'outcome'>;

  constructor(
    private readonly outbox: EmailOutboxRepository,
    private readonly users: UsersService,
    private readonly clock: Clock,
    private readonly secret: AppSecret,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    metrics: Metrics,
  ) {
    this.outcomes = metrics.counter(
      'emails_total',
      'E-mail delivery attempts by outcome: sent, retrying (failed, tried again later), failed (given up).',
      ['outcome'],
    );
  }

  /** One attempt at the e-mail `outboxId`; `last` when no retry will follow a failure. */
  async deliver(outboxId: string, attempt: { last: boolean }): Promise<DeliveryOutcome> {
    if (!this.config.smtpUrl) {
      return 'skipped';
    }
    const now = this.clock.now();
    const email = await this.outbox.claim(outboxId, now, new Date(now.getTime() + LEASE_MS));
    if (!email) {
      return 'skipped';
    }
    try {
      await this.send(await this.message(email));
    } catch (error) {
      return this.failed(email, error, attempt.last);
    }
    await this.outbox.markSent(email.id, this.clock.now());
    this.outcomes.inc({ outcome: 'sent' });
    return 'sent';
  }

  onModuleDestroy(): void {
    this.transport?.close();
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
      // Another address (a new one being confirmed, or someone invited by this account) may not be
      // the account holder's: no name is put on it.
      to:
        email.recipientEmail && email.recipientEmail !== recipient.email
          ? email.recipientEmail
          : { name: recipient.fullName, address: recipient.email },
      subject: email.subject,
      text: emailText(
        {
          ...email,
          secretLink: email.secretLinkSealed
            ? await this.secret.open(SECRET_LINK_PURPOSE, email.notificationId, email.secretLinkSealed)
            : null,
        },
        this.config.publicUrl,
      ),
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

  private async failed(email: ClaimedEmail, error: unknown, last: boolean): Promise<DeliveryOutcome> {
    // A 5xx answer is the server's final word (no such mailbox, refused): trying again only
    // repeats it. 4xx answers and network errors are worth another try.
    const permanent = error instanceof PermanentFailure || smtpReplyCode(error) >= 500;
    const reason =
      error instanceof PermanentFailure ? error.message : describeSendError(error, this.smtpSecrets());
    const giveUp = permanent || last;
    await this.outbox.recordFailure(email.id, reason, giveUp, this.clock.now());
    const details = { outboxId: email.id, attempts: email.attempts, reason };
    this.outcomes.inc({ outcome: giveUp ? 'failed' : 'retrying' });
    if (giveUp) {
      this.logger.error(details, 'E-mail notification given up');
      return 'failed';
    }
    this.logger.warn(details, 'E-mail notification not sent; will retry');
    throw new RetryLater(`E-mail ${email.id} not sent (${reason}); retrying`);
  }

  /** The SMTP user name and password, never to be stored or logged. */
  private smtpSecrets(): string[] {
    const url = new URL(this.config.smtpUrl!);
    return [url.password, url.username, decodeURIComponent(url.password), decodeURIComponent(url.username)]
      .filter((secret) => secret.length > 0)
      .sort((a, b) => b.length - a.length);
  }
}

/** The e-mail's text: the notification's body, then its links made absolute, then where the inbox is. */
export function emailText(
  notification: { body: string; link: string | null; secretLink?: string | null },
  publicUrl: string,
): string {
  const parts = [notification.body.trimEnd()];
  for (const link of [notification.secretLink, notification.link]) {
    if (link) {
      parts.push(`${publicUrl}${link}`);
    }
  }
  // "-- " (with the space) is the signature separator mail clients recognise.
  parts.push(`-- \nYou can also read this message in your Regen Academy inbox: ${publicUrl}/inbox`);
  return `${parts.join('\n\n')}\n`;
}
