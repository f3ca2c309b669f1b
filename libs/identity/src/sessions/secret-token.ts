import { createHash, randomBytes } from 'node:crypto';

/** A fresh 256-bit random token, URL-safe, with an optional readable prefix. */
export function newSecretToken(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/**
 * Tokens are random and long, so a fast hash is enough to make a stolen table useless;
 * argon2 is for low-entropy passwords.
 */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
