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

/** An issued certificate, as stored. */
export interface Certificate {
  id: string;
  number: string;
  enrolmentId: string;
  userId: string;
  holderName: string;
  courseId: string;
  courseVersionId: string;
  courseTitle: string;
  courseVersion: number;
  contentHash: string;
  credits: { type: string; amount: number }[];
  issuedAt: Date;
  expiresAt: Date | null;
  status: CertificateStatus;
  statusReason: StatusReason | null;
  statusNote: string | null;
  statusChangedAt: Date | null;
  statusIndex: number;
  issuerKeyId: string | null;
  credential: Record<string, unknown> | null;
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
