import { Injectable } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { AuditService, Clock, Database, pgConstraint, RequestContext, emitInTurn } from '@academy/core';
import { LoginThrottleService } from '../auth/login-throttle.service';
import { IdentityError, IdentityErrorCode } from '../identity-error';
import { PasswordService } from '../passwords/password.service';
import { hashToken, newSecretToken } from '../sessions/secret-token';
import { UserEntity } from '../users/user.entity';
import { UserRepository } from '../users/user.repository';
import { USER_ANONYMISED, UserAnonymised } from '../users/user-events';
import { EmailConfirmationRepository } from './email-confirmation.repository';

const HOUR = 60 * 60_000;
/** How long a confirmation link works. */
export const CONFIRMATION_LINK_HOURS = 48;
/** Confirmation links one account may be sent per hour (sign-up, resends and changes together). */
export const CONFIRMATIONS_PER_HOUR = 3;

/** A link to send to `email`: only by e-mail, never kept in the inbox (it confirms for whoever holds it). */
export const EMAIL_CONFIRMATION_REQUESTED = 'identity.email_confirmation_requested';
export class EmailConfirmationRequested {
  constructor(
    readonly userId: string,
    /** The address the link goes to: the account's own, or the new one it is changing to. */
    readonly email: string,
    /** The path with the token, e.g. `/confirm-email?token=…`. */
    readonly link: string,
    readonly reason: 'sign-up' | 'resend' | 'change',
  ) {}
}

/** The account's address is confirmed (in the transaction that confirms it): what waited for it may go on. */
export const EMAIL_VERIFIED = 'identity.email_verified';
export class EmailVerified {
  constructor(readonly userId: string) {}
}

/** The account's address changed (in that transaction): the old address is told. */
export const EMAIL_CHANGED = 'identity.email_changed';
export class EmailChanged {
  constructor(
    readonly userId: string,
    readonly oldEmail: string,
    readonly newEmail: string,
  ) {}
}

/** What the holder is told when a link is on its way to `email`. */
export function linkSentMessage(email: string, reason: 'resend' | 'change'): string {
  return reason === 'change'
    ? `We sent a link to ${email}. Your address changes to it when you open the link (it works for ${CONFIRMATION_LINK_HOURS} hours); until then nothing changes.`
    : `We sent a new link to ${email}. Open it within ${CONFIRMATION_LINK_HOURS} hours to confirm your address.`;
}

/** What a confirmation link did. */
export interface Confirmed {
  email: string;
  changed: boolean;
}

const hashOf = (token: string): string => hashToken(token).toString('hex');

/**
 * E-mail addresses proven by a link sent to them: at sign-up (an unconfirmed account can study,
 * but certificates wait for a confirmed address), again on request, and for a new address,
 * which replaces the old one only once confirmed (the old one is told). Links are single-use,
 * kept only as their hash, valid 48 hours, at most three an hour per account.
 */
