import { Param } from '@nestjs/common';
import { FieldValidationException } from '@academy/core';
import { EXCHANGE_ID_PATTERN } from '../wallet/wallet-links';

/** The `:exchangeId` route parameter: the 43 characters of a wallet link, nothing else. */
export const ExchangeIdParam = (): ParameterDecorator =>
  Param('exchangeId', {
    transform(value: unknown): string {
      if (typeof value !== 'string' || !EXCHANGE_ID_PATTERN.test(value)) {
        throw new FieldValidationException({
          exchangeId: ['exchangeId is not the address of a wallet link: copy the whole link again'],
        });
      }
      return value;
    },
  });
