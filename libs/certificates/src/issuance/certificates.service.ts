import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { createHash } from 'node:crypto';
import {
  APP_CONFIG,
  AppConfig,
  AuditService,
  Clock,
  Database,
  Metrics,
  Role,
  emitInTurn,
} from '@academy/core';
import type { Counter, Download } from '@academy/core';
import { UsersService } from '@academy/identity';
import { ENROLMENT_PROGRESSED, EnrolmentProgressed, LearningService } from '@academy/learning';
import { NotificationsService } from '@academy/notifications';
import { RosterService } from '@academy/skills-lab';
import { CertificateError, CertificateErrorCode } from '../certificates-error';
import { renderCertificatePdf } from '../pdf/certificate-pdf';
import { CredentialSigner } from './credential-signer';
import type { IssuerKeyInfo } from '../signing/issuer-keys';
import { CertificateRepository } from './certificate.repository';
import {
  Certificate,
  certificateFacts,
  CertificateStatus,
  STATUS_REASONS,
  StatusReason,
} from './certificate.types';
import { newCertificateNumber, parseCertificateNumber } from './certificate-number';
import { expiryOf, missingRequirements } from './completion-rule';
import { ACADEMY_NAME } from './academy';
import { renewableSince } from '../renewal/renewal-rules';
import { CERTIFICATE_ISSUED, CertificateIssued } from './certificate-events';
import { statementsAtIssue } from './certificate-statements';

/** Who asks for a certificate's files: its holder, or an admin. */
export interface CertificateReader {
  userId: string;
  roles: Role[];
}

/**
 * Certificates: issued exactly once per enrolment, in the transaction of the step that
 * completes the course (learning tells us of every such step); signed and rendered to PDF after
 * commit, by the worker or on first demand, and cached.
 */
@Injectable()
export class CertificatesService {
  private readonly logger = new Logger(CertificatesService.name);
  private readonly issued: Counter<string>;

  constructor(
    private readonly db: Database,
    private readonly certificates: CertificateRepository,
    private readonly learning: LearningService,
    private readonly users: UsersService,
    private readonly notifications: NotificationsService,
    private readonly signer: CredentialSigner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly events: EventEmitter2,
    private readonly labs: RosterService,
    metrics: Metrics,
  ) {
    this.issued = metrics.counter(
      'certificates_issued_total',
      'Certificates issued (counted once committed).',
    );
  }

  /** Runs inside the transaction of the learner's step; a failure here fails the step. */
  @OnEvent(ENROLMENT_PROGRESSED, { suppressErrors: false })
  async onProgress(event: EnrolmentProgressed): Promise<void> {
    await this.issueIfComplete(event.enrolmentId);
  }

  /** Issues what a learner's completed courses waited for (their confirmed address); answers how many. */
  async issueWaiting(userId: string): Promise<number> {
    let issued = 0;
    for (const enrolmentId of await this.certificates.enrolmentsWithoutCertificate(userId)) {
      issued += (await this.issueIfComplete(enrolmentId)) ? 1 : 0;
    }
    return issued;
  }

