import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
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
import { ROLES, Role } from '@academy/core';
import { DEGREES, Degree, UserEntity } from '../users/user.entity';
import { isValidNpi } from '../users/npi';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

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
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  specialty!: string;

  @ApiPropertyOptional({
    example: '1234567893',
    description: 'US National Provider Identifier (10 digits, Luhn check)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  @Validate(NpiCheckDigit)
  npi?: string;

  @ApiPropertyOptional({ example: 'CA', maxLength: 60 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(60)
  licenceState?: string;

  @ApiPropertyOptional({ example: 'A123456', maxLength: 60 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(60)
  licenceNumber?: string;
}

export class SignUpDto extends ProfileFieldsDto {
  @ApiProperty({ example: 'Dr Jane Smith', maxLength: 200 })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  fullName!: string;

  @ApiProperty({ example: 'jane.smith@clinic.example', maxLength: 254 })
  @Transform(trim)
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email!: string;

  @ApiProperty({ minLength: 8, maxLength: 128, format: 'password' })
  @IsString()
  @Length(8, 128)
  password!: string;
}

export class UpdateProfileDto extends ProfileFieldsDto {
  @ApiProperty({ example: 'Dr Jane Smith', maxLength: 200 })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  fullName!: string;
}

export class ChangePasswordDto {
  @ApiProperty({ format: 'password', maxLength: 128 })
  @IsString()
  @Length(1, 128)
  currentPassword!: string;

  @ApiProperty({ format: 'password', minLength: 8, maxLength: 128 })
  @IsString()
  @Length(8, 128)
  newPassword!: string;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  email!: string;

  @ApiProperty()
  fullName!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  roles!: Role[];

  @ApiProperty({ enum: DEGREES, nullable: true })
  degree!: Degree | null;

  @ApiProperty({ nullable: true })
  specialty!: string | null;

  @ApiProperty({ nullable: true })
  npi!: string | null;

  @ApiProperty({ nullable: true })
  licenceState!: string | null;

  @ApiProperty({ nullable: true })
  licenceNumber!: string | null;

  @ApiProperty({ format: 'uuid', nullable: true })
  organisationId!: string | null;

  @ApiProperty()
  disabled!: boolean;

  @ApiProperty()
  createdAt!: string;
}

export function toUserDto(user: UserEntity): UserDto {
  return {
    id: user.id,
    email: user.email,
    fullName: user.fullName,
    roles: user.roles,
    degree: user.degree,
    specialty: user.specialty,
    npi: user.npi,
    licenceState: user.licenceState,
    licenceNumber: user.licenceNumber,
    organisationId: user.organisationId,
    disabled: user.disabledAt !== null,
    createdAt: user.createdAt.toISOString(),
  };
}
