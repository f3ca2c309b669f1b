import { Inject, Injectable } from '@nestjs/common';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import {
  APP_CONFIG,
  AppConfig,
  AppSecret,
  AuditService,
  Clock,
  Database,
  qrSvg,
  Role,
  emitInTurn,
} from '@academy/core';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { IdentityError, IdentityErrorCode } from '../identity-error';
import { SessionsService } from '../sessions/sessions.service';
import { PasswordService } from '../passwords/password.service';
import { UserEntity } from '../users/user.entity';
import { UserRepository } from '../users/user.repository';
import { isTotpCode, newRecoveryCodes, newTotpSecret, recoveryCodeHash, totpStepOf, totpUri } from './totp';
import { TwoFactorRepository } from './two-factor.repository';

/** Roles whose holders must sign in with a second factor: they revoke certificates and read every record. */
export const SECOND_FACTOR_ROLES: readonly Role[] = ['admin', 'verifier'];

export function needsSecondFactor(roles: readonly Role[]): boolean {
  return roles.some((role) => SECOND_FACTOR_ROLES.includes(role));
}

/** Emitted in the transaction where an admin took an account's second factors off: the holder is told. */
export const SECOND_FACTOR_RESET = 'identity.second_factor_reset';
export class SecondFactorReset {
  constructor(readonly userId: string) {}
}

/** What the sealed TOTP secret is sealed for; its context is the account id. */
const TOTP_SECRET_PURPOSE = 'totp-secret';
const CHALLENGE_MINUTES = 5;
const MINUTE = 60_000;

export interface TwoFactorStatus {
  totp: boolean;
  passkeys: { id: string; name: string; createdAt: Date; lastUsedAt: Date | null }[];
  recoveryCodesLeft: number;
  /** Whether the account's roles need a second factor. */
  required: boolean;
}

/** A WebAuthn ceremony to run in the browser: the options, and the id to send back with its answer. */
export interface WebAuthnCeremony<Options> {
  challengeId: string;
  options: Options;
}

/** Where a WebAuthn answer came from: the page's origin, as the browser signed it. */
export interface WebAuthnOrigin {
  origin: string;
}

/**
 * Second factors: an authenticator app (TOTP, RFC 6238), passkeys (WebAuthn), and ten
 * single-use recovery codes issued with the first factor. Admins and verifiers must have one;
 * learners and instructors may. Removing a factor or new recovery codes take the password.
 */
