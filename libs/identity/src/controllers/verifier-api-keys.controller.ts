import { Body, Controller, Delete, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, Roles, UuidParam } from '@academy/core';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { CurrentUser } from '../auth/current-principal.decorator';
import { UserPrincipal } from '../auth/principal';
import {
  ApiKeyDto,
  ApiKeyFailureListDto,
  ApiKeyListDto,
  CreateApiKeyDto,
  CreatedApiKeyDto,
  toApiKeyDto,
  toApiKeyFailureDto,
} from '../dto/api-key.dto';
import { IdentityError, IdentityErrorCode } from '../identity-error';

/** The organisation a verifier manages keys of; refused when their account belongs to none. */
export function managedOrganisation(user: UserPrincipal): string {
  if (!user.organisationId) {
    throw new IdentityError(
      IdentityErrorCode.NOT_IN_ORGANISATION,
      'Your account does not belong to a verifier organisation, so it has no API keys. Ask the academy to add you to your organisation.',
    );
  }
  return user.organisationId;
}

/**
 * A verifier organisation's own API keys: every member sees them; its key managers (members an
 * admin made managers) create and revoke them and see refused uses of them.
 */
@ApiTags('verification')
@Controller('api/v1/verifier')
@Roles('verifier')
export class VerifierApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  /** List my organisation's API keys */
  @Get('api-keys')
  @ApiOkResponse({ type: ApiKeyListDto, description: "The caller's organisation's keys, newest first." })
  @ApiErrors(401, 403)
  async list(@CurrentUser() user: UserPrincipal): Promise<ApiKeyListDto> {
    return { items: (await this.apiKeys.listKeys(managedOrganisation(user))).map(toApiKeyDto) };
  }

  /** Create an API key for my organisation */
  @Post('api-keys')
  @ApiCreatedResponse({
    type: CreatedApiKeyDto,
    description:
      "The key is in this answer only. Only the organisation's key managers may create one (403 otherwise).",
  })
  @ApiErrors(400, 401, 403)
  async create(@CurrentUser() user: UserPrincipal, @Body() body: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    const created = await this.apiKeys.createKeyAsMember(user.userId, body.name);
    return { ...toApiKeyDto(created.entity), key: created.key };
  }

  /** Revoke one of my organisation's API keys */
  @Delete('api-keys/:keyId')
  @ApiOkResponse({
    type: ApiKeyDto,
    description:
      "The revoked key; it no longer works. Only the organisation's key managers may revoke one (403 otherwise).",
  })
  @ApiErrors(400, 401, 403, 404)
  async revoke(@CurrentUser() user: UserPrincipal, @UuidParam('keyId') keyId: string): Promise<ApiKeyDto> {
    return toApiKeyDto(await this.apiKeys.revokeKeyAsMember(user.userId, keyId));
  }

  /** List refused uses of my organisation's keys */
  @Get('api-key-failures')
  @ApiOkResponse({
    type: ApiKeyFailureListDto,
    description:
      "Recent refused uses of the organisation's keys: revoked keys still in use, and wrong keys showing one of its keys' first characters. For its key managers only (403 otherwise).",
  })
  @ApiErrors(401, 403)
  async failures(@CurrentUser() user: UserPrincipal): Promise<ApiKeyFailureListDto> {
    return { items: (await this.apiKeys.recentFailuresAsMember(user.userId)).map(toApiKeyFailureDto) };
  }
}
