import { Body, Controller, Get, HttpCode, HttpStatus, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, AuditService, Roles, UuidParam } from '@academy/core';
import { CurrentUser } from '../auth/current-principal.decorator';
import { UserPrincipal } from '../auth/principal';
import {
  AuditPageDto,
  AuditQueryDto,
  CreateUserDto,
  ListUsersQueryDto,
  RolesDto,
  UserPageDto,
} from '../dto/admin.dto';
import { toUserDto, UserDto } from '../dto/user.dto';
import { TwoFactorService } from '../two-factor/two-factor.service';
import { UsersService } from '../users/users.service';

@ApiTags('admin')
@Controller('api/v1/admin')
@Roles('admin')
export class AdminUsersController {
  constructor(
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly twoFactor: TwoFactorService,
  ) {}

  /** List accounts */
  @Get('users')
  @ApiOkResponse({ type: UserPageDto })
  @ApiErrors(400, 401, 403)
  async list(@Query() query: ListUsersQueryDto): Promise<UserPageDto> {
    const page = await this.users.list(query);
    return { items: page.items.map(toUserDto), total: page.total };
  }

  /** Create an account */
  @Post('users')
  @ApiCreatedResponse({ type: UserDto, description: 'An account of any roles, e.g. an instructor.' })
  @ApiErrors(400, 401, 403, 404, 409)
  async create(@Body() body: CreateUserDto): Promise<UserDto> {
    return toUserDto(await this.users.createByAdmin(body));
  }

  /** Read an account */
  @Get('users/:id')
  @ApiOkResponse({ type: UserDto })
  @ApiErrors(400, 401, 403, 404)
  async get(@UuidParam('id') id: string): Promise<UserDto> {
    return toUserDto(await this.users.get(id));
  }

  /** Set an account's roles */
  @Put('users/:id/roles')
  @ApiOkResponse({ type: UserDto })
  @ApiErrors(400, 401, 403, 404, 409)
  async setRoles(@UuidParam('id') id: string, @Body() body: RolesDto): Promise<UserDto> {
    return toUserDto(await this.users.setRoles(id, body.roles));
  }

  /** Disable an account */
  @Post('users/:id/disable')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: UserDto, description: 'Disabled; every session of the user has ended.' })
  @ApiErrors(400, 401, 403, 404, 409)
  async disable(@UuidParam('id') id: string, @CurrentUser() admin: UserPrincipal): Promise<UserDto> {
    return toUserDto(await this.users.disable(id, admin.userId));
  }

  /** Enable an account */
  @Post('users/:id/enable')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: UserDto })
  @ApiErrors(400, 401, 403, 404, 409)
  async enable(@UuidParam('id') id: string): Promise<UserDto> {
    return toUserDto(await this.users.enable(id));
  }

  /** Reset an account's second factor */
  @Post('users/:id/two-factor/reset')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: UserDto,
    description:
      'Every second factor of the account (app, passkeys, recovery codes) removed for a holder who lost them; its sessions end and the holder is e-mailed. A role that needs one sets it up again at the next sign-in.',
  })
  @ApiErrors(400, 401, 403, 404, 409)
  async resetTwoFactor(@UuidParam('id') id: string, @CurrentUser() admin: UserPrincipal): Promise<UserDto> {
    return toUserDto(await this.twoFactor.resetByAdmin(id, admin.userId));
  }

  /** Anonymise an account */
  @Post('users/:id/anonymise')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: UserDto,
    description:
      'A deletion request: name, e-mail, NPI, degree and specialty replaced by placeholders, date of birth, licences and board IDs deleted, sign-in disabled, sessions ended. Enrolments, attempts and certificates stay (certificates keep the holder name as issued).',
  })
  @ApiErrors(400, 401, 403, 404, 409)
  async anonymise(@UuidParam('id') id: string, @CurrentUser() admin: UserPrincipal): Promise<UserDto> {
    return toUserDto(await this.users.anonymise(id, admin.userId));
  }

  /** Read the audit trail */
  @Get('audit-events')
  @ApiOkResponse({ type: AuditPageDto, description: 'The audit trail, newest first.' })
  @ApiErrors(400, 401, 403)
  async auditEvents(@Query() query: AuditQueryDto): Promise<AuditPageDto> {
    const page = await this.audit.list(query);
    return {
      total: page.total,
      items: page.items.map((event) => ({ ...event, occurredAt: event.occurredAt.toISOString() })),
    };
  }
}
