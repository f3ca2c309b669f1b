import { Injectable } from '@nestjs/common';
import { dictionary } from '@zxcvbn-ts/language-common';
import * as argon2 from 'argon2';
import { IdentityError, IdentityErrorCode } from '../identity-error';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

// OWASP's argon2id baseline: 19 MiB memory, 2 iterations, 1 lane.
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

// About 49,000 passwords people pick most, from the zxcvbn-ts common dictionary.
const COMMON_PASSWORDS = new Set(dictionary['passwords-common'].map((password) => password.toLowerCase()));

/** Password policy and hashing. Passwords never leave this class in clear, nor reach a log. */
@Injectable()
export class PasswordService {
  /** Throws WEAK_PASSWORD naming the rule a new password breaks. */
  assertAcceptable(password: string, context: { email?: string; fullName?: string } = {}): void {
    const reject = (message: string): never => {
      throw new IdentityError(IdentityErrorCode.WEAK_PASSWORD, message, 'password');
    };
    if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
      reject(`Password must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long.`);
    }
    const lowered = password.toLowerCase();
    if (COMMON_PASSWORDS.has(lowered)) {
      reject('Password is one of the most common passwords; choose another.');
    }
    const emailName = context.email?.split('@')[0]?.toLowerCase();
    if (emailName && emailName.length >= 4 && lowered === emailName) {
      reject('Password must not be your e-mail name.');
    }
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, ARGON2_OPTIONS);
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  /** Whether a stored hash was made with weaker parameters than today's and should be redone. */
  needsRehash(hash: string): boolean {
    return argon2.needsRehash(hash, ARGON2_OPTIONS);
  }
}
