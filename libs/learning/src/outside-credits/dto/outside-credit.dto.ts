import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNumber, IsString, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import { CREDIT_TYPES } from '@academy/catalog';
import { Trimmed } from '@academy/core';
import type { OutsideCredit } from '../outside-credit.repository';
import { creditTypeName } from '../outside-credits.service';

/** A credit type outside the designations the academy knows, named by the learner. */
export const OTHER_CREDIT_TYPE = 'Other';

/** What a learner may choose as the credit type: a known designation, or "Other" with its name. */
export const OUTSIDE_CREDIT_TYPES = [...CREDIT_TYPES, OTHER_CREDIT_TYPE] as const;

/**
 * A decimal typed into a form or sent as a multipart field arrives as text: read as a number when
 * it is one, left as it is otherwise (so "two" is refused as not a number, naming the field).
 */
const NumberFromText = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\s*\d{1,3}(\.\d+)?\s*$/.test(value) ? Number(value) : value,
  );

/**
 * An outside credit as the learner reports it; the API (JSON or multipart) and the page share it.
 * One message a field: `Length` refuses what is not text as well, so a blank field reads once.
 */
export class NewOutsideCreditDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'American Society for Regenerative Medicine' })
  @Trimmed()
  @Length(1, 200, { message: 'provider must name who awarded the credit, in up to 200 characters' })
  provider!: string;

  @ApiProperty({ minLength: 1, maxLength: 300, example: 'Annual meeting 2026: orthobiologics track' })
  @Trimmed()
  @Length(1, 300, { message: 'activity must give the activity’s title, in up to 300 characters' })
  activity!: string;

  @ApiProperty({ format: 'date', example: '2026-05-14', description: 'Not in the future, not before 1950.' })
  @IsString({ message: 'completedOn must be a date as YYYY-MM-DD' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'completedOn must be a date as YYYY-MM-DD' })
  completedOn!: string;

  @ApiProperty({ enum: OUTSIDE_CREDIT_TYPES, description: '"Other" needs otherCreditType.' })
  @IsString({ message: `creditType must be one of ${OUTSIDE_CREDIT_TYPES.join(', ')}` })
  @IsIn(OUTSIDE_CREDIT_TYPES, { message: `creditType must be one of ${OUTSIDE_CREDIT_TYPES.join(', ')}` })
  creditType!: string;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 100,
    example: 'ABIM MOC points',
    description: 'The credit type’s name when creditType is "Other".',
  })
  @ValidateIf(
    (credit: NewOutsideCreditDto) =>
      credit.creditType === OTHER_CREDIT_TYPE || credit.otherCreditType !== undefined,
  )
  @Trimmed()
  @Length(1, 100, {
    message: 'otherCreditType must name the credit type when it is “Other”, in up to 100 characters',
  })
  otherCreditType?: string;

  @ApiProperty({ example: 1.5, minimum: 0.25, maximum: 100, description: 'In steps of 0.25.' })
  @NumberFromText()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'amount must be a number, such as 1.5' })
  @Min(0.25, { message: 'amount must be at least 0.25' })
  @Max(100, { message: 'amount must be at most 100' })
  amount!: number;
}

export class OutsideCreditFileDto {
  @ApiProperty({ example: 'asrm-2026-certificate.pdf' }) name!: string;
  @ApiProperty({ enum: ['application/pdf', 'image/png', 'image/jpeg'] }) contentType!: string;
  /** Bytes. */
  size!: number;
  /** SHA-256 of the file, hex. */
  sha256!: string;
  @ApiProperty({ example: '/api/v1/me/outside-credits/0b5e55aa-1111-4222-8333-444455556666/file' })
  href!: string;
}

export class OutsideCreditDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  provider!: string;
  activity!: string;
  @ApiProperty({ format: 'date' }) completedOn!: string;
  /** A known designation, or the name given with "Other". */
  creditType!: string;
  /** Whether the credit type is one the learner named ("Other"). */
  otherCreditType!: boolean;
  @ApiProperty({ example: 1.5 }) amount!: number;
  /** Always true: reported by the learner, never by the academy to a board. */
  @ApiProperty({ enum: [true] })
  selfReported!: true;
  file!: OutsideCreditFileDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class OutsideCreditPageDto {
  items!: OutsideCreditDto[];
  total!: number;
}

export function toOutsideCreditDto(credit: OutsideCredit): OutsideCreditDto {
  return {
    id: credit.id,
    provider: credit.provider,
    activity: credit.activity,
    completedOn: credit.completedOn,
    creditType: creditTypeName(credit),
    otherCreditType: credit.otherCreditType !== null,
    amount: credit.amount,
    selfReported: true,
    file: credit.file
      ? {
          name: credit.file.name,
          contentType: credit.file.type,
          size: credit.file.size,
          sha256: credit.file.sha256,
          href: `/api/v1/me/outside-credits/${credit.id}/file`,
        }
      : null,
    createdAt: credit.createdAt.toISOString(),
  };
}
