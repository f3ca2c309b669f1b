import { Body, Controller, Get, HttpCode, HttpStatus, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, Authenticated } from '@academy/core';
import { CurrentUser } from '../auth/current-principal.decorator';
import { UserPrincipal } from '../auth/principal';
import { ChangePasswordDto, toUserDto, UpdateProfileDto, UserDto } from '../dto/user.dto';
import { UsersService } from '../users/users.service';

@ApiTags('me')
@ApiBearerAuth()
@Controller('api/v1/me')
@Authenticated()
export class MeController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOkResponse({ type: UserDto, description: 'The caller’s profile.' })
  @ApiErrors(401)
  async me(@CurrentUser() user: UserPrincipal): Promise<UserDto> {
    return toUserDto(await this.users.get(user.userId));
  }

  @Put()
  @ApiOkResponse({ type: UserDto, description: 'The updated profile.' })
  @ApiErrors(400, 401)
  async update(@CurrentUser() user: UserPrincipal, @Body() body: UpdateProfileDto): Promise<UserDto> {
    return toUserDto(await this.users.updateProfile(user.userId, body));
  }

  @Post('password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Password changed; every session and token of the user has ended.' })
  @ApiErrors(400, 401)
  async changePassword(@CurrentUser() user: UserPrincipal, @Body() body: ChangePasswordDto): Promise<void> {
    await this.users.changePassword(user.userId, body.currentPassword, body.newPassword);
  }
}
