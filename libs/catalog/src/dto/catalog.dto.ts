import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '@academy/core';
import {
  CREDIT_TYPES,
  CreditDesignationDto,
  DisclosureDto,
  LicensureTopicDto,
  MocCreditDto,
  ReferenceDto,
} from '../content/course-content';
import type { CreditType, ModuleKind, PersonRole } from '../content/course-content';
import type { CatalogRow } from '../courses/course.repository';

export class CatalogQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Words of the title or a topic', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @IsOptional()
  @IsIn(CREDIT_TYPES, { message: `creditType must be one of ${CREDIT_TYPES.join(', ')}` })
  creditType?: CreditType;

  /** Only courses with (true) or without (false) a hands-on skills lab */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'hasSkillsLab must be true or false' })
  hasSkillsLab?: boolean;
}

export class CatalogModuleDto {
  kind!: ModuleKind;

  title!: string;
}

/** What names a course wherever it is listed or shown. */
export class CourseHeadingDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  slug!: string;

  title!: string;

  summary!: string;

  topics!: string[];
}

export class CatalogItemDto extends CourseHeadingDto {
  modules!: CatalogModuleDto[];

  credits!: CreditDesignationDto[];

  skillsLabRequired!: boolean;

  /** Published version number */
  version!: number;
}

export class CatalogPageDto {
  items!: CatalogItemDto[];

  total!: number;
}

export class LessonSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  title!: string;
}

export class CourseModuleDetailDto extends CatalogModuleDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  objectives!: string[];

  estimatedMinutes!: number;

  newOrEvolving!: boolean;

  references!: ReferenceDto[];

  lessons!: LessonSummaryDto[];
}

export class PersonPublicDto {
  name!: string;

  credentials!: string;

  role!: PersonRole;

  disclosure!: DisclosureDto;
}

export class CourseDetailDto extends CourseHeadingDto {
  targetAudience!: string;

  version!: number;

  /** SHA-256 of everything a learner sees of this version */
  contentHash!: string;

  publishedAt!: string;

  releaseDate!: string | null;

  expiryDate!: string | null;

  passingScore!: number;

  skillsLabRequired!: boolean;

  accreditationStatement!: string;

  designationStatement!: string;

  credits!: CreditDesignationDto[];

  /** Maintenance of Certification points per certifying board (empty when none) */
  moc!: MocCreditDto[];

  /** State licensure CME topics the course meets (empty when none) */
  licensureTopics!: LicensureTopicDto[];

  people!: PersonPublicDto[];

  modules!: CourseModuleDetailDto[];
}

export function toCatalogItemDto(row: CatalogRow): CatalogItemDto {
  return {
    id: row.courseId,
    slug: row.slug,
    title: row.content.title,
    summary: row.content.summary,
    topics: row.content.topics,
    modules: row.content.modules.map((module) => ({ kind: module.kind, title: module.title })),
    credits: row.content.credits.map((credit) => ({ type: credit.type, max: credit.max })),
    skillsLabRequired: row.content.skillsLabRequired,
    version: row.number,
  };
}

export function toCourseDetailDto(row: CatalogRow): CourseDetailDto {
  const { content } = row;
  return {
    id: row.courseId,
    slug: row.slug,
    title: content.title,
    summary: content.summary,
    topics: content.topics,
    targetAudience: content.targetAudience,
    version: row.number,
    contentHash: row.contentHash,
    publishedAt: row.publishedAt.toISOString(),
    releaseDate: content.releaseDate ?? null,
    expiryDate: content.expiryDate ?? null,
    passingScore: content.passingScore,
    skillsLabRequired: content.skillsLabRequired,
    accreditationStatement: content.accreditationStatement,
    designationStatement: content.designationStatement ?? '',
    credits: content.credits,
    moc: content.moc ?? [],
    licensureTopics: content.licensureTopics ?? [],
    people: content.people.map(({ name, credentials, role, disclosure }) => ({
      name,
      credentials,
      role,
      disclosure,
    })),
    modules: content.modules.map((module) => ({
      id: module.id,
      kind: module.kind,
      title: module.title,
      objectives: module.objectives,
      estimatedMinutes: module.estimatedMinutes,
      newOrEvolving: module.newOrEvolving,
      references: module.references,
      lessons: module.lessons.map((lesson) => ({ id: lesson.id, title: lesson.title })),
    })),
  };
}
