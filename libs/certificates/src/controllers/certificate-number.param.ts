import { Param } from '@nestjs/common';
import { FieldValidationException } from '@academy/core';

/**
 * The `:number` route parameter: any spelling a person may type (case, dashes) up to 60
 * characters; the service decides whether it is a known number.
 */
export const CertificateNumberParam = (): ParameterDecorator =>
  Param('number', {
    transform(value: unknown): string {
      if (
        typeof value !== 'string' ||
        value.length === 0 ||
        value.length > 60 ||
        !/^[0-9A-Za-z -]+$/.test(value)
      ) {
        throw new FieldValidationException({
          number: ['number must be a certificate number like RA-7KQ4-…'],
        });
      }
      return value;
    },
  });
