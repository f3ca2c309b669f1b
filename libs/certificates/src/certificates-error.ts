import { HttpStatus } from '@nestjs/common';
import { errorWithStatuses, statusTable } from '@academy/core';

// The certificate error codes by the HTTP status each answers with: the one place they meet HTTP.
const STATUS = statusTable({
  [HttpStatus.NOT_FOUND]: [
    'CERTIFICATE_NOT_FOUND',
    // Someone else's certificate answers as if it did not exist: its number is not a secret, its files are.
    'NOT_YOURS',
    'STATUS_LIST_NOT_FOUND',
    'EXCHANGE_NOT_FOUND',
  ],
  [HttpStatus.CONFLICT]: [
    'BAD_STATUS_CHANGE',
    // A wallet exchange hands its credential out once; a revoked or suspended certificate never.
    'EXCHANGE_USED',
    'NOT_EXPORTABLE',
  ],
  [HttpStatus.GONE]: ['EXCHANGE_EXPIRED'],
  [HttpStatus.BAD_REQUEST]: ['BAD_RANGE', 'BAD_UPLOAD', 'TOO_MANY_NUMBERS', 'BAD_PRESENTATION'],
});

export const CertificateErrorCode = STATUS.codes;
export type CertificateErrorCode = keyof typeof STATUS.codes;

export class CertificateError extends errorWithStatuses(STATUS) {}