  /**
   * Issues the enrolment's certificate if the course is complete, the holder's address is
   * confirmed and none exists; answers the certificate (new or existing) or null. Safe to call
   * any number of times, concurrently.
   */
  async issueIfComplete(enrolmentId: string): Promise<Certificate | null> {
    return this.db.withTransaction(async () => {
      const state = await this.learning.completionState(enrolmentId);
      if (!state) {
        return null;
      }
      const missing = missingRequirements({
        content: state.course.content,
        disclosuresAcknowledged: state.enrolment.disclosuresAcknowledgedAt !== null,
        passed: state.passed,
        evaluated: state.evaluated,
        claims: state.claims,
        labCompleted: state.enrolment.labCompletedAt !== null,
      });
      if (missing.length > 0) {
        return null;
      }
      // Held (FOR SHARE) to the end: a confirmation of the address committing meanwhile is
      // waited for and seen, or it waits for this step and issues after it.
      const holder = await this.users.getShared(state.enrolment.userId);
      if (!holder.emailVerifiedAt) {
        // Waits for the holder to confirm the address (the learner is shown why, and may resend the link).
        return null;
      }
      const issuedAt = this.clock.now();
      const labRequired = state.course.content.skillsLabRequired;
      const statements = statementsAtIssue({
        content: state.course.content,
        enrolledAt: state.enrolment.enrolledAt,
        completionMoments: [
          ...state.claims.map((claim) => claim.claimedAt),
          labRequired ? state.enrolment.labCompletedAt : null,
        ],
        issuedAt,
        degree: holder.degree,
        reportTo: state.reportTo,
        handsOn: labRequired ? await this.labs.handsOnSignOff(enrolmentId) : null,
      });
      const issue = (renews: Certificate | null) =>
        this.certificates.insertOnce({
          number: newCertificateNumber(),
          enrolmentId,
          userId: holder.id,
          holderName: holder.fullName,
          courseId: state.course.courseId,
          courseVersionId: state.course.versionId,
          courseTitle: state.course.content.title,
          courseVersion: state.course.number,
          contentHash: state.course.contentHash,
          credits: state.claims.map((claim) => ({ type: claim.type, amount: Number(claim.amount) })),
          issuedAt,
          expiresAt: expiryOf(issuedAt, state.course.content.certificateValidityMonths),
          recertificationCourse: state.course.content.recertificationCourse ?? null,
          renewsCertificateId: renews?.id ?? null,
          statements,
        });
      // Completing a course that renews a certificate the holder has (still valid, or expired
      // within the grace) issues its renewal.
      let renews = await this.certificates.findRenewable(
        holder.id,
        state.course.slug,
        renewableSince(issuedAt),
      );
      let { certificate, created } = await issue(renews);
      if (!certificate) {
        // Another course renewed that one meanwhile (each certificate is renewed once): renew nothing.
        renews = null;
        ({ certificate, created } = await issue(null));
      }
      if (!certificate) {
        throw new Error(`The certificate of enrolment ${enrolmentId} was neither issued nor found`);
      }
      if (created) {
        this.db.afterCommit(() => Promise.resolve(this.issued.inc()));
        await this.audit.record({
          action: 'certificate.issued',
          subjectType: 'certificate',
          subjectId: certificate.id,
          details: {
            number: certificate.number,
            enrolmentId,
            version: certificate.courseVersion,
            ...(renews ? { renews: renews.number } : {}),
          },
        });
        await this.notifications.notify(holder.id, {
          kind: 'certificate.issued',
          subject: `Your certificate: ${certificate.courseTitle}`,
          body: renews
            ? `Congratulations: you completed ${certificate.courseTitle}. Certificate ${certificate.number} renews certificate ${renews.number} and is ready to download and to share; anyone can verify either number.`
            : `Congratulations: you completed ${certificate.courseTitle}. Certificate ${certificate.number} is ready to download and to share; anyone can verify it.`,
          link: `/me/certificates/${certificate.number}`,
        });
        await emitInTurn(this.events, CERTIFICATE_ISSUED, new CertificateIssued(certificate, state.reportTo));
      }
      return certificate;
    });
  }

  mine(userId: string, range: { from?: Date; to?: Date } = {}): Promise<Certificate[]> {
    return this.certificates.findForUser(userId, range);
  }

  /** The certificates issued for these enrolments, anyone's (for staff views of a cohort). */
  forEnrolments(enrolmentIds: string[]): Promise<Certificate[]> {
    return enrolmentIds.length === 0
      ? Promise.resolve([])
      : this.certificates.findForEnrolments(enrolmentIds);
  }

  list(filter: {
    q?: string;
    limit: number;
    offset: number;
  }): Promise<{ items: Certificate[]; total: number }> {
    return this.certificates.findPage(filter);
  }

  /** A certificate by number (any spelling); not found when the number is unknown. */
  async byNumber(rawNumber: string): Promise<Certificate> {
    const number = parseCertificateNumber(rawNumber);
    const certificate = number ? await this.certificates.findByNumber(number) : null;
    if (!certificate) {
      throw new CertificateError(
        CertificateErrorCode.CERTIFICATE_NOT_FOUND,
        'No certificate with this number.',
      );
    }
    return certificate;
  }

  /** The certificate if the reader holds it or is an admin; others get the same answer as for an unknown number. */
  async readable(reader: CertificateReader, rawNumber: string): Promise<Certificate> {
    const certificate = await this.byNumber(rawNumber);
    if (certificate.userId !== reader.userId && !reader.roles.includes('admin')) {
      throw new CertificateError(CertificateErrorCode.NOT_YOURS, 'No certificate with this number.');
    }
    return certificate;
  }

