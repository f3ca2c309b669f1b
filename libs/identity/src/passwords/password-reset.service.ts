import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AuditService, Clock, Database, RequestContext, emitInTurn } from '@academy/core';
import { LoginThrottleService } from '../auth/login-throttle.service';
import { IdentityError, IdentityErrorCode } from '../identity-error';
import { hashToken, newSecretToken } from '../sessions/secret-token';
import { UsersService } from '../users/users.service';
import { PasswordResetRepository } from './password-reset.repository';

const MINUTE = 60_000;
/** How long a reset link works. */
export const RESET_LINK_MINUTES = 30;
/** Reset links one account may be sent per hour (more requests get the same answer and no e-mail). */
export const RESETS_PER_HOUR = 3;
/**
 * Every request answers after this long at the least, whether the address has an account (a
 * token stored, an e-mail queued) or not, so the time does not tell either.
 */
export const RESET_REQUEST_FLOOR_MS = 400;

/** The answer to every reset request, whatever the address. */
export const RESET_REQUESTED =
  'If an account uses this address, we have sent it a link to choose a new password. The link works once, for 30 minutes.';

export const PASSWORD_RESET_REQUESTED = 'identity.password_reset_requested';
/** A reset link to send: only by e-mail, never kept in the inbox (it signs in whoever holds it). */
export class PasswordResetRequested {
  constructor(
    readonly userId: string,
    /** The path with the token, e.g. `/reset-password?token=…`. */
    readonly link: string,
  ) {}
}

export const PASSWORD_RESET_COMPLETED = 'identity.password_reset_completed';
export class PasswordResetCompleted {
  constructor(readonly userId: string) {}
}

const hashOf = (token: string): string => hashToken(token).toString('hex');

/**
 * "Forgot password?": a single-use link by e-mail, kept only as its hash, valid 30 minutes,
 * limited per address (and, at the route, per client). Completing it sets a new password that
 * meets the sign-up rules, ends every session and API token of the account, and tells the holder.
 */
@Injectable()
export class PasswordResetService {
  constructor(
    private readonly resets: PasswordResetRepository,
    private readonly users: UsersService,
    private readonly throttle: LoginThrottleService,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /** Sends a reset link if the address has an account that may sign in; answers the same either way. */
  async request(email: string): Promise<void> {
    const floor = new Promise((resolve) => setTimeout(resolve, RESET_REQUEST_FLOOR_MS));
    await Promise.all([this.sendLink(email.trim().toLowerCase()), floor]);
  }

  private async sendLink(email: string): Promise<void> {
    const token = newSecretToken();
    const user = await this.users.findByEmail(email);
    if (!user || user.disabledAt || user.anonymisedAt) {
      return;
    }
    const now = this.clock.now();
    await this.db.withTransaction(async () => {
      if ((await this.resets.countSince(user.id, new Date(now.getTime() - 60 * MINUTE))) >= RESETS_PER_HOUR) {
        return;
      }
      await this.resets.insert({
        userId: user.id,
        tokenHash: hashOf(token),
        createdAt: now,
        expiresAt: new Date(now.getTime() + RESET_LINK_MINUTES * MINUTE),
      });
      await this.audit.record({
        action: 'user.password_reset_requested',
        subjectType: 'user',
        subjectId: user.id,
      });
      await emitInTurn(
        this.events,
        PASSWORD_RESET_REQUESTED,
        new PasswordResetRequested(user.id, `/reset-password?token=${encodeURIComponent(token)}`),
      );
    });
  }

  /**
   * A single-use link that sets the account's password, valid `minutes` (an operator's command
   * hands it to a new admin): the same link as a reset's, outside the per-address limit. Answers
   * the path with the token.
   */
  async setPasswordLink(userId: string, minutes: number): Promise<string> {
    const token = newSecretToken();
    const now = this.clock.now();
    await this.db.withTransaction(async () => {
      await this.resets.insert({
        userId,
        tokenHash: hashOf(token),
        createdAt: now,
        expiresAt: new Date(now.getTime() + minutes * MINUTE),
      });
      await this.audit.record({
        action: 'user.password_link_issued',
        subjectType: 'user',
        subjectId: userId,
        details: { minutes },
      });
    });
    return `/reset-password?token=${encodeURIComponent(token)}`;
  }

  /** Whether a link still works (to show the form, or say at once that it does not). */
  async isUsable(token: string): Promise<boolean> {
    return (await this.resets.findUsable(hashOf(token), this.clock.now())) !== null;
  }

  /**
   * Sets the new password with a link's token, once. A wrong, used or expired token is refused in
   * words and counts against the client address like a failed sign-in.
   */
  async complete(token: string, newPassword: string): Promise<void> {
    const ip = RequestContext.current()?.ip;
    await this.throttle.assertClientAllowed(ip);
    const usable = await this.resets.findUsable(hashOf(token), this.clock.now());
    if (!usable) {
      await this.throttle.recordClientFailure(ip);
      throw invalidLink();
    }
    const user = await this.users.get(usable.userId);
    await this.db.withTransaction(async () => {
      if (!(await this.resets.consume(hashOf(token), this.clock.now()))) {
        throw invalidLink();
      }
      // Checks the password against the sign-up rules, ends every session and API token, audits.
      await this.users.resetPassword(user.id, newPassword);
      await emitInTurn(this.events, PASSWORD_RESET_COMPLETED, new PasswordResetCompleted(user.id));
    });
    await this.throttle.recordSuccess(user.email);
  }
}

function invalidLink(): IdentityError {
  return new IdentityError(
    IdentityErrorCode.RESET_LINK_INVALID,
    'This reset link does not work: it was used already, it has expired (a reset link works for 30 minutes), or it was copied incompletely. Ask for a new one.',
    'token',
  );
}
