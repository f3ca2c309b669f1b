import { Param, ParseUUIDPipe } from '@nestjs/common';
import { FieldValidationException } from '../errors/all-exceptions.filter';

/** A route parameter that must be a UUID; anything else is a 400 naming the parameter. */
export const UuidParam = (name: string): ParameterDecorator =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () => new FieldValidationException({ [name]: [`${name} must be a UUID`] }),
    }),
  );
