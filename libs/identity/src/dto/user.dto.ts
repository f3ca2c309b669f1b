import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  Validate,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { Role, timeZoneChoices, Trimmed } from '@academy/core';
import { DEGREES, Degree, UserEntity } from '../users/user.entity';
import { isValidNpi } from '../users/npi';

@ValidatorConstraint({ name: 'npi' })
class NpiCheckDigit implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isValidNpi(value);
  }

  defaultMessage(): string {
    return 'npi must be 10 digits ending in a valid check digit';
  }
}

/** Professional details a physician keeps on their profile. */
export class ProfileFieldsDto {
  @ApiProperty({ enum: DEGREES, example: 'MD' })
  @IsIn(DEGREES, { message: `degree must be one of ${DEGREES.join(', ')}` })
  degree!: Degree;

  @ApiProperty({ example: 'Orthopaedic surgery', maxLength: 120 })
  @Trimmed()
  @IsString({ message: 'specialty must be text' })
  @Length(1, 120, { message: 'specialty must be 1 to 120 characters' })
  specialty!: string;

  @ApiPropertyOptional({
    example: '1234567893',
    description: 'US National Provider Identifier (10 digits, Luhn check)',
  })
  @IsOptional()
  @IsString({ message: 'npi must be text' })
  @MaxLength(10, { message: 'npi must be 10 digits' })
  @Validate(NpiCheckDigit)
  npi?: string;

  @ApiPropertyOptional({
    example: 'TX',
    maxLength: 60,
    description: 'The state of one medical licence, by code or name; recorded in the reporting profile',
  })
  @IsOptional()
  @Trimmed()
  @IsString({ message: 'licenceState must be text' })
  @MaxLength(60, { message: 'licenceState must be at most 60 characters' })
  licenceState?: string;

  @ApiPropertyOptional({
    example: 'Q1234',
    maxLength: 60,
    description: 'Its number, as the state board prints it',
  })
  @IsOptional()
  @Trimmed()
  @IsString({ message: 'licenceNumber must be text' })
  @MaxLength(60, { message: 'licenceNumber must be at most 60 characters' })
  licenceNumber?: string;
}

export class SignUpDto extends ProfileFieldsDto {
  @ApiProperty({ example: 'Dr Jane Smith', maxLength: 200 })
  @Trimmed()
  @IsString({ message: 'fullName must be text' })
  @Length(1, 200, { message: 'fullName must be 1 to 200 characters' })
  fullName!: string;

