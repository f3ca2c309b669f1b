import { Body, Controller, Delete, Get, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, Roles, UuidParam } from '@academy/core';
import { ApiKeysService } from '../api-keys/api-keys.service';
import {
  AddMemberDto,
  MemberDto,
  MemberListDto,
  ApiKeyDto,
  ApiKeyListDto,
  CreateApiKeyDto,
  CreatedApiKeyDto,
  CreateOrganisationDto,
  OrganisationDto,
  OrganisationListDto,
  toApiKeyDto,
  toMemberDto,
  toOrganisationDto,
} from '../dto/api-key.dto';
import { toUserDto, UserDto } from '../dto/user.dto';
import { UsersService } from '../users/users.service';

@ApiTags('admin')
@Controller('api/v1/admin')
@Roles('admin')
export class VerifierOrganisationsController {
  constructor(
    private readonly apiKeys: ApiKeysService,
    private readonly users: UsersService,
  ) {}

  /** List verifier organisations */
  @Get('organisations')
  @ApiOkResponse({ type: OrganisationListDto })
  @ApiErrors(401, 403)
  async list(): Promise<OrganisationListDto> {
    return { items: (await this.apiKeys.listOrganisations()).map(toOrganisationDto) };
  }

  /** Create a verifier organisation */
  @Post('organisations')
  @ApiCreatedResponse({ type: OrganisationDto })
  @ApiErrors(400, 401, 403, 409)
  async create(@Body() body: CreateOrganisationDto): Promise<OrganisationDto> {
    return toOrganisationDto(await this.apiKeys.createOrganisation(body.name));
  }

  /** List an organisation's API keys */
  @Get('organisations/:id/api-keys')
  @ApiOkResponse({ type: ApiKeyListDto })
  @ApiErrors(400, 401, 403, 404)
  async keys(@UuidParam('id') id: string): Promise<ApiKeyListDto> {
    return { items: (await this.apiKeys.listKeys(id)).map(toApiKeyDto) };
  }

  /** Create an API key for an organisation */
  @Post('organisations/:id/api-keys')
  @ApiCreatedResponse({ type: CreatedApiKeyDto, description: 'The key is in this answer only.' })
  @ApiErrors(400, 401, 403, 404)
  async createKey(@UuidParam('id') id: string, @Body() body: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    const created = await this.apiKeys.createKey(id, body.name);
    return { ...toApiKeyDto(created.entity), key: created.key };
  }

  /** List an organisation's members */
  @Get('organisations/:id/members')
  @ApiOkResponse({ type: MemberListDto, description: 'The accounts of the organisation, by name.' })
  @ApiErrors(400, 401, 403, 404)
  async members(@UuidParam('id') id: string): Promise<MemberListDto> {
    await this.apiKeys.getOrganisation(id);
    return { items: (await this.users.membersOf(id)).map(toMemberDto) };
  }

  /** Add a member to an organisation */
  @Post('organisations/:id/members')
  @ApiCreatedResponse({
    type: UserDto,
    description:
      'An existing account joins the organisation with the verifier role; its checks are attributed to it.',
  })
  @ApiErrors(400, 401, 403, 404, 409)
  async addMember(@UuidParam('id') id: string, @Body() body: AddMemberDto): Promise<UserDto> {
    await this.apiKeys.getOrganisation(id);
    return toUserDto(await this.users.joinOrganisation(id, body.email));
  }

  /** Remove a member from an organisation */
  @Delete('organisations/:id/members/:userId')
  @ApiOkResponse({
    type: UserDto,
    description: 'The account, no longer a member (its past checks stay attributed).',
  })
  @ApiErrors(400, 401, 403, 404)
  async removeMember(@UuidParam('id') id: string, @UuidParam('userId') userId: string): Promise<UserDto> {
    return toUserDto(await this.users.leaveOrganisation(id, userId));
  }

  /** Make a member a key manager */
  @Put('organisations/:id/members/:userId/manager')
  @ApiOkResponse({
    type: MemberDto,
    description:
      "The member now manages the organisation's API keys: creates and revokes them and sees refused uses. An organisation may have several managers. Audited.",
  })
  @ApiErrors(400, 401, 403, 404, 409)
  async makeManager(@UuidParam('id') id: string, @UuidParam('userId') userId: string): Promise<MemberDto> {
    await this.apiKeys.getOrganisation(id);
    return toMemberDto(await this.users.setOrganisationManager(id, userId, true));
  }

  /** Stop a member managing keys */
  @Delete('organisations/:id/members/:userId/manager')
  @ApiOkResponse({
    type: MemberDto,
    description: 'The member stays in the organisation but no longer manages its API keys. Audited.',
  })
  @ApiErrors(400, 401, 403, 404)
  async removeManager(@UuidParam('id') id: string, @UuidParam('userId') userId: string): Promise<MemberDto> {
    await this.apiKeys.getOrganisation(id);
    return toMemberDto(await this.users.setOrganisationManager(id, userId, false));
  }

  /** Revoke an API key */
  @Delete('api-keys/:keyId')
  @ApiOkResponse({ type: ApiKeyDto, description: 'The revoked key; it no longer works.' })
  @ApiErrors(400, 401, 403, 404)
  async revokeKey(@UuidParam('keyId') keyId: string): Promise<ApiKeyDto> {
    return toApiKeyDto(await this.apiKeys.revokeKey(keyId));
  }
}
