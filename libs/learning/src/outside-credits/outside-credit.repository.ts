import { Injectable } from '@nestjs/common';
import { Database } from '@academy/core';
import type { CertificateFileType } from './certificate-file';

/** A credit a learner earned from another provider, as they reported it (the file's bytes apart). */
export interface OutsideCredit {
  id: string;
  userId: string;
  provider: string;
  activity: string;
  /** The calendar day of completion, `YYYY-MM-DD`. */
  completedOn: string;
  /** One of the designations the academy knows, or `Other` (named in `otherCreditType`). */
  creditType: string;
  otherCreditType: string | null;
  amount: number;
  file: { name: string; type: CertificateFileType; size: number; sha256: string } | null;
  createdAt: Date;
}

/** A credit to record: as listed, with the file's bytes and without the id it is given. */
export type NewOutsideCreditRow = Omit<OutsideCredit, 'id' | 'file'> & {
  file: { bytes: Buffer; name: string; type: CertificateFileType; sha256: string } | null;
};

interface Row {
  id: string;
  userId: string;
  provider: string;
  activity: string;
  completedOn: string;
  creditType: string;
  otherCreditType: string | null;
  amount: number;
  fileName: string | null;
  fileType: CertificateFileType | null;
  fileSize: number | null;
  fileSha256: string | null;
  createdAt: Date;
}

// Everything but the bytes: lists and transcripts never carry the files.
const COLUMNS = `id, user_id AS "userId", provider, activity,
  to_char(completed_on, 'YYYY-MM-DD') AS "completedOn", credit_type AS "creditType",
  other_credit_type AS "otherCreditType", amount::float8 AS amount, file_name AS "fileName",
  file_type AS "fileType", file_size AS "fileSize", file_sha256 AS "fileSha256", created_at AS "createdAt"`;

const ORDER = `ORDER BY completed_on DESC, created_at DESC, id`;

function toOutsideCredit(row: Row): OutsideCredit {
  const { fileName, fileType, fileSize, fileSha256, ...rest } = row;
  return {
    ...rest,
    file:
      fileName !== null && fileType !== null && fileSize !== null && fileSha256 !== null
        ? { name: fileName, type: fileType, size: fileSize, sha256: fileSha256 }
        : null,
  };
}

@Injectable()
export class OutsideCreditRepository {
  constructor(private readonly db: Database) {}

  async insert(credit: NewOutsideCreditRow): Promise<OutsideCredit> {
    const { rows } = await this.db.execute<Row>(
      `INSERT INTO outside_credit (user_id, provider, activity, completed_on, credit_type, other_credit_type,
         amount, file_bytes, file_type, file_name, file_size, file_sha256, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       RETURNING ${COLUMNS}`,
      [
        credit.userId,
        credit.provider,
        credit.activity,
        credit.completedOn,
        credit.creditType,
        credit.otherCreditType,
        credit.amount,
        credit.file?.bytes ?? null,
        credit.file?.type ?? null,
        credit.file?.name ?? null,
        credit.file?.bytes.length ?? null,
        credit.file?.sha256 ?? null,
        credit.createdAt,
      ],
    );
    return toOutsideCredit(rows[0]!);
  }

  /** A learner's own credit, or null for another's or an unknown id. */
  async findOwn(userId: string, id: string): Promise<OutsideCredit | null> {
    const { rows } = await this.db.execute<Row>(
      `SELECT ${COLUMNS} FROM outside_credit WHERE id = $1 AND user_id = $2`,
      [id, userId],
    );
    return rows[0] ? toOutsideCredit(rows[0]) : null;
  }

  /** A learner's credits, latest completed first, a page at a time. */
  async findPageForUser(
    userId: string,
    page: { limit: number; offset: number },
  ): Promise<{ items: OutsideCredit[]; total: number }> {
    const { rows } = await this.db.execute<Row>(
      `SELECT ${COLUMNS} FROM outside_credit WHERE user_id = $1 ${ORDER} LIMIT $2 OFFSET $3`,
      [userId, page.limit, page.offset],
    );
    const total = await this.db.execute<{ total: number }>(
      `SELECT count(*)::int AS total FROM outside_credit WHERE user_id = $1`,
      [userId],
    );
    return { items: rows.map(toOutsideCredit), total: total.rows[0]?.total ?? 0 };
  }

  /** A learner's credits completed between two days (both included, either open). */
  async findCompletedBetween(
    userId: string,
    range: { from?: string; to?: string },
  ): Promise<OutsideCredit[]> {
    const { rows } = await this.db.execute<Row>(
      `SELECT ${COLUMNS} FROM outside_credit
        WHERE user_id = $1 AND ($2::date IS NULL OR completed_on >= $2::date)
          AND ($3::date IS NULL OR completed_on <= $3::date)
        ${ORDER}`,
      [userId, range.from ?? null, range.to ?? null],
    );
    return rows.map(toOutsideCredit);
  }

  /** The uploaded file of a learner's own credit, or null (another's, unknown, or none uploaded). */
  async findOwnFile(
    userId: string,
    id: string,
  ): Promise<{ bytes: Buffer; name: string; type: CertificateFileType } | null> {
    const { rows } = await this.db.execute<{ bytes: Buffer; name: string; type: CertificateFileType }>(
      `SELECT file_bytes AS bytes, file_name AS name, file_type AS type FROM outside_credit
        WHERE id = $1 AND user_id = $2 AND file_bytes IS NOT NULL`,
      [id, userId],
    );
    return rows[0] ?? null;
  }

  /** Removes a learner’s own credit; answers it, or null for another’s or an unknown id. */
  async deleteOwn(userId: string, id: string): Promise<OutsideCredit | null> {
    const { rows } = await this.db.execute<Row>(
      `DELETE FROM outside_credit WHERE id = $1 AND user_id = $2 RETURNING ${COLUMNS}`,
      [id, userId],
    );
    return rows[0] ? toOutsideCredit(rows[0]) : null;
  }

  /** Removes every credit of a learner; answers their ids. */
  async deleteAllOf(userId: string): Promise<string[]> {
    const { rows } = await this.db.execute<{ id: string }>(
      `DELETE FROM outside_credit WHERE user_id = $1 RETURNING id`,
      [userId],
    );
    return rows.map((row) => row.id);
  }
}