  @ApiProperty({ example: 'jane.smith@clinic.example', maxLength: 254 })
  @Trimmed()
  @IsString({ message: 'email must be text' })
  @MaxLength(254, { message: 'email must be at most 254 characters' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email!: string;

  @ApiProperty({ minLength: 8, maxLength: 128, format: 'password' })
  @IsString({ message: 'password must be text' })
  @Length(8, 128, { message: 'password must be 8 to 128 characters' })
  password!: string;
}

/** The profile as its owner edits it: degree and specialty are required of learners only (checked by the service). */
export class UpdateProfileDto {
  @ApiProperty({ example: 'Dr Jane Smith', maxLength: 200 })
  @Trimmed()
  @IsString({ message: 'fullName must be text' })
  @Length(1, 200, { message: 'fullName must be 1 to 200 characters' })
  fullName!: string;

  @ApiPropertyOptional({ enum: DEGREES, example: 'MD', description: 'Required of learners' })
  @IsOptional()
  @IsIn(DEGREES, { message: `degree must be one of ${DEGREES.join(', ')}` })
  degree?: Degree;

  @ApiPropertyOptional({ maxLength: 120, description: 'Required of learners' })
  @IsOptional()
  @Trimmed()
  @IsString({ message: 'specialty must be text' })
  @Length(1, 120, { message: 'specialty must be 1 to 120 characters' })
  specialty?: string;

  @ApiPropertyOptional({ example: '1234567893' })
  @IsOptional()
  @IsString({ message: 'npi must be text' })
  @MaxLength(10, { message: 'npi must be 10 digits' })
  @Validate(NpiCheckDigit)
  npi?: string;

  @ApiPropertyOptional({
    maxLength: 60,
    description:
      'Adds a medical licence (or replaces that state’s number) in the reporting profile, with licenceNumber; left out, licences stay as they are (see /api/v1/me/reporting-profile)',
  })
  @IsOptional()
  @Trimmed()
  @IsString({ message: 'licenceState must be text' })
  @MaxLength(60, { message: 'licenceState must be at most 60 characters' })
  licenceState?: string;

  @ApiPropertyOptional({ maxLength: 60 })
  @IsOptional()
  @Trimmed()
  @IsString({ message: 'licenceNumber must be text' })
  @MaxLength(60, { message: 'licenceNumber must be at most 60 characters' })
  licenceNumber?: string;

  @ApiPropertyOptional({
    example: 'America/Chicago',
    description: 'The IANA time zone dates are shown in; left out, it stays as it is',
  })
  @IsOptional()
  @IsIn(timeZoneChoices(), {
    message: 'timeZone must be a time zone such as America/Chicago or Europe/London',
  })
  timeZone?: string;
}

export class ChangePasswordDto {
  @ApiProperty({ format: 'password', maxLength: 128 })
  @IsString({ message: 'currentPassword must be text' })
  @Length(1, 128, { message: 'currentPassword must be given (at most 128 characters)' })
  currentPassword!: string;

  @ApiProperty({ format: 'password', minLength: 8, maxLength: 128 })
  @IsString({ message: 'newPassword must be text' })
  @Length(8, 128, { message: 'newPassword must be 8 to 128 characters' })
  newPassword!: string;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  email!: string;

  /**
   * Whether the holder confirmed the address by the link sent to it; certificates are issued only to a
   * confirmed address
   */
  emailVerified!: boolean;

  /** Whether the account signs in with a second factor (an authenticator app or a passkey) */
  secondFactor!: boolean;

  fullName!: string;

  /** The IANA time zone dates are shown in, when known */
  timeZone!: string | null;

  roles!: Role[];

  degree!: Degree | null;

  specialty!: string | null;

  npi!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  organisationId!: string | null;

  disabled!: boolean;

  /** Personal data replaced by placeholders on request; the account stays disabled */
  anonymised!: boolean;

  createdAt!: string;
}

export function toUserDto(user: UserEntity): UserDto {
  return {
    id: user.id,
    email: user.email,
    emailVerified: user.emailVerifiedAt !== null,
    secondFactor: user.secondFactorAt !== null,
    fullName: user.fullName,
    timeZone: user.timeZone,
    roles: user.roles,
    degree: user.degree,
    specialty: user.specialty,
    npi: user.npi,
    organisationId: user.organisationId,
    disabled: user.disabledAt !== null,
    anonymised: user.anonymisedAt !== null,
    createdAt: user.createdAt.toISOString(),
  };
}

export class SessionDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  /** A browser (web) or an API token */
  kind!: 'web' | 'api';

  @ApiProperty({ example: 'Firefox on Linux', description: 'The browser or client, in words' })
  device!: string;

  /** The address it signed in from */
  ip!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  lastSeenAt!: string;

  /** The session or token making this request */
  current!: boolean;
}

export class SessionListDto {
  /** Live sessions and API tokens, most recently used first */
  items!: SessionDto[];
}

export class SessionsEndedDto {
  /** Sessions and tokens ended */
  ended!: number;
}

export class ChangeEmailDto {
  @ApiProperty({ example: 'jane.smith@hospital.example', maxLength: 254, description: 'The new address' })
  @Trimmed()
  @IsString({ message: 'email must be text' })
  @MaxLength(254, { message: 'email must be at most 254 characters' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email!: string;

  @ApiProperty({ format: 'password', maxLength: 128 })
  @IsString({ message: 'currentPassword must be your current password' })
  @Length(1, 128, { message: 'currentPassword must be your current password' })
  currentPassword!: string;
}

export class EmailLinkSentDto {
  /** The address the confirmation link was sent to */
  email!: string;

  /** What happens next, in words */
  message!: string;
}
