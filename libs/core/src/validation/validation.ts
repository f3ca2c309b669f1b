import { ValidationError, ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { FieldValidationException } from '../errors/all-exceptions.filter';
import { findUnsafeString, UNSAFE_STRING_PROBLEM } from './safe-strings';

/** Flattens class-validator errors to `field → problems`, nested fields as `a.b`. */
export function fieldProblems(errors: ValidationError[], parent = ''): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    if (error.constraints) {
      fields[path] = Object.values(error.constraints);
    }
    Object.assign(fields, fieldProblems(error.children ?? [], path));
  }
  return fields;
}

/** The global pipe: unknown fields refused, types converted, every problem named by field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new FieldValidationException(fieldProblems(errors)),
  });
}

/** Next to its field, "npi must be 10 digits" reads better as "Must be 10 digits." */
/** The validator's own phrasings a person may meet next to a field, in words for them. */
const VALIDATOR_WORDS: [RegExp, string][] = [
  [
    /^must be an? UUID$/i,
    'is not one of the choices this page offered: open the page again and choose again',
  ],
  [/^(property \S+ )?should not exist$/i, 'is not part of this form: open the page again'],
  [/^must be a valid ISO 8601 date string$/i, 'must be a date'],
  [/^must be a number conforming to the specified constraints$/i, 'must be a number'],
  [/^must be an integer number$/i, 'must be a whole number'],
  [/^must be a string$/i, 'must be text'],
  [/^must be an e-mail address$/i, 'enter an e-mail address, such as jane.smith@clinic.example'],
];

/**
 * A field's problems as a page shows them next to it: without the field's name in front, each
 * once (a value can break several rules that say the same), the validator's own phrasings in
 * words, as sentences.
 */
export function forPeople(fields: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(fields).map(([field, problems]) => {
      const sentences = problems.map((problem) => {
        const bare = problem.startsWith(`${field} `) ? problem.slice(field.length + 1) : problem;
        const text = VALIDATOR_WORDS.find(([pattern]) => pattern.test(bare))?.[1] ?? bare;
        return `${text.charAt(0).toUpperCase()}${text.slice(1)}${text.endsWith('.') ? '' : '.'}`;
      });
      return [field, [...new Set(sentences)]];
    }),
  );
}

export type FormResult<T> =
  { ok: true; value: T } | { ok: false; fields: Record<string, string[]>; values: Record<string, unknown> };

/**
 * Validates a submitted HTML form with the same DTO the JSON API uses, so a page can show the
 * problems next to the fields instead of failing the request. Empty optional fields count as absent.
 */
export async function parseForm<T extends object>(dto: new () => T, body: unknown): Promise<FormResult<T>> {
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (key !== '_csrf' && value !== '' && value !== undefined) {
      values[key] = value;
    }
  }
  // The string rule first, field by field (forms marked @FormWithFieldErrors skip it at the edge).
  const unsafe = Object.keys(values).filter((field) => findUnsafeString(values[field]) !== null);
  if (unsafe.length > 0) {
    const safeValues = Object.fromEntries(
      Object.entries(values).filter(([field]) => !unsafe.includes(field)),
    );
    return {
      ok: false,
      fields: forPeople(Object.fromEntries(unsafe.map((field) => [field, [UNSAFE_STRING_PROBLEM]]))),
      values: safeValues,
    };
  }
  const instance = plainToInstance(dto, values);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    return { ok: false, fields: forPeople(fieldProblems(errors)), values };
  }
  return { ok: true, value: instance };
}
