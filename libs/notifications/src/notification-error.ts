import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@academy/core';

export enum NotificationErrorCode {
  NOTIFICATION_NOT_FOUND = 'NOTIFICATION_NOT_FOUND',
}

// The one place notification errors meet HTTP.
const STATUS: Record<NotificationErrorCode, HttpStatus> = {
  [NotificationErrorCode.NOTIFICATION_NOT_FOUND]: HttpStatus.NOT_FOUND,
};

export class NotificationError extends DomainError<NotificationErrorCode> {
  get status(): HttpStatus {
    return STATUS[this.code];
  }
}
