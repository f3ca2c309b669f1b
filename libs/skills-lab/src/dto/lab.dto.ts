import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import type { BookingWithPosition } from '../bookings/booking.repository';
import { formatTicketCode } from '../bookings/ticket';
import type { RosterEntry, TicketCheck } from '../attendance/roster.service';
import type { LabSchedule } from '../labs/lab-schedule.service';
import type { ChecklistStep, LabWithQueue, LabWithWaitlist } from '../labs/lab.types';
import { IsTimeZone, Trimmed } from '@academy/core';

// A date-time with its offset, so nobody has to guess the zone.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

function dateTimeMessage(field: string): string {
  return `${field} must be a date-time with its offset, e.g. 2026-12-03T09:00:00+01:00`;
}

/** A skills lab as learners and the public see it. */
export class LabDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  courseId!: string;

  title!: string;

  venueName!: string;

  venueAddress!: string;

  @ApiProperty({ format: 'date-time' })
  startsAt!: string;

  @ApiProperty({ format: 'date-time' })
  endsAt!: string;

  @ApiProperty({ example: 'Europe/Berlin', description: 'IANA time zone of the venue' })
  timeZone!: string;

  capacity!: number;

  seatsLeft!: number;

  /** People waiting for a seat */
  waitlistLength!: number;

  @ApiProperty({ format: 'date-time' })
  bookingOpensAt!: string;

  @ApiProperty({ format: 'date-time' })
  bookingClosesAt!: string;

  @ApiProperty({ format: 'date-time', description: 'Learners may cancel a confirmed seat until then' })
  cancellationCutoffAt!: string;

  /** How long a freed seat is held for the next person waiting */
  offerHoldHours!: number;
}

export class LabListDto {
  items!: LabDto[];
}

export function toLabDto(lab: LabWithWaitlist): LabDto {
  return {
    id: lab.id,
    courseId: lab.courseId,
    title: lab.title,
    venueName: lab.venueName,
    venueAddress: lab.venueAddress,
    startsAt: lab.startsAt.toISOString(),
    endsAt: lab.endsAt.toISOString(),
    timeZone: lab.timeZone,
    capacity: lab.capacity,
    seatsLeft: lab.capacity - lab.seatsTaken,
    waitlistLength: lab.waitlistLength,
    bookingOpensAt: lab.bookingOpensAt.toISOString(),
    bookingClosesAt: lab.bookingClosesAt.toISOString(),
    cancellationCutoffAt: lab.cancellationCutoffAt.toISOString(),
    offerHoldHours: lab.offerHoldMinutes / 60,
  };
}

export class ChecklistStepDto {
  @ApiProperty({ example: 'landmarking', pattern: '^[a-z0-9-]{1,40}$' })
  @IsString({ message: 'checklist step id must be text' })
  @Matches(/^[a-z0-9-]{1,40}$/, {
    message: 'checklist step id must be 1 to 40 lowercase letters, digits or dashes',
  })
  id!: string;

  @ApiProperty({ maxLength: 200 })
  @Trimmed()
  @IsString({ message: 'checklist step title must be text' })
  @Length(1, 200, { message: 'checklist step title must be 1 to 200 characters' })
  title!: string;

  @ApiProperty({ minimum: 1, maximum: 5, description: 'Entrustment level the step must reach' })
  @IsInt({ message: 'requiredLevel must be a whole number from 1 to 5' })
  @Min(1, { message: 'requiredLevel must be a whole number from 1 to 5' })
  @Max(5, { message: 'requiredLevel must be a whole number from 1 to 5' })
  requiredLevel!: number;
}

/** A lab's schedule as an admin sets it (changing a lab sends all of it again). */
export class LabScheduleDto {
  @ApiProperty({ maxLength: 200, example: 'Bone marrow harvest skills lab' })
  @Trimmed()
  @IsString({ message: 'title must be text' })
  @Length(1, 200, { message: 'title must be 1 to 200 characters' })
  title!: string;

  @ApiProperty({ maxLength: 200, example: 'Anatomy teaching centre' })
  @Trimmed()
  @IsString({ message: 'venueName must be text' })
  @Length(1, 200, { message: 'venueName must be 1 to 200 characters' })
  venueName!: string;