  /** The certificate PDF as the reader downloads it, named after its number. */
  async pdfDownload(reader: CertificateReader, rawNumber: string): Promise<Download> {
    const certificate = await this.readable(reader, rawNumber);
    return {
      type: 'application/pdf',
      fileName: `${certificate.number}.pdf`,
      body: await this.pdf(certificate),
    };
  }

  /** The signed credential as the reader downloads it: indented JSON named after the number. */
  async credentialDownload(reader: CertificateReader, rawNumber: string): Promise<Download> {
    const certificate = await this.readable(reader, rawNumber);
    return {
      type: 'application/vc+ld+json; charset=utf-8',
      fileName: `${certificate.number}.json`,
      body: JSON.stringify(await this.credential(certificate), null, 2),
    };
  }

  /** The signed Open Badges 3.0 credential, signing it now if the worker has not yet. */
  async credential(certificate: Certificate): Promise<Record<string, unknown>> {
    if (certificate.credential) {
      return certificate.credential;
    }
    const { keyId, credential } = await this.signer.signCertificate(
      certificate,
      this.verifyUrl(certificate.number),
    );
    await this.db.withTransaction(async () => {
      if (await this.certificates.setCredentialOnce(certificate.id, keyId, credential)) {
        await this.signer.credentialStored(certificate, keyId);
      }
    });
    // Of two racing signers, the first stored wins; answer that one.
    return (await this.certificates.findByNumber(certificate.number))!.credential!;
  }

  /**
   * Issues a certificate's credential again: signed now with the current key, as the academy's
   * did:web (after a key rotation or revocation, or to replace a credential from before did:web),
   * with the PDF rendered anew around it. The certificate, its number and its status do not
   * change, and the credential signed before keeps telling its status. Audited.
   */
  async reissueCredential(actorUserId: string, rawNumber: string): Promise<Certificate> {
    const current = await this.byNumber(rawNumber);
    if (current.status === 'revoked') {
      throw new CertificateError(
        CertificateErrorCode.BAD_STATUS_CHANGE,
        'This certificate is revoked: its credential is not issued again.',
      );
    }
    await this.db.withTransaction(async () => {
      await this.certificates.clearCredentials({ certificateId: current.id });
      await this.audit.record({
        action: 'certificate.reissued',
        subjectType: 'certificate',
        subjectId: current.id,
        actorUserId,
        details: { number: current.number, previousKeyId: current.issuerKeyId },
      });
    });
    await this.pdf(await this.byNumber(current.number));
    return this.byNumber(current.number);
  }

  /**
   * Revokes an issuer key: nothing it signed counts any more, and every certificate whose
   * credential it signed is signed anew with the current key by the worker (a minute or so, 50 a
   * run), the PDFs too. Audited as `issuer_key.revoked`; answers how many are re-issued.
   */
  async revokeIssuerKey(
    keyId: string,
    reason: string,
  ): Promise<{ revoked: IssuerKeyInfo; current: IssuerKeyInfo; reissued: number }> {
    return this.db.withTransaction(async () => {
      const keys = await this.signer.revokeKey(keyId, reason);
      return { ...keys, reissued: await this.certificates.clearCredentials({ keyId }) };
    });
  }

  /** The certificate PDF, rendering and caching it now if the worker has not yet. */
  async pdf(certificate: Certificate): Promise<Buffer> {
    const cached = await this.certificates.findPdf(certificate.id);
    if (cached) {
      return cached;
    }
    const credential = await this.credential(certificate);
    const pdf = await renderCertificatePdf({
      ...certificateFacts(certificate),
      academyName: ACADEMY_NAME,
      timeZone: this.config.academyTimeZone,
      verifyUrl: this.verifyUrl(certificate.number),
      credentialJson: JSON.stringify(credential, null, 2),
    });
    await this.certificates.insertPdfOnce(
      certificate.id,
      pdf,
      createHash('sha256').update(pdf).digest('hex'),
      this.clock.now(),
    );
    return (await this.certificates.findPdf(certificate.id))!;
  }

