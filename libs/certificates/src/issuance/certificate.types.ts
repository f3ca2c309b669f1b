import type { CertificateStatements } from './certificate-statements';

export type CertificateStatus = 'valid' | 'revoked' | 'suspended';

/** What a verifier is told: the stored status, or expired once past the expiry, or unknown. */
/** `invalid`: not a certificate number at all (answered in bulk checks only). */
export type VerificationStatus = CertificateStatus | 'expired' | 'unknown' | 'invalid';

/** Why an admin revoked or suspended a certificate. */
export const STATUS_REASONS = {
  issued_in_error: 'Issued in error',
  requirements_not_met: 'Requirements found not met',
  academic_misconduct: 'Academic misconduct',
  identity_mismatch: 'Holder identity could not be confirmed',
  under_review: 'Under review by the academy',
  holder_request: 'At the holder’s request',
  other: 'Other',
} as const;

export type StatusReason = keyof typeof STATUS_REASONS;

/** What a certificate states, the same in its PDF and its credential. */
export interface CertificateFacts {
  number: string;
  holderName: string;
  courseTitle: string;
  courseVersion: number;
  /** SHA-256 (hex) of the course version's content. */
  contentHash: string;
  /** Credit claimed, the type exactly as designated (`AMA PRA Category 1 Credit™`). */
  credits: { type: string; amount: number }[];
  issuedAt: Date;
  expiresAt: Date | null;
  /** The number of the certificate this one renews (issued for its recertification course). */
  renewsNumber?: string | null;
  /** Captured at issue; null (or left out) for certificates issued before statements were kept. */
  statements?: CertificateStatements | null;
}

/** An issued certificate, as stored. */
export interface Certificate extends CertificateFacts {
  id: string;
  enrolmentId: string;
  userId: string;
  courseId: string;
  courseVersionId: string;
  status: CertificateStatus;
  statusReason: StatusReason | null;
  statusNote: string | null;
  statusChangedAt: Date | null;
  statusIndex: number;
  issuerKeyId: string | null;
  credential: Record<string, unknown> | null;
  /** The slug of the course whose completion renews it, as its course version named it. */
  recertificationCourse: string | null;
  /** The certificate this one renews. */
  renewsCertificateId: string | null;
  /** The number of the certificate that renewed this one, once one has. */
  renewedByNumber?: string | null;
}

/** The status a verifier sees at `now`. */
export function verificationStatus(
  certificate: Pick<Certificate, 'status' | 'expiresAt'>,
  now: Date,
): VerificationStatus {
  if (certificate.status !== 'valid') {
    return certificate.status;
  }
  return certificate.expiresAt && certificate.expiresAt <= now ? 'expired' : 'valid';
}

/** What the certificate states, and nothing else of its record. */
export function certificateFacts(certificate: Certificate): CertificateFacts {
  return {
    number: certificate.number,
    holderName: certificate.holderName,
    courseTitle: certificate.courseTitle,
    courseVersion: certificate.courseVersion,
    contentHash: certificate.contentHash,
    credits: certificate.credits,
    issuedAt: certificate.issuedAt,
    expiresAt: certificate.expiresAt,
    renewsNumber: certificate.renewsNumber ?? null,
    statements: certificate.statements ?? null,
  };
}

/**
 * Why the academy revoked or suspended a certificate, as its holder and verifiers read it: the
 * public reason the admin chose, never the admin's note (kept for the academy's staff).
 */
export function statusReasonInWords(certificate: Pick<Certificate, 'statusReason'>): string | null {
  return certificate.statusReason ? STATUS_REASONS[certificate.statusReason] : null;
}

/** The reason with the admin's internal note, for the academy's staff only. */
export function statusReasonForStaff(
  certificate: Pick<Certificate, 'statusReason' | 'statusNote'>,
): string | null {
  const reason = statusReasonInWords(certificate);
  return reason && certificate.statusNote ? `${reason}: ${certificate.statusNote}` : reason;
}
