import { Injectable } from '@nestjs/common';
import { Clock } from '@academy/core';
import { CertificateError, CertificateErrorCode } from '../certificates-error';
import { CertificateRepository, VerifiableCertificate } from '../issuance/certificate.repository';
import { VerificationRecorder } from './verification-recorder';
import { STATUS_REASONS, VerificationStatus, verificationStatus } from '../issuance/certificate.types';
import { parseCertificateNumber } from '../issuance/certificate-number';

/** What a verifier is told about one number: only what verifying needs (no e-mail, no NPI). */
export interface VerificationAnswer {
  status: VerificationStatus;
  number: string;
  holderName: string | null;
  course: string | null;
  courseVersion: number | null;
  credits: { type: string; amount: number }[];
  issuedAt: string | null;
  expiresAt: string | null;
  /** Why it is revoked or suspended. */
  reason: string | null;
}

/** Who verified, for the record: a verifier organisation's API key, a signed-in user, or nobody. */
export interface Verifier {
  channel: 'api' | 'page' | 'bulk' | 'upload';
  organisationId?: string | null;
  apiKeyId?: string | null;
  userId?: string | null;
}

export const MAX_BULK = 1000;

function answerFor(
  input: string,
  certificate: VerifiableCertificate | undefined,
  now: Date,
): VerificationAnswer {
  if (!certificate) {
    return {
      status: 'unknown',
      number: input,
      holderName: null,
      course: null,
      courseVersion: null,
      credits: [],
      issuedAt: null,
      expiresAt: null,
      reason: null,
    };
  }
  return {
    status: verificationStatus(certificate, now),
    number: certificate.number,
    holderName: certificate.holderName,
    course: certificate.courseTitle,
    courseVersion: certificate.courseVersion,
    credits: certificate.credits,
    issuedAt: certificate.issuedAt.toISOString(),
    expiresAt: certificate.expiresAt?.toISOString() ?? null,
    reason: certificate.statusReason
      ? STATUS_REASONS[certificate.statusReason] +
        (certificate.statusNote ? `: ${certificate.statusNote}` : '')
      : null,
  };
}

/**
 * Verification by number, one or many; every check is recorded with its time, channel and, for
 * API keys, the verifier organisation.
 */
@Injectable()
export class VerificationService {
  constructor(
    private readonly certificates: CertificateRepository,
    private readonly recorder: VerificationRecorder,
    private readonly clock: Clock,
  ) {}

  async verify(rawNumber: string, verifier: Verifier): Promise<VerificationAnswer> {
    const [answer] = await this.verifyMany([rawNumber], verifier);
    return answer!;
  }

  /** One answer per number, in the order given (two queries however many). */
  async verifyMany(rawNumbers: string[], verifier: Verifier): Promise<VerificationAnswer[]> {
    if (rawNumbers.length > MAX_BULK) {
      throw new CertificateError(
        CertificateErrorCode.TOO_MANY_NUMBERS,
        `numbers must list at most ${MAX_BULK} certificate numbers; got ${rawNumbers.length}.`,
        'numbers',
      );
    }
    const now = this.clock.now();
    const parsed = rawNumbers.map((raw) => parseCertificateNumber(raw));
    const found = new Map(
      (
        await this.certificates.findForVerification(
          parsed.filter((number): number is string => number !== null),
        )
      ).map((certificate) => [certificate.number, certificate]),
    );
    const answers = rawNumbers.map((raw, index) => {
      const number = parsed[index];
      return answerFor(number ?? raw.trim().slice(0, 60), number ? found.get(number) : undefined, now);
    });
    await this.recorder.record(
      answers.map((answer) => ({
        at: now,
        number: answer.number,
        result: answer.status,
        channel: verifier.channel,
        organisationId: verifier.organisationId ?? null,
        apiKeyId: verifier.apiKeyId ?? null,
        userId: verifier.userId ?? null,
      })),
    );
    return answers;
  }
}
