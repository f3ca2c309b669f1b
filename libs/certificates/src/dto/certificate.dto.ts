import { Trimmed } from '@academy/core';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  MaxLength,
} from 'class-validator';
import { OutsideCreditDto } from '@academy/learning';
import type { Certificate } from '../issuance/certificate.types';
import { activityLines } from '../issuance/certificate-statements';
import type { CertificateStatements } from '../issuance/certificate-statements';
import { STATUS_REASONS } from '../issuance/certificate.types';
import type { VerificationAnswer } from '../verification/verification.service';
import { MAX_BULK } from '../verification/verification.service';

// `invalid` (not a certificate number at all) is answered in bulk checks only.
const STATUSES = ['valid', 'revoked', 'suspended', 'expired', 'unknown', 'invalid'];

export class CreditAmountDto {
  @ApiProperty({ example: 'AMA PRA Category 1 Credit™' })
  type!: string;

  @ApiProperty({ example: 3.25 })
  amount!: number;
}

/** The certificate that renews the one verified. */
export class RenewedByDto {
  @ApiProperty({ example: 'RA-9WQ2-K7DX-3MRT-B4CZ-N8PW-H5TK-Q2D' })
  number!: string;

  @ApiProperty({
    example: 'https://academy.example/verify/RA-9WQ2-K7DX-3MRT-B4CZ-N8PW-H5TK-Q2D',
    description: 'Where to verify the renewal',
  })
  url!: string;
}

/** A verifier's answer: only what verifying needs. */
export class VerificationDto {
  @ApiProperty({ enum: STATUSES })
  status!: string;

  @ApiProperty({ example: 'RA-7KQ4-M2XD-9PRT-A3BC-Z8WN-Q4HT-K9C' })
  number!: string;

  /** The holder’s name as at issue */
  holderName!: string | null;

  /** Course title */
  course!: string | null;

  courseVersion!: number | null;

  credits!: CreditAmountDto[];

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  issuedAt!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  expiresAt!: string | null;

  /** Why it is revoked or suspended */
  reason!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date-time',
    description: 'When it was revoked or suspended',
  })
  statusChangedAt!: string | null;

  /**
   * The certificate that renews this one (issued for its recertification course), or null. This one keeps its
   * own status: valid until it expires, then expired
   */
  renewedBy!: RenewedByDto | null;
}

export class BulkVerifyDto {
  @ApiProperty({ type: [String], maxItems: MAX_BULK, description: `Up to ${MAX_BULK} certificate numbers` })
  @IsArray({ message: 'numbers must be a list of certificate numbers' })
  @ArrayMinSize(1, { message: 'numbers must list at least one certificate number' })
  @ArrayMaxSize(MAX_BULK, { message: `numbers must list at most ${MAX_BULK} certificate numbers` })
  // Any text in a row: a malformed number (too long, stray bytes) is answered `invalid` in its own
  // row and never refuses the batch; the route's body limit bounds the whole.
  @IsString({ each: true, message: 'numbers must be a list of certificate numbers' })
  numbers!: string[];
}

export class BulkVerificationDto {
  /** One result per number, in the order given */
  items!: VerificationDto[];
}

export function toVerificationDto(answer: VerificationAnswer): VerificationDto {
  return { ...answer };
}

export class ParticipationDto {
  @ApiProperty({ format: 'date-time', description: 'Enrolment' })
  from!: string;

  @ApiProperty({ format: 'date-time', description: 'The step that completed the course' })
  to!: string;
}

export class MocStatementDto {
  @ApiProperty({ example: 'ABIM' })
  board!: string;

  @ApiProperty({ example: 'American Board of Internal Medicine' })
  boardName!: string;

  @ApiProperty({ example: 6 })
  points!: number;

  @ApiProperty({ type: [String], example: ['Medical Knowledge'] })
  types!: string[];
}

export class DateSpanDto {
  @ApiProperty({ format: 'date' })
  from!: string;

  @ApiProperty({ format: 'date' })
  to!: string;
}

export class EntrustmentDto {
  @ApiProperty({ example: 3, description: 'The lowest level recorded on any checklist step' })
  level!: number;

  @ApiProperty({ example: 5 })
  of!: number;

  @ApiProperty({ example: 'Performed with supervision available on request' })
  label!: string;
}

export class LabSessionDto {
  @ApiProperty({ format: 'date-time' })
  startsAt!: string;

  @ApiProperty({ format: 'date-time' })
  endsAt!: string;

  @ApiProperty({ example: 'America/Denver', description: 'IANA time zone of the venue' })
  timeZone!: string;
}

export class HandsOnStatementDto {
  /** The lab’s days on the venue’s calendar */
  labDates!: DateSpanDto;

  /** The session the checklist was signed in; absent on older certificates */
  session?: LabSessionDto;

  venue!: string;

  venueAddress!: string;

