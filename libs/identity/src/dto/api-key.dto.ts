import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';
import { ApiKeyScope, Trimmed } from '@academy/core';
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

  name!: string;

  createdAt!: string;
}

export class OrganisationListDto {
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

  name!: string;

  /** First characters of the key, to recognise it */
  prefix!: string;

  scopes!: ApiKeyScope[];

  createdAt!: string;

  lastUsedAt!: string | null;

  revokedAt!: string | null;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  /** The key itself. Shown only in this answer; store it now. */
  key!: string;
}

export class ApiKeyListDto {
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
  /** Whether the member manages the organisation's API keys (creates and revokes them, sees refused uses) */
  keyManager!: boolean;
}

export function toMemberDto(user: UserEntity): MemberDto {
  return { ...toUserDto(user), keyManager: user.organisationManager };
}

export class MemberListDto {
  items!: MemberDto[];
}

export class ApiKeyIdentityDto {
  @ApiProperty({ format: 'uuid' })
  keyId!: string;

  @ApiProperty({ format: 'uuid' })
  organisationId!: string;

  organisationName!: string;

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
  at!: string;

  @ApiProperty({
    enum: ['malformed', 'unknown', 'revoked'],
    description: 'Not shaped like a key, no key has this secret, or the key is revoked',
  })
  reason!: string;

  /** The first characters of the refused key */
  prefix!: string;

  /** The organisation’s key it was, or whose prefix it showed */
  keyName!: string | null;

  /** The client address it came from */
  ip!: string | null;
}

export class ApiKeyFailureListDto {
  /** Newest first, the latest 20 */
  items!: ApiKeyFailureDto[];
}

export function toApiKeyFailureDto(failure: ApiKeyFailure): ApiKeyFailureDto {
  return { ...failure, at: failure.at.toISOString() };
}
