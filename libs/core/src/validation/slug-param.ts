import { Param } from '@nestjs/common';
import { FieldValidationException } from '../errors/all-exceptions.filter';

/** A course's address in a URL: lower-case letters and digits in words joined by single hyphens. */
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** `value` as a course address, or a 400 naming `name` (a route parameter or a form field). */
export function parseSlug(value: unknown, name = 'slug'): string {
  if (typeof value !== 'string' || value.length > 100 || !SLUG_PATTERN.test(value)) {
    throw new FieldValidationException({ [name]: [`${name} must be a course address`] });
  }
  return value;
}

/** A route parameter that must be a course address; anything else is a 400 naming the parameter. */
export const SlugParam = (name = 'slug'): ParameterDecorator =>
  Param(name, { transform: (value: unknown) => parseSlug(value, name) });
