import { HttpStatus } from '@nestjs/common';
import { errorWithStatuses } from '@academy/core';

export enum NotificationErrorCode {
  NOTIFICATION_NOT_FOUND = 'NOTIFICATION_NOT_FOUND',
}

// The one place notification errors meet HTTP.
const STATUS: Record<NotificationErrorCode, HttpStatus> = {
  [NotificationErrorCode.NOTIFICATION_NOT_FOUND]: HttpStatus.NOT_FOUND,
};

export class NotificationError extends errorWithStatuses(STATUS) {}
