import { TextProperty, ListProperty, SLUG_PATTERN } from '@academy/core';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { LINT_RULE_IDS } from './item-lint';
import type { LintRule } from './item-lint';

/**
 * Everything a learner sees of one course version, as one document. A published version's
 * document never changes; its SHA-256 (over the canonical JSON) is the version's content hash.
 */

export const MODULE_KINDS = ['anatomy', 'extraction', 'processing', 'injection', 'other'] as const;
export type ModuleKind = (typeof MODULE_KINDS)[number];

export const CREDIT_TYPES = [
  'AMA PRA Category 1 Credit™',
  'AOA Category 1-A',
  'ANCC contact hours',
  'AAPA Category 1 CME',
  'Certificate of participation',
] as const;
export type CreditType = (typeof CREDIT_TYPES)[number];

export const EVIDENCE_LEVELS = ['I', 'II', 'III', 'IV', 'V', 'expert opinion'] as const;
export type EvidenceLevel = (typeof EVIDENCE_LEVELS)[number];

/** How the designation statement names the activity (the AMA's learning formats this academy offers). */
export const ACTIVITY_FORMATS = ['enduring material', 'live activity'] as const;
export type ActivityFormat = (typeof ACTIVITY_FORMATS)[number];

export const PERSON_ROLES = ['faculty', 'planner', 'reviewer'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

export class ReferenceDto {
  @ApiProperty({
    maxLength: 500,
    example: 'Hernigou P, et al. Bone marrow aspiration: the iliac crest. 2014.',
  })
  @IsString()
  @Length(1, 500)
  citation!: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true }, { message: 'url must be an http(s) URL' })
  @MaxLength(500)
  url?: string;

  @IsIn(EVIDENCE_LEVELS, { message: `evidenceLevel must be one of ${EVIDENCE_LEVELS.join(', ')}` })
  evidenceLevel!: EvidenceLevel;
}

/** An uploaded image shown in a lesson, always with its text alternative. */
export class FigureDto {
  @ApiProperty({ format: 'uuid', description: 'The stored image (from the figure upload)' })
  @IsUUID()
  mediaId!: string;

  @TextProperty({ min: 1, max: 500, description: 'What the image shows, for readers who cannot see it' })
  alt!: string;

  @TextProperty({ max: 1000, optional: true })
  caption?: string;

  @ApiProperty({ minimum: 1, maximum: 20000 })
  @IsInt()
  @Min(1)
  @Max(20000)
  width!: number;

  @ApiProperty({ minimum: 1, maximum: 20000 })
  @IsInt()
  @Min(1)
  @Max(20000)
  height!: number;
}

/** A lesson's video: an uploaded file or a link to an allowed host, always with WebVTT captions. */
export class LessonVideoDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The stored video file (MP4 or WebM)' })
  @IsOptional()
  @IsUUID()
  videoId?: string;

  @ApiPropertyOptional({ enum: ['video/mp4', 'video/webm'] })
  @IsOptional()
  @IsIn(['video/mp4', 'video/webm'])
  contentType?: string;

  /** How long the stored video plays, in seconds */
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 3 })
  @Min(0.001)
  @Max(86400)
  durationSeconds?: number;

  @ApiPropertyOptional({ maxLength: 500, description: 'An embed address on an allowed host' })
  @IsOptional()
  @IsUrl({ protocols: ['https'], require_protocol: true }, { message: 'embedUrl must be an https URL' })
  @MaxLength(500)
  embedUrl?: string;

  @ApiProperty({ format: 'uuid', description: 'The stored WebVTT captions' })
  @IsUUID()
  captionsId!: string;

  @TextProperty({ min: 1, max: 200, description: 'The video’s title, for its player' })
  title!: string;
}