  @ApiProperty({ maxLength: 500, example: 'Philippstraße 11, 10115 Berlin' })
  @Trimmed()
  @IsString({ message: 'venueAddress must be text' })
  @Length(1, 500, { message: 'venueAddress must be 1 to 500 characters' })
  venueAddress!: string;

  @ApiProperty({
    example: 'Europe/Berlin',
    maxLength: 64,
    description: 'Canonical IANA time zone ID of the venue (or UTC); abbreviations such as EST are refused',
  })
  @IsTimeZone('timeZone')
  timeZone!: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-03T09:00:00+01:00' })
  @IsString({ message: dateTimeMessage('startsAt') })
  @Matches(DATE_TIME, { message: dateTimeMessage('startsAt') })
  startsAt!: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-03T17:00:00+01:00' })
  @IsString({ message: dateTimeMessage('endsAt') })
  @Matches(DATE_TIME, { message: dateTimeMessage('endsAt') })
  endsAt!: string;

  @ApiProperty({ minimum: 1, maximum: 500 })
  @IsInt({ message: 'capacity must be a whole number from 1 to 500' })
  @Min(1, { message: 'capacity must be a whole number from 1 to 500' })
  @Max(500, { message: 'capacity must be a whole number from 1 to 500' })
  capacity!: number;

  @ApiPropertyOptional({ format: 'date-time', description: 'Default: now' })
  @IsOptional()
  @IsString({ message: dateTimeMessage('bookingOpensAt') })
  @Matches(DATE_TIME, { message: dateTimeMessage('bookingOpensAt') })
  bookingOpensAt?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Default: the start' })
  @IsOptional()
  @IsString({ message: dateTimeMessage('bookingClosesAt') })
  @Matches(DATE_TIME, { message: dateTimeMessage('bookingClosesAt') })
  bookingClosesAt?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Default: 24 hours before the start' })
  @IsOptional()
  @IsString({ message: dateTimeMessage('cancellationCutoffAt') })
  @Matches(DATE_TIME, { message: dateTimeMessage('cancellationCutoffAt') })
  cancellationCutoffAt?: string;

  @ApiPropertyOptional({ minimum: 0.25, maximum: 168, default: 24, description: 'Hold of a seat offer' })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 }, { message: 'offerHoldHours must be a number of hours from 0.25 to 168' })
  @Min(0.25, { message: 'offerHoldHours must be a number of hours from 0.25 to 168' })
  @Max(168, { message: 'offerHoldHours must be a number of hours from 0.25 to 168' })
  offerHoldHours?: number;

  /** Modules to pass before booking; default (null): every module with a quiz */
  @IsOptional()
  @IsArray({ message: 'requiredModuleIds must be a list of module ids' })
  @ArrayMaxSize(50, { message: 'requiredModuleIds must list at most 50 modules' })
  @IsString({ each: true, message: 'requiredModuleIds must be a list of module ids' })
  @MaxLength(100, { each: true, message: 'requiredModuleIds must be a list of module ids' })
  requiredModuleIds?: string[] | null;

  /** Default: the bone marrow harvest checklist */
  @IsOptional()
  @IsArray({ message: 'checklist must be a list of steps' })
  @ArrayMinSize(1, { message: 'checklist must have at least one step' })
  @ArrayMaxSize(40, { message: 'checklist must have at most 40 steps' })
  @ValidateNested({ each: true })
  @Type(() => ChecklistStepDto)
  checklist?: ChecklistStepDto[];

  @ApiProperty({ type: [String], format: 'uuid', description: 'Instructors who run the lab' })
  @IsArray({ message: 'instructorIds must be a list of user ids' })
  @ArrayMaxSize(20, { message: 'instructorIds must list at most 20 instructors' })
  @IsUUID('all', { each: true, message: 'instructorIds must be a list of user ids' })
  instructorIds!: string[];
}

export class NewLabDto extends LabScheduleDto {
  @ApiProperty({ format: 'uuid', description: 'The published course the lab belongs to' })
  @IsUUID('all', { message: 'courseId must be a course id' })
  courseId!: string;
}

