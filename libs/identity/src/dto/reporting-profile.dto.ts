import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { BOARD_CODES, CERTIFYING_BOARDS, US_STATE_NAMES } from '@academy/core';
import { asReported } from '../reporting/as-reported';
import { birthDateForPars, type ReportingProfile } from '../reporting/reporting-profile.types';

/** At most this many licences (every state and territory once) and board memberships. */
export const MAX_LICENCES = 60;
export const MAX_BOARDS = 10;

const STATE_CODES = Object.keys(US_STATE_NAMES);

export class LicenceDto {
  @ApiProperty({ enum: STATE_CODES, example: 'TX', description: 'The state or territory, by its USPS code' })
  @IsString({ message: 'jurisdiction must be a state code such as TX' })
  @MaxLength(2, { message: 'jurisdiction must be a state code such as TX' })
  jurisdiction!: string;

  @ApiProperty({
    example: 'Q1234',
    maxLength: 20,
    description:
      'As the state board prints it; Texas, New York and Florida numbers are checked against their shape',
  })
  @IsString({ message: 'number must be text' })
  @MaxLength(20, { message: 'number must be at most 20 characters' })
  number!: string;
}

export class BoardMembershipInputDto {
  @ApiProperty({ enum: BOARD_CODES, example: 'ABIM' })
  @IsIn(BOARD_CODES, { message: `board must be one of ${BOARD_CODES.join(', ')}` })
  board!: string;

  @ApiProperty({
    example: '123456',
    maxLength: 20,
    description: `The learner's ID with the board: ${CERTIFYING_BOARDS.map((board) => `${board.code} ${board.idShape}`).join(', ')}`,
  })
  @IsString({ message: 'boardId must be text' })
  @MaxLength(20, { message: 'boardId must be at most 20 characters' })
  boardId!: string;

  /**
   * Report completions of courses that award MOC points with this board to it through ACCME’s PARS. Consent
   * keeps its first moment while it stays given and the ID stays the same.
   */
  @IsBoolean({ message: 'consent must be true or false' })
  consent!: boolean;
}

/** The learner's edit of their reporting profile; each part left out stays as it is, each list given replaces the old one. */
export class UpdateReportingProfileDto {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '03/14',
    description: 'Month and day of birth, MM/DD (no year: PARS takes none); null removes it',
  })
  // Optional lets null through as well: null removes the date of birth.
  @IsOptional()
  @IsString({ message: 'birthDate must be MM/DD or null' })
  @MaxLength(5, { message: 'birthDate must be MM/DD, such as 03/14' })
  birthDate?: string | null;

  @ApiPropertyOptional({ type: [LicenceDto], maxItems: MAX_LICENCES, description: 'One per state' })
  @IsOptional()
  @IsArray({ message: 'licences must be a list' })
  @ArrayMaxSize(MAX_LICENCES, { message: `licences must list at most ${MAX_LICENCES} licences` })
  @ValidateNested({ each: true })
  @Type(() => LicenceDto)
  licences?: LicenceDto[];

  @ApiPropertyOptional({
    type: [BoardMembershipInputDto],
    maxItems: MAX_BOARDS,
    description: 'One per board',
  })
  @IsOptional()
  @IsArray({ message: 'boards must be a list' })
  @ArrayMaxSize(MAX_BOARDS, { message: `boards must list at most ${MAX_BOARDS} boards` })
  @ValidateNested({ each: true })
  @Type(() => BoardMembershipInputDto)
  boards?: BoardMembershipInputDto[];
}

export class BoardMembershipDto {
  @ApiProperty({ enum: BOARD_CODES })
  board!: string;

  boardId!: string;

  /** Whether completions are reported to this board */
  consent!: boolean;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Since when consent is given',
  })
  consentedAt!: string | null;
}

export class ReportedLicenceDto {
  @ApiProperty({ example: 'Texas', description: 'PARS’s “Licensing State”: the full name' })
  state!: string;

  @ApiProperty({ example: 'Q1234' })
  number!: string;
}

export class ReportedBoardDto extends BoardMembershipDto {
  @ApiProperty({ example: 'American Board of Internal Medicine' })
  boardName!: string;
}

export class AsReportedDto {
  @ApiProperty({ example: '03/14', description: 'MM/DD, or empty when not given' })
  birthDate!: string;

  licences!: ReportedLicenceDto[];

  @ApiProperty({ example: '1234567893', description: 'Empty when not given' })
  npi!: string;

  boards!: ReportedBoardDto[];
}

export class ReportingProfileDto {
  @ApiProperty({ type: String, nullable: true, example: '03/14', description: 'MM/DD; no year is kept' })
  birthDate!: string | null;

  /** Kept on the profile (PUT /api/v1/me) */
  npi!: string | null;

  licences!: LicenceDto[];

  boards!: BoardMembershipDto[];

  /** Exactly what ACCME’s PARS receives about the learner */
  asReported!: AsReportedDto;
}

export function toReportingProfileDto(profile: ReportingProfile): ReportingProfileDto {
  const reported = asReported(profile);
  return {
    birthDate: birthDateForPars(profile) || null,
    npi: profile.npi,
    licences: profile.licences.map(({ jurisdiction, number }) => ({ jurisdiction, number })),
    boards: profile.boards.map((membership) => ({
      board: membership.board,
      boardId: membership.boardId,
      consent: membership.consentedAt !== null,
      consentedAt: membership.consentedAt?.toISOString() ?? null,
    })),
    asReported: {
      ...reported,
      boards: reported.boards.map((board) => ({
        ...board,
        consentedAt: board.consentedAt?.toISOString() ?? null,
      })),
    },
  };
}
