import { Body, Controller, Get, Header, Post, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import {
  AfterPost,
  Authenticated,
  DomainError,
  formProblem,
  FormWithFieldErrors,
  Page,
  parseForm,
  Public,
  ShowPage,
} from '@academy/core';
import type { SeeOther } from '@academy/core';
import { CurrentUser, OptionalUser } from '../auth/current-principal.decorator';
import { UserPrincipal } from '../auth/principal';
import { EmailConfirmationDto } from '../dto/auth.dto';
import { ChangeEmailDto } from '../dto/user.dto';
import { EmailConfirmationService } from '../email/email-confirmation.service';
import { UsersService } from '../users/users.service';
import { PROFILE_VIEW, profileModel } from './profile-page';

const CONFIRM = 'libs/identity/views/confirm-email.hbs';

/** The page a confirmation link opens: a button (mail scanners open links too), or why it does not work. */
function confirmModel(token: string | null, problem?: string): Record<string, unknown> {
  return {
    title: token ? 'Confirm your e-mail address' : 'This confirmation link does not work',
    token,
    invalid: token === null,
    problem,
  };
}

/** Confirming an address by its link, asking for the link again, and changing the address. */
@ApiExcludeController()
@Controller()
export class EmailPagesController {
  constructor(
    private readonly confirmations: EmailConfirmationService,
    private readonly users: UsersService,
  ) {}

  @Get('confirm-email')
  @Public()
  @Header('cache-control', 'no-store')
  @Header('referrer-policy', 'no-referrer')
  @Page(CONFIRM)
  async confirmPage(@Query('token') token: unknown): Promise<Record<string, unknown>> {
    const usable =
      typeof token === 'string' && token.length <= 200 && (await this.confirmations.isUsable(token));
    return confirmModel(usable ? token : null);
  }

  @Post('confirm-email')
  @FormWithFieldErrors()
  @Public()
  @Header('cache-control', 'no-store')
  @Header('referrer-policy', 'no-referrer')
  @AfterPost()
  async confirm(@Body() body: unknown, @OptionalUser() user: UserPrincipal | null): Promise<SeeOther> {
    const form = await parseForm(EmailConfirmationDto, body);
    if (!form.ok) {
      throw new ShowPage(CONFIRM, confirmModel(null));
    }
    try {
      await this.confirmations.confirm(form.value.token);
    } catch (error) {
      if (!(error instanceof DomainError)) {
        throw error;
      }
      throw new ShowPage(CONFIRM, confirmModel(null, error.message), error.status, error.headers);
    }
    return { url: user ? '/profile?saved=email-confirmed' : '/login?confirmed=1' };
  }

  @Post('profile/email/confirmation')
  @Authenticated()
  @Throttle({ default: { limit: 10, ttl: 60 * 60_000 } })
  @AfterPost()
  async resend(@CurrentUser() user: UserPrincipal): Promise<SeeOther> {
    try {
      await this.confirmations.resend(user.userId);
    } catch (error) {
      if (!(error instanceof DomainError)) {
        throw error;
      }
      const model = await profileModel(this.users, user.userId, { formError: error.message });
      throw new ShowPage(PROFILE_VIEW, model, error.status, error.headers);
    }
    return { url: '/profile?saved=link-resent' };
  }

  @Post('profile/email')
  @FormWithFieldErrors()
  @Authenticated()
  @Throttle({ default: { limit: 10, ttl: 60 * 60_000 } })
  @AfterPost()
  async change(@CurrentUser() user: UserPrincipal, @Body() body: unknown): Promise<SeeOther> {
    const form = await parseForm(ChangeEmailDto, body);
    const emailValues = { email: (body as { email?: unknown } | undefined)?.email };
    if (!form.ok) {
      throw new ShowPage(
        PROFILE_VIEW,
        await profileModel(this.users, user.userId, { emailValues, emailFields: form.fields }),
      );
    }
    try {
      await this.confirmations.requestChange(user.userId, form.value.email, form.value.currentPassword);
    } catch (error) {
      if (!(error instanceof DomainError)) {
        throw error;
      }
      const { fields, formError } = formProblem(error);
      const model = await profileModel(this.users, user.userId, {
        emailValues,
        emailFields: fields,
        formError,
      });
      throw new ShowPage(PROFILE_VIEW, model, error.status, error.headers);
    }
    return { url: '/profile?saved=email-link' };
  }
}
