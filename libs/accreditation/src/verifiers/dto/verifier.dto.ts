import { ApiProperty } from '@nestjs/swagger';
import type { VerificationsPage } from '../verifier-activity.service';

export class VerifierOrganisationRefDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  name!: string;
}

export class VerificationRecordDto {
  at!: string;

  /** The certificate number checked (as typed when not a well-formed one) */
  number!: string;

  @ApiProperty({ enum: ['valid', 'revoked', 'suspended', 'expired', 'unknown'] })
  result!: string;

  @ApiProperty({ enum: ['api', 'page', 'bulk', 'upload'] })
  channel!: string;

  /** The member who checked, when signed in */
  userName!: string | null;

  /** The API key that checked */
  apiKeyName!: string | null;
}

export class VerificationRecordPageDto {
  /** Null when the caller belongs to no verifier organisation */
  organisation!: VerifierOrganisationRefDto | null;

  /** Newest first */
  items!: VerificationRecordDto[];

  total!: number;
}

export function toVerificationRecordPageDto(page: VerificationsPage): VerificationRecordPageDto {
  return {
    organisation: page.organisation,
    total: page.total,
    items: page.items.map((item) => ({ ...item, at: item.at.toISOString() })),
  };
}
