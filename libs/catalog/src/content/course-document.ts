import { ApiProperty } from '@nestjs/swagger';
import { plainToInstance, Type } from 'class-transformer';
import { Equals, IsString, Matches, MaxLength, validate, ValidateNested } from 'class-validator';
import { FieldValidationException, fieldProblems } from '@academy/core';
import { COURSE_DOCUMENT_FORMAT, CourseContentDto } from './course-content';

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

  @ApiProperty({ type: CourseContentDto })
  @ValidateNested()
  @Type(() => CourseContentDto)
  content!: CourseContentDto;
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
