import { FieldValidationException, SLUG_PATTERN } from '@academy/core';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A route parameter addressing a course by its id or its slug; anything else is a 400 naming the parameter. */
export function courseKeyParam(name: string): { transform(value: unknown): string } {
  return {
    transform(value: unknown): string {
      if (
        typeof value !== 'string' ||
        value.length > 100 ||
        !(UUID.test(value) || SLUG_PATTERN.test(value.toLowerCase()))
      ) {
        throw new FieldValidationException({ [name]: [`${name} must be a course id or slug`] });
      }
      return value;
    },
  };
}

/** The `idOrSlug` parameter of the course routes. */
export const courseKey = courseKeyParam('idOrSlug');
