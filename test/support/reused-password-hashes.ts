import type { INestApplicationContext } from '@nestjs/common';
import { PasswordService } from '@academy/identity';

/**
 * Tests make thousands of accounts with the same few passwords, and argon2id with the OWASP
 * parameters costs tens of milliseconds a call on purpose: the access matrix alone spent most of
 * its two minutes hashing. Here one password's hash is made once and reused for every account
 * that has it (still a real argon2id hash), and each (hash, password) pair is checked by argon2
 * once, its answer remembered. What is accepted or refused does not change; only the repeats go.
 */
export function reusePasswordHashes(app: INestApplicationContext): void {
  let passwords: PasswordService;
  try {
    passwords = app.get(PasswordService, { strict: false });
  } catch {
    return; // a context without accounts
  }
  const hashes = new Map<string, Promise<string>>();
  const answers = new Map<string, Promise<boolean>>();
  const hash = passwords.hash.bind(passwords);
  const verify = passwords.verify.bind(passwords);
  passwords.hash = (password) => remembered(hashes, password, () => hash(password));
  passwords.verify = (stored, password) =>
    remembered(answers, `${stored}\u0000${password}`, () => verify(stored, password));
}

function remembered<T>(cache: Map<string, Promise<T>>, key: string, compute: () => Promise<T>): Promise<T> {
  let answer = cache.get(key);
  if (!answer) {
    answer = compute();
    cache.set(key, answer);
  }
  return answer;
}