  /** The instructor who signed the checklist */
  instructor!: string | null;

  entrustment!: EntrustmentDto | null;

  @ApiProperty({ format: 'date-time' })
  signedOffAt!: string;
}

/** What a certificate states beyond its credit, as captured when it was issued. */
export class CertificateStatementsDto {
  /** The accreditation (or joint-providership) statement of the version */
  accreditation!: string;

  /** The credit designation statement of the version */
  designation!: string;

  participation!: ParticipationDto;

  @ApiProperty({ nullable: true, type: String, example: 'MD' })
  degree!: string | null;

  /** Boards the completion is reported to */
  moc!: MocStatementDto[];

  handsOn!: HandsOnStatementDto | null;

  @ApiProperty({
    type: [String],
    description: 'The same, in the words of the certificate and transcript',
    example: ['Participated 3 February – 12 March 2027', 'ABIM MOC: 6 Medical Knowledge points'],
  })
  lines!: string[];
}

function toStatementsDto(
  statements: CertificateStatements | null | undefined,
): CertificateStatementsDto | null {
  return statements ? { ...statements, lines: activityLines(statements) } : null;
}

/** A certificate as its holder (or an admin) sees it. */
export class CertificateDto {
  number!: string;

  @ApiProperty({ enum: ['valid', 'revoked', 'suspended', 'expired'] })
  status!: string;

  holderName!: string;

  @ApiProperty({ format: 'uuid' })
  courseId!: string;

  courseTitle!: string;

  courseVersion!: number;

  /** SHA-256 of the course version’s content */
  contentHash!: string;

  credits!: CreditAmountDto[];

  @ApiProperty({ format: 'date-time' })
  issuedAt!: string;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  expiresAt!: string | null;

  reason!: string | null;

  verifyUrl!: string;

  pdfUrl!: string;

  credentialUrl!: string;

  /**
   * What the certificate states beyond its credit; null for certificates issued before statements were kept
   */
  statements!: CertificateStatementsDto | null;

  /** The certificate this one renews (issued for its recertification course) */
  renews!: string | null;

  /** The certificate that renewed this one */
  renewedBy!: string | null;
}

export class CertificateListDto {
  items!: CertificateDto[];

  total!: number;
}

export function toCertificateDto(
  certificate: Certificate,
  status: string,
  verifyUrl: string,
): CertificateDto {
  return {
    number: certificate.number,
    status,
    holderName: certificate.holderName,
    courseId: certificate.courseId,
    courseTitle: certificate.courseTitle,
    courseVersion: certificate.courseVersion,
    contentHash: certificate.contentHash,
    credits: certificate.credits,
    issuedAt: certificate.issuedAt.toISOString(),
    expiresAt: certificate.expiresAt?.toISOString() ?? null,
    reason: certificate.statusReason ? STATUS_REASONS[certificate.statusReason] : null,
    verifyUrl,
    pdfUrl: `/api/v1/certificates/${certificate.number}/pdf`,
    credentialUrl: `/api/v1/certificates/${certificate.number}/credential`,
    statements: toStatementsDto(certificate.statements),
    renews: certificate.renewsNumber ?? null,
    renewedBy: certificate.renewedByNumber ?? null,
  };
}

const REASONS = Object.keys(STATUS_REASONS);

export class StatusChangeDto {
  /** valid reinstates a suspended certificate */
  @IsString({ message: 'status must be revoked, suspended or valid' })
  @IsIn(['revoked', 'suspended', 'valid'], { message: 'status must be revoked, suspended or valid' })
  status!: 'revoked' | 'suspended' | 'valid';

  /** Required to revoke or suspend */
  @IsOptional()
  @IsIn(REASONS, { message: `reason must be one of ${REASONS.join(', ')}` })
  reason?: keyof typeof STATUS_REASONS;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @Trimmed()
  @IsString({ message: 'note must be text' })
  @MaxLength(2000, { message: 'note must be at most 2000 characters' })
  note?: string;
}

export class TranscriptQueryDto {
  @ApiPropertyOptional({ example: '2026-01-01', description: 'Issued on or after this day' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be a date (YYYY-MM-DD)' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'Issued on or before this day' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be a date (YYYY-MM-DD)' })
  to?: string;
}

/** The learner's credits from other providers in a transcript's range: self-reported, totalled apart. */
export class OutsideCreditsTranscriptDto {
  items!: OutsideCreditDto[];

  /** Self-reported credits per type over the range, never added to the academy’s totals */
  totals!: CreditAmountDto[];
}

export class TranscriptDto {
  from!: string | null;

  to!: string | null;

  items!: CertificateDto[];

  /** Credits claimed per type over the range (valid certificates) */
  totals!: CreditAmountDto[];

  /**
   * Credits from other providers completed in the range, as the learner reported them: never reported to a
   * board
   */
  outsideCredits!: OutsideCreditsTranscriptDto;
}
