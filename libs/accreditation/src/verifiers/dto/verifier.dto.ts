import { ApiProperty } from '@nestjs/swagger';
import type { VerificationsPage } from '../verifier-activity.service';

export class VerifierOrganisationRefDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;
}

export class VerificationRecordDto {
  @ApiProperty()
  at!: string;

  @ApiProperty({ description: 'The certificate number checked (as typed when not a well-formed one)' })
  number!: string;

  @ApiProperty({ enum: ['valid', 'revoked', 'suspended', 'expired', 'unknown'] })
  result!: string;

  @ApiProperty({ enum: ['api', 'page', 'bulk', 'upload'] })
  channel!: string;

  @ApiProperty({ nullable: true, description: 'The member who checked, when signed in' })
  userName!: string | null;

  @ApiProperty({ nullable: true, description: 'The API key that checked' })
  apiKeyName!: string | null;
}

export class VerificationRecordPageDto {
  @ApiProperty({
    type: VerifierOrganisationRefDto,
    nullable: true,
    description: 'Null when the caller belongs to no verifier organisation',
  })
  organisation!: VerifierOrganisationRefDto | null;

  @ApiProperty({ type: [VerificationRecordDto], description: 'Newest first' })
  items!: VerificationRecordDto[];

  @ApiProperty()
  total!: number;
}

export function toVerificationRecordPageDto(page: VerificationsPage): VerificationRecordPageDto {
  return {
    organisation: page.organisation,
    total: page.total,
    items: page.items.map((item) => ({ ...item, at: item.at.toISOString() })),
  };
}
