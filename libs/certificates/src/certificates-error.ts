import { HttpStatus } from '@nestjs/common';
import { errorWithStatuses } from '@academy/core';

export enum CertificateErrorCode {
  CERTIFICATE_NOT_FOUND = 'CERTIFICATE_NOT_FOUND',
  NOT_YOURS = 'NOT_YOURS',
  BAD_STATUS_CHANGE = 'BAD_STATUS_CHANGE',
  BAD_RANGE = 'BAD_RANGE',
  STATUS_LIST_NOT_FOUND = 'STATUS_LIST_NOT_FOUND',
  BAD_UPLOAD = 'BAD_UPLOAD',
  TOO_MANY_NUMBERS = 'TOO_MANY_NUMBERS',
}

// The one place certificate errors meet HTTP.
const STATUS: Record<CertificateErrorCode, HttpStatus> = {
  [CertificateErrorCode.CERTIFICATE_NOT_FOUND]: HttpStatus.NOT_FOUND,
  // Someone else's certificate answers as if it did not exist: its number is not a secret, its files are.
  [CertificateErrorCode.NOT_YOURS]: HttpStatus.NOT_FOUND,
  [CertificateErrorCode.BAD_STATUS_CHANGE]: HttpStatus.CONFLICT,
  [CertificateErrorCode.BAD_RANGE]: HttpStatus.BAD_REQUEST,
  [CertificateErrorCode.STATUS_LIST_NOT_FOUND]: HttpStatus.NOT_FOUND,
  [CertificateErrorCode.BAD_UPLOAD]: HttpStatus.BAD_REQUEST,
  [CertificateErrorCode.TOO_MANY_NUMBERS]: HttpStatus.BAD_REQUEST,
};

export class CertificateError extends errorWithStatuses(STATUS) {}
