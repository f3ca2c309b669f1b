import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  Equals,
  IsArray,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  validate,
  ValidateNested,
} from 'class-validator';
import { FieldValidationException, ListProperty, fieldProblems } from '@academy/core';
import { COURSE_DOCUMENT_FORMAT, CourseContentDto, ModuleDto, PretestSettingsDto } from './course-content';
import type { CourseContent, CourseModule } from './course-content.types';
import { PRETEST_POOL_ID } from './course-bank';
import type { DocumentQuestion } from './course-bank';

/** The most questions one module's bank may bring in a course document. */
export const DOCUMENT_MAX_QUESTIONS = 500;

/**
 * A module as a course document carries it: its content and, in documents exported since banks
 * travel with courses, its question bank (checked question by question by the bank's feature).
 * Absent in older exports: the imported draft keeps the bank its course's previous version had.
 */
export class DocumentModuleDto extends ModuleDto {
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object' },
    maxItems: DOCUMENT_MAX_QUESTIONS,
    description:
      'The module’s question bank (active questions, in bank order): type, prompt, options or items, unit, correct or answer and tolerance, explanation, reference, tags, difficulty. No ids but the choices’.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(DOCUMENT_MAX_QUESTIONS)
  questions?: DocumentQuestion[];
}

/**
 * The pre-test as a course document carries it: its settings and, in documents exported since the
 * pre-test has a pool of its own, that pool. Each question names the module (`module`, 1-based)
 * and the objective of that module (`objective`, 1-based) it measures.
 */
export class DocumentPretestDto extends PretestSettingsDto {
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object' },
    maxItems: DOCUMENT_MAX_QUESTIONS,
    description:
      'The pre-test’s own pool: questions as in a module’s bank, each with `module` (its position in the course) and `objective` (its position in that module’s objectives).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(DOCUMENT_MAX_QUESTIONS)
  questions?: DocumentQuestion[];
}

/** A course's content as a document carries it: modules with their banks, the pre-test with its pool. */
export class DocumentContentDto extends CourseContentDto {
  @ListProperty(DocumentModuleDto, { max: 30 })
  override modules!: DocumentModuleDto[];

  @ApiPropertyOptional({ type: DocumentPretestDto, description: 'An ungraded pre-test, taken once' })
  @IsOptional()
  @ValidateNested()
  @Type(() => DocumentPretestDto)
  override pretest?: DocumentPretestDto;
}

export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** A course version as one portable JSON document: export, import, and the shipped demo courses. */
export class CourseDocumentDto {
  @ApiProperty({ example: COURSE_DOCUMENT_FORMAT })
  @Equals(COURSE_DOCUMENT_FORMAT, { message: `format must be ${COURSE_DOCUMENT_FORMAT}` })
  format!: typeof COURSE_DOCUMENT_FORMAT;

  @ApiProperty({ example: 'bone-marrow-harvesting', maxLength: 100 })
  @IsString()
  @MaxLength(100)
  @Matches(SLUG_PATTERN, { message: 'slug must be lower-case words joined by hyphens' })
  slug!: string;

  @ValidateNested()
  @Type(() => DocumentContentDto)
  content!: DocumentContentDto;
}

/** Validates a document from outside the HTTP pipe (files, seeding) with the same rules. */
export async function parseCourseDocument(raw: unknown): Promise<CourseDocumentDto> {
  const document = plainToInstance(CourseDocumentDto, raw);
  const errors = await validate(document, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    throw new FieldValidationException(fieldProblems(errors));
  }
  return document;
}

/** A plain copy without class prototypes or undefined fields, as it is stored. */
export function plainContent<T>(content: T): T {
  return JSON.parse(JSON.stringify(content)) as T;
}

/**
 * A document's content as a version stores it, and each bank the document brings: the modules'
 * by module id, the pre-test pool's under PRETEST_POOL_ID (its questions naming their module by id).
 */
export function splitDocumentContent(content: DocumentContentDto): {
  content: CourseContent;
  banks: Map<string, DocumentQuestion[]>;
} {
  const banks = new Map<string, DocumentQuestion[]>();
  const modules = content.modules.map(({ questions, ...module }) => {
    if (questions !== undefined) {
      banks.set(module.id, questions);
    }
    return module;
  });
  const stored: CourseContent = { ...content, modules };
  if (content.pretest) {
    const { questions, ...pretest } = content.pretest;
    stored.pretest = pretest;
    if (questions !== undefined) {
      banks.set(PRETEST_POOL_ID, pretestFromDocument(questions, modules));
    }
  }
  return { content: stored, banks };
}

/** Pre-test questions as a document writes them (`module`: a position) as the bank keeps them (`objectiveModule`: an id). */
export function pretestFromDocument(
  questions: DocumentQuestion[],
  modules: Pick<CourseModule, 'id'>[],
): DocumentQuestion[] {
  return questions.map(({ module, ...question }) => {
    const target = typeof module === 'number' ? modules[module - 1] : undefined;
    return target ? { ...question, objectiveModule: target.id } : question;
  });
}

/** Pre-test questions as the bank keeps them, as a document writes them (the module by position). */
export function pretestToDocument(
  questions: DocumentQuestion[],
  modules: Pick<CourseModule, 'id'>[],
): DocumentQuestion[] {
  return questions.map(({ objectiveModule, ...question }) => {
    const position = modules.findIndex((module) => module.id === objectiveModule) + 1;
    return position > 0 ? { module: position, ...question } : question;
  });
}
