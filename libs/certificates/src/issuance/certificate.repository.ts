import { Injectable } from '@nestjs/common';
import { Database } from '@academy/core';
import type { Certificate, CertificateStatus, StatusReason } from './certificate.types';

const COLUMNS = `c.id, c.number, c.enrolment_id AS "enrolmentId", c.user_id AS "userId", c.holder_name AS "holderName",
  c.course_id AS "courseId", c.course_version_id AS "courseVersionId", c.course_title AS "courseTitle",
  c.course_version AS "courseVersion", c.content_hash AS "contentHash", c.credits, c.issued_at AS "issuedAt",
  c.expires_at AS "expiresAt", c.status, c.status_reason AS "statusReason", c.status_note AS "statusNote",
  c.status_changed_at AS "statusChangedAt", c.status_index AS "statusIndex", c.issuer_key_id AS "issuerKeyId",
  c.credential, c.statements, c.recertification_course AS "recertificationCourse",
  c.renews_certificate_id AS "renewsCertificateId",
  (SELECT r.number FROM certificate r WHERE r.id = c.renews_certificate_id) AS "renewsNumber",
  (SELECT n.number FROM certificate n WHERE n.renews_certificate_id = c.id) AS "renewedByNumber"`;

/** Certificates, their cached PDFs, and the record of verifications. */
@Injectable()
export class CertificateRepository {
  constructor(private readonly db: Database) {}

