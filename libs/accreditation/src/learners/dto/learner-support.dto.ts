import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto, Trimmed } from '@academy/core';

// One sentence per rule, so a value breaking several says it once.
const PERCENT_RULE = 'extraTimePercent must be a whole number of per cent, from 0 to 300';
const EXTRA_MINUTES_RULE = 'extraMinutes must be a whole number of minutes, from 0 to 600';
const MINUTES_RULE = 'minutes must be a whole number of minutes, from 1 to 240';

/** Why an admin acts for a learner, for the audit trail: required. */
function Reason(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ minLength: 1, maxLength: 500, description: 'Why, for the audit trail (required).' }),
    Trimmed(),
    Length(1, 500, {
      message: 'reason must say why, in up to 500 characters (it goes into the audit trail)',
    }),
  );
}

export class LearnerSearchQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    maxLength: 200,
    description: 'A part of the name, e-mail address or NPI, in any case.',
  })
  @IsOptional()
  @Trimmed()
  @IsString({ message: 'q must be text' })
  @MaxLength(200, { message: 'q must be at most 200 characters' })
  q?: string;
}

/** Another attempt at one module quiz of one of the learner's enrolments. */
export class GrantAttemptDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'enrolmentId must be the id of one of the learner’s enrolments' })
  enrolmentId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'moduleId must be the id of a module with a quiz' })
  moduleId!: string;

  @Reason()
  reason!: string;
}

/** Extra time on every timed quiz the learner starts from now on. */
export class AccommodationDto {
  @ApiProperty({
    minimum: 0,
    maximum: 300,
    description: 'Extra time as a share of the time limit: 50 gives 50% more.',
  })
  @Type(() => Number)
  @IsInt({ message: PERCENT_RULE })
  @Min(0, { message: PERCENT_RULE })
  @Max(300, { message: PERCENT_RULE })
  extraTimePercent!: number;

  @ApiProperty({ minimum: 0, maximum: 600, description: 'Extra minutes, added after the percentage.' })
  @Type(() => Number)
  @IsInt({ message: EXTRA_MINUTES_RULE })
  @Min(0, { message: EXTRA_MINUTES_RULE })
  @Max(600, { message: EXTRA_MINUTES_RULE })
  extraMinutes!: number;

  @Reason()
  reason!: string;
}

export class EndAccommodationDto {
  @Reason()
  reason!: string;
}

/** More time on the timed attempt the learner has open now. */
export class ExtendAttemptDto {
  @ApiProperty({ minimum: 1, maximum: 240 })
  @Type(() => Number)
  @IsInt({ message: MINUTES_RULE })
  @Min(1, { message: MINUTES_RULE })
  @Max(240, { message: MINUTES_RULE })
  minutes!: number;

  @Reason()
  reason!: string;
}

export class LearnerSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  fullName!: string;
  email!: string;
  npi!: string | null;
  degree!: string | null;
}

export class LearnerPageDto {
  items!: LearnerSummaryDto[];
  total!: number;
  limit!: number;
  offset!: number;
}

export class LearnerQuizDto {
  @ApiProperty({ format: 'uuid' }) moduleId!: string;
  moduleTitle!: string;
  /** The quiz’s limit plus the extra attempts granted. */
  attemptsLimit!: number;
  extraAttempts!: number;
  attemptsUsed!: number;
  passed!: boolean;
  /** The quiz’s own limit, before any accommodation. */
  timeLimitMinutes!: number | null;
}

export class LearnerCreditDto {
  type!: string;
  claimed!: number | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) claimedAt!: string | null;
}

export class LearnerEnrolmentDto {
  @ApiProperty({ format: 'uuid' }) enrolmentId!: string;
  @ApiProperty({ format: 'uuid' }) courseId!: string;
  courseTitle!: string;
  courseVersion!: number;
  @ApiProperty({ format: 'date-time' }) enrolledAt!: string;
  /** Whole percentage of the course’s steps done. */
  progress!: number;
  quizzes!: LearnerQuizDto[];
  credits!: LearnerCreditDto[];
}

export class LearnerAttemptDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) enrolmentId!: string;
  @ApiProperty({ format: 'uuid' }) moduleId!: string;
  courseTitle!: string;
  moduleTitle!: string;
  number!: number;
  @ApiProperty({ enum: ['open', 'submitted', 'expired'] }) status!: string;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) deadlineAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) finishedAt!: string | null;
  score!: number | null;
  passed!: boolean | null;
}

export class AccommodationViewDto {
  extraTimePercent!: number;
  extraMinutes!: number;
  reason!: string;
  @ApiProperty({ format: 'date-time' }) grantedAt!: string;
}

export class LearnerBookingDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  labTitle!: string;
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  status!: string;
  attendance!: string | null;
  requirementMet!: boolean;
}

export class LearnerCertificateDto {
  number!: string;
  courseTitle!: string;
  @ApiProperty({ format: 'date-time' }) issuedAt!: string;
  status!: string;
}

export class LearnerRecordDto {
  learner!: LearnerSummaryDto;
  enrolments!: LearnerEnrolmentDto[];
  attempts!: LearnerAttemptDto[];
  accommodation!: AccommodationViewDto | null;
  bookings!: LearnerBookingDto[];
  certificates!: LearnerCertificateDto[];
}

export class ExtendedAttemptDto {
  @ApiProperty({ format: 'date-time', description: 'The attempt’s new deadline.' }) deadlineAt!: string;
}
