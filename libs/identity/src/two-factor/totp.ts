import { Secret, TOTP } from 'otpauth';
import { createHash, randomInt } from 'node:crypto';

/** What the authenticator app shows: who issues the code (the academy) and for which account. */
const ISSUER = 'Regen Academy';

function totpOf(secretBase32: string, label = ''): TOTP {
  // RFC 6238 as every authenticator app reads it: SHA-1, 6 digits, 30-second steps.
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** A new random 160-bit secret, in base32 as authenticator apps take it typed in. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** Whether `secret` is base32 an authenticator app would accept (for a configured demo secret). */
export function isTotpSecret(secret: string): boolean {
  return /^[A-Z2-7]{16,}=*$/.test(secret);
}

/** The `otpauth://` URI an authenticator app reads from the QR code. */
export function totpUri(secretBase32: string, accountEmail: string): string {
  return totpOf(secretBase32, accountEmail).toString();
}

/**
 * The time step a code belongs to, when it is the code of the step at `now` or of the one just
 * before or after (a phone's clock a little off, a code typed as it changed); null otherwise.
 */
export function totpStepOf(secretBase32: string, code: string, now: Date): number | null {
  const totp = totpOf(secretBase32);
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: 1 });
  return delta === null ? null : totp.counter({ timestamp: now.getTime() }) + delta;
}

/** The code of the step at `at` (what an authenticator app shows; for the demo and tests). */
export function totpCodeAt(secretBase32: string, at: Date): string {
  return totpOf(secretBase32).generate({ timestamp: at.getTime() });
}

/** How many recovery codes an account holds at a time. */
export const RECOVERY_CODE_COUNT = 10;
// No 0/O, 1/l/I: codes are read off paper.
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * Ten fresh recovery codes, each `xxxxx-xxxxx` (10 characters of 31: about 50 bits, so a fast
 * hash keeps them safe at rest, and five wrong tries end a sign-in attempt).
 */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]);
    return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
  });
}

/** What a typed recovery code is stored as: lower-case, without spaces or dashes, hashed. */
export function recoveryCodeHash(typed: string): string {
  return createHash('sha256').update(typed.toLowerCase().replace(/[\s-]/g, '')).digest('hex');
}

/** Whether what was typed looks like an authenticator code (six digits) rather than a recovery code. */
export function isTotpCode(typed: string): boolean {
  return /^\d{6}$/.test(typed.replace(/\s/g, ''));
}
