import { Injectable } from '@nestjs/common';
import { Database } from '@academy/core';

/** A wallet exchange as stored: never its id (the bearer secret), only that id's hash. */
export interface WalletExchange {
  id: string;
  certificateId: string;
  certificateNumber: string;
  createdBy: string;
  challenge: string;
  createdAt: Date;
  expiresAt: Date;
  completedAt: Date | null;
  holderDid: string | null;
}

const COLUMNS = `e.id, e.certificate_id AS "certificateId", c.number AS "certificateNumber",
  e.created_by AS "createdBy", e.challenge, e.created_at AS "createdAt", e.expires_at AS "expiresAt",
  e.completed_at AS "completedAt", e.holder_did AS "holderDid"`;

/** Wallet exchanges: created by a certificate's holder, completed once by a wallet. */
@Injectable()
export class WalletExchangeRepository {
  constructor(private readonly db: Database) {}

  async insert(exchange: {
    tokenHash: Buffer;
    certificateId: string;
    createdBy: string;
    challenge: string;
    createdAt: Date;
    expiresAt: Date;
  }): Promise<string> {
    const { rows } = await this.db.execute<{ id: string }>(
      `INSERT INTO wallet_exchange (token_hash, certificate_id, created_by, challenge, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        exchange.tokenHash,
        exchange.certificateId,
        exchange.createdBy,
        exchange.challenge,
        exchange.createdAt,
        exchange.expiresAt,
      ],
    );
    return rows[0]!.id;
  }

  async findByTokenHash(tokenHash: Buffer): Promise<WalletExchange | null> {
    const { rows } = await this.db.execute<WalletExchange>(
      `SELECT ${COLUMNS} FROM wallet_exchange e JOIN certificate c ON c.id = e.certificate_id
       WHERE e.token_hash = $1`,
      [tokenHash],
    );
    return rows[0] ?? null;
  }

  /**
   * Marks the exchange done for `holderDid`, if it is still open at `now`: of two wallets racing,
   * exactly one gets true (the row is updated once; the other's update finds it completed).
   */
  async completeIfOpen(id: string, holderDid: string, now: Date): Promise<boolean> {
    const { rows } = await this.db.execute<{ id: string }>(
      `UPDATE wallet_exchange SET completed_at = $3, holder_did = $2
       WHERE id = $1 AND completed_at IS NULL AND expires_at > $3 RETURNING id`,
      [id, holderDid, now],
    );
    return rows.length === 1;
  }
}
