import { FieldValidationException } from '@academy/core';

const KEY = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9]+(-[a-z0-9]+)*)$/i;

/** A course is addressed by its id or its slug; anything else is a 400 naming the parameter. */
export const courseKey = {
  transform(value: unknown): string {
    if (typeof value !== 'string' || value.length > 100 || !KEY.test(value)) {
      throw new FieldValidationException({ idOrSlug: ['idOrSlug must be a course id or slug'] });
    }
    return value;
  },
};
