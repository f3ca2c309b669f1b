import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsString,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  Min,
  Validate,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import type {
  ActivityReport,
  EvaluationReport,
  LearnerTranscript,
  LearningGainReport,
  ParsFile,
  ReportFilters,
} from '../reports.service';
import type { AccmeActivity } from '../accme-activity.repository';
import { Trimmed } from '@academy/core';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day that exists (2026-02-30 does not). */
function isDay(value: unknown): value is string {
  if (typeof value !== 'string' || !DAY.test(value)) {
    return false;
  }
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

@ValidatorConstraint({ name: 'reportDay' })
class ExistingDay implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return isDay(value);
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be a day that exists, as YYYY-MM-DD`;
  }
}

@ValidatorConstraint({ name: 'reportPeriod' })
class NotBeforeFrom implements ValidatorConstraintInterface {
  validate(to: unknown, args: ValidationArguments): boolean {
    const from = (args.object as { from?: unknown }).from;
    return !isDay(to) || !isDay(from) || to >= from;
  }

  defaultMessage(): string {
    return 'to must be on or after from';
  }
}

@ValidatorConstraint({ name: 'versionOfCourse' })
class VersionNeedsCourse implements ValidatorConstraintInterface {
  validate(_version: unknown, args: ValidationArguments): boolean {
    return (args.object as { courseId?: unknown }).courseId !== undefined;
  }

  defaultMessage(): string {
    return 'version needs a course (courseId): versions are numbered per course';
  }
}

/** The filters every report takes: a course, one of its versions, and a period of days (UTC). */
export class ReportQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'One course; every course when left out' })
  @IsOptional()
  @IsUUID('all', { message: 'courseId must be a course id (UUID)' })
  courseId?: string;

  @ApiPropertyOptional({ minimum: 1, example: 2, description: 'One version of the course (needs courseId)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'version must be a whole number from 1' })
  @Min(1, { message: 'version must be a whole number from 1' })
  @Max(100_000, { message: 'version must be a whole number from 1' })
  @Validate(VersionNeedsCourse)
  version?: number;

  @ApiPropertyOptional({ example: '2026-01-01', description: 'First day (UTC), included' })
  @IsOptional()
  @Matches(DAY, { message: 'from must be a date (YYYY-MM-DD)' })
  @Validate(ExistingDay)
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'Last day (UTC), included' })
  @IsOptional()
  @Matches(DAY, { message: 'to must be a date (YYYY-MM-DD)' })
  @Validate(ExistingDay)
  @Validate(NotBeforeFrom)
  to?: string;
}

export class ReportFiltersDto {
  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  courseId!: string | null;

  version!: number | null;

  @ApiProperty({ nullable: true, type: String, example: '2026-01-01' })
  from!: string | null;

  @ApiProperty({ nullable: true, type: String, example: '2026-12-31' })
  to!: string | null;
}

/** What every report answers first: the filters it was made with. */
export class FilteredReportDto {
  filters!: ReportFiltersDto;
}

/** The course version a report row is about. */
export class ReportVersionDto {
  @ApiProperty({ format: 'uuid' })
  courseId!: string;

  courseSlug!: string;

  courseTitle!: string;

  version!: number;
}

export class CreditTotalDto {
  @ApiProperty({ example: 'AMA PRA Category 1 Credit™' })
  type!: string;

  @ApiProperty({ example: 42.5 })
  amount!: number;
}

export class ActivityCountsDto {
  /** Enrolments made in the period */
  enrolled!: number;

  /** Learners who opened their first lesson in the period */
  started!: number;

  /** Module quizzes passed in the period (one per learner and module) */
  modulesPassed!: number;

  /** Learners present or late at a skills lab in the period */
  labAttended!: number;

  /** Certificates issued in the period and not revoked */
  certified!: number;

  /** Credits on those certificates, by type */
  credits!: CreditTotalDto[];

  /** Median days from enrolment to certificate, for those certificates */
  medianDaysToComplete!: number | null;
}

export class ActivityRowDto extends IntersectionType(ActivityCountsDto, ReportVersionDto) {}

export class ActivityReportDto extends FilteredReportDto {
  /** One row per course version */
  rows!: ActivityRowDto[];

  /** Every version in the filter together */
  total!: ActivityCountsDto;
}

export class LikertPointDto {
  @ApiProperty({ minimum: 1, maximum: 5 })
  value!: number;

  @ApiProperty({ example: 'Agree' })
  label!: string;

  count!: number;

  /** Share of the responses, 0 to 1 */
  share!: number;
}

export class LikertQuestionDto {
  @ApiProperty({ example: 'objectivesMet' })
  question!: string;

  @ApiProperty({ example: 'The learning objectives were met' })
  label!: string;

  responses!: number;

  /** Mean of the responses, 1 to 5 */
  mean!: number | null;

  distribution!: LikertPointDto[];
}

export class FreeTextAnswerDto {
  text!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  submittedAt!: string;

  courseTitle!: string;

  version!: number;
}

export class FreeTextQuestionDto {
  @ApiProperty({ example: 'intendedChange' })
  question!: string;

  @ApiProperty({ example: 'What I intend to change in my practice' })
  label!: string;

  /** Answers given (not blank) */
  responses!: number;

  /** The newest answers; the CSV holds them all */
  answers!: FreeTextAnswerDto[];
}

export class EvaluationReportDto extends FilteredReportDto {
  /** Evaluations submitted in the period */
  evaluations!: number;

  likert!: LikertQuestionDto[];

  freeText!: FreeTextQuestionDto[];
}

export class LearningGainCountsDto {
  /** Learners with a pre-test and a final attempt at every module quiz, the last in the period */
  learners!: number;

  /** Mean pre-test score (%) */
  meanPretest!: number | null;

  /** Mean final score (%): each learner’s last attempt at each module quiz, averaged */
  meanFinal!: number | null;

  /** Mean of final − pre-test (points) */
  meanGain!: number | null;

  /** Median of final − pre-test (points) */
  medianGain!: number | null;

  /** Learners whose final score beat their pre-test */
  improved!: number;

  /** Mean normalised gain (final − pre) / (100 − pre), 0 to 1 */
  meanNormalisedGain!: number | null;
}

export class LearningGainRowDto extends IntersectionType(LearningGainCountsDto, ReportVersionDto) {}

export class LearningGainReportDto extends FilteredReportDto {
  /** One row per course version with a pre-test */
  rows!: LearningGainRowDto[];

  total!: LearningGainCountsDto;
}

export class TranscriptLearnerDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  fullName!: string;

  email!: string;

  degree!: string | null;

  npi!: string | null;

  licenceState!: string | null;

  licenceNumber!: string | null;

  @ApiProperty({
    type: 'array',
    items: { type: 'object', properties: { jurisdiction: { type: 'string' }, number: { type: 'string' } } },
    description:
      'Every medical licence on the learner’s reporting profile (licenceState/licenceNumber give the first)',
  })
  licences!: { jurisdiction: string; number: string }[];
}

export class TranscriptItemDto {
  @ApiProperty({ example: 'RA-7KQ4-M2XD-9PRT-A3BC-Z8WN-Q4HT-K9C' })
  number!: string;

  @ApiProperty({ format: 'uuid' })
  courseId!: string;

  courseTitle!: string;

  version!: number;

  @ApiProperty({ type: String, format: 'date-time' })
  issuedAt!: string;

  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  expiresAt!: string | null;

  @ApiProperty({ enum: ['valid', 'revoked', 'suspended', 'expired'] })
  status!: string;

  credits!: CreditTotalDto[];
}

export class TranscriptReportDto extends FilteredReportDto {
  learner!: TranscriptLearnerDto;

  /** Certificates issued in the period, newest first */
  items!: TranscriptItemDto[];

  /** Credits by type over those not revoked */
  totals!: CreditTotalDto[];
}

export class ParsFileDto extends FilteredReportDto {
  /** Which PARS batch template */
  template!: 'activity' | 'learner';

  /** The template’s columns, in order */
  columns!: string[];

  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'string' } },
    description: 'One row per activity, or per completion, cells in the columns’ order',
  })
  rows!: string[][];

  /**
   * The activity (course version id) of each row, in the rows’ order: the id to record its ACCME Activity ID
   * against
   */
  courseVersionIds!: string[];

  /**
   * Rows whose activity has no ACCME Activity ID recorded yet (that column is empty): record them first (PUT
   * accme/activities/{courseVersionId})
   */
  missingActivityIds!: number;
}

/** The ACCME Activity ID that PARS assigned to an activity (a course version), as PARS shows it. */
export class RecordAccmeActivityDto {
  @ApiProperty({ example: '202212345', pattern: '^[0-9]{6,12}$' })
  @Trimmed()
  @IsString({ message: 'accmeActivityId must be text' })
  @Matches(/^[0-9]{6,12}$/, {
    message: 'accmeActivityId must be the 6 to 12 digits PARS assigned (e.g. 202212345)',
  })
  accmeActivityId!: string;
}

export class AccmeActivityDto {
  @ApiProperty({ format: 'uuid', description: 'The course version: one PARS activity' })
  courseVersionId!: string;

  @ApiProperty({ example: '202212345' })
  accmeActivityId!: string;

  @ApiProperty({ type: String, format: 'date-time', description: 'When this id was recorded' })
  recordedAt!: string;

  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The admin who recorded it' })
  recordedByUserId!: string | null;
}

const filtersDto = (filters: ReportFilters): ReportFiltersDto => ({ ...filters });

export function toActivityReportDto(report: ActivityReport): ActivityReportDto {
  return { filters: filtersDto(report.filters), rows: report.rows, total: report.total };
}

export function toEvaluationReportDto(report: EvaluationReport): EvaluationReportDto {
  return {
    filters: filtersDto(report.filters),
    evaluations: report.evaluations,
    likert: report.likert,
    freeText: report.freeText.map((question) => ({
      ...question,
      answers: question.answers.map((answer) => ({
        ...answer,
        submittedAt: answer.submittedAt.toISOString(),
      })),
    })),
  };
}

export function toLearningGainReportDto(report: LearningGainReport): LearningGainReportDto {
  return { filters: filtersDto(report.filters), rows: report.rows, total: report.total };
}

export function toTranscriptReportDto(transcript: LearnerTranscript): TranscriptReportDto {
  return {
    filters: filtersDto(transcript.filters),
    learner: transcript.learner,
    items: transcript.items.map((item) => ({
      ...item,
      issuedAt: item.issuedAt.toISOString(),
      expiresAt: item.expiresAt ? item.expiresAt.toISOString() : null,
    })),
    totals: transcript.totals,
  };
}

export function toParsFileDto(file: ParsFile): ParsFileDto {
  return {
    filters: filtersDto(file.filters),
    template: file.template,
    columns: [...file.columns],
    rows: file.rows,
    courseVersionIds: file.courseVersionIds,
    missingActivityIds: file.missingActivityIds,
  };
}

export function toAccmeActivityDto(activity: AccmeActivity): AccmeActivityDto {
  return { ...activity, recordedAt: activity.recordedAt.toISOString() };
}
