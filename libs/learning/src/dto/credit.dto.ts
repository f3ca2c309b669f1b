import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  Matches,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Trimmed } from '@academy/core';

// One rule per answer (a Likert choice), so a missing answer is one problem, not three.
const LIKERT = [1, 2, 3, 4, 5];

/** The evaluation every learner gives before credit (ACCME: objectives, bias, intended change). */
export class EvaluationDto {
  @ApiProperty({
    minimum: 1,
    maximum: 5,
    description: 'The learning objectives were met (1 disagree … 5 agree)',
  })
  @Type(() => Number)
  @IsIn(LIKERT, { message: 'objectivesMet must be a whole number from 1 to 5' })
  objectivesMet!: number;

  @ApiProperty({ minimum: 1, maximum: 5, description: 'The content was free of commercial bias' })
  @Type(() => Number)
  @IsIn(LIKERT, { message: 'freeOfCommercialBias must be a whole number from 1 to 5' })
  freeOfCommercialBias!: number;

  @ApiProperty({ minimum: 1, maximum: 5, description: 'The content is relevant to my practice' })
  @Type(() => Number)
  @IsIn(LIKERT, { message: 'relevantToPractice must be a whole number from 1 to 5' })
  relevantToPractice!: number;

  @ApiProperty({ maxLength: 2000, description: 'What you intend to change in your practice' })
  @Trimmed()
  // One rule (text of 1 to 2000 characters), so a missing answer is one problem, not three.
  @Matches(/^[\s\S]{1,2000}$/, { message: 'intendedChange must be 1 to 2000 characters of text' })
  intendedChange!: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @Trimmed()
  @IsString({ message: 'comments must be text' })
  @MaxLength(2000, { message: 'comments must be at most 2000 characters' })
  comments?: string;
}

export class ClaimDto {
  @ApiProperty({ example: 'AMA PRA Category 1 Credit™', maxLength: 60 })
  @IsString({ message: 'type must be a credit type' })
  @Length(1, 60)
  type!: string;

  @ApiProperty({ example: 2.5, description: 'In steps of 0.25' })
  @Type(() => Number)
  @IsNumber({ maxDecimalPlaces: 2 }, { message: 'amount must be a number in steps of 0.25' })
  @Min(0.25, { message: 'amount must be at least 0.25' })
  @Max(500)
  amount!: number;
}

export class ClaimsDto {
  @IsArray({ message: 'claims must be a list' })
  @ArrayMinSize(1, { message: 'claims must list at least one credit type' })
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => ClaimDto)
  claims!: ClaimDto[];

  @ApiPropertyOptional({
    type: [String],
    example: ['ABIM'],
    description:
      'The certifying boards to report this completion to (the learner’s consent, given with the first claim); left out, the reporting profile’s standing consent decides',
  })
  @IsOptional()
  @IsArray({ message: 'reportTo must be a list of board codes' })
  @ArrayMaxSize(10)
  @IsString({ each: true, message: 'reportTo must be a list of board codes, such as ABIM' })
  @Length(2, 10, { each: true, message: 'reportTo must be a list of board codes, such as ABIM' })
  reportTo?: string[];
}

export class RequirementDto {
  @ApiProperty({ enum: ['disclosures', 'quizzes', 'evaluation'] })
  key!: string;

  label!: string;

  met!: boolean;
}

export class CreditLineDto {
  type!: string;

  /** Designated maximum */
  max!: number;

  /** What this learner may claim now */
  allowed!: number;

  claimed!: number | null;

  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  claimedAt!: Date | null;
}

/** A board the course awards MOC points with: what would be reported, and the learner's decision. */
export class BoardReportingDto {
  @ApiProperty({ example: 'ABIM', description: 'The certifying board’s code, as PARS takes it' })
  board!: string;

  @ApiProperty({ example: 'American Board of Internal Medicine' })
  boardName!: string;

  @ApiProperty({ example: 6, description: 'MOC points this version awards with the board' })
  points!: number;

  @ApiProperty({
    type: [String],
    example: ['Medical Knowledge'],
    description: 'The MOC credit types, in words',
  })
  types!: string[];

  /** The learner’s ID with the board, from the reporting profile; null when none is recorded */
  boardId!: string | null;

  /** The reporting profile holds standing consent to report to this board */
  profileConsent!: boolean;

  /** Whether this completion is reported to the board, decided at the first claim; null before */
  report!: boolean | null;
}

export class CreditStatusDto {
  courseSlug!: string;

  title!: string;

  requirements!: RequirementDto[];

  canClaim!: boolean;

  /**
   * Recorded study time: lesson and quiz activity and watched video; a pause longer than 30 minutes
   * counts as nothing
   */
  timeOnTaskMinutes!: number;

  credits!: CreditLineDto[];

  evaluationSubmitted!: boolean;

  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  evaluationSubmittedAt!: Date | null;

  /**
   * The boards this version awards MOC points with (among those the academy reports to): what would be
   * reported and whether it will be
   */
  boards!: BoardReportingDto[];

  @ApiProperty({
    nullable: true,
    type: String,
    example: '03/14',
    description:
      'The birth month and day reported with the completion (MM/DD); null until the reporting profile has them',
  })
  reportedBirthDate!: string | null;
}
