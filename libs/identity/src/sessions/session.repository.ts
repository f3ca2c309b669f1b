import { Injectable } from '@nestjs/common';
import { Brackets, IsNull, MoreThan, Not } from 'typeorm';
import { Database } from '@academy/core';
import { UserEntity } from '../users/user.entity';
import { SessionEntity, SessionKind } from './session.entity';

@Injectable()
export class SessionRepository {
  private liveSession?: string;

  constructor(private readonly db: Database) {}

  private get sessions() {
    return this.db.repository(SessionEntity);
  }

  async insert(session: Omit<SessionEntity, 'id' | 'user'>): Promise<SessionEntity> {
    return this.sessions.save(this.sessions.create(session));
  }

  /** The live session of this kind with this token hash, with its (enabled) user; one query. */
  async findLiveByTokenHash(tokenHash: Buffer, kind: SessionKind, now: Date): Promise<SessionEntity | null> {
    // Every signed-in request runs it: plain SQL, prepared (planned once per connection), the
    // columns named from the entities' own mapping so a new column comes along by itself.
    this.liveSession ??= `SELECT ${this.fieldsOf(SessionEntity, 's', 's.')}, ${this.fieldsOf(UserEntity, 'u', 'u.')}
       FROM session s JOIN app_user u ON u.id = s.user_id AND u.disabled_at IS NULL
      WHERE s.token_hash = $1 AND s.kind = $2 AND s.revoked_at IS NULL
        AND s.expires_at > $3 AND s.idle_expires_at > $3`;
    const { rows } = await this.db.execute<Record<string, unknown>>(
      this.liveSession,
      [tokenHash, kind, now],
      {
        prepared: true,
      },
    );
    const [row] = rows;
    if (!row) {
      return null;
    }
    const fields = (prefix: string) =>
      Object.fromEntries(
        Object.entries(row)
          .filter(([name]) => name.startsWith(prefix))
          .map(([name, value]) => [name.slice(prefix.length), value]),
      );
    const session = Object.assign(new SessionEntity(), fields('s.'));
    session.user = Object.assign(new UserEntity(), fields('u.'));
    return session;
  }

  /** `alias.column AS "prefix.property"` for each column of an entity, as TypeORM maps it. */
  private fieldsOf(entity: typeof SessionEntity | typeof UserEntity, alias: string, prefix: string): string {
    return this.db
      .repository(entity)
      .metadata.columns.map(
        (column) => `${alias}.${column.databaseName} AS "${prefix}${column.propertyName}"`,
      )
      .join(', ');
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