export class LessonDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id!: string;

  @TextProperty({ min: 1, max: 200 })
  title!: string;

  @TextProperty({ max: 100_000, description: 'Markdown; rendered to sanitised HTML' })
  markdown!: string;

  @ApiPropertyOptional({ maxLength: 500, description: 'Optional video link (https)' })
  @IsOptional()
  @IsUrl({ protocols: ['https'], require_protocol: true }, { message: 'videoUrl must be an https URL' })
  @MaxLength(500)
  videoUrl?: string;

  @ListProperty(FigureDto, { max: 20, optional: true })
  figures?: FigureDto[];

  @IsOptional()
  @ValidateNested()
  @Type(() => LessonVideoDto)
  video?: LessonVideoDto;
}

/** An author's reason for keeping an item-writing warning (e.g. a negative stem that must stay negative). */
export class LintNoteDto {
  @ApiProperty({ enum: LINT_RULE_IDS, description: 'The linter rule the warning is of' })
  @IsIn(LINT_RULE_IDS, { message: `rule must be one of ${LINT_RULE_IDS.join(', ')}` })
  rule!: LintRule;

  @TextProperty({ min: 1, max: 2000, description: 'Why the warning is kept' })
  explanation!: string;
}

export const REVIEW_POLICIES = ['score_only', 'score_and_wrong', 'full'] as const;
export type ReviewPolicy = (typeof REVIEW_POLICIES)[number];

/** How a module's quiz runs; the passing score is the course's. Questions live in the module's bank. */
export class QuizSettingsDto {
  @ApiProperty({
    minimum: 1,
    maximum: 100,
    example: 8,
    description: 'Questions drawn from the bank per attempt',
  })
  @IsInt()
  @Min(1)
  @Max(100)
  questionCount!: number;

  @ApiProperty({ minimum: 1, maximum: 50, example: 3 })
  @IsInt()
  @Min(1)
  @Max(50)
  attemptsLimit!: number;

  @ApiProperty({ minimum: 0, maximum: 10080, example: 60, description: 'Minutes to wait between attempts' })
  @IsInt()
  @Min(0)
  @Max(10080)
  retryDelayMinutes!: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 600, description: 'Time limit in minutes; none when absent' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(600)
  timeLimitMinutes?: number;

  /** What a learner sees after an attempt that neither passes nor is the last */
  @IsIn(REVIEW_POLICIES, { message: `reviewPolicy must be one of ${REVIEW_POLICIES.join(', ')}` })
  reviewPolicy!: ReviewPolicy;

  /** Partial credit on all-that-apply questions */
  @IsBoolean()
  partialCredit!: boolean;

  /** Draw only questions carrying one of these tags */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Length(1, 40, { each: true })
  tags?: string[];
}

/**
 * An ungraded test before the course, for measuring learning gain: drawn by objective from its own
 * pool of questions (from every module's bank while it has none).
 */
export class PretestSettingsDto {
  @ApiProperty({ minimum: 1, maximum: 100, example: 10 })
  @IsInt()
  @Min(1)
  @Max(100)
  questionCount!: number;

  @ListProperty(LintNoteDto, {
    max: 20,
    optional: true,
    description: 'Why warnings about the pre-test pool as a whole are kept',
  })
  lintNotes?: LintNoteDto[];
}

export class ModuleDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id!: string;

  @IsIn(MODULE_KINDS, { message: `kind must be one of ${MODULE_KINDS.join(', ')}` })
  kind!: ModuleKind;

  @TextProperty({ min: 1, max: 200 })
  title!: string;

  @ApiProperty({ type: [String], maxItems: 20 })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 500, { each: true })
  objectives!: string[];

  @ApiProperty({ minimum: 0, maximum: 6000 })
  @IsInt()
  @Min(0)
  @Max(6000)
  estimatedMinutes!: number;

  /** New or evolving topic (ACCME Standard 1) */
  @IsBoolean()
  newOrEvolving!: boolean;

  @ListProperty(ReferenceDto, { max: 50 })
  references!: ReferenceDto[];

  @ListProperty(LessonDto, { max: 50 })
  lessons!: LessonDto[];

  /** The module quiz; required to publish */
  @IsOptional()
  @ValidateNested()
  @Type(() => QuizSettingsDto)
  quiz?: QuizSettingsDto;

  @ListProperty(LintNoteDto, {
    max: 20,
    optional: true,
    description: 'Why warnings about the module’s question bank as a whole are kept',
  })
  lintNotes?: LintNoteDto[];
}

