import { applyDecorators } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { Trimmed } from '@academy/core';
import { ACTIVITY_FORMATS, MODULE_KINDS, PERSON_ROLES, REVIEW_POLICIES } from '../content/course-content';
import type { ActivityFormat, ModuleKind, PersonRole, ReviewPolicy } from '../content/course-content';
import { RevisionDto } from './authoring.dto';

/*
 * The authoring pages' forms, parsed like the API's bodies (`parseForm`): each says what its
 * fields are (text, a whole number, a date, a ticked box). What the course document allows
 * (lengths, ranges, the rules of accreditation) is checked on the draft the form changes, by the
 * same rules as an API save, so the two cannot drift.
 */

const CHECKED = ['on'] as const;
/** Bounds what a text field may carry; the document's own rules are tighter. */
const TEXT_MAX = 100_000;

const Text = (): PropertyDecorator =>
  applyDecorators(
    Trimmed(),
    IsOptional(),
    IsString({ message: '$property must be text' }),
    MaxLength(TEXT_MAX),
  );

const WholeNumber = (options: { optional?: boolean } = {}): PropertyDecorator =>
  applyDecorators(
    ...(options.optional ? [IsOptional()] : []),
    Type(() => Number),
    IsInt({ message: '$property must be a whole number' }),
    Min(0, { message: '$property must be 0 or more' }),
    Max(1_000_000),
  );

const Checkbox = (): PropertyDecorator => applyDecorators(IsOptional(), IsIn(CHECKED));

const Amount = (): PropertyDecorator =>
  applyDecorators(
    IsOptional(),
    Type(() => Number),
    IsNumber({}, { message: '$property must be a number' }),
    Min(0, { message: '$property must be 0 or more' }),
    Max(1000),
  );

/** Text of one item per line, without blank lines. */
export function linesOf(value: string | undefined): string[] {
  return (value ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** Text of comma-separated items, without blank ones. */
export function listOf(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export class CourseDetailsFormDto extends RevisionDto {
  @Text() title?: string;
  @Text() summary?: string;
  /** Comma-separated. */
  @Text() topics?: string;
  @Text() targetAudience?: string;
  /** One per line. */
  @Text() objectives?: string;
  @Text() accreditationStatement?: string;
  @IsOptional()
  @IsIn(ACTIVITY_FORMATS, { message: `activityFormat must be one of ${ACTIVITY_FORMATS.join(', ')}` })
  activityFormat?: ActivityFormat;
  @IsOptional() @IsISO8601({ strict: true }, { message: 'releaseDate must be a date' }) releaseDate?: string;
  @IsOptional() @IsISO8601({ strict: true }, { message: 'expiryDate must be a date' }) expiryDate?: string;
  @WholeNumber() passingScore!: number;
  @Checkbox() skillsLabRequired?: 'on';
  @Checkbox() moduleGating?: 'on';
  /** The most credit of each type in `CREDIT_TYPES`, by its place there; empty = not offered. */
  @Amount() credit0?: number;
  @Amount() credit1?: number;
  @Amount() credit2?: number;
  @Amount() credit3?: number;
  @Amount() credit4?: number;
}

/** The most relationship rows a person's form carries. */
export const RELATIONSHIP_ROWS_MAX = 50;

/** A field repeated once per row of a form: one value arrives as text, several as a list. */
const Rows = (): PropertyDecorator =>
  applyDecorators(
    IsOptional(),
    Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? (value as unknown[]) : [value])),
    IsArray(),
    ArrayMaxSize(RELATIONSHIP_ROWS_MAX),
    IsString({ each: true, message: '$property must be text' }),
    MaxLength(1000, { each: true }),
  );

/**
 * A person and their disclosure. Relationships come as rows (company, nature, end date, relevant
 * or not); a row without a company is an empty row and is left out.
 */
export class PersonFormDto extends RevisionDto {
  @Text() name?: string;
  @Text() credentials?: string;
  @IsIn(PERSON_ROLES, { message: `role must be one of ${PERSON_ROLES.join(', ')}` }) role!: PersonRole;
  @IsOptional() @IsISO8601({ strict: true }, { message: 'disclosedOn must be a date' }) disclosedOn?: string;
  @Rows() company?: string[];
  @Rows() nature?: string[];
  @Rows() endedOn?: string[];
  @Rows() relevant?: string[];
  @Text() mitigation?: string;
}

/**
 * A version's MOC points and licensure topics. One row per board the academy reports to: its
 * code (hidden), its points (empty = no MOC with it) and its ticked types, each `BOARD:TYPE`.
 * Licensure topics come as rows of state and topic; a row without a topic is left out.
 */
export class MocFormDto extends RevisionDto {
  @Rows() board?: string[];
  @Rows() points?: string[];
  @Rows() types?: string[];
  @Rows() jurisdiction?: string[];
  @Rows() topic?: string[];
}

export class NewModuleFormDto extends RevisionDto {
  @IsIn(MODULE_KINDS, { message: `kind must be one of ${MODULE_KINDS.join(', ')}` }) kind!: ModuleKind;
  @Text() title?: string;
}

export class ModuleFormDto extends NewModuleFormDto {
  /** One per line. */
  @Text() objectives?: string;
  @WholeNumber() estimatedMinutes!: number;
  @Checkbox() newOrEvolving?: 'on';
  @WholeNumber() questionCount!: number;
  @WholeNumber() attemptsLimit!: number;
  @WholeNumber() retryDelayMinutes!: number;
  @WholeNumber({ optional: true }) timeLimitMinutes?: number;
  @IsIn(REVIEW_POLICIES, { message: 'reviewPolicy must be one of the choices' })
  reviewPolicy!: ReviewPolicy;
  @Checkbox() partialCredit?: 'on';
  /** Comma-separated. */
  @Text() quizTags?: string;
  /** One "level | citation | url" per line. */
  @Text() references?: string;
}

export class NewLessonFormDto extends RevisionDto {
  @Text() title?: string;
}

export class LessonFormDto extends NewLessonFormDto {
  /** Markdown, kept as typed but for line ends. */
  @IsOptional() @IsString({ message: 'markdown must be text' }) @MaxLength(TEXT_MAX) markdown?: string;
  /** Ticked to drop an old video link (no captions); videos are added in the Video section. */
  @Checkbox() removeVideoLink?: 'on';
  @IsOptional() @IsIn(['save', 'preview']) action?: 'save' | 'preview';
}

export class ArrangeFormDto extends RevisionDto {
  @IsIn(['up', 'down', 'remove'], { message: 'Choose up, down or remove.' }) action!:
    'up' | 'down' | 'remove';
}

export class ImageFormDto extends RevisionDto {
  @Trimmed()
  @IsString({ message: 'Describe what the image shows (its alt text), for readers who cannot see it.' })
  @MinLength(1, { message: 'Describe what the image shows (its alt text), for readers who cannot see it.' })
  @MaxLength(200, { message: 'Keep the description to 200 characters.' })
  alt!: string;
}

/** The reason the credit designated may exceed the content time estimate (empty: none recorded). */
export class CreditJustificationFormDto extends RevisionDto {
  @Text() creditJustification?: string;
}
