import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, Clock, GroupCommit, Metrics, toStorableText } from '@academy/core';
import type { Counter } from '@academy/core';
import { CertificateError, CertificateErrorCode } from '../certificates-error';
import { CheckInput, CheckRow, VerificationRepository } from './verification.repository';
import { statusReasonInWords, VerificationStatus } from '../issuance/certificate.types';
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
  /** When it was revoked or suspended. */
  statusChangedAt: string | null;
  /** The certificate that renews it (its status is its own: valid until it expires). */
  renewedBy: { number: string; url: string } | null;
}

/** Who verified, for the record: a verifier organisation's API key, a signed-in user, or nobody. */
export interface Verifier {
  channel: 'api' | 'page' | 'bulk' | 'upload';
  organisationId?: string | null;
  apiKeyId?: string | null;
  userId?: string | null;
}

export const MAX_BULK = 1000;

const NOT_A_NUMBER =
  'This is not a certificate number: they read RA- followed by seven groups of letters and digits (e.g. RA-7KQ4-M2XD-9PRT-A3BC-Z8WN-Q4HT-K9C).';

/** The answer for a number that names no certificate: its status, and nothing of a certificate. */
function noCertificate(
  status: 'unknown' | 'invalid',
  number: string,
  reason: string | null = null,
): VerificationAnswer {
  return {
    status,
    number,
    holderName: null,
    course: null,
    courseVersion: null,
    credits: [],
    issuedAt: null,
    expiresAt: null,
    reason,
    statusChangedAt: null,
    renewedBy: null,
  };
}

function answerOf(row: CheckRow, verifyUrl: (number: string) => string): VerificationAnswer {
  if (row.result === 'unknown') {
    return noCertificate('unknown', row.number ?? row.shown);
  }
  return {
    status: row.result,
    number: row.number ?? row.shown,
    holderName: row.holderName,
    course: row.courseTitle,
    courseVersion: row.courseVersion,
    credits: row.credits ?? [],
    issuedAt: row.issuedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    reason: statusReasonInWords(row),
    statusChangedAt:
      row.result === 'revoked' || row.result === 'suspended'
        ? (row.statusChangedAt?.toISOString() ?? null)
        : null,
    renewedBy: row.renewedBy ? { number: row.renewedBy, url: verifyUrl(row.renewedBy) } : null,
  };
}

/**
 * Verification by number, one or many; every check is recorded with its time, channel and, for
 * API keys, the verifier organisation.
 */
@Injectable()
export class VerificationService {
  /**
   * Checks arriving while a statement runs wait for the next, which serves them all: under load
   * one round trip looks up and records many checks, and each caller still gets its answer only
   * once its checks are committed.
   */
  private readonly checking = new GroupCommit<CheckInput, CheckRow>((inputs) =>
    this.checks.checkAndRecord(inputs, this.clock.now()),
  );
  private readonly served: Counter<'channel' | 'status'>;

  constructor(
    private readonly checks: VerificationRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    metrics: Metrics,
  ) {
    this.served = metrics.counter(
      'certificate_verifications_total',
      'Certificate numbers checked, by channel (page, api, bulk…) and answer (valid, revoked, unknown…).',
      ['channel', 'status'],
    );
  }

  async verify(rawNumber: string, verifier: Verifier): Promise<VerificationAnswer> {
    const [answer] = await this.verifyMany([rawNumber], verifier);
    // One number on its own: not a number is simply not one of ours.
    return answer!.status === 'invalid' ? noCertificate('unknown', answer!.number) : answer!;
  }

  /** One answer per number, in the order given; each check recorded before it is answered. */
  async verifyMany(rawNumbers: string[], verifier: Verifier): Promise<VerificationAnswer[]> {
    if (rawNumbers.length > MAX_BULK) {
      throw new CertificateError(
        CertificateErrorCode.TOO_MANY_NUMBERS,
        `numbers must list at most ${MAX_BULK} certificate numbers; got ${rawNumbers.length}.`,
        'numbers',
      );
    }
    const inputs = rawNumbers.map((raw) => ({
      // As typed, made storable (it may hold anything: the route takes any text in its rows).
      shown: toStorableText(raw.trim().slice(0, 60)),
      number: parseCertificateNumber(raw),
      channel: verifier.channel,
      organisationId: verifier.organisationId ?? null,
      apiKeyId: verifier.apiKeyId ?? null,
      userId: verifier.userId ?? null,
    }));
    const rows = await this.checking.submit(inputs);
    // A malformed number is still recorded as checked, and answered as what it is.
    const answers = rows.map((row, index) =>
      inputs[index]!.number === null
        ? noCertificate('invalid', inputs[index]!.shown, NOT_A_NUMBER)
        : answerOf(row, (number) => `${this.config.publicUrl}/verify/${number}`),
    );
    for (const answer of answers) {
      this.served.inc({ channel: verifier.channel, status: answer.status });
    }
    return answers;
  }
}