export class CreditDesignationDto {
  @IsIn(CREDIT_TYPES, { message: `type must be one of ${CREDIT_TYPES.join(', ')}` })
  type!: CreditType;

  @ApiProperty({ example: 4.25, description: 'Maximum credit, in steps of 0.25' })
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0.25)
  @Max(500)
  max!: number;
}

export class FinancialRelationshipDto {
  @TextProperty({ min: 1, max: 200, example: 'Acme Biologics' })
  company!: string;

  @TextProperty({ min: 1, max: 200, example: 'Consulting fees' })
  nature!: string;

  @ApiPropertyOptional({
    example: '2025-12-31',
    description:
      'When the relationship ended; absent while it goes on. Only relationships of the 24 months before the disclosure are disclosed.',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'endedOn must be a date (YYYY-MM-DD)' })
  endedOn?: string;

  /**
   * Relevant to the content (the company’s products relate to what is taught); relevant relationships need
   * mitigation before publishing. Absent means relevant.
   */
  @IsOptional()
  @IsBoolean()
  relevant?: boolean;
}

export class DisclosureDto {
  @ApiProperty({ example: '2026-05-01', description: 'When the person disclosed (must be within 24 months)' })
  @IsISO8601({ strict: true }, { message: 'disclosedOn must be a date (YYYY-MM-DD)' })
  disclosedOn!: string;

  /** Empty when the person has none */
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => FinancialRelationshipDto)
  relationships!: FinancialRelationshipDto[];

  @TextProperty({ max: 2000, optional: true, description: 'How relevant relationships were mitigated' })
  mitigation?: string;
}

export class PersonDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id!: string;

  @TextProperty({ min: 1, max: 200 })
  name!: string;

  @TextProperty({ max: 200, example: 'MD, PhD' })
  credentials!: string;

  @IsIn(PERSON_ROLES, { message: `role must be one of ${PERSON_ROLES.join(', ')}` })
  role!: PersonRole;

  @ValidateNested()
  @Type(() => DisclosureDto)
  disclosure!: DisclosureDto;
}

export class MocCreditDto {
  @ApiProperty({
    example: 'ABIM',
    description: 'The certifying board (its code in PARS); one the academy reports to',
  })
  @IsString({ message: 'board must be a certifying board’s code, such as ABIM' })
  @Length(2, 10, { message: 'board must be a certifying board’s code, such as ABIM' })
  board!: string;

  @ApiProperty({
    example: 6,
    description: 'MOC points, in steps of 0.25, never above the AMA PRA Category 1 Credits™ designated',
  })
  @IsNumber({ maxDecimalPlaces: 2 }, { message: 'points must be a number of MOC points, such as 6 or 1.25' })
  @Min(0.25, { message: 'points must be at least 0.25' })
  @Max(500, { message: 'points must be at most 500' })
  points!: number;

  @ApiProperty({
    type: [String],
    example: ['MK'],
    description: 'The board’s MOC credit types the activity is registered for',
  })
  @IsArray()
  @ArrayMinSize(1, { message: 'types must name at least one of the board’s MOC credit types' })
  @ArrayMaxSize(5)
  @IsString({ each: true })
  @Length(1, 10, { each: true })
  types!: string[];
}

export class LicensureTopicDto {
  @ApiProperty({
    example: 'TX',
    description: 'The state or territory (USPS code) whose licensing board requires the topic',
  })
  @IsString()
  @Length(2, 2, { message: 'jurisdiction must be a two-letter state code, such as TX' })
  jurisdiction!: string;

  @TextProperty({ min: 1, max: 200, example: 'Pain management and the prescribing of controlled substances' })
  topic!: string;
}

export class CourseContentDto {
  @TextProperty({ min: 1, max: 200 })
  title!: string;

  @TextProperty({ max: 2000 })
  summary!: string;