export function toLabSchedule(dto: LabScheduleDto): LabSchedule {
  const date = (value: string | undefined) => (value === undefined ? undefined : new Date(value));
  return {
    title: dto.title,
    venueName: dto.venueName,
    venueAddress: dto.venueAddress,
    timeZone: dto.timeZone,
    startsAt: new Date(dto.startsAt),
    endsAt: new Date(dto.endsAt),
    capacity: dto.capacity,
    bookingOpensAt: date(dto.bookingOpensAt),
    bookingClosesAt: date(dto.bookingClosesAt),
    cancellationCutoffAt: date(dto.cancellationCutoffAt),
    offerHoldHours: dto.offerHoldHours,
    requiredModuleIds: dto.requiredModuleIds ?? null,
    checklist: dto.checklist,
    instructorIds: dto.instructorIds,
  };
}

/** A lab with what admins and instructors manage. */
export class AdminLabDto extends LabDto {
  seatsTaken!: number;

  requiredModuleIds!: string[] | null;

  checklist!: ChecklistStep[];

  @ApiProperty({ type: [String], format: 'uuid' })
  instructorIds!: string[];
}

export class AdminLabListDto {
  items!: AdminLabDto[];

  total!: number;
}

export function toAdminLabDto(lab: LabWithQueue): AdminLabDto {
  return {
    ...toLabDto(lab),
    seatsTaken: lab.seatsTaken,
    requiredModuleIds: lab.requiredModuleIds,
    checklist: lab.checklist,
    instructorIds: lab.instructorIds,
  };
}

const STATUSES = ['confirmed', 'waitlisted', 'offered', 'cancelled', 'declined', 'expired'];
const ATTENDANCES = ['present', 'late', 'absent'];

/** A learner's booking. */
export class BookingDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: STATUSES })
  status!: string;

  /** Place on the waitlist (1 = next), when waitlisted */
  position!: number | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '7KQ4-M2XD-9PRT-A3BC-Z8WN',
    description: 'The ticket code shown at check-in, when confirmed',
  })
  ticketCode!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date-time',
    description: 'Accept an offered seat before then',
  })
  offerExpiresAt!: string | null;

  @ApiProperty({ nullable: true, enum: ATTENDANCES })
  attendance!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  signedOffAt!: string | null;

  /** The signed checklist meets the course’s lab requirement */
  requirementMet!: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  /** The .ics calendar file, for confirmed or cancelled seats */
  calendarUrl!: string | null;

  lab!: LabDto;
}

export class BookingListDto {
  items!: BookingDto[];
}

export function toBookingDto(view: { booking: BookingWithPosition; lab: LabWithWaitlist }): BookingDto {
  const { booking } = view;
  const hasCalendar =
    booking.status === 'confirmed' || (booking.status === 'cancelled' && booking.confirmedAt !== null);
  return {
    id: booking.id,
    status: booking.status,
    position: booking.position,
    ticketCode: booking.status === 'confirmed' ? formatTicketCode(booking.ticketCode) : null,
    offerExpiresAt: booking.status === 'offered' ? booking.offerExpiresAt!.toISOString() : null,
    attendance: booking.attendance,
    signedOffAt: booking.signedOffAt?.toISOString() ?? null,
    requirementMet: booking.requirementMet,
    createdAt: booking.createdAt.toISOString(),
    calendarUrl: hasCalendar ? `/api/v1/me/bookings/${booking.id}/calendar` : null,
    lab: toLabDto(view.lab),
  };
}

export class CheckInDto {
  @ApiProperty({
    example: '7KQ4-M2XD-9PRT-A3BC-Z8WN',
    description: 'Scanned or typed; case, spaces and dashes do not matter',
  })
  @IsString({ message: 'ticketCode must be the code on the ticket' })
  @Length(1, 40, { message: 'ticketCode must be the code on the ticket' })
  ticketCode!: string;

  /** Default: late if 15 minutes after the start */
  @IsOptional()
  @IsIn(['present', 'late'], { message: 'attendance must be present or late' })
  attendance?: 'present' | 'late';
}

export class AttendanceDto {
  @IsString({ message: 'attendance must be present, late or absent' })
  @IsIn(ATTENDANCES, { message: 'attendance must be present, late or absent' })
  attendance!: 'present' | 'late' | 'absent';
}

