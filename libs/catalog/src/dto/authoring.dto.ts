import { ApiProperty, OmitType, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CourseContentDto, PersonDto } from '../content/course-content';
import { SLUG_PATTERN } from '../content/course-document';
import { CourseHeadingDto } from './catalog.dto';
import type { ContentChange } from '../content/content-diff';
import type { CourseVersionEntity, VersionStatus } from '../courses/course-version.entity';
import type { CourseOverviewRow } from '../courses/course.repository';
import type { QuestionBankChange } from '../content/course-bank';
import { Trimmed } from '@academy/core';

export class CreateCourseDto {
  @ApiProperty({
    example: 'bone-marrow-harvesting',
    description: 'Address of the course page',
    maxLength: 100,
  })
  @Trimmed()
  @IsString({ message: 'slug must be text' })
  @MaxLength(100, { message: 'slug must be at most 100 characters' })
  @Matches(SLUG_PATTERN, {
    message: 'slug must be lower-case words joined by hyphens, e.g. bone-marrow-harvesting',
  })
  slug!: string;

  @ApiProperty({ maxLength: 200 })
  @Trimmed()
  @IsString({ message: 'title must be text' })
  @Length(1, 200, { message: 'title must be 1 to 200 characters' })
  title!: string;
}

export class RevisionDto {
  /** The draft revision this change was based on */
  @Type(() => Number)
  @IsInt({ message: 'revision must be a whole number' })
  @Min(1)
  @Max(2_147_483_647)
  revision!: number;
}

/** A person in control of content, with their disclosure, as the draft will list them. */
export class PersonDetailsDto extends OmitType(PersonDto, ['id'] as const) {}

export class PersonChangeDto extends RevisionDto {
  @ValidateNested()
  @Type(() => PersonDetailsDto)
  person!: PersonDetailsDto;
}

export class SaveDraftDto extends RevisionDto {
  @ValidateNested()
  @Type(() => CourseContentDto)
  content!: CourseContentDto;
}

export class CourseOverviewDto extends PickType(CourseHeadingDto, ['id', 'slug', 'title']) {
  draftVersion!: number | null;

  publishedVersion!: number | null;

  publishedAt!: string | null;
}

export class CourseOverviewListDto {
  items!: CourseOverviewDto[];

  total!: number;
}

export class VersionSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  courseId!: string;

  number!: number;

  status!: VersionStatus;

  revision!: number;

  title!: string;

  contentHash!: string | null;

  updatedAt!: string;

  publishedAt!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date-time',
    description:
      'When a version published with a release date still ahead opens to new enrolments (the start of that day in the academy’s zone); null for one that opened on publishing',
  })
  opensAt!: string | null;
}

export class VersionDto extends VersionSummaryDto {
  content!: CourseContentDto;
}

export class VersionHistoryDto {
  items!: VersionSummaryDto[];
}

export class UnmetRuleDto {
  @ApiProperty({ example: 'disclosures' })
  rule!: string;

  message!: string;
}

/** The content time estimate at the stated rates, beside which the credit designated is checked. */
export class ContentEstimateDto {
  @ApiProperty({ description: 'Minutes the content takes at the stated rates' })
  minutes!: number;

  @ApiProperty({ example: 1.5, description: 'The most credit it supports: hours, rounded down to 0.25' })
  supportedCredit!: number;

  @ApiProperty({ description: 'Lesson words (read at 180 a minute)' })
  words!: number;

  @ApiProperty({ description: 'Questions served in one pass (1.5 minutes each)' })
  questions!: number;

  @ApiProperty({ description: 'Seconds of video with a known length' })
  videoSeconds!: number;

  @ApiProperty({ description: 'Figures (half a minute each)' })
  figures!: number;

  @ApiProperty({ description: 'Videos of unknown length, left out' })
  videosWithoutLength!: number;
}

export class BankLintSummaryDto {
  @ApiProperty({ example: 'Module 2 (Extraction)' })
  place!: string;

  @ApiProperty({
    format: 'uuid',
    description: 'The module, or 00000000-0000-4000-8000-000000000000 for the pre-test pool',
  })
  bankId!: string;

  @ApiProperty()
  items!: number;

  @ApiProperty()
  warnings!: number;

  @ApiProperty({ description: 'Warnings without a recorded explanation' })
  unexplained!: number;
}

export class LintSummaryDto {
  @ApiProperty()
  warnings!: number;

  @ApiProperty()
  unexplained!: number;

  @ApiProperty({ type: [BankLintSummaryDto] })
  banks!: BankLintSummaryDto[];
}

export class ChecklistDto {
  revision!: number;

  ready!: boolean;

  unmet!: UnmetRuleDto[];

  @ApiProperty({ type: ContentEstimateDto })
  estimate!: ContentEstimateDto;

  @ApiProperty({
    type: LintSummaryDto,
    description: 'The item-writing linter over every bank; warnings never stop a publication',
  })
  lint!: LintSummaryDto;
}

export class ContentChangeDto {
  change!: ContentChange['change'];

  path!: string;

  before?: string;

  after?: string;
}

export class QuestionChangeDto {
  change!: QuestionBankChange['change'];

  /** The module’s title */
  module!: string;

  /** The question’s text (the replacement’s, for a replacement) */
  question!: string;

  /** The earlier text, or the text of the question replaced */
  before?: string;

  /** What an edit changed, e.g. "the correct answer" */
  detail?: string;
}

export class DiffDto {
  from!: number;

  to!: number;

  changes!: ContentChangeDto[];

  /** Changes to the modules’ question banks */
  questionChanges!: QuestionChangeDto[];
}

export function toVersionSummaryDto(version: CourseVersionEntity): VersionSummaryDto {
  return {
    id: version.id,
    courseId: version.courseId,
    number: version.number,
    status: version.status,
    revision: version.revision,
    title: version.title,
    contentHash: version.contentHash,
    updatedAt: version.updatedAt.toISOString(),
    publishedAt: version.publishedAt?.toISOString() ?? null,
    opensAt: version.opensAt?.toISOString() ?? null,
  };
}

export function toVersionDto(version: CourseVersionEntity): VersionDto {
  return { ...toVersionSummaryDto(version), content: version.content };
}

export function toCourseOverviewDto(row: CourseOverviewRow): CourseOverviewDto {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    draftVersion: row.draftNumber,
    publishedVersion: row.publishedNumber,
    publishedAt: row.publishedAt?.toISOString() ?? null,
  };
}