  @ApiProperty({ type: [String], maxItems: 20, description: 'Topics for search' })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 80, { each: true })
  topics!: string[];

  @TextProperty({ max: 1000 })
  targetAudience!: string;

  @ApiPropertyOptional({
    type: [String],
    maxItems: 20,
    description: 'What the whole course sets out to achieve; each module states its own objectives',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 500, { each: true })
  objectives?: string[];

  @TextProperty({ max: 4000 })
  accreditationStatement!: string;

  @TextProperty({
    max: 4000,
    optional: true,
    description:
      'Written by the academy from the credits designated, the activity format and the provider’s name; a draft accepts only that text or none, and publishing stamps it into the version',
  })
  designationStatement?: string;

  /** How the designation statement names the activity (default enduring material) */
  @IsOptional()
  @IsIn(ACTIVITY_FORMATS, { message: `activityFormat must be one of ${ACTIVITY_FORMATS.join(', ')}` })
  activityFormat?: ActivityFormat;

  @ApiPropertyOptional({ example: '2026-09-01' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'releaseDate must be a date (YYYY-MM-DD)' })
  releaseDate?: string;

  @ApiPropertyOptional({ example: '2029-08-31', description: 'At most three years after release' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'expiryDate must be a date (YYYY-MM-DD)' })
  expiryDate?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 120,
    example: 36,
    description:
      'Certificates expire this many months after issue (e.g. to require re-training); none = no expiry',
  })
  @IsOptional()
  @IsInt({ message: 'certificateValidityMonths must be a whole number of months from 1 to 120' })
  @Min(1, { message: 'certificateValidityMonths must be a whole number of months from 1 to 120' })
  @Max(120, { message: 'certificateValidityMonths must be a whole number of months from 1 to 120' })
  certificateValidityMonths?: number;

  @ApiPropertyOptional({
    example: 'bone-marrow-harvesting-recertification',
    maxLength: 100,
    description:
      'The address (slug) of the course whose completion renews this version’s certificates (another course; needs certificateValidityMonths). Holders are reminded to take it 90, 60 and 30 days before expiry',
  })
  @IsOptional()
  @IsString({ message: 'recertificationCourse must be the address (slug) of another course' })
  @MaxLength(100, { message: 'recertificationCourse must be at most 100 characters' })
  @Matches(SLUG_PATTERN, {
    message:
      'recertificationCourse must be the address (slug) of another course: lower-case words joined by hyphens',
  })
  recertificationCourse?: string;

  @ApiProperty({ minimum: 1, maximum: 100, example: 80, description: 'Minimum score (%) to pass' })
  @IsInt()
  @Min(1)
  @Max(100)
  passingScore!: number;

  @IsBoolean()
  skillsLabRequired!: boolean;

  /** An ungraded pre-test, taken once */
  @IsOptional()
  @ValidateNested()
  @Type(() => PretestSettingsDto)
  pretest?: PretestSettingsDto;

  /** Module N+1 opens only once module N’s quiz is passed (default true) */
  @IsOptional()
  @IsBoolean()
  moduleGating?: boolean;

  @ListProperty(CreditDesignationDto, { max: 10 })
  credits!: CreditDesignationDto[];

  @TextProperty({
    min: 1,
    max: 4000,
    optional: true,
    description:
      'Why the credit designated may exceed the content time estimate (e.g. a timed pilot: who, how many, the median time); required to publish a designation above the estimate',
  })
  creditJustification?: string;

  @ListProperty(MocCreditDto, {
    max: 10,
    optional: true,
    description: 'Maintenance of Certification points per certifying board, reported through PARS',
  })
  moc?: MocCreditDto[];

  @ListProperty(LicensureTopicDto, {
    max: 50,
    optional: true,
    description: 'State licensure CME topics the course meets',
  })
  licensureTopics?: LicensureTopicDto[];

  @ListProperty(PersonDto, { max: 50, description: 'Faculty, planners and reviewers with disclosures' })
  people!: PersonDto[];

  @ListProperty(ModuleDto, { max: 30 })
  modules!: ModuleDto[];
}

/** The JSON document a course version exports to and imports from. */
export const COURSE_DOCUMENT_FORMAT = 'regen-academy/course@1';
