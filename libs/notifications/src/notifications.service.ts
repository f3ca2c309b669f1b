import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import {
  APP_CONFIG,
  AppConfig,
  AppSecret,
  AuditService,
  Clock,
  Database,
  JobQueue,
  SqlBuilder,
  SqlExpression,
  SqlPart,
} from '@academy/core';
import {
  EMAIL_CHANGED,
  EMAIL_CONFIRMATION_REQUESTED,
  EmailChanged,
  EmailConfirmationRequested,
  PASSWORD_RESET_COMPLETED,
  SECOND_FACTOR_RESET,
  SecondFactorReset,
  PASSWORD_RESET_REQUESTED,
  PasswordResetCompleted,
  PasswordResetRequested,
  SIGN_UP_FOR_EXISTING_ACCOUNT,
  SignUpForExistingAccount,
  USER_ANONYMISED,
  UserAnonymised,
} from '@academy/identity';
import { SendEmailJob } from './delivery/email-delivery.job';
import { EmailOutboxRepository, FailedEmail, SECRET_LINK_PURPOSE } from './delivery/email-outbox.repository';
import { isLocalPath } from './local-path';
import { NotificationError, NotificationErrorCode } from './notification-error';
import {
  EmailAttachment,
  InboxPage,
  NotificationRepository,
  NotificationRow,
} from './notification.repository';

/** What a feature tells a user. */
export interface NotificationMessage {
  /** Dotted kind, e.g. `lab.booking_confirmed`. */
  kind: string;
  subject: string;
  body: string;
  /** Path in the app (e.g. `/me/bookings`) the message links to. */
  link?: string;
  /**
   * A path that works for whoever holds it (a password reset link): in the e-mail only, never in
   * the inbox; it waits in the outbox sealed and is forgotten once sent.
   */
  secretLink?: string;
  /**
   * Sends the e-mail to this address rather than the account's: a new address being confirmed,
   * or the old one told that it was replaced.
   */
  emailTo?: string;
  attachments?: EmailAttachment[];
}

/**
 * A message written in one statement with the change it is about (see `messagePart`): its body is
 * text and expressions of that statement; its attachments are made only when e-mail is on.
 */
export interface StatementMessage {
  kind: string;
  subject: string;
  body: (string | SqlExpression)[];
  link?: string;
  attachments?: () => EmailAttachment[];
}

