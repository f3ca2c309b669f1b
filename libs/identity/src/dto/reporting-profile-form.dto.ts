import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { MAX_BOARDS, MAX_LICENCES } from './reporting-profile.dto';

/** Empty rows the page offers for another licence and another board membership. */
export const BLANK_LICENCE_ROWS = 2;
export const BLANK_BOARD_ROWS = 1;

const MONTHS = Array.from({ length: 12 }, (_, index) => String(index + 1).padStart(2, '0'));
const DAYS = Array.from({ length: 31 }, (_, index) => String(index + 1).padStart(2, '0'));

/** A field repeated once per row of the form: one value arrives as text, several as a list. */
const Rows = (max: number): PropertyDecorator =>
  applyDecorators(
    IsOptional(),
    Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? (value as unknown[]) : [value])),
    IsArray(),
    ArrayMaxSize(max),
    IsString({ each: true, message: '$property must be text' }),
    MaxLength(20, { each: true, message: '$property must be at most 20 characters' }),
  );

/**
 * The reporting profile page's form: the date of birth as two choices, licences and board
 * memberships as rows (a row left empty or ticked for removal is left out). The page turns it
 * into the same edit the API takes.
 */
export class ReportingProfileFormDto {
  @IsOptional()
  @IsIn(MONTHS, { message: 'birthMonth must be one of the months offered' })
  birthMonth?: string;

  @IsOptional()
  @IsIn(DAYS, { message: 'birthDay must be one of the days offered' })
  birthDay?: string;

  @Rows(MAX_LICENCES + BLANK_LICENCE_ROWS) licenceState?: string[];
  @Rows(MAX_LICENCES + BLANK_LICENCE_ROWS) licenceNumber?: string[];
  /** Row numbers of licences to remove. */
  @Rows(MAX_LICENCES + BLANK_LICENCE_ROWS) removeLicence?: string[];

  @Rows(MAX_BOARDS + BLANK_BOARD_ROWS) board?: string[];
  @Rows(MAX_BOARDS + BLANK_BOARD_ROWS) boardId?: string[];
  /** Row numbers whose consent box is ticked. */
  @Rows(MAX_BOARDS + BLANK_BOARD_ROWS) consent?: string[];
  /** Row numbers of memberships to remove. */
  @Rows(MAX_BOARDS + BLANK_BOARD_ROWS) removeBoard?: string[];
}

export const BIRTH_MONTHS = MONTHS;
export const BIRTH_DAYS = DAYS;
