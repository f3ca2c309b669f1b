import { Injectable } from '@nestjs/common';
import { AuditService, RequestContext } from '@academy/core';
import { IdentityError, IdentityErrorCode } from '../identity-error';
import { PasswordService } from '../passwords/password.service';
import { SessionKind } from '../sessions/session.entity';
import { IssuedSession, SessionsService, SESSION_LIFETIME } from '../sessions/sessions.service';
import { UserRepository } from '../users/user.repository';
import { LoginThrottleService } from './login-throttle.service';
import { UserPrincipal } from './principal';

export interface LoginResult extends IssuedSession {
  expiresInSeconds: number;
}

/** Signing in and out, for the web (cookie) and the API (bearer token). */
@Injectable()
export class AuthService {
  // Verified against when the e-mail is unknown, so both failures take the same time.
  private readonly decoyHash: Promise<string>;

  constructor(
    private readonly users: UserRepository,
    private readonly passwords: PasswordService,
    private readonly sessions: SessionsService,
    private readonly throttle: LoginThrottleService,
    private readonly audit: AuditService,
  ) {
    this.decoyHash = this.passwords.hash('decoy password nobody has');
  }

  async login(email: string, password: string, kind: SessionKind): Promise<LoginResult> {
    const ip = RequestContext.current()?.ip;
    await this.throttle.assertAllowed(email, ip);
    const user = await this.users.findByEmail(email);
    const valid = await this.passwords.verify(user?.passwordHash ?? (await this.decoyHash), password);
    if (!user || !valid) {
      await this.throttle.recordFailure(email, ip);
      await this.audit.record({
        action: 'auth.login_failed',
        subjectType: 'user',
        subjectId: user?.id,
        actorUserId: null,
        // An account is named by its id (anonymising it then leaves no address behind); an
        // address with no account, by what was typed.
        details: user ? { kind } : { email: email.toLowerCase().slice(0, 254), kind },
      });
      throw new IdentityError(IdentityErrorCode.INVALID_CREDENTIALS, 'E-mail or password is not correct.');
    }
    if (user.disabledAt) {
      await this.audit.record({
        action: 'auth.login_refused',
        subjectType: 'user',
        subjectId: user.id,
        actorUserId: user.id,
        details: { reason: 'disabled', kind },
      });
      throw new IdentityError(
        IdentityErrorCode.ACCOUNT_DISABLED,
        'This account is disabled. Contact your academy.',
      );
    }
    await this.throttle.recordSuccess(email);
    if (this.passwords.needsRehash(user.passwordHash)) {
      await this.users.update(user.id, { passwordHash: await this.passwords.hash(password) });
    }
    const issued = await this.sessions.issue(user.id, kind);
    await this.audit.record({
      action: 'auth.login_succeeded',
      subjectType: 'user',
      subjectId: user.id,
      actorUserId: user.id,
      details: { kind, sessionId: issued.session.id },
    });
    return { ...issued, expiresInSeconds: SESSION_LIFETIME[kind].absoluteMs / 1000 };
  }

  async logout(principal: UserPrincipal): Promise<void> {
    if (await this.sessions.revoke(principal.sessionId)) {
      await this.audit.record({
        action: 'auth.logged_out',
        subjectType: 'user',
        subjectId: principal.userId,
        details: { kind: principal.sessionKind, sessionId: principal.sessionId },
      });
    }
  }

  /** The user behind a live session token, or null for an unknown, expired or revoked one. */
  async authenticate(token: string, kind: SessionKind): Promise<UserPrincipal | null> {
    const session = await this.sessions.resolve(token, kind);
    if (!session?.user) {
      return null;
    }
    return {
      kind: 'user',
      userId: session.user.id,
      email: session.user.email,
      fullName: session.user.fullName,
      roles: session.user.roles,
      emailVerified: session.user.emailVerifiedAt !== null,
      organisationId: session.user.organisationId,
      sessionId: session.id,
      sessionKind: session.kind,
    };
  }
}