  /**
   * Inserts the enrolment's certificate unless it has one; answers the one it has either way.
   * Null when nothing is stored: the certificate it would renew was renewed meanwhile by another
   * (each certificate is renewed once); the caller may try again renewing nothing.
   */
  async insertOnce(
    certificate: Omit<
      Certificate,
      | 'id'
      | 'status'
      | 'statusReason'
      | 'statusNote'
      | 'statusChangedAt'
      | 'statusIndex'
      | 'issuerKeyId'
      | 'credential'
      | 'renewsNumber'
    >,
  ): Promise<{ certificate: Certificate | null; created: boolean }> {
    // Any unique key: the enrolment's (issued already) or the renewed certificate's (renewed already).
    const { rows } = await this.db.execute<{ id: string }>(
      `INSERT INTO certificate (number, enrolment_id, user_id, holder_name, course_id, course_version_id,
         course_title, course_version, content_hash, credits, issued_at, expires_at, recertification_course,
         renews_certificate_id, statements)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        certificate.number,
        certificate.enrolmentId,
        certificate.userId,
        certificate.holderName,
        certificate.courseId,
        certificate.courseVersionId,
        certificate.courseTitle,
        certificate.courseVersion,
        certificate.contentHash,
        JSON.stringify(certificate.credits),
        certificate.issuedAt,
        certificate.expiresAt,
        certificate.recertificationCourse,
        certificate.renewsCertificateId,
        certificate.statements ? JSON.stringify(certificate.statements) : null,
      ],
    );
    return { certificate: await this.findByEnrolment(certificate.enrolmentId), created: rows.length > 0 };
  }

  /**
   * The holder's certificate that completing `courseSlug` renews: one whose course named it as
   * its recertification course, still valid or expired since `expiredSince`, not revoked or
   * suspended and not renewed yet. Of several, the one expiring first.
   */
  async findRenewable(userId: string, courseSlug: string, expiredSince: Date): Promise<Certificate | null> {
    const { rows } = await this.db.execute<Certificate>(
      `SELECT ${COLUMNS} FROM certificate c
       WHERE c.user_id = $1 AND c.recertification_course = $2 AND c.status = 'valid'
         AND c.expires_at > $3
         AND NOT EXISTS (SELECT 1 FROM certificate r WHERE r.renews_certificate_id = c.id)
       ORDER BY c.expires_at, c.id LIMIT 1`,
      [userId, courseSlug, expiredSince],
    );
    return rows[0] ?? null;
  }

  async findByEnrolment(enrolmentId: string): Promise<Certificate | null> {
    const { rows } = await this.db.execute<Certificate>(
      `SELECT ${COLUMNS} FROM certificate c WHERE c.enrolment_id = $1`,
      [enrolmentId],
    );
    return rows[0] ?? null;
  }

  async findByNumber(number: string): Promise<Certificate | null> {
    const { rows } = await this.db.execute<Certificate>(
      `SELECT ${COLUMNS} FROM certificate c WHERE c.number = $1`,
      [number],
    );
    return rows[0] ?? null;
  }

  /** A holder's certificates, newest first, optionally issued within [from, to). */
  async findForUser(userId: string, range: { from?: Date; to?: Date } = {}): Promise<Certificate[]> {
    const { rows } = await this.db.execute<Certificate>(
      `SELECT ${COLUMNS} FROM certificate c
       WHERE c.user_id = $1 AND ($2::timestamptz IS NULL OR c.issued_at >= $2) AND ($3::timestamptz IS NULL OR c.issued_at < $3)
       ORDER BY c.issued_at DESC, c.id`,
      [userId, range.from ?? null, range.to ?? null],
    );
    return rows;
  }

  /** The certificates of these enrolments (one query). */
  async findForEnrolments(enrolmentIds: string[]): Promise<Certificate[]> {
    const { rows } = await this.db.execute<Certificate>(
      `SELECT ${COLUMNS} FROM certificate c WHERE c.enrolment_id = ANY($1::uuid[]) ORDER BY c.issued_at DESC, c.id`,
      [enrolmentIds],
    );
    return rows;
  }

  /** A learner's enrolments that have no certificate yet (those that may be waiting for one). */
  async enrolmentsWithoutCertificate(userId: string): Promise<string[]> {
    const { rows } = await this.db.execute<{ id: string }>(
      `SELECT e.id FROM enrolment e
       WHERE e.user_id = $1 AND NOT EXISTS (SELECT 1 FROM certificate c WHERE c.enrolment_id = e.id)`,
      [userId],
    );
    return rows.map((row) => row.id);
  }

  /** Every certificate, newest first, optionally matching a number or holder name (admin list). */
  async findPage(filter: {
    q?: string;
    limit: number;
    offset: number;
  }): Promise<{ items: Certificate[]; total: number }> {
    const { rows } = await this.db.execute<Certificate & { total: number }>(
      `SELECT ${COLUMNS}, count(*) OVER ()::int AS total FROM certificate c
       WHERE $1::text IS NULL OR c.number ILIKE '%' || $1 || '%' OR c.holder_name ILIKE '%' || $1 || '%'
       ORDER BY c.issued_at DESC, c.id LIMIT $2 OFFSET $3`,
      [filter.q?.trim() || null, filter.limit, filter.offset],
    );
    return { items: rows, total: rows[0]?.total ?? 0 };
  }

  /** Certificates whose credential is not signed yet, oldest first (for the worker). */
  async findUnsigned(limit: number): Promise<string[]> {
    const { rows } = await this.db.execute<{ number: string }>(
      `SELECT number FROM certificate WHERE credential IS NULL ORDER BY issued_at LIMIT $1`,
      [limit],
    );
    return rows.map((row) => row.number);
  }

  /** Certificates with a signed credential but no PDF yet (for the worker). */
  async findWithoutPdf(limit: number): Promise<string[]> {
    const { rows } = await this.db.execute<{ number: string }>(
      `SELECT c.number FROM certificate c LEFT JOIN certificate_pdf p ON p.certificate_id = c.id
       WHERE c.credential IS NOT NULL AND p.certificate_id IS NULL ORDER BY c.issued_at LIMIT $1`,
      [limit],
    );
    return rows.map((row) => row.number);
  }

  /** Stores the signed credential unless one is stored already (a race signs twice, keeps one). */
  async setCredentialOnce(
    id: string,
    issuerKeyId: string,
    credential: Record<string, unknown>,
  ): Promise<boolean> {
    const { affected } = await this.db.execute(
      `UPDATE certificate SET credential = $3, issuer_key_id = $2 WHERE id = $1 AND credential IS NULL`,
      [id, issuerKeyId, JSON.stringify(credential)],
    );
    return affected > 0;
  }

  /**
   * Forgets the signed credentials (and the PDFs embedding them) of the given certificates, or of
   * every certificate whose credential `keyId` signed, so they are signed anew with the current
   * key; answers how many. The keys that signed before stay recorded for their status lists.
   */
  async clearCredentials(which: { certificateId: string } | { keyId: string }): Promise<number> {
    const [condition, value] =
      'keyId' in which ? ['issuer_key_id = $1', which.keyId] : ['id = $1', which.certificateId];
    const { rows } = await this.db.execute<{ id: string }>(
      `UPDATE certificate SET credential = NULL, issuer_key_id = NULL WHERE ${condition} AND credential IS NOT NULL
       RETURNING id`,
      [value],
    );
    if (rows.length > 0) {
      await this.db.execute(`DELETE FROM certificate_pdf WHERE certificate_id = ANY($1)`, [
        rows.map((row) => row.id),
      ]);
    }
    return rows.length;
  }

  async findPdf(certificateId: string): Promise<Buffer | null> {
    const { rows } = await this.db.execute<{ pdf: Buffer }>(
      `SELECT pdf FROM certificate_pdf WHERE certificate_id = $1`,
      [certificateId],
    );
    return rows[0]?.pdf ?? null;
  }

  /** Caches a rendered PDF; a second render of the same certificate keeps the first. */
  async insertPdfOnce(certificateId: string, pdf: Buffer, sha256: string, at: Date): Promise<void> {
    await this.db.execute(
      `INSERT INTO certificate_pdf (certificate_id, pdf, sha256, rendered_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (certificate_id) DO NOTHING`,
      [certificateId, pdf, sha256, at],
    );
  }

  /** Changes the status; answers the certificate as it was, or null when it does not exist. */
  async setStatus(
    number: string,
    change: {
      status: CertificateStatus;
      reason: StatusReason | null;
      note: string | null;
      by: string;
      at: Date;
    },
  ): Promise<Certificate | null> {
    const { rows } = await this.db.execute<Certificate>(
      `UPDATE certificate c SET status = $2, status_reason = $3, status_note = $4, status_changed_by = $5,
         status_changed_at = $6
       FROM certificate before WHERE before.id = c.id AND c.number = $1
       RETURNING ${COLUMNS.replace(/\bc\./g, 'before.')}`,
      [number, change.status, change.reason, change.note, change.by, change.at],
    );
    return rows[0] ?? null;
  }
}