export class StepRecordDto {
  @ApiProperty({ minimum: 1, maximum: 5, description: 'Entrustment level observed' })
  @IsInt({ message: 'level must be a whole number from 1 to 5' })
  @Min(1, { message: 'level must be a whole number from 1 to 5' })
  @Max(5, { message: 'level must be a whole number from 1 to 5' })
  level!: number;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @Trimmed()
  @IsString({ message: 'comment must be text' })
  @MaxLength(2000, { message: 'comment must be at most 2000 characters' })
  comment?: string;
}

export class ChecklistItemDto {
  stepId!: string;

  title!: string;

  requiredLevel!: number;

  level!: number | null;

  comment!: string | null;
}

/** One learner on a lab's roster, with their checklist. */
export class RosterEntryDto {
  @ApiProperty({ format: 'uuid' })
  bookingId!: string;

  @ApiProperty({ enum: STATUSES })
  status!: string;

  position!: number | null;

  learnerName!: string;

  degree!: string | null;

  specialty!: string | null;

  @ApiProperty({ nullable: true, enum: ATTENDANCES })
  attendance!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  signedOffAt!: string | null;

  requirementMet!: boolean;

  checklist!: ChecklistItemDto[];
}

export class RosterDto {
  lab!: AdminLabDto;

  items!: RosterEntryDto[];
}

export function toRosterEntryDto(entry: RosterEntry, checklist: ChecklistStep[]): RosterEntryDto {
  const recorded = new Map(entry.entries.map((item) => [item.stepId, item]));
  return {
    bookingId: entry.booking.id,
    status: entry.booking.status,
    position: entry.booking.position,
    learnerName: entry.learner.fullName,
    degree: entry.learner.degree,
    specialty: entry.learner.specialty,
    attendance: entry.booking.attendance,
    signedOffAt: entry.booking.signedOffAt?.toISOString() ?? null,
    requirementMet: entry.booking.requirementMet,
    checklist: checklist.map((step) => ({
      stepId: step.id,
      title: step.title,
      requiredLevel: step.requiredLevel,
      level: recorded.get(step.id)?.level ?? null,
      comment: recorded.get(step.id)?.comment ?? null,
    })),
  };
}

/** A ticket to look up before checking it in (what the scanner read, or what was typed). */
export class TicketQueryDto {
  @ApiProperty({ example: '7KQ4-M2XD-9PRT-A3BC-Z8WN', description: 'Case, spaces and dashes do not matter' })
  @IsString({ message: 'ticketCode is the code printed under the QR code of the ticket' })
  @Length(1, 40, { message: 'ticketCode is the code printed under the QR code of the ticket' })
  ticketCode!: string;
}

export class TicketLabDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  title!: string;

  @ApiProperty({ format: 'date-time' })
  startsAt!: string;

  @ApiProperty({ example: 'Europe/Berlin' })
  timeZone!: string;
}

/** Whose a ticket is, for which lab, and whether it may be checked in at the lab asked about. */
export class TicketCheckDto {
  @ApiProperty({ format: 'uuid' })
  bookingId!: string;

  holderName!: string;

  degree!: string | null;

  @ApiProperty({ enum: STATUSES, description: 'The booking state of the ticket' })
  status!: string;

  /** Waitlist position, when waitlisted */
  position!: number | null;

  @ApiProperty({ nullable: true, enum: ATTENDANCES })
  attendance!: string | null;

  /** The lab the ticket is for */
  lab!: TicketLabDto;

  @ApiProperty({
    nullable: true,
    enum: ['other-lab', 'other-session', 'not-confirmed'],
    description: 'Why it must not be checked in at this lab; null when it may',
  })
  problem!: string | null;

  /** The problem in words, naming the holder */
  warning!: string | null;
}

export function toTicketCheckDto(check: TicketCheck): TicketCheckDto {
  return {
    bookingId: check.booking.id,
    holderName: check.holder.fullName,
    degree: check.holder.degree,
    status: check.booking.status,
    position: check.booking.position,
    attendance: check.booking.attendance,
    lab: {
      id: check.ticketLab.id,
      title: check.ticketLab.title,
      startsAt: check.ticketLab.startsAt.toISOString(),
      timeZone: check.ticketLab.timeZone,
    },
    problem: check.problem,
    warning: check.warning,
  };
}
