import { IsIn, IsString, Length } from 'class-validator';
import { Trimmed } from '@academy/core';
import type { Attendance } from '../labs/lab.types';

/** What an instructor may mark, in the order the roster offers it. */
export const ATTENDANCES: readonly Attendance[] = ['present', 'late', 'absent'];

const TICKET_PROBLEM = 'Enter the ticket number printed under the QR code.';

/** The instructor's check-in by ticket number (what the scanner or the keyboard types). */
export class CheckInFormDto {
  @Trimmed()
  @IsString({ message: TICKET_PROBLEM })
  @Length(1, 40, { message: TICKET_PROBLEM })
  ticketCode!: string;
}

export class AttendanceFormDto {
  @IsIn(ATTENDANCES, { message: 'Choose present, late or absent.' })
  attendance!: Attendance;
}

export class SignFormDto {
  @IsIn(['yes'], { message: 'Tick the box to confirm that you observed these steps.' })
  confirm!: 'yes';
}
