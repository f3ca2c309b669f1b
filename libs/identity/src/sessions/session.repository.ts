import { Injectable } from '@nestjs/common';
import { Brackets, IsNull, MoreThan, Not } from 'typeorm';
import { Database } from '@academy/core';
import { SessionEntity, SessionKind } from './session.entity';

@Injectable()
export class SessionRepository {
  constructor(private readonly db: Database) {}

  private get sessions() {
    return this.db.repository(SessionEntity);
  }

  async insert(session: Omit<SessionEntity, 'id' | 'user'>): Promise<SessionEntity> {
    return this.sessions.save(this.sessions.create(session));
  }

  /** The live session of this kind with this token hash, with its (enabled) user; one query. */
  findLiveByTokenHash(tokenHash: Buffer, kind: SessionKind, now: Date): Promise<SessionEntity | null> {
    // A query builder, not findOne with relations: that sends a DISTINCT id query first, two
    // round trips on every authenticated request.
    return this.sessions
      .createQueryBuilder('s')
      .innerJoinAndSelect('s.user', 'u', 'u.disabledAt IS NULL')
      .where('s.tokenHash = :tokenHash AND s.kind = :kind AND s.revokedAt IS NULL', { tokenHash, kind })
      .andWhere('s.expiresAt > :now AND s.idleExpiresAt > :now', { now })
      .getOne();
  }

  async touch(id: string, now: Date, idleExpiresAt: Date): Promise<void> {
    await this.sessions.update({ id }, { lastSeenAt: now, idleExpiresAt });
  }

  async revoke(id: string, now: Date): Promise<boolean> {
    const result = await this.sessions.update({ id, revokedAt: IsNull() }, { revokedAt: now });
    return (result.affected ?? 0) > 0;
  }

  /** A user's sessions that still work, most recently used first. */
  findLiveForUser(userId: string, now: Date): Promise<SessionEntity[]> {
    return this.sessions.find({
      where: { userId, revokedAt: IsNull(), expiresAt: MoreThan(now), idleExpiresAt: MoreThan(now) },
      order: { lastSeenAt: 'DESC', createdAt: 'DESC' },
    });
  }

  /** Ends one session if it is the user's and still open; false otherwise. */
  async revokeOwn(userId: string, id: string, now: Date): Promise<boolean> {
    const result = await this.sessions.update({ id, userId, revokedAt: IsNull() }, { revokedAt: now });
    return (result.affected ?? 0) > 0;
  }

  /** Ends every live session of a user but `keep`; returns how many were ended. */
  async revokeAllForUserBut(userId: string, keep: string, now: Date): Promise<number> {
    const result = await this.sessions.update(
      { userId, id: Not(keep), revokedAt: IsNull() },
      { revokedAt: now },
    );
    return result.affected ?? 0;
  }

  /** Ends every live session of a user; returns how many were ended. */
  async revokeAllForUser(userId: string, now: Date): Promise<number> {
    const result = await this.sessions.update({ userId, revokedAt: IsNull() }, { revokedAt: now });
    return result.affected ?? 0;
  }

  /** Deletes sessions that can no longer be used: expired, idle past their limit, or revoked. */
  async deleteDead(now: Date): Promise<number> {
    const result = await this.sessions
      .createQueryBuilder()
      .delete()
      .where(
        new Brackets((where) => {
          where
            .where('expires_at <= :now', { now })
            .orWhere('idle_expires_at <= :now', { now })
            .orWhere('revoked_at IS NOT NULL');
        }),
      )
      .execute();
    return result.affected ?? 0;
  }
}
