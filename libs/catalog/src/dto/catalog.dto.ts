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
  MODULE_KINDS,
  PERSON_ROLES,
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

  @ApiPropertyOptional({ enum: CREDIT_TYPES })
  @IsOptional()
  @IsIn(CREDIT_TYPES, { message: `creditType must be one of ${CREDIT_TYPES.join(', ')}` })
  creditType?: CreditType;

  @ApiPropertyOptional({
    type: Boolean,
    description: 'Only courses with (true) or without (false) a hands-on skills lab',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'hasSkillsLab must be true or false' })
  hasSkillsLab?: boolean;
}

export class CatalogModuleDto {
  @ApiProperty({ enum: MODULE_KINDS })
  kind!: ModuleKind;

  @ApiProperty()
  title!: string;
}

/** What names a course wherever it is listed or shown. */
export class CourseHeadingDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  slug!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty()
  summary!: string;

  @ApiProperty({ type: [String] })
  topics!: string[];
}

export class CatalogItemDto extends CourseHeadingDto {
  @ApiProperty({ type: [CatalogModuleDto] })
  modules!: CatalogModuleDto[];

  @ApiProperty({ type: [CreditDesignationDto] })
  credits!: CreditDesignationDto[];

  @ApiProperty()
  skillsLabRequired!: boolean;

  @ApiProperty({ description: 'Published version number' })
  version!: number;
}

export class CatalogPageDto {
  @ApiProperty({ type: [CatalogItemDto] })
  items!: CatalogItemDto[];

  @ApiProperty()
  total!: number;
}

export class LessonSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  title!: string;
}

export class CourseModuleDetailDto extends CatalogModuleDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: [String] })
  objectives!: string[];

  @ApiProperty()
  estimatedMinutes!: number;

  @ApiProperty()
  newOrEvolving!: boolean;

  @ApiProperty({ type: [ReferenceDto] })
  references!: ReferenceDto[];

  @ApiProperty({ type: [LessonSummaryDto] })
  lessons!: LessonSummaryDto[];
}

export class PersonPublicDto {
  @ApiProperty()
  name!: string;

  @ApiProperty()
  credentials!: string;

  @ApiProperty({ enum: PERSON_ROLES })
  role!: PersonRole;

  @ApiProperty({ type: DisclosureDto })
  disclosure!: DisclosureDto;
}

export class CourseDetailDto extends CourseHeadingDto {
  @ApiProperty()
  targetAudience!: string;

  @ApiProperty()
  version!: number;

  @ApiProperty({ description: 'SHA-256 of everything a learner sees of this version' })
  contentHash!: string;

  @ApiProperty()
  publishedAt!: string;

  @ApiProperty({ nullable: true })
  releaseDate!: string | null;

  @ApiProperty({ nullable: true })
  expiryDate!: string | null;

  @ApiProperty()
  passingScore!: number;

  @ApiProperty()
  skillsLabRequired!: boolean;

  @ApiProperty()
  accreditationStatement!: string;

  @ApiProperty()
  designationStatement!: string;

  @ApiProperty({ type: [CreditDesignationDto] })
  credits!: CreditDesignationDto[];

  @ApiProperty({
    type: [MocCreditDto],
    description: 'Maintenance of Certification points per certifying board (empty when none)',
  })
  moc!: MocCreditDto[];

  @ApiProperty({
    type: [LicensureTopicDto],
    description: 'State licensure CME topics the course meets (empty when none)',
  })
  licensureTopics!: LicensureTopicDto[];

  @ApiProperty({ type: [PersonPublicDto] })
  people!: PersonPublicDto[];

  @ApiProperty({ type: [CourseModuleDetailDto] })
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