@Injectable()
export class EmailConfirmationService {
  constructor(
    private readonly confirmations: EmailConfirmationRepository,
    private readonly users: UserRepository,
    private readonly passwords: PasswordService,
    private readonly throttle: LoginThrottleService,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /** The link for a new account's address; call in the transaction that creates it. */
  async sendForSignUp(user: UserEntity): Promise<void> {
    await this.sendLink(user, user.email, 'sign-up');
  }

  /** Sends the holder of an unconfirmed address a fresh link; answers the address it went to. */
  async resend(userId: string): Promise<string> {
    return this.db.withTransaction(async () => {
      const user = await this.account(userId);
      if (user.emailVerifiedAt) {
        throw new IdentityError(
          IdentityErrorCode.EMAIL_UNCHANGED,
          'Your e-mail address is already confirmed.',
        );
      }
      await this.assertUnderLimit(user.id);
      await this.sendLink(user, user.email, 'resend');
      return user.email;
    });
  }

  /**
   * Asks to change the account's address (with the current password): a link goes to the new
   * address, which replaces the old one when the link is opened. When another account already
   * uses the new address nothing is sent, and the answer is the same (nobody learns who has an
   * account); answers the address the link went to.
   */
  async requestChange(userId: string, newEmail: string, currentPassword: string): Promise<string> {
    const email = newEmail.trim().toLowerCase();
    const user = await this.account(userId);
    if (!(await this.passwords.verify(user.passwordHash, currentPassword))) {
      throw new IdentityError(
        IdentityErrorCode.WRONG_CURRENT_PASSWORD,
        'Current password is not correct.',
        'currentPassword',
      );
    }
    if (email === user.email) {
      throw new IdentityError(
        IdentityErrorCode.EMAIL_UNCHANGED,
        'This is already your e-mail address.',
        'email',
      );
    }
    await this.db.withTransaction(async () => {
      await this.assertUnderLimit(user.id);
      if (await this.users.findByEmail(email)) {
        await this.audit.record({
          action: 'user.email_change_refused',
          subjectType: 'user',
          subjectId: user.id,
          details: { reason: 'email_taken' },
        });
        return;
      }
      await this.sendLink(user, email, 'change');
    });
    return email;
  }

  /** Whether a link still works (to offer the button, or say at once that it does not). */
  async isUsable(token: string): Promise<boolean> {
    return (await this.confirmations.findUsable(hashOf(token), this.clock.now())) !== null;
  }

  /**
   * Confirms the address a link was sent to, once: the account's own (now confirmed), or a new
   * one (now the account's, confirmed; the old address is told). A wrong, used or expired token
   * is refused in words and counts against the client address like a failed sign-in.
   */
  async confirm(token: string): Promise<Confirmed> {
    const ip = RequestContext.current()?.ip;
    await this.throttle.assertClientAllowed(ip);
    const now = this.clock.now();
    const confirmed = await this.db.withTransaction(async () => {
      const link = await this.confirmations.consume(hashOf(token), now);
      const user = link && (await this.users.findById(link.userId));
      if (!link || !user || user.anonymisedAt) {
        return null;
      }
      if (link.email === user.email) {
        if (!user.emailVerifiedAt) {
          await this.users.update(user.id, { emailVerifiedAt: now, updatedAt: now });
          await this.audit.record({ action: 'user.email_verified', subjectType: 'user', subjectId: user.id });
          await emitInTurn(this.events, EMAIL_VERIFIED, new EmailVerified(user.id));
        }
        return { email: user.email, changed: false };
      }
      try {
        await this.users.update(user.id, { email: link.email, emailVerifiedAt: now, updatedAt: now });
      } catch (error) {
        // The whole confirmation rolls back: the link stays as it was.
        if (pgConstraint(error) === 'app_user_email_key') {
          throw new IdentityError(
            IdentityErrorCode.EMAIL_TAKEN,
            'Another account started using this address meanwhile, so yours was not changed. Choose another address.',
            'token',
          );
        }
        throw error;
      }
      await this.audit.record({
        action: 'user.email_changed',
        subjectType: 'user',
        subjectId: user.id,
        details: { wasVerified: user.emailVerifiedAt !== null },
      });
      await emitInTurn(this.events, EMAIL_CHANGED, new EmailChanged(user.id, user.email, link.email));
      if (!user.emailVerifiedAt) {
        await emitInTurn(this.events, EMAIL_VERIFIED, new EmailVerified(user.id));
      }
      return { email: link.email, changed: true };
    });
    if (!confirmed) {
      await this.throttle.recordClientFailure(ip);
      throw new IdentityError(
        IdentityErrorCode.CONFIRMATION_LINK_INVALID,
        'This confirmation link does not work: it was used already, it is older than 48 hours, or it was copied incompletely. Sign in and ask for a new one.',
        'token',
      );
    }
    return confirmed;
  }

  /** An anonymised account's pending addresses are forgotten with the rest of its personal data. */
  @OnEvent(USER_ANONYMISED, { suppressErrors: false })
  async forget(event: UserAnonymised): Promise<void> {
    await this.confirmations.deleteForUser(event.userId);
  }

  private async account(userId: string): Promise<UserEntity> {
    const user = await this.users.findById(userId);
    if (!user) {
      throw new IdentityError(IdentityErrorCode.USER_NOT_FOUND, 'No such user.');
    }
    return user;
  }

  private async assertUnderLimit(userId: string): Promise<void> {
    const since = new Date(this.clock.now().getTime() - HOUR);
    if ((await this.confirmations.countSince(userId, since)) >= CONFIRMATIONS_PER_HOUR) {
      throw new IdentityError(
        IdentityErrorCode.TOO_MANY_LINKS,
        `We have sent ${CONFIRMATIONS_PER_HOUR} links in the last hour. Use the latest one, or ask again in an hour.`,
      );
    }
  }

  private async sendLink(
    user: UserEntity,
    email: string,
    reason: EmailConfirmationRequested['reason'],
  ): Promise<void> {
    const token = newSecretToken();
    const now = this.clock.now();
    await this.confirmations.insert({
      userId: user.id,
      email,
      tokenHash: hashOf(token),
      createdAt: now,
      expiresAt: new Date(now.getTime() + CONFIRMATION_LINK_HOURS * HOUR),
    });
    await this.audit.record({
      action: 'user.email_confirmation_sent',
      subjectType: 'user',
      subjectId: user.id,
      details: { reason },
    });
    await emitInTurn(
      this.events,
      EMAIL_CONFIRMATION_REQUESTED,
      new EmailConfirmationRequested(
        user.id,
        email,
        `/confirm-email?token=${encodeURIComponent(token)}`,
        reason,
      ),
    );
  }
}
