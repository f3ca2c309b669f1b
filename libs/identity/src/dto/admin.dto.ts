import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
} from 'class-validator';
import { PageQueryDto, ROLES, Role, TextProperty, Trimmed } from '@academy/core';
import { UserDto } from './user.dto';

export class ListUsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Part of a name or e-mail address', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class RolesDto {
  @ApiProperty({ enum: ROLES, isArray: true, example: ['learner', 'instructor'] })
  @IsArray({ message: 'roles must be a list' })
  @ArrayMinSize(1, { message: 'roles must name at least one role' })
  @ArrayMaxSize(ROLES.length, { message: `roles must name at most ${ROLES.length} roles` })
  @ArrayUnique({ message: 'roles must not repeat a role' })
  @IsIn(ROLES, { each: true, message: `roles must each be one of ${ROLES.join(', ')}` })
  roles!: Role[];
}

export class CreateUserDto extends RolesDto {
  @ApiProperty({ example: 'instructor@clinic.example', maxLength: 254 })
  @Trimmed()
  @IsString({ message: 'email must be text' })
  @MaxLength(254, { message: 'email must be at most 254 characters' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email!: string;

  @ApiProperty({ maxLength: 200 })
  @Trimmed()
  @IsString({ message: 'fullName must be text' })
  @Length(1, 200, { message: 'fullName must be 1 to 200 characters' })
  fullName!: string;

  @ApiProperty({ format: 'password', minLength: 8, maxLength: 128 })
  @IsString({ message: 'password must be text' })
  @Length(8, 128, { message: 'password must be 8 to 128 characters' })
  password!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Verifier organisation the user belongs to' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;
}

export class UserPageDto {
  items!: UserDto[];

  total!: number;
}

export class AuditEventDto {
  id!: string;

  occurredAt!: string;

  @ApiProperty({ example: 'auth.login_failed' })
  action!: string;

  actorUserId!: string | null;

  actorApiKeyId!: string | null;

  subjectType!: string | null;

  subjectId!: string | null;

  ip!: string | null;

  requestId!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true })
  details!: Record<string, unknown>;
}

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'auth.login_failed', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  action?: string;

  @TextProperty({ max: 100, optional: true })
  subjectId?: string;
}

export class AuditPageDto {
  items!: AuditEventDto[];

  total!: number;
}
