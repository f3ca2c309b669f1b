import { Body, Controller, Get, Header, HttpCode, HttpStatus, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import {
  AfterPost,
  Authenticated,
  BodyLimit,
  DomainError,
  formProblem,
  FormWithFieldErrors,
  Page,
  parseForm,
  renderPage,
  ShowPage,
  UuidParam,
} from '@academy/core';
import type { SeeOther } from '@academy/core';
import { CurrentUser } from '../auth/current-principal.decorator';
import { UserPrincipal } from '../auth/principal';
import { CurrentPasswordFormDto, PasskeyAnswerFormDto, TotpCodeFormDto } from '../dto/two-factor.dto';
import { IdentityError, IdentityErrorCode } from '../identity-error';
import { needsSecondFactor, SECOND_FACTOR_ROLES, TwoFactorService } from '../two-factor/two-factor.service';
import { UsersService } from '../users/users.service';
import { homeFor } from './landing';
import { answerOf, originOf } from './sign-in-steps.pages.controller';

const VIEWS = 'libs/identity/views';
const STATUS_VIEW = `${VIEWS}/two-factor.hbs`;
const TOTP_VIEW = `${VIEWS}/totp-setup.hbs`;
const CODES_VIEW = `${VIEWS}/recovery-codes.hbs`;

/** Setting up second factors on the profile: an authenticator app with a QR code, passkeys, recovery codes shown once. */
@ApiExcludeController()
@Controller()
export class TwoFactorPagesController {
  constructor(
    private readonly twoFactor: TwoFactorService,
    private readonly users: UsersService,
  ) {}

  @Get('profile/two-factor')
  @Authenticated()
  @Page(STATUS_VIEW)
  async statusPage(
    @CurrentUser() user: UserPrincipal,
    @Query('required') required: unknown,
    @Query('saved') saved: unknown,
  ): Promise<Record<string, unknown>> {
    return this.statusModel(user, { required: required === '1', notice: SAVED[String(saved)] });
  }

  @Post('profile/two-factor/totp')
  @HttpCode(HttpStatus.OK)
  @Authenticated()
  @Header('cache-control', 'no-store')
  @Page(TOTP_VIEW)
  async startTotp(@CurrentUser() user: UserPrincipal): Promise<Record<string, unknown>> {
    const setUp = (await this.twoFactor.pendingTotp(user.userId)) ?? (await this.startOrExplain(user));
    return totpModel(setUp, {});
  }

  @Post('profile/two-factor/totp/confirm')
  @FormWithFieldErrors()
  @Authenticated()
  @Header('cache-control', 'no-store')
  async confirmTotp(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: UserPrincipal,
    @Body() body: unknown,
  ): Promise<void> {
    const form = await parseForm(TotpCodeFormDto, body);
    try {
      if (!form.ok) {
        throw new ShowPage(TOTP_VIEW, totpModel(await this.twoFactor.pendingTotp(user.userId), form.fields));
      }
      const codes = await this.twoFactor.confirmTotp(user.userId, form.value.code);
      return await this.showCodes(request, reply, user, codes, 'totp');
    } catch (error) {
      if (error instanceof IdentityError && error.code === IdentityErrorCode.SECOND_FACTOR_INVALID) {
        const pending = await this.twoFactor.pendingTotp(user.userId);
        throw pending
          ? new ShowPage(TOTP_VIEW, totpModel(pending, formProblem(error).fields))
          : new ShowPage(STATUS_VIEW, await this.statusModel(user, { formError: error.message }));
      }
      throw error;
    }
  }

  @Post('profile/two-factor/totp/remove')
  @FormWithFieldErrors()
  @Authenticated()
  @AfterPost()
  async removeTotp(@CurrentUser() user: UserPrincipal, @Body() body: unknown): Promise<SeeOther> {
    await this.withPassword(user, body, 'removeApp', (password) =>
      this.twoFactor.removeTotp(user.userId, password),
    );
    return { url: '/profile/two-factor?saved=totp-removed' };
  }

  @Post('profile/two-factor/passkeys/options')
  @Authenticated()
  @BodyLimit(4 * 1024)
  @HttpCode(HttpStatus.OK)
  async passkeyOptions(@CurrentUser() user: UserPrincipal): Promise<unknown> {
    return this.twoFactor.passkeyRegistration(user.userId);
  }

  @Post('profile/two-factor/passkeys')
  @FormWithFieldErrors()
  @Authenticated()
  @Header('cache-control', 'no-store')
  async addPasskey(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: UserPrincipal,
    @Body() body: unknown,
  ): Promise<void> {
    const form = await parseForm(PasskeyAnswerFormDto, body);
    try {
      if (!form.ok) {
        throw new IdentityError(
          IdentityErrorCode.PASSKEY_INVALID,
          'The passkey answer was incomplete. Try again.',
        );
      }
      const answer = answerOf<RegistrationResponseJSON>(form.value);
      const codes = await this.twoFactor.registerPasskey(
        user.userId,
        { ...answer, name: form.value.name ?? 'Passkey' },
        originOf(request),
      );
      return await this.showCodes(request, reply, user, codes, 'passkey');
    } catch (error) {
      if (!(error instanceof DomainError)) {
        throw error;
      }
      throw new ShowPage(
        STATUS_VIEW,
        await this.statusModel(user, { formError: error.message }),
        error.status,
      );
    }
  }

  @Post('profile/two-factor/passkeys/:id/remove')
  @FormWithFieldErrors()
  @Authenticated()
  @AfterPost()
  async removePasskey(
    @CurrentUser() user: UserPrincipal,
    @UuidParam('id') id: string,
    @Body() body: unknown,
  ): Promise<SeeOther> {
    await this.withPassword(user, body, 'passkey', (password) =>
      this.twoFactor.removePasskey(user.userId, id, password),
    );
    return { url: '/profile/two-factor?saved=passkey-removed' };
  }

  @Post('profile/two-factor/recovery-codes')
  @HttpCode(HttpStatus.OK)
  @FormWithFieldErrors()
  @Authenticated()
  @Header('cache-control', 'no-store')
  @Page(CODES_VIEW)
  async newRecoveryCodes(
    @CurrentUser() user: UserPrincipal,
    @Body() body: unknown,
  ): Promise<Record<string, unknown>> {
    let codes: string[] = [];
    await this.withPassword(user, body, 'recovery', async (password) => {
      codes = await this.twoFactor.regenerateRecoveryCodes(user.userId, password);
    });
    return codesModel(codes, '/profile/two-factor');
  }

  // Inner workings

  private async startOrExplain(user: UserPrincipal): Promise<{ secret: string; qr: string }> {
    try {
      return await this.twoFactor.startTotp(user.userId);
    } catch (error) {
      if (error instanceof IdentityError && error.code === IdentityErrorCode.SECOND_FACTOR_EXISTS) {
        throw new ShowPage(
          STATUS_VIEW,
          await this.statusModel(user, { formError: error.message }),
          error.status,
        );
      }
      throw error;
    }
  }

  /** Runs a change that takes the current password; a wrong one is said next to that form's field. */
  private async withPassword(
    user: UserPrincipal,
    body: unknown,
    field: string,
    change: (password: string) => Promise<void>,
  ): Promise<void> {
    const form = await parseForm(CurrentPasswordFormDto, body);
    try {
      if (!form.ok) {
        throw new IdentityError(
          IdentityErrorCode.WRONG_CURRENT_PASSWORD,
          'Type your current password to make this change.',
          'currentPassword',
        );
      }
      await change(form.value.currentPassword);
    } catch (error) {
      if (!(error instanceof DomainError)) {
        throw error;
      }
      const problems = formProblem(error);
      const fields = problems.fields.currentPassword ? { [field]: problems.fields.currentPassword } : {};
      const model = await this.statusModel(user, {
        fields,
        formError: problems.fields.currentPassword ? undefined : error.message,
      });
      throw new ShowPage(STATUS_VIEW, model, error.status, error.headers);
    }
  }

  /**
   * After a factor is added: the recovery codes, shown once, when it was the first (then on to
   * where the role's work is, now open); otherwise back to the two-factor page.
   */
  private async showCodes(
    request: FastifyRequest,
    reply: FastifyReply,
    user: UserPrincipal,
    codes: string[] | null,
    saved: string,
  ): Promise<void> {
    if (!codes) {
      return reply.redirect(`/profile/two-factor?saved=${saved}`, 303);
    }
    const account = await this.users.get(user.userId);
    const continueTo = needsSecondFactor(account.roles)
      ? homeFor(account.roles)
      : '/profile/two-factor?saved=first';
    return renderPage(request, reply, CODES_VIEW, codesModel(codes, continueTo));
  }

  private async statusModel(
    user: UserPrincipal,
    state: { required?: boolean; notice?: string; formError?: string; fields?: Record<string, string[]> },
  ): Promise<Record<string, unknown>> {
    const status = await this.twoFactor.status(user.userId);
    const account = await this.users.get(user.userId);
    return {
      title: 'Two-factor sign-in',
      status: {
        ...status,
        passkeys: status.passkeys,
      },
      secondFactor: account.secondFactorAt !== null,
      required: state.required === true && status.required && account.secondFactorAt === null,
      requiredFor: account.roles.filter((role) => SECOND_FACTOR_ROLES.includes(role)).join(' and '),
      fields: state.fields ?? {},
      notice: state.notice,
      formError: state.formError,
    };
  }
}

/** What the two-factor page says after a change (`?saved=…`). */
const SAVED: Record<string, string> = {
  first: 'Two-factor sign-in is on.',
  totp: 'The authenticator app is set up.',
  'totp-removed': 'The authenticator app is removed.',
  passkey: 'The passkey is added.',
  'passkey-removed': 'The passkey is removed.',
};

function totpModel(
  setUp: { secret: string; qr: string } | null,
  fields: Record<string, string[]>,
): Record<string, unknown> {
  if (!setUp) {
    throw new IdentityError(
      IdentityErrorCode.SECOND_FACTOR_INVALID,
      'Start setting up the app again: there is no set-up waiting for a code.',
    );
  }
  return {
    title: 'Set up your authenticator app',
    qr: setUp.qr,
    // In groups of four, as the apps' "enter a key" screens show it.
    secretGroups: setUp.secret.replace(/(.{4})(?=.)/g, '$1 '),
    fields,
  };
}

function codesModel(codes: string[], continueTo: string): Record<string, unknown> {
  return { title: 'Save your recovery codes', codes, continueTo };
}
