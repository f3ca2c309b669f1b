import { Injectable } from '@nestjs/common';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { AuditService, Clock, Database, RequestContext } from '@academy/core';
import { IdentityError, IdentityErrorCode } from '../identity-error';
import { PasswordService } from '../passwords/password.service';
import { SessionKind } from '../sessions/session.entity';
import { IssuedSession, SessionsService, SESSION_LIFETIME } from '../sessions/sessions.service';
import { hashToken, newSecretToken } from '../sessions/secret-token';
import { PendingSignInRow, TwoFactorRepository } from '../two-factor/two-factor.repository';
import { TwoFactorService, WebAuthnCeremony, WebAuthnOrigin } from '../two-factor/two-factor.service';
import { UserEntity } from '../users/user.entity';
import { UserRepository } from '../users/user.repository';
import { LoginThrottleService } from './login-throttle.service';
import { UserPrincipal } from './principal';

export interface LoginResult extends IssuedSession {
  expiresInSeconds: number;
}

/** A sign-in whose password was right, waiting for its second factor. */
export interface PendingSignIn {
  /** Carried by the second step's form; stored only as its hash. */
  token: string;
  /** Whether the account has a passkey to offer as the second factor. */
  passkey: boolean;
}

/** How long the second step may take, and how many wrong codes it may see. */
export const PENDING_SIGN_IN_MINUTES = 10;
export const PENDING_SIGN_IN_TRIES = 5;

const hashOf = (token: string): string => hashToken(token).toString('hex');

function signInExpired(): IdentityError {
  return new IdentityError(
    IdentityErrorCode.SIGN_IN_EXPIRED,
    'This sign-in has ended (it took more than 10 minutes, or saw too many wrong codes). Sign in again.',
  );
}

function passkeyRefused(): IdentityError {
  return new IdentityError(
    IdentityErrorCode.WRONG_SECOND_FACTOR,
    'That passkey did not sign you in: it is not registered here, or the browser’s answer did not check out. Try again, or use your password.',
  );
}

/** Signing in and out, for the web (cookie) and the API (bearer token). */
@Injectable()
export class AuthService {
  // Verified against when the e-mail is unknown, so both failures take the same time.
  private readonly decoyHash: Promise<string>;
  // The account each principal was authenticated with, for the rest of its request.
  private readonly accounts = new WeakMap<UserPrincipal, UserEntity>();

  constructor(
    private readonly users: UserRepository,
    private readonly passwords: PasswordService,
    private readonly sessions: SessionsService,
    private readonly throttle: LoginThrottleService,
    private readonly audit: AuditService,
    private readonly twoFactor: TwoFactorService,
    private readonly factors: TwoFactorRepository,
    private readonly db: Database,
    private readonly clock: Clock,
  ) {
    this.decoyHash = this.passwords.hash('decoy password nobody has');
  }

  /**
   * Signs in with a password, and for an account with a second factor the code of its
   * authenticator app or a recovery code (`otp`). Without `otp` such an account is refused with
   * `SECOND_FACTOR_NEEDED` (the API's callers send it; the web asks for it on a page of its own).
   */
  async login(email: string, password: string, kind: SessionKind, otp?: string): Promise<LoginResult> {
    const user = await this.checkPassword(email, password, kind);
    if (!user.secondFactorAt) {
      return this.startSession(user, kind, 'password');
    }
    if (otp === undefined) {
      throw new IdentityError(
        IdentityErrorCode.SECOND_FACTOR_NEEDED,
        'This account signs in with a second factor: send the code your authenticator app shows (or a recovery code) as otp.',
        'otp',
      );
    }
    const method = await this.checkCode(user, otp);
    return this.startSession(user, kind, `password+${method}`);
  }

  /**
   * The web's first step: the password. Answers the session when the account has no second
   * factor; otherwise a pending sign-in (valid 10 minutes, five tries) that `completeSignIn` or
   * `completeSignInWithPasskey` finishes.
   */
  async beginWebSignIn(
    email: string,
    password: string,
  ): Promise<{ session: LoginResult } | { pending: PendingSignIn }> {
    const user = await this.checkPassword(email, password, 'web');
    if (!user.secondFactorAt) {
      return { session: await this.startSession(user, 'web', 'password') };
    }
    const token = newSecretToken();
    const now = this.clock.now();
    await this.factors.insertPendingSignIn(
      hashOf(token),
      { userId: user.id, kind: 'web' },
      now,
      new Date(now.getTime() + PENDING_SIGN_IN_MINUTES * 60_000),
    );
    return { pending: { token, passkey: await this.twoFactor.hasPasskey(user.id) } };
  }

  /** The second step with a code: the app's, or a recovery code. */
  async completeSignIn(pendingToken: string, code: string): Promise<LoginResult> {
    const { pending, user } = await this.pendingSignIn(pendingToken);
    const method = await this.checkCode(user, code, pendingToken);
    return this.finishPending(pendingToken, pending.kind, user, `password+${method}`);
  }

  /** The second step with a passkey of the account. */
  async completeSignInWithPasskey(
    pendingToken: string,
    answer: { challengeId: string; response: AuthenticationResponseJSON },
    from: WebAuthnOrigin,
  ): Promise<LoginResult> {
    const { pending, user } = await this.pendingSignIn(pendingToken);
    if (!(await this.twoFactor.verifyPasskey(answer, user.id, from))) {
      await this.secondFactorFailed(user, pendingToken);
      throw passkeyRefused();
    }
    return this.finishPending(pendingToken, pending.kind, user, 'password+passkey');
  }

