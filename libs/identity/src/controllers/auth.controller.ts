import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import { ApiErrors, ApiKeyAccess, Authenticated, BodyLimit, Public } from '@academy/core';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { AuthService } from '../auth/auth.service';
import { CurrentApiKey, CurrentUser } from '../auth/current-principal.decorator';
import { ApiKeyPrincipal, UserPrincipal } from '../auth/principal';
import { ApiKeyIdentityDto } from '../dto/api-key.dto';
import {
  EmailConfirmationDto,
  EmailConfirmedDto,
  PasswordResetAcceptedDto,
  PasswordResetCompleteDto,
  PasswordResetRequestDto,
  SIGN_UP_ACCEPTED,
  SignUpAcceptedDto,
  TokenRequestDto,
  TokenResponseDto,
} from '../dto/auth.dto';
import { EmailConfirmationService } from '../email/email-confirmation.service';
import { PasswordResetService, RESET_REQUESTED } from '../passwords/password-reset.service';
import { SignUpDto } from '../dto/user.dto';
import { UsersService } from '../users/users.service';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly users: UsersService,
    private readonly auth: AuthService,
    private readonly apiKeys: ApiKeysService,
    private readonly resets: PasswordResetService,
    private readonly confirmations: EmailConfirmationService,
  ) {}

  /** Sign up as a physician learner */
  @Post('register')
  @Public()
  @BodyLimit(16 * 1024)
  @Throttle({ default: { limit: 30, ttl: 10 * 60_000 } })
  @ApiCreatedResponse({
    type: SignUpAcceptedDto,
    description:
      'The same answer for a new address (a physician account with the learner role is created) and for one that already has an account (its holder is e-mailed).',
  })
  @ApiErrors(400, 429)
  async register(@Body() body: SignUpDto): Promise<SignUpAcceptedDto> {
    await this.users.signUp(body);
    return { email: body.email.toLowerCase(), message: SIGN_UP_ACCEPTED };
  }

  /** Ask for a password reset link */
  @Post('password-reset')
  @Public()
  @BodyLimit(16 * 1024)
  @Throttle({ default: { limit: 10, ttl: 60 * 60_000 } })
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({
    type: PasswordResetAcceptedDto,
    description:
      'The same answer, after the same time, for any address; an account that may sign in is e-mailed a single-use link valid 30 minutes (at most 3 an hour).',
  })
  @ApiErrors(400, 429)
  async requestPasswordReset(@Body() body: PasswordResetRequestDto): Promise<PasswordResetAcceptedDto> {
    await this.resets.request(body.email);
    return { message: RESET_REQUESTED };
  }

  /** Set a new password with a reset link */
  @Post('password-reset/complete')
  @Public()
  @BodyLimit(16 * 1024)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({
    description:
      'The new password is set; every session and API token of the account has ended and the holder is e-mailed.',
  })
  @ApiErrors(400, 429)
  async completePasswordReset(@Body() body: PasswordResetCompleteDto): Promise<void> {
    await this.resets.complete(body.token, body.password);
  }

  /** Confirm an e-mail address with its link */
  @Post('email-confirmation')
  @Public()
  @BodyLimit(16 * 1024)
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: EmailConfirmedDto,
    description:
      'The address the link was sent to is confirmed: the account’s own, or a new one that now replaces it (the old address is told). Each link works once, for 48 hours.',
  })
  @ApiErrors(400, 409, 429)
  async confirmEmail(@Body() body: EmailConfirmationDto): Promise<EmailConfirmedDto> {
    return this.confirmations.confirm(body.token);
  }

  /** Get a bearer token */
  @Post('token')
  @Public()
  @BodyLimit(16 * 1024)
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: TokenResponseDto,
    description:
      'A short-lived bearer token. An account with two-factor sign-in also sends `otp`; without it the answer is 401 `SECOND_FACTOR_NEEDED`.',
  })
  @ApiErrors(400, 401, 403, 429)
  async token(@Body() body: TokenRequestDto): Promise<TokenResponseDto> {
    const login = await this.auth.login(body.email, body.password, 'api', body.otp);
    return { accessToken: login.token, expiresIn: login.expiresInSeconds, tokenType: 'Bearer' };
  }

  /** End the bearer token */
  @Post('logout')
  @Authenticated()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The bearer token no longer works.' })
  @ApiErrors(401)
  async logout(@CurrentUser() user: UserPrincipal): Promise<void> {
    await this.auth.logout(user);
  }

  /** Say which organisation a verifier API key belongs to */
  @Get('api-key')
  @ApiKeyAccess('verify')
  @ApiOkResponse({
    type: ApiKeyIdentityDto,
    description: 'Which organisation a verifier API key belongs to.',
  })
  @ApiErrors(401, 403)
  async apiKey(@CurrentApiKey() key: ApiKeyPrincipal): Promise<ApiKeyIdentityDto> {
    const organisation = await this.apiKeys.getOrganisation(key.organisationId);
    return {
      keyId: key.apiKeyId,
      organisationId: organisation.id,
      organisationName: organisation.name,
      scopes: key.scopes,
    };
  }
}
