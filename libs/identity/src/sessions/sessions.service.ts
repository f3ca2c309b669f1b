import { Injectable } from '@nestjs/common';
import { AuditService, Clock, RequestContext } from '@academy/core';
import { SessionEntity, SessionKind } from './session.entity';
import { SessionRepository } from './session.repository';
import { hashToken, newSecretToken } from './secret-token';

const MINUTE = 60_000;

/** How long each kind of session lives: absolute limit and allowed inactivity. */
export const SESSION_LIFETIME: Record<SessionKind, { absoluteMs: number; idleMs: number }> = {
  // A physician may read a long lesson; a forgotten browser still ends within a working day.
  web: { absoluteMs: 12 * 60 * MINUTE, idleMs: 2 * 60 * MINUTE },
  // Short-lived bearer tokens; clients ask for a new one.
  api: { absoluteMs: 15 * MINUTE, idleMs: 15 * MINUTE },
};

// Writing last-seen on every request would turn every read into a write.
const TOUCH_INTERVAL_MS = MINUTE;

export interface IssuedSession {
  session: SessionEntity;
  /** The token itself: for the cookie or the API answer, never stored. */
  token: string;
}

@Injectable()
export class SessionsService {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async issue(userId: string, kind: SessionKind): Promise<IssuedSession> {
    const now = this.clock.now();
    const lifetime = SESSION_LIFETIME[kind];
    const token = newSecretToken(kind === 'api' ? 'rat_' : '');
    const context = RequestContext.current();
    const session = await this.sessions.insert({
      userId,
      kind,
      tokenHash: hashToken(token),
      createdAt: now,
      lastSeenAt: now,
      idleExpiresAt: new Date(now.getTime() + Math.min(lifetime.idleMs, lifetime.absoluteMs)),
      expiresAt: new Date(now.getTime() + lifetime.absoluteMs),
      revokedAt: null,
      ip: context?.ip ?? null,
      userAgent: context?.userAgent ?? null,
    });
    return { session, token };
  }

  /** The live session (with its user) a token belongs to, extending its idle limit. */
  async resolve(token: string, kind: SessionKind): Promise<SessionEntity | null> {
    if (token.length > 200) {
      return null;
    }
    const now = this.clock.now();
    const session = await this.sessions.findLiveByTokenHash(hashToken(token), kind, now);
    if (session && now.getTime() - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
      const idleExpiresAt = new Date(
        Math.min(now.getTime() + SESSION_LIFETIME[kind].idleMs, session.expiresAt.getTime()),
      );
      await this.sessions.touch(session.id, now, idleExpiresAt);
    }
    return session;
  }

  revoke(sessionId: string): Promise<boolean> {
    return this.sessions.revoke(sessionId, this.clock.now());
  }

  /** The account's sessions and API tokens that still work, most recently used first. */
  liveFor(userId: string): Promise<SessionEntity[]> {
    return this.sessions.findLiveForUser(userId, this.clock.now());
  }

  /** Ends one of the user's own sessions (audited); false when it is not theirs or already ended. */
  async revokeOwn(userId: string, sessionId: string): Promise<boolean> {
    const ended = await this.sessions.revokeOwn(userId, sessionId, this.clock.now());
    if (ended) {
      await this.audit.record({ action: 'session.signed_out', subjectType: 'session', subjectId: sessionId });
    }
    return ended;
  }

  /** Ends every session and API token of the user but `keep` (the one asking), audited; answers how many. */
  async revokeOthers(userId: string, keep: string): Promise<number> {
    const ended = await this.sessions.revokeAllForUserBut(userId, keep, this.clock.now());
    await this.audit.record({
      action: 'session.signed_out_elsewhere',
      subjectType: 'user',
      subjectId: userId,
      details: { sessionsEnded: ended },
    });
    return ended;
  }

  revokeAllForUser(userId: string): Promise<number> {
    return this.sessions.revokeAllForUser(userId, this.clock.now());
  }

  /** Removes sessions nobody can use any more; run by the worker. */
  pruneDead(): Promise<number> {
    return this.sessions.deleteDead(this.clock.now());
  }
}
