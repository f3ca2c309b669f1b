import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
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
  Min,
} from 'class-validator';
import { IsTimeZone, Trimmed } from '@academy/core';

// What a `datetime-local` field sends: wall time, no zone (the form's time zone field gives it).
const WALL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;
const wallTimeMessage = (field: string) => `${field} must be a date and time`;

/** The first or the second of a wall time the clocks repeat. */
export const OCCURRENCES = ['first', 'second'] as const;
export type Occurrence = (typeof OCCURRENCES)[number];
const OCCURRENCE_MESSAGE = 'Choose the first or the second time the clocks show this.';

/**
 * The admin's lab form: the schedule of `LabScheduleDto` as an HTML form sends it (numbers as
 * text, times as wall times in the lab's zone).
 */
export class LabFormDto {
  @Trimmed()
  @IsString({ message: 'title must be 1 to 200 characters' })
  @Length(1, 200, { message: 'title must be 1 to 200 characters' })
  title!: string;

  @Trimmed()
  @IsString({ message: 'venueName must be 1 to 200 characters' })
  @Length(1, 200, { message: 'venueName must be 1 to 200 characters' })
  venueName!: string;

  @Trimmed()
  @IsString({ message: 'venueAddress must be 1 to 500 characters' })
  @Length(1, 500, { message: 'venueAddress must be 1 to 500 characters' })
  venueAddress!: string;

  @Trimmed()
  @IsTimeZone('Time zone')
  timeZone!: string;

  @IsString({ message: wallTimeMessage('startsAt') })
  @Matches(WALL_TIME, { message: wallTimeMessage('startsAt') })
  startsAt!: string;

  @IsString({ message: wallTimeMessage('endsAt') })
  @Matches(WALL_TIME, { message: wallTimeMessage('endsAt') })
  endsAt!: string;

  @Type(() => Number)
  @IsInt({ message: 'capacity must be a whole number from 1 to 500' })
  @Min(1, { message: 'capacity must be a whole number from 1 to 500' })
  @Max(500, { message: 'capacity must be a whole number from 1 to 500' })
  capacity!: number;

  @IsOptional()
  @IsString({ message: wallTimeMessage('bookingOpensAt') })
  @Matches(WALL_TIME, { message: wallTimeMessage('bookingOpensAt') })
  bookingOpensAt?: string;

  @IsOptional()
  @IsString({ message: wallTimeMessage('bookingClosesAt') })
  @Matches(WALL_TIME, { message: wallTimeMessage('bookingClosesAt') })
  bookingClosesAt?: string;

  @IsOptional()
  @IsString({ message: wallTimeMessage('cancellationCutoffAt') })
  @Matches(WALL_TIME, { message: wallTimeMessage('cancellationCutoffAt') })
  cancellationCutoffAt?: string;

  @IsOptional()
  @Type(() => Number)
  @IsNumber({ maxDecimalPlaces: 2 }, { message: 'offerHoldHours must be a number of hours from 0.25 to 168' })
  @Min(0.25, { message: 'offerHoldHours must be a number of hours from 0.25 to 168' })
  @Max(168, { message: 'offerHoldHours must be a number of hours from 0.25 to 168' })
  offerHoldHours?: number;

  // Which of a time the clocks show twice (the night they go back) is meant.
  @IsOptional()
  @IsIn(OCCURRENCES, { message: OCCURRENCE_MESSAGE })
  startsAtOccurrence?: Occurrence;

  @IsOptional()
  @IsIn(OCCURRENCES, { message: OCCURRENCE_MESSAGE })
  endsAtOccurrence?: Occurrence;

  @IsOptional()
  @IsIn(OCCURRENCES, { message: OCCURRENCE_MESSAGE })
  bookingOpensAtOccurrence?: Occurrence;

  @IsOptional()
  @IsIn(OCCURRENCES, { message: OCCURRENCE_MESSAGE })
  bookingClosesAtOccurrence?: Occurrence;

  @IsOptional()
  @IsIn(OCCURRENCES, { message: OCCURRENCE_MESSAGE })
  cancellationCutoffAtOccurrence?: Occurrence;

  @IsArray({ message: 'instructorIds must be a list of instructors' })
  @ArrayMaxSize(20, { message: 'instructorIds must list at most 20 instructors' })
  @IsUUID('all', { each: true, message: 'instructorIds must be a list of instructors' })
  instructorIds!: string[];
}

/** Scheduling a new lab also names its course. */
export class NewLabFormDto extends LabFormDto {
  @IsUUID('all', { message: 'courseId must be one of the published courses' })
  courseId!: string;
}