/**
 * Tells users what happened: every message goes to the user's in-app inbox and, when `SMTP_URL`
 * is configured, to an e-mail outbox in the same transaction as the change that caused it, so a
 * rolled-back change sends nothing and a committed one is never lost. Each e-mail is sent by a
 * job of its own (`SendEmailJob`), queued in that transaction too; admins see the e-mails given
 * up, with the reason, and can send one again.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly outbox: EmailOutboxRepository,
    private readonly clock: Clock,
    private readonly jobs: JobQueue,
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly secret: AppSecret,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Call inside the transaction of the change the message is about. */
  async notify(userId: string, message: NotificationMessage): Promise<NotificationRow> {
    if (message.link !== undefined && !isLocalPath(message.link)) {
      // A programming error: links are paths in the app, made absolute for e-mail.
      throw new Error(`A notification link must be a path in the app, got "${message.link}"`);
    }
    const now = this.clock.now();
    const notification = await this.notifications.insert({
      userId,
      kind: message.kind,
      subject: message.subject,
      body: message.body,
      link: message.link ?? null,
      createdAt: now,
    });
    if (message.secretLink !== undefined && !isLocalPath(message.secretLink)) {
      throw new Error(`A notification's secret link must be a path in the app, got "${message.secretLink}"`);
    }
    if (this.config.smtpUrl) {
      const secretLink =
        message.secretLink === undefined
          ? null
          : await this.secret.seal(SECRET_LINK_PURPOSE, notification.id, message.secretLink);
      const outboxId = await this.outbox.enqueue(
        notification.id,
        message.attachments ?? [],
        now,
        secretLink,
        message.emailTo ?? null,
      );
      await this.jobs.send(SendEmailJob, { outboxId }, { key: outboxId });
    }
    return notification;
  }

  /**
   * The message of a change made in one statement with it (see `SqlPart`), for a hot path: the
   * CTE `name` puts the first candidate whose `when` holds in the user's inbox and, when e-mail is
   * on, in the outbox, so the message commits with the change and is never lost. Call `queued`
   * once the statement has committed (`Database.afterCommitOrNow`): it queues the e-mail's job
   * (were this process to die first, the sweep of pending e-mails queues it).
   */
  messagePart(
    name: string,
    userId: string,
    candidates: { when: SqlExpression; message: StatementMessage }[],
  ): { part: SqlPart; queued: () => Promise<void> } {
    const now = this.clock.now();
    const email = this.config.smtpUrl ? { id: randomUUID(), now } : null;
    const sql = new SqlBuilder();
    const ctes = [
      sql.part(
        this.notifications.insertPart(
          name,
          { id: randomUUID(), userId, createdAt: now },
          candidates.map(({ when, message }) => {
            if (message.link !== undefined && !isLocalPath(message.link)) {
              throw new Error(`A notification link must be a path in the app, got "${message.link}"`);
            }
            return {
              when,
              kind: message.kind,
              subject: message.subject,
              body: message.body,
              link: message.link ?? null,
              attachments: email ? (message.attachments?.() ?? []) : [],
            };
          }),
        ),
      ),
    ];
    if (email) {
      ctes.push(sql.part(this.outbox.enqueuePart(`${name}_email`, name, email)));
    }
    return {
      part: { sql: ctes.join(',\n'), parameters: sql.parameters },
      queued: async () => {
        if (email) {
          await this.jobs.send(SendEmailJob, { outboxId: email.id }, { key: email.id });
        }
      },
    };
  }

  /** E-mails given up, most recent first, with why (for admins). */
  failedEmails(page: { limit: number; offset: number }): Promise<{ items: FailedEmail[]; total: number }> {
    return this.outbox.findFailed(page);
  }

  /** Sends a given-up e-mail again (an admin's decision), audited; `NOTIFICATION_NOT_FOUND` when it is not given up. */
  async retryEmail(outboxId: string): Promise<void> {
    await this.db.withTransaction(async () => {
      if (!(await this.outbox.reopen(outboxId, this.clock.now()))) {
        throw new NotificationError(
          NotificationErrorCode.NOTIFICATION_NOT_FOUND,
          'There is no given-up e-mail with this id: it may have been sent again already.',
        );
      }
      await this.jobs.send(SendEmailJob, { outboxId }, { key: outboxId });
      await this.audit.record({ action: 'email.retried', subjectType: 'email_outbox', subjectId: outboxId });
    });
  }

  /** Queues a job for every e-mail still waiting that has none; answers how many were queued. */
  async queuePendingEmail(): Promise<number> {
    let queued = 0;
    for (const outboxId of await this.outbox.pendingIds(1000)) {
      if (await this.jobs.send(SendEmailJob, { outboxId }, { key: outboxId })) {
        queued += 1;
      }
    }
    return queued;
  }

  /**
   * A confirmation link, by e-mail only (the inbox says it was sent, without the link): a new
   * physician is welcomed with it, a resend is the link again, a change of address sends it to
   * the new address.
   */
  @OnEvent(EMAIL_CONFIRMATION_REQUESTED, { suppressErrors: false })
  async sendConfirmationLink(event: EmailConfirmationRequested): Promise<void> {
    const confirm =
      'Open the link in the e-mail to confirm your address (it works once, for 48 hours): certificates are ' +
      'issued only to a confirmed address.';
    const messages: Record<EmailConfirmationRequested['reason'], Omit<NotificationMessage, 'secretLink'>> = {
      'sign-up': {
        kind: 'account.welcome',
        subject: 'Welcome to Regen Academy: confirm your e-mail address',
        body: `Your account is ready: find a course, study at your own pace and earn CME credit. ${confirm}`,
        link: '/courses',
      },
      resend: {
        kind: 'account.email_confirmation',
        subject: 'Confirm your e-mail address',
        body: `You asked for a new link. ${confirm}`,
      },
      change: {
        kind: 'account.email_change_requested',
        subject: 'Confirm your new e-mail address',
        body:
          `You asked to sign in to Regen Academy with ${event.email} from now on. Open the link in the e-mail ` +
          'within 48 hours to make the change; until then nothing changes. If it was not you, ignore this message.',
        emailTo: event.email,
      },
    };
    await this.notify(event.userId, { ...messages[event.reason], secretLink: event.link });
  }

  /** The holder hears that an admin took their second factors off, in case it was not at their request. */
  @OnEvent(SECOND_FACTOR_RESET, { suppressErrors: false })
  async warnOfSecondFactorReset(event: SecondFactorReset): Promise<void> {
    await this.notify(event.userId, {
      kind: 'account.second_factor_reset',
      subject: 'Your Regen Academy two-factor sign-in was reset',
      body:
        'An admin of the academy removed the authenticator app, passkeys and recovery codes of your account, ' +
        'and every device was signed out. Sign in with your password and set up a second factor again. ' +
        'If you did not ask for this, tell the academy at once.',
      link: '/profile/two-factor',
    });
  }

  /** The old address hears that it no longer signs in, in case it was not its holder's doing. */
  @OnEvent(EMAIL_CHANGED, { suppressErrors: false })
  async warnOfEmailChange(event: EmailChanged): Promise<void> {
    await this.notify(event.userId, {
      kind: 'account.email_changed',
      subject: 'Your Regen Academy sign-in address was changed',
      body:
        `The e-mail address of your Regen Academy account was changed from ${event.oldEmail} to ${event.newEmail}. ` +
        'If this was not you, reset your password at once and tell the academy.',
      emailTo: event.oldEmail,
    });
  }

  /** Someone signed up with this person's address: they are told, and how to get back in. */
  @OnEvent(SIGN_UP_FOR_EXISTING_ACCOUNT, { suppressErrors: false })
  async warnOfSignUp(event: SignUpForExistingAccount): Promise<void> {
    await this.notify(event.userId, {
      kind: 'account.sign_up_attempted',
      subject: 'Someone tried to create an account with your address',
      body:
        'Somebody tried to create a new Regen Academy account with this e-mail address, which already has one. ' +
        'If it was you, sign in with your password instead. If it was not you, nothing has changed and you need do nothing.',
      link: '/login',
    });
  }

  /** A reset link, by e-mail only: the inbox says it was asked for, without the link. */
  @OnEvent(PASSWORD_RESET_REQUESTED, { suppressErrors: false })
  async sendResetLink(event: PasswordResetRequested): Promise<void> {
    await this.notify(event.userId, {
      kind: 'account.password_reset_requested',
      subject: 'Choose a new Regen Academy password',
      body:
        'Someone, hopefully you, asked to reset the password of your Regen Academy account. The link in the ' +
        'e-mail works once, for 30 minutes. If it was not you, ignore this message: your password stays as it is.',
      secretLink: event.link,
    });
  }

  /** The holder hears that the password was reset, wherever they were signed in. */
  @OnEvent(PASSWORD_RESET_COMPLETED, { suppressErrors: false })
  async confirmReset(event: PasswordResetCompleted): Promise<void> {
    await this.notify(event.userId, {
      kind: 'account.password_reset',
      subject: 'Your Regen Academy password was changed',
      body:
        'The password of your account was reset with a link sent to this address, and every device was signed ' +
        'out. If this was not you, reset it again at once and tell the academy.',
      link: '/login',
    });
  }

  /**
   * An anonymised person's messages go: they name them and what they did, and they are no
   * record accreditors ask for. Their e-mails still waiting are never sent.
   */
  @OnEvent(USER_ANONYMISED, { suppressErrors: false })
  async forget(event: UserAnonymised): Promise<void> {
    await this.notifications.deleteAllForUser(event.userId);
  }

  /** A page of the user's messages, newest first, with how many there are and how many are unread. */
  inbox(userId: string, page: { limit: number; offset: number }): Promise<InboxPage> {
    return this.notifications.findInbox(userId, page);
  }

  /** Marks one of the user's messages read; `NOTIFICATION_NOT_FOUND` when it is not theirs. */
  async markRead(userId: string, id: string): Promise<NotificationRow> {
    const notification = await this.notifications.markRead(userId, id, this.clock.now());
    if (!notification) {
      throw new NotificationError(
        NotificationErrorCode.NOTIFICATION_NOT_FOUND,
        'You have no notification with this id.',
      );
    }
    return notification;
  }
}
