import { HttpStatus } from '@nestjs/common';
import { errorWithStatuses, statusTable } from '@academy/core';

// The notification error codes by the HTTP status each answers with: the one place they meet HTTP.
const STATUS = statusTable({
  [HttpStatus.NOT_FOUND]: ['NOTIFICATION_NOT_FOUND'],
});

export const NotificationErrorCode = STATUS.codes;
export type NotificationErrorCode = keyof typeof STATUS.codes;

export class NotificationError extends errorWithStatuses(STATUS) {}