@Injectable()
export class TwoFactorService {
  constructor(
    private readonly factors: TwoFactorRepository,
    private readonly users: UserRepository,
    private readonly passwords: PasswordService,
    private readonly secret: AppSecret,
    private readonly audit: AuditService,
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly sessions: SessionsService,
    private readonly events: EventEmitter2,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async status(userId: string): Promise<TwoFactorStatus> {
    const user = await this.account(userId);
    const totp = await this.factors.findTotp(userId);
    const passkeys = await this.factors.passkeysOf(userId);
    return {
      totp: Boolean(totp?.confirmedAt),
      passkeys: passkeys.map(({ id, name, createdAt, lastUsedAt }) => ({ id, name, createdAt, lastUsedAt })),
      recoveryCodesLeft: await this.factors.recoveryCodesLeft(userId),
      required: needsSecondFactor(user.roles),
    };
  }

  // Authenticator app

  /** Starts setting up an app: a new secret (shown once, as a QR code and as text) until confirmed by a code. */
  async startTotp(userId: string): Promise<{ secret: string; uri: string; qr: string }> {
    const user = await this.account(userId);
    const secret = newTotpSecret();
    const sealed = await this.secret.seal(TOTP_SECRET_PURPOSE, userId, secret);
    if (!(await this.factors.putUnconfirmedTotp(userId, sealed, this.clock.now()))) {
      throw new IdentityError(
        IdentityErrorCode.SECOND_FACTOR_EXISTS,
        'An authenticator app is set up already. Remove it first to set up another.',
      );
    }
    const uri = totpUri(secret, user.email);
    return { secret, uri, qr: await qrSvg(uri, 'QR code to scan with your authenticator app') };
  }

  /** The app being set up (started, not confirmed yet), to show its code again; null when none waits. */
  async pendingTotp(userId: string): Promise<{ secret: string; uri: string; qr: string } | null> {
    const totp = await this.factors.findTotp(userId);
    if (!totp || totp.confirmedAt) {
      return null;
    }
    const user = await this.account(userId);
    const secret = await this.secret.open(TOTP_SECRET_PURPOSE, userId, totp.secretSealed);
    const uri = totpUri(secret, user.email);
    return { secret, uri, qr: await qrSvg(uri, 'QR code to scan with your authenticator app') };
  }

  /**
   * Confirms the app being set up with a code it shows. Answers the new recovery codes when it
   * is the account's first factor (shown once), null otherwise.
   */
  async confirmTotp(userId: string, code: string): Promise<string[] | null> {
    return this.db.withTransaction(async () => {
      const totp = await this.factors.findTotp(userId);
      if (!totp || totp.confirmedAt) {
        throw new IdentityError(
          IdentityErrorCode.SECOND_FACTOR_INVALID,
          'Start setting up the app again: there is no set-up waiting for a code.',
          'code',
        );
      }
      if (!(await this.acceptTotp(userId, totp.secretSealed, code))) {
        throw new IdentityError(
          IdentityErrorCode.SECOND_FACTOR_INVALID,
          'This code is not the one the app shows now. Check the app’s clock, and type the six digits shown for this account.',
          'code',
        );
      }
      await this.audit.record({ action: 'user.totp_enabled', subjectType: 'user', subjectId: userId });
      return this.factorAdded(userId);
    });
  }

  /**
   * Enrols an app with a known secret, confirmed (the demo academy's staff; test accounts).
   * Nothing changes when the account's app already has this secret.
   */
  async enrolTotpWithSecret(userId: string, secret: string): Promise<void> {
    const current = await this.factors.findTotp(userId);
    if (
      current?.confirmedAt &&
      (await this.secret.open(TOTP_SECRET_PURPOSE, userId, current.secretSealed)) === secret
    ) {
      return;
    }
    await this.db.withTransaction(async () => {
      const sealed = await this.secret.seal(TOTP_SECRET_PURPOSE, userId, secret);
      await this.factors.putConfirmedTotp(userId, sealed, this.clock.now());
      await this.audit.record({ action: 'user.totp_enabled', subjectType: 'user', subjectId: userId });
      await this.factorAdded(userId);
    });
  }

  async removeTotp(userId: string, password: string): Promise<void> {
    await this.db.withTransaction(async () => {
      const user = await this.withPassword(userId, password);
      await this.assertMayRemove(user, { totp: true });
      if (await this.factors.deleteTotp(userId)) {
        await this.audit.record({ action: 'user.totp_removed', subjectType: 'user', subjectId: userId });
        await this.factorRemoved(userId);
      }
    });
  }

  // Passkeys

  async passkeyRegistration(
    userId: string,
  ): Promise<WebAuthnCeremony<PublicKeyCredentialCreationOptionsJSON>> {
    const user = await this.account(userId);
    const existing = await this.factors.passkeysOf(userId);
    const options = await generateRegistrationOptions({
      rpName: 'Regen Academy',
      rpID: this.rpId,
      userName: user.email,
      userDisplayName: user.fullName,
      // The account's id (no personal data) identifies it to the authenticator.
      userID: Buffer.from(user.id.replace(/-/g, ''), 'hex'),
      attestationType: 'none',
      excludeCredentials: existing.map((passkey) => ({
        id: passkey.credentialId,
        transports: passkey.transports as never,
      })),
      // Discoverable, with user verification: the passkey alone may sign in.
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    });
    return { challengeId: await this.newChallenge(userId, 'register', options.challenge), options };
  }

  /** Adds a passkey from the browser's answer; answers the new recovery codes when it is the first factor. */
  async registerPasskey(
    userId: string,
    answer: { challengeId: string; response: RegistrationResponseJSON; name: string },
    from: WebAuthnOrigin,
  ): Promise<string[] | null> {
    return this.db.withTransaction(async () => {
      const challenge = await this.factors.useChallenge(
        answer.challengeId,
        'register',
        userId,
        this.clock.now(),
      );
      const verification = challenge
        ? await verifyRegistrationResponse({
            response: answer.response,
            expectedChallenge: challenge,
            expectedOrigin: this.expectedOrigins(from),
            expectedRPID: this.rpId,
            requireUserVerification: true,
          }).catch(() => null)
        : null;
      if (!verification?.verified) {
        throw new IdentityError(
          IdentityErrorCode.PASSKEY_INVALID,
          'The passkey could not be added: the browser’s answer did not check out or came too late. Try again.',
        );
      }
      const { credential } = verification.registrationInfo;
      if (await this.factors.findPasskey(credential.id)) {
        throw new IdentityError(IdentityErrorCode.PASSKEY_INVALID, 'This passkey is registered already.');
      }
      await this.factors.insertPasskey(
        userId,
        {
          credentialId: credential.id,
          publicKey: Buffer.from(credential.publicKey),
          counter: credential.counter,
          transports: credential.transports ?? [],
          name: answer.name.trim() || 'Passkey',
        },
        this.clock.now(),
      );
      await this.audit.record({
        action: 'user.passkey_added',
        subjectType: 'user',
        subjectId: userId,
        details: { name: answer.name.trim() || 'Passkey' },
      });
      return this.factorAdded(userId);
    });
  }

  async removePasskey(userId: string, passkeyId: string, password: string): Promise<void> {
    await this.db.withTransaction(async () => {
      const user = await this.withPassword(userId, password);
      await this.assertMayRemove(user, { passkeyId });
      if (!(await this.factors.deletePasskey(userId, passkeyId))) {
        throw new IdentityError(IdentityErrorCode.PASSKEY_NOT_FOUND, 'You have no passkey with this id.');
      }
      await this.audit.record({
        action: 'user.passkey_removed',
        subjectType: 'user',
        subjectId: userId,
        details: { passkeyId },
      });
      await this.factorRemoved(userId);
    });
  }

  /** A sign-in with a passkey: any discoverable passkey of this site (passwordless), or the named account's. */
  async passkeySignIn(
    userId: string | null,
  ): Promise<WebAuthnCeremony<PublicKeyCredentialRequestOptionsJSON>> {
    const passkeys = userId ? await this.factors.passkeysOf(userId) : [];
    const options = await generateAuthenticationOptions({
      rpID: this.rpId,
      userVerification: 'required',
      allowCredentials: passkeys.map((passkey) => ({
        id: passkey.credentialId,
        transports: passkey.transports as never,
      })),
    });
    return { challengeId: await this.newChallenge(userId, 'authenticate', options.challenge), options };
  }

  /**
   * The account a passkey answer signs in (its user verified by the authenticator, so it counts
   * as both factors), or null when it does not check out: unknown passkey, another account's
   * (when `userId` is given), a spent or late challenge, a bad signature, a counter gone back.
   */
  async verifyPasskey(
    answer: { challengeId: string; response: AuthenticationResponseJSON },
    userId: string | null,
    from: WebAuthnOrigin,
  ): Promise<string | null> {
    const now = this.clock.now();
    const challenge = await this.factors.useChallenge(answer.challengeId, 'authenticate', userId, now);
    const passkey =
      typeof answer.response?.id === 'string' ? await this.factors.findPasskey(answer.response.id) : null;
    if (!challenge || !passkey || (userId !== null && passkey.userId !== userId)) {
      return null;
    }
    const verification = await verifyAuthenticationResponse({
      response: answer.response,
      expectedChallenge: challenge,
      expectedOrigin: this.expectedOrigins(from),
      expectedRPID: this.rpId,
      credential: {
        id: passkey.credentialId,
        publicKey: new Uint8Array(passkey.publicKey),
        counter: passkey.counter,
        transports: passkey.transports,
      },
      requireUserVerification: true,
    }).catch(() => null);
    if (!verification?.verified) {
      return null;
    }
    return (await this.factors.usePasskey(
      passkey.credentialId,
      verification.authenticationInfo.newCounter,
      now,
    ))
      ? passkey.userId
      : null;
  }

  /**
   * An admin takes every second factor off an account whose holder lost them (phone and recovery
   * codes): its sessions end, and the holder is told; a role that needs one sets it up again at
   * the next sign-in. Not for the admin's own account.
   */
  async resetByAdmin(userId: string, actorUserId: string): Promise<UserEntity> {
    if (userId === actorUserId) {
      throw new IdentityError(
        IdentityErrorCode.SELF_DISABLE,
        'You cannot reset your own two-factor sign-in: ask another admin, or use a recovery code.',
      );
    }
    return this.db.withTransaction(async () => {
      const user = await this.account(userId);
      await this.factors.deleteTotp(userId);
      await this.factors.deleteAllPasskeys(userId);
      await this.factors.deleteRecoveryCodes(userId);
      await this.users.update(userId, { secondFactorAt: null, updatedAt: this.clock.now() });
      const ended = await this.sessions.revokeAllForUser(userId);
      await this.audit.record({
        action: 'user.second_factor_reset',
        subjectType: 'user',
        subjectId: userId,
        details: { sessionsEnded: ended, hadSecondFactor: user.secondFactorAt !== null },
      });
      await emitInTurn(this.events, SECOND_FACTOR_RESET, new SecondFactorReset(userId));
      return this.account(userId);
    });
  }

  // Recovery codes and codes at sign-in

  async regenerateRecoveryCodes(userId: string, password: string): Promise<string[]> {
    return this.db.withTransaction(async () => {
      const user = await this.withPassword(userId, password);
      if (!user.secondFactorAt) {
        throw new IdentityError(
          IdentityErrorCode.SECOND_FACTOR_INVALID,
          'Set up an authenticator app or a passkey first: recovery codes stand in for one.',
        );
      }
      return this.newRecoveryCodes(userId);
    });
  }

  /**
   * Checks a code typed at sign-in: the authenticator app's (each step's code works once) or a
   * recovery code (each works once). Answers which it was, or null.
   */
  async useCode(userId: string, typed: string): Promise<'totp' | 'recovery' | null> {
    const code = typed.trim();
    if (isTotpCode(code)) {
      const totp = await this.factors.findTotp(userId);
      return totp?.confirmedAt && (await this.acceptTotp(userId, totp.secretSealed, code)) ? 'totp' : null;
    }
    if (
      code.length > 40 ||
      !(await this.factors.useRecoveryCode(userId, recoveryCodeHash(code), this.clock.now()))
    ) {
      return null;
    }
    await this.audit.record({
      action: 'auth.recovery_code_used',
      subjectType: 'user',
      subjectId: userId,
      actorUserId: userId,
      details: { left: await this.factors.recoveryCodesLeft(userId) },
    });
    return 'recovery';
  }

  async hasPasskey(userId: string): Promise<boolean> {
    return (await this.factors.passkeysOf(userId)).length > 0;
  }

  // Inner workings

  private async acceptTotp(userId: string, secretSealed: string, code: string): Promise<boolean> {
    const secret = await this.secret.open(TOTP_SECRET_PURPOSE, userId, secretSealed);
    const now = this.clock.now();
    const step = totpStepOf(secret, code.replace(/\s/g, ''), now);
    return step !== null && (await this.factors.useTotpStep(userId, step, now));
  }

  /** After a factor is added: the first one marks the account and issues recovery codes. */
  private async factorAdded(userId: string): Promise<string[] | null> {
    const user = await this.account(userId);
    if (user.secondFactorAt) {
      return null;
    }
    const now = this.clock.now();
    await this.users.update(userId, { secondFactorAt: now, updatedAt: now });
    return this.newRecoveryCodes(userId);
  }

  /** After a factor is removed: with none left, the account signs in with its password alone again. */
  private async factorRemoved(userId: string): Promise<void> {
    const totp = await this.factors.findTotp(userId);
    if (totp?.confirmedAt || (await this.factors.passkeysOf(userId)).length > 0) {
      return;
    }
    await this.factors.deleteRecoveryCodes(userId);
    await this.users.update(userId, { secondFactorAt: null, updatedAt: this.clock.now() });
    await this.audit.record({ action: 'user.second_factor_removed', subjectType: 'user', subjectId: userId });
  }

  private async newRecoveryCodes(userId: string): Promise<string[]> {
    const codes = newRecoveryCodes();
    await this.factors.replaceRecoveryCodes(userId, codes.map(recoveryCodeHash), this.clock.now());
    await this.audit.record({ action: 'user.recovery_codes_issued', subjectType: 'user', subjectId: userId });
    return codes;
  }

  private async assertMayRemove(
    user: UserEntity,
    removing: { totp?: boolean; passkeyId?: string },
  ): Promise<void> {
    if (!needsSecondFactor(user.roles)) {
      return;
    }
    const totp = await this.factors.findTotp(user.id);
    const passkeys = await this.factors.passkeysOf(user.id);
    const left =
      (totp?.confirmedAt && !removing.totp ? 1 : 0) +
      passkeys.filter((passkey) => passkey.id !== removing.passkeyId).length;
    if (left === 0) {
      throw new IdentityError(
        IdentityErrorCode.SECOND_FACTOR_REQUIRED_FOR_ROLE,
        'Your role needs a second factor: add another (an app or a passkey) before removing this one.',
      );
    }
  }

  private async withPassword(userId: string, password: string): Promise<UserEntity> {
    const user = await this.account(userId);
    if (!(await this.passwords.verify(user.passwordHash, password))) {
      throw new IdentityError(
        IdentityErrorCode.WRONG_CURRENT_PASSWORD,
        'Current password is not correct.',
        'currentPassword',
      );
    }
    return user;
  }

  private async account(userId: string): Promise<UserEntity> {
    const user = await this.users.findById(userId);
    if (!user) {
      throw new IdentityError(IdentityErrorCode.USER_NOT_FOUND, 'No such user.');
    }
    return user;
  }

  private async newChallenge(
    userId: string | null,
    purpose: 'register' | 'authenticate',
    challenge: string,
  ): Promise<string> {
    const now = this.clock.now();
    return this.factors.insertChallenge(
      { userId, purpose, challenge },
      now,
      new Date(now.getTime() + CHALLENGE_MINUTES * MINUTE),
    );
  }

  /** Passkeys belong to the site's host name (`PUBLIC_URL`'s), whatever the port. */
  private get rpId(): string {
    return new URL(this.config.publicUrl).hostname;
  }

  /** The public address's origin, and the page's own when it is on the same host (another port). */
  private expectedOrigins(from: WebAuthnOrigin): string[] {
    const origins = [new URL(this.config.publicUrl).origin];
    try {
      const page = new URL(from.origin);
      if (page.hostname === this.rpId && (page.protocol === 'https:' || page.protocol === 'http:')) {
        origins.push(page.origin);
      }
    } catch {
      // Not a URL: only the public origin is accepted.
    }
    return origins;
  }
}
