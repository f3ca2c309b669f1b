import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHash, randomBytes } from 'node:crypto';
import { Clock, Database, FakeClock } from '@academy/core';
import type { Role } from '@academy/core';
import {
  needsSecondFactor,
  newTotpSecret,
  totpCodeAt,
  TwoFactorService,
  UsersService,
} from '@academy/identity';

export const TEST_PASSWORD = 'iliac crest landmark 2026';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  roles: Role[];
  /** The authenticator app's secret, for an account with two-factor sign-in (staff roles have it). */
  totpSecret?: string;
}

let counter = 0;

/** A new account with these roles, created through the real service. */
export async function newUser(
  app: INestApplicationContext,
  options: {
    roles?: Role[];
    email?: string;
    fullName?: string;
    password?: string;
    /** False: the address is not confirmed yet, as after a physician's own sign-up. */
    emailVerified?: boolean;
    /**
     * Whether the account signs in with an authenticator app (a random secret, in `totpSecret`):
     * by default when a role needs it (admin, verifier), as real staff accounts must.
     */
    secondFactor?: boolean;
  } = {},
): Promise<TestUser> {
  counter += 1;
  const roles = options.roles ?? ['learner'];
  const email = options.email ?? `user${counter}-${randomBytes(3).toString('hex')}@test.regen.academy`;
  const password = options.password ?? TEST_PASSWORD;
  const user = await app.get(UsersService).createByAdmin({
    email,
    fullName: options.fullName ?? `Dr Test ${counter}`,
    password,
    roles,
    ...(roles.includes('learner') ? { profile: { degree: 'MD', specialty: 'Sports medicine' } } : {}),
  });
  if (options.emailVerified === false) {
    await unconfirmEmail(app, user.id);
  }
  if (options.secondFactor ?? needsSecondFactor(roles)) {
    const totpSecret = newTotpSecret();
    await app.get(TwoFactorService).enrolTotpWithSecret(user.id, totpSecret);
    return { id: user.id, email, password, roles, totpSecret };
  }
  return { id: user.id, email, password, roles };
}

/** Makes the account's address unconfirmed, as after a physician's own sign-up. */
export async function unconfirmEmail(app: INestApplicationContext, userId: string): Promise<void> {
  await app.get(Database).execute(`UPDATE app_user SET email_verified_at = NULL WHERE id = $1`, [userId]);
}

/** A valid sign-up body for `POST /api/v1/auth/register`. */
export function signUpBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  return {
    fullName: `Dr New Physician ${counter}`,
    email: `signup${counter}-${randomBytes(3).toString('hex')}@test.regen.academy`,
    password: TEST_PASSWORD,
    degree: 'DO',
    specialty: 'Physical medicine and rehabilitation',
    npi: '1234567893',
    licenceState: 'TX',
    licenceNumber: 'Q1234',
    ...overrides,
  };
}

/** What signing in takes: the password, and the authenticator app's secret for an account with one. */
export type SignInDetails = Pick<TestUser, 'email' | 'password' | 'totpSecret'>;

const TOTP_STEP_MS = 30_000;
/** The last time step whose code each test account signed in with (a code works once). */
const lastSteps = new Map<string, number>();

/**
 * A code of the account's authenticator app that has not been used yet, as a person would type
 * it. A code works once per 30-second step, and the server takes the step before or after its
 * own (a phone's clock a little off): this answers the current step's code, then the next one's,
 * and then waits for the next step on a real clock (a frozen test clock throws: advance it).
 */
export async function nextTotpCode(
  /** The app whose clock the server reads; null for a server in another process, on the real clock. */
  app: INestApplicationContext | null,
  user: Pick<SignInDetails, 'email' | 'totpSecret'>,
): Promise<string> {
  if (!user.totpSecret) {
    throw new Error(`${user.email} has no authenticator app`);
  }
  const clock = app ? app.get(Clock) : { now: () => new Date() };
  for (;;) {
    const current = Math.floor(clock.now().getTime() / TOTP_STEP_MS);
    const step = Math.max(current, (lastSteps.get(user.email) ?? -Infinity) + 1);
    if (step <= current + 1) {
      lastSteps.set(user.email, step);
      return totpCodeAt(user.totpSecret, new Date(step * TOTP_STEP_MS));
    }
    if (clock instanceof FakeClock) {
      throw new Error(`${user.email} used every code of this 30-second step: advance the test clock`);
    }
    await new Promise((resolve) =>
      setTimeout(resolve, TOTP_STEP_MS - (clock.now().getTime() % TOTP_STEP_MS) + 50),
    );
  }
}

/**
 * A bearer token for a user, through the real token endpoint (with a code of the app for staff),
 * asked for from `remoteAddress` (the loopback address by default).
 */
export async function bearerToken(
  app: NestFastifyApplication,
  user: SignInDetails,
  remoteAddress?: string,
): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/token',
    ...(remoteAddress ? { remoteAddress } : {}),
    payload: {
      email: user.email,
      password: user.password,
      ...(user.totpSecret ? { otp: await nextTotpCode(app, user) } : {}),
    },
  });
  if (response.statusCode !== 200) {
    throw new Error(`Token for ${user.email} refused: ${response.body}`);
  }
  return response.json<{ accessToken: string }>().accessToken;
}

/** A working password-reset token for the user, as the e-mailed link carries it. */
export async function newResetToken(app: INestApplicationContext, userId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = app.get(Clock).now();
  await app
    .get(Database)
    .execute(
      `INSERT INTO password_reset (user_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
      [userId, createHash('sha256').update(token).digest('hex'), now, new Date(now.getTime() + 30 * 60_000)],
    );
  return token;
}

/** A working e-mail confirmation token for `email` (the account's own by default), as the e-mailed link carries it. */
export async function newConfirmationToken(
  app: INestApplicationContext,
  user: { id: string; email: string },
  email = user.email,
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = app.get(Clock).now();
  await app
    .get(Database)
    .execute(
      `INSERT INTO email_confirmation (user_id, email, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
      [
        user.id,
        email.toLowerCase(),
        createHash('sha256').update(token).digest('hex'),
        now,
        new Date(now.getTime() + 48 * 3_600_000),
      ],
    );
  return token;
}
