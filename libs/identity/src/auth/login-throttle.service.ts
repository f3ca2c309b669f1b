import { Injectable } from '@nestjs/common';
import { Clock } from '@academy/core';
import { IdentityError } from '../identity-error';
import { LoginThrottleRepository } from './login-throttle.repository';

const MINUTE = 60_000;

/** Failed sign-ins allowed before a lock, per account and per client address. */
export const LOGIN_THROTTLE_RULES = {
  account: { limit: 5, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE },
  ip: { limit: 30, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE },
} as const;

/**
 * Slows password guessing, in PostgreSQL so every replica sees the same counts. A locked
 * account or address is refused with 429 and Retry-After, even with the right password.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    private readonly throttles: LoginThrottleRepository,
    private readonly clock: Clock,
  ) {}

  private keys(email: string, ip: string | undefined): { account: string; ip?: string } {
    return { account: `account:${email.toLowerCase()}`, ...(ip ? { ip: `ip:${ip}` } : {}) };
  }

  async assertAllowed(email: string, ip: string | undefined): Promise<void> {
    const now = this.clock.now();
    const keys = this.keys(email, ip);
    const lockedUntil = await this.throttles.lockedUntil(Object.values(keys), now);
    if (lockedUntil) {
      throw IdentityError.tooManyAttempts(
        Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000)),
      );
    }
  }

  async recordFailure(email: string, ip: string | undefined): Promise<void> {
    const now = this.clock.now();
    const keys = this.keys(email, ip);
    await this.throttles.recordFailure(keys.account, now, LOGIN_THROTTLE_RULES.account);
    if (keys.ip) {
      await this.throttles.recordFailure(keys.ip, now, LOGIN_THROTTLE_RULES.ip);
    }
  }

  /** Refuses a client address that is locked (for what it may try without naming an account: reset links). */
  async assertClientAllowed(ip: string | undefined): Promise<void> {
    const now = this.clock.now();
    const lockedUntil = ip ? await this.throttles.lockedUntil([`ip:${ip}`], now) : null;
    if (lockedUntil) {
      throw IdentityError.tooManyAttempts(
        Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000)),
      );
    }
  }

  /** A wrong, used or expired reset link counts against its client address like a failed sign-in. */
  async recordClientFailure(ip: string | undefined): Promise<void> {
    if (ip) {
      await this.throttles.recordFailure(`ip:${ip}`, this.clock.now(), LOGIN_THROTTLE_RULES.ip);
    }
  }

  /** A successful sign-in forgives the account's earlier failures (not the address's). */
  async recordSuccess(email: string): Promise<void> {
    await this.throttles.clear(this.keys(email, undefined).account);
  }
}