  /** A passkey's ceremony for the second step of a pending sign-in (the account's passkeys only). */
  async pendingPasskeyCeremony(
    pendingToken: string,
  ): Promise<WebAuthnCeremony<PublicKeyCredentialRequestOptionsJSON>> {
    const { user } = await this.pendingSignIn(pendingToken);
    return this.twoFactor.passkeySignIn(user.id);
  }

  /** Passwordless: a passkey alone signs in (the authenticator verified its user: two factors in one). */
  async signInWithPasskey(
    answer: { challengeId: string; response: AuthenticationResponseJSON },
    from: WebAuthnOrigin,
  ): Promise<LoginResult> {
    const ip = RequestContext.current()?.ip;
    await this.throttle.assertClientAllowed(ip);
    const userId = await this.twoFactor.verifyPasskey(answer, null, from);
    const user = userId ? await this.users.findById(userId) : null;
    if (!user) {
      await this.throttle.recordClientFailure(ip);
      throw passkeyRefused();
    }
    await this.assertEnabled(user, 'web');
    await this.throttle.recordSuccess(user.email);
    return this.startSession(user, 'web', 'passkey');
  }

  /**
   * A session for an account that has just proven who it is another way (its new password set
   * a moment ago, on a device already signed in).
   */
  async startSessionFor(userId: string, kind: SessionKind, method: string): Promise<LoginResult> {
    const user = await this.users.findById(userId);
    if (!user) {
      throw new IdentityError(IdentityErrorCode.USER_NOT_FOUND, 'No such user.');
    }
    return this.startSession(user, kind, method);
  }

  private async checkPassword(email: string, password: string, kind: SessionKind): Promise<UserEntity> {
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
    await this.assertEnabled(user, kind);
    if (this.passwords.needsRehash(user.passwordHash)) {
      await this.users.update(user.id, { passwordHash: await this.passwords.hash(password) });
    }
    if (!user.secondFactorAt) {
      await this.throttle.recordSuccess(email);
    }
    return user;
  }

  private async assertEnabled(user: UserEntity, kind: SessionKind): Promise<void> {
    if (!user.disabledAt) {
      return;
    }
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

  /** A code at sign-in; a wrong one counts toward the lockout like a wrong password. */
  private async checkCode(
    user: UserEntity,
    code: string,
    pendingToken?: string,
  ): Promise<'totp' | 'recovery'> {
    await this.throttle.assertAllowed(user.email, RequestContext.current()?.ip);
    const method = await this.twoFactor.useCode(user.id, code);
    if (!method) {
      await this.secondFactorFailed(user, pendingToken);
      throw new IdentityError(
        IdentityErrorCode.WRONG_SECOND_FACTOR,
        'This code is not correct, or it was used already: type the six digits your authenticator app shows now, or one of your recovery codes.',
        pendingToken ? 'code' : 'otp',
      );
    }
    await this.throttle.recordSuccess(user.email);
    return method;
  }

  private async secondFactorFailed(user: UserEntity, pendingToken?: string): Promise<void> {
    await this.throttle.recordFailure(user.email, RequestContext.current()?.ip);
    if (pendingToken) {
      await this.factors.recordPendingFailure(hashOf(pendingToken), PENDING_SIGN_IN_TRIES, this.clock.now());
    }
    await this.audit.record({
      action: 'auth.second_factor_failed',
      subjectType: 'user',
      subjectId: user.id,
      actorUserId: null,
    });
  }

  private async pendingSignIn(token: string): Promise<{ pending: PendingSignInRow; user: UserEntity }> {
    const pending = await this.factors.findPendingSignIn(hashOf(token), this.clock.now());
    const user = pending && (await this.users.findById(pending.userId));
    if (!pending || !user) {
      throw signInExpired();
    }
    await this.assertEnabled(user, pending.kind);
    return { pending, user };
  }

  private async finishPending(
    token: string,
    kind: SessionKind,
    user: UserEntity,
    method: string,
  ): Promise<LoginResult> {
    return this.db.withTransaction(async () => {
      if (!(await this.factors.lockPendingSignIn(hashOf(token), this.clock.now()))) {
        throw signInExpired();
      }
      await this.factors.usePendingSignIn(hashOf(token), this.clock.now());
      return this.startSession(user, kind, method);
    });
  }

  private async startSession(user: UserEntity, kind: SessionKind, method: string): Promise<LoginResult> {
    const issued = await this.sessions.issue(user.id, kind);
    await this.audit.record({
      action: 'auth.login_succeeded',
      subjectType: 'user',
      subjectId: user.id,
      actorUserId: user.id,
      details: { kind, sessionId: issued.session.id, method },
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
    const principal: UserPrincipal = {
      kind: 'user',
      userId: session.user.id,
      email: session.user.email,
      fullName: session.user.fullName,
      roles: session.user.roles,
      emailVerified: session.user.emailVerifiedAt !== null,
      secondFactor: session.user.secondFactorAt !== null,
      timeZone: session.user.timeZone,
      organisationId: session.user.organisationId,
      sessionId: session.id,
      sessionKind: session.kind,
    };
    this.accounts.set(principal, session.user);
    return principal;
  }

  /**
   * The account behind a principal as read with its session in this request (no second read),
   * or read now for a principal made elsewhere.
   */
  async accountOf(principal: UserPrincipal): Promise<UserEntity> {
    const account = this.accounts.get(principal) ?? (await this.users.findById(principal.userId));
    if (!account) {
      throw new IdentityError(IdentityErrorCode.USER_NOT_FOUND, 'No such user.');
    }
    return account;
  }
}
