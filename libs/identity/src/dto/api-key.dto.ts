import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';
import { API_KEY_SCOPES, ApiKeyScope, Trimmed } from '@academy/core';
import { ApiKeyEntity } from '../api-keys/api-key.entity';
import type { ApiKeyFailure } from '../api-keys/api-key.repository';
import { VerifierOrganisationEntity } from '../api-keys/verifier-organisation.entity';
import type { UserEntity } from '../users/user.entity';
import { toUserDto, UserDto } from './user.dto';

export class CreateOrganisationDto {
  @ApiProperty({ example: 'State Medical Board', maxLength: 200 })
  @Trimmed()
  @IsString()
  @Length(1, 200)
  name!: string;
}

export class OrganisationDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  createdAt!: string;
}

export class OrganisationListDto {
  @ApiProperty({ type: [OrganisationDto] })
  items!: OrganisationDto[];
}

export class CreateApiKeyDto {
  @ApiProperty({ example: 'Licensing system', maxLength: 100 })
  @Trimmed()
  @IsString()
  @Length(1, 100)
  name!: string;
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  organisationId!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ description: 'First characters of the key, to recognise it' })
  prefix!: string;

  @ApiProperty({ enum: API_KEY_SCOPES, isArray: true })
  scopes!: ApiKeyScope[];

  @ApiProperty()
  createdAt!: string;

  @ApiProperty({ nullable: true })
  lastUsedAt!: string | null;

  @ApiProperty({ nullable: true })
  revokedAt!: string | null;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ description: 'The key itself. Shown only in this answer; store it now.' })
  key!: string;
}

export class ApiKeyListDto {
  @ApiProperty({ type: [ApiKeyDto] })
  items!: ApiKeyDto[];
}

export class AddMemberDto {
  @ApiProperty({ example: 'reviewer@board.example', maxLength: 254, description: 'An existing account' })
  @Trimmed()
  @IsString({ message: 'email must be text' })
  @MaxLength(254, { message: 'email must be at most 254 characters' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email!: string;
}

/** A member of a verifier organisation: their account, and whether they manage its API keys. */
export class MemberDto extends UserDto {
  @ApiProperty({
    description:
      "Whether the member manages the organisation's API keys (creates and revokes them, sees refused uses)",
  })
  keyManager!: boolean;
}

export function toMemberDto(user: UserEntity): MemberDto {
  return { ...toUserDto(user), keyManager: user.organisationManager };
}

export class MemberListDto {
  @ApiProperty({ type: [MemberDto] })
  items!: MemberDto[];
}

export class ApiKeyIdentityDto {
  @ApiProperty({ format: 'uuid' })
  keyId!: string;

  @ApiProperty({ format: 'uuid' })
  organisationId!: string;

  @ApiProperty()
  organisationName!: string;

  @ApiProperty({ enum: API_KEY_SCOPES, isArray: true })
  scopes!: ApiKeyScope[];
}

export function toOrganisationDto(organisation: VerifierOrganisationEntity): OrganisationDto {
  return { id: organisation.id, name: organisation.name, createdAt: organisation.createdAt.toISOString() };
}

export function toApiKeyDto(key: ApiKeyEntity): ApiKeyDto {
  return {
    id: key.id,
    organisationId: key.organisationId,
    name: key.name,
    prefix: key.prefix,
    scopes: key.scopes,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}

export class ApiKeyFailureDto {
  @ApiProperty()
  at!: string;

  @ApiProperty({
    enum: ['malformed', 'unknown', 'revoked'],
    description: 'Not shaped like a key, no key has this secret, or the key is revoked',
  })
  reason!: string;

  @ApiProperty({ description: 'The first characters of the refused key' })
  prefix!: string;

  @ApiProperty({ nullable: true, description: 'The organisation’s key it was, or whose prefix it showed' })
  keyName!: string | null;

  @ApiProperty({ nullable: true, description: 'The client address it came from' })
  ip!: string | null;
}

export class ApiKeyFailureListDto {
  @ApiProperty({ type: [ApiKeyFailureDto], description: 'Newest first, the latest 20' })
  items!: ApiKeyFailureDto[];
}

export function toApiKeyFailureDto(failure: ApiKeyFailure): ApiKeyFailureDto {
  return { ...failure, at: failure.at.toISOString() };
}
