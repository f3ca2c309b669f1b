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
import { COURSE_DOCUMENT_FORMAT, CourseContentDto, ModuleDto } from './course-content';
import type { CourseContent } from './course-content.types';
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

/** A course's content as a document carries it: modules with their banks. */
export class DocumentContentDto extends CourseContentDto {
  @ListProperty(DocumentModuleDto, { max: 30 })
  override modules!: DocumentModuleDto[];
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

/** A document's content as a version stores it, and each module's bank the document brings (by module id). */
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
  return { content: { ...content, modules }, banks };
}
