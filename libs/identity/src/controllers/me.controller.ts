import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post, Put } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import { ApiErrors, Authenticated, UuidParam } from '@academy/core';
import { AuthService } from '../auth/auth.service';
import { CurrentUser } from '../auth/current-principal.decorator';
import { UserPrincipal } from '../auth/principal';
import { EmailConfirmationService, linkSentMessage } from '../email/email-confirmation.service';
import {
  ChangeEmailDto,
  ChangePasswordDto,
  EmailLinkSentDto,
  SessionListDto,
  SessionsEndedDto,
  toUserDto,
  UpdateProfileDto,
  UserDto,
} from '../dto/user.dto';
import { IdentityError, IdentityErrorCode } from '../identity-error';
import { deviceInWords } from '../sessions/device-words';
import { SessionsService } from '../sessions/sessions.service';
import { UsersService } from '../users/users.service';

@ApiTags('me')
@Controller('api/v1/me')
@Authenticated()
export class MeController {
  constructor(
    private readonly users: UsersService,
    private readonly auth: AuthService,
    private readonly sessionsService: SessionsService,
    private readonly confirmations: EmailConfirmationService,
  ) {}

  /** Read my profile */
  @Get()
  @ApiOkResponse({ type: UserDto, description: 'The caller’s profile.' })
  @ApiErrors(401)
  async me(@CurrentUser() user: UserPrincipal): Promise<UserDto> {
    return toUserDto(await this.auth.accountOf(user));
  }

  /** Change my profile */
  @Put()
  @ApiOkResponse({ type: UserDto, description: 'The updated profile.' })
  @ApiErrors(400, 401)
  async update(@CurrentUser() user: UserPrincipal, @Body() body: UpdateProfileDto): Promise<UserDto> {
    return toUserDto(await this.users.updateProfile(user.userId, body));
  }

  /** Change my password */
  @Post('password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Password changed; every session and token of the user has ended.' })
  @ApiErrors(400, 401)
  async changePassword(@CurrentUser() user: UserPrincipal, @Body() body: ChangePasswordDto): Promise<void> {
    await this.users.changePassword(user.userId, body.currentPassword, body.newPassword);
  }

  /** Change my e-mail address */
  @Post('email')
  @Throttle({ default: { limit: 10, ttl: 60 * 60_000 } })
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({
    type: EmailLinkSentDto,
    description:
      'A confirmation link is on its way to the new address; the account’s address changes when it is opened (48 hours). The old address is then told.',
  })
  @ApiErrors(400, 401, 429)
  async changeEmail(
    @CurrentUser() user: UserPrincipal,
    @Body() body: ChangeEmailDto,
  ): Promise<EmailLinkSentDto> {
    const email = await this.confirmations.requestChange(user.userId, body.email, body.currentPassword);
    return { email, message: linkSentMessage(email, 'change') };
  }

  /** Send my confirmation link again */
  @Post('email/confirmation')
  @Throttle({ default: { limit: 10, ttl: 60 * 60_000 } })
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({
    type: EmailLinkSentDto,
    description: 'A fresh confirmation link for the account’s unconfirmed address (at most 3 an hour).',
  })
  @ApiErrors(400, 401, 429)
  async resendConfirmation(@CurrentUser() user: UserPrincipal): Promise<EmailLinkSentDto> {
    const email = await this.confirmations.resend(user.userId);
    return { email, message: linkSentMessage(email, 'resend') };
  }

  /** List where I am signed in */
  @Get('sessions')
  @ApiOkResponse({
    type: SessionListDto,
    description: 'Where the account is signed in: browsers and API tokens.',
  })
  @ApiErrors(401)
  async sessions(@CurrentUser() user: UserPrincipal): Promise<SessionListDto> {
    const live = await this.sessionsService.liveFor(user.userId);
    return {
      items: live.map((session) => ({
        id: session.id,
        kind: session.kind,
        device: deviceInWords(session.userAgent),
        ip: session.ip,
        createdAt: session.createdAt.toISOString(),
        lastSeenAt: session.lastSeenAt.toISOString(),
        current: session.id === user.sessionId,
      })),
    };
  }

  /** End one of my sessions or tokens */
  @Delete('sessions/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'That session or token no longer works (this one too, if named).' })
  @ApiErrors(400, 401, 404)
  async endSession(@CurrentUser() user: UserPrincipal, @UuidParam('id') id: string): Promise<void> {
    if (!(await this.sessionsService.revokeOwn(user.userId, id))) {
      throw new IdentityError(IdentityErrorCode.SESSION_NOT_FOUND, 'You have no live session with this id.');
    }
  }

  /** Sign out everywhere else */
  @Post('sessions/sign-out-others')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: SessionsEndedDto,
    description: 'Every other session and token of the account has ended.',
  })
  @ApiErrors(401)
  async endOtherSessions(@CurrentUser() user: UserPrincipal): Promise<SessionsEndedDto> {
    return { ended: await this.sessionsService.revokeOthers(user.userId, user.sessionId) };
  }
}
