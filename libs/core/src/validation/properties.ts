import { applyDecorators, type Type as ClassType } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { isTimeZone } from '../clock/time-words';

interface PropertyOptions {
  /** Absent is allowed (the property is left out of the document). */
  optional?: boolean;
  description?: string;
  example?: string;
}

/** The OpenAPI side and the "may be left out" rule of a property, from one description. */
function documented(optional: boolean | undefined, schema: Record<string, unknown>): PropertyDecorator[] {
  return optional ? [ApiPropertyOptional(schema), IsOptional()] : [ApiProperty(schema)];
}

/**
 * A string property: documented with its length limits and checked against them, so the two
 * cannot drift. `min` defaults to 0 (an empty string is allowed).
 */
export function TextProperty(options: PropertyOptions & { max: number; min?: number }): PropertyDecorator {
  const { max, min = 0, optional, description, example } = options;
  return applyDecorators(
    ...documented(optional, {
      maxLength: max,
      ...(min > 0 ? { minLength: min } : {}),
      ...(description ? { description } : {}),
      ...(example ? { example } : {}),
    }),
    IsString(),
    min > 0 ? Length(min, max) : MaxLength(max),
  );
}

/** A list of nested documents of one class, each checked by that class's rules, at most `max` long. */
export function ListProperty(
  itemClass: ClassType,
  options: PropertyOptions & { max: number },
): PropertyDecorator {
  const { max, optional, description } = options;
  return applyDecorators(
    ...documented(optional, { type: [itemClass], maxItems: max, ...(description ? { description } : {}) }),
    IsArray(),
    ArrayMaxSize(max),
    ValidateNested({ each: true }),
    Type(() => itemClass),
  );
}

/** Trims a string property before it is checked (what a person typed around it is not part of it). */
export function Trimmed(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
}

/** Why a time zone is refused, naming the field: abbreviations are no zones, IANA IDs are. */
export function timeZoneRefusal(field: string, given?: unknown): string {
  const shown = typeof given === 'string' && given.length <= 64 ? ` "${given}" is not one.` : '';
  return `${field}: choose a time zone by its IANA name, such as America/New_York or Europe/Berlin; abbreviations like EST or PST name no place and are not accepted.${shown}`;
}

/** A canonical IANA time zone ID (or UTC), as the server's zone list has it. */
export function IsTimeZone(field: string): PropertyDecorator {
  return ValidateBy({
    name: 'isTimeZone',
    validator: {
      validate: (value: unknown) => isTimeZone(value),
      defaultMessage: (args) => timeZoneRefusal(field, args?.value),
    },
  });
}