  /**
   * Signs and renders what was issued since the last run (the worker calls this every minute,
   * any number of workers at once: each result is stored once).
   */
  async completeArtifacts(limit = 50): Promise<number> {
    let done = 0;
    for (const number of [
      ...new Set([
        ...(await this.certificates.findUnsigned(limit)),
        ...(await this.certificates.findWithoutPdf(limit)),
      ]),
    ]) {
      try {
        await this.pdf((await this.certificates.findByNumber(number))!);
        done++;
      } catch (error) {
        this.logger.error({ err: error, number }, 'Could not sign or render a certificate');
      }
    }
    return done;
  }

  /** Revokes, suspends or reinstates (status valid) a certificate, with a reason; audited and published in the status lists. */
  async changeStatus(
    actorUserId: string,
    rawNumber: string,
    change: { status: CertificateStatus; reason: StatusReason | null; note: string | null },
  ): Promise<Certificate> {
    const current = await this.byNumber(rawNumber);
    if (change.status !== 'valid' && !change.reason) {
      throw new CertificateError(
        CertificateErrorCode.BAD_STATUS_CHANGE,
        'Give a reason for the change.',
        'reason',
      );
    }
    if (current.status === 'revoked') {
      throw new CertificateError(
        CertificateErrorCode.BAD_STATUS_CHANGE,
        'This certificate is revoked; revocation is final.',
      );
    }
    if (current.status === change.status) {
      throw new CertificateError(
        CertificateErrorCode.BAD_STATUS_CHANGE,
        `This certificate is already ${change.status}.`,
      );
    }
    await this.db.withTransaction(async () => {
      const before = await this.certificates.setStatus(current.number, {
        status: change.status,
        reason: change.status === 'valid' ? null : change.reason,
        note: change.note?.trim() || null,
        by: actorUserId,
        at: this.clock.now(),
      });
      if (!before || before.status === 'revoked') {
        throw new CertificateError(
          CertificateErrorCode.BAD_STATUS_CHANGE,
          'This certificate is revoked; revocation is final.',
        );
      }
      await this.signer.statusChanged(before.statusIndex, before.status, change.status);
      const action =
        change.status === 'valid'
          ? 'certificate.reinstated'
          : change.status === 'revoked'
            ? 'certificate.revoked'
            : 'certificate.suspended';
      await this.audit.record({
        action,
        subjectType: 'certificate',
        subjectId: current.id,
        details: {
          number: current.number,
          from: before.status,
          reason: change.reason,
          note: change.note ?? null,
        },
      });
      await this.notifications.notify(current.userId, {
        kind: action,
        subject: `Certificate ${current.number} is ${change.status === 'valid' ? 'valid again' : change.status}`,
        body:
          change.status === 'valid'
            ? `Your certificate for ${current.courseTitle} is valid again.`
            : `Your certificate for ${current.courseTitle} was ${change.status}: ${STATUS_REASONS[change.reason!]}. Contact the academy if you have questions.`,
        link: `/me/certificates/${current.number}`,
      });
    });
    return this.byNumber(current.number);
  }

  /**
   * A holder's certificates issued in a date range (days, inclusive, UTC) with credits claimed
   * per type over the range; revoked certificates are listed but count for nothing.
   */
  async transcript(
    userId: string,
    range: { from?: string; to?: string },
  ): Promise<{ items: Certificate[]; totals: { type: string; amount: number }[] }> {
    const from = range.from ? new Date(`${range.from}T00:00:00Z`) : undefined;
    const to = range.to ? new Date(new Date(`${range.to}T00:00:00Z`).getTime() + 86_400_000) : undefined;
    if (from && to && from >= to) {
      throw new CertificateError(CertificateErrorCode.BAD_RANGE, 'from must be on or before to.', 'from');
    }
    const items = await this.certificates.findForUser(userId, { from, to });
    const totals = new Map<string, number>();
    for (const certificate of items.filter((candidate) => candidate.status !== 'revoked')) {
      for (const credit of certificate.credits) {
        totals.set(credit.type, (totals.get(credit.type) ?? 0) + credit.amount);
      }
    }
    return { items, totals: [...totals].map(([type, amount]) => ({ type, amount })) };
  }

  verifyUrl(number: string): string {
    return `${this.config.publicUrl}/verify/${number}`;
  }
}
