import { Body, Controller, Get, Header, Post, Query, Req, Res } from '@nestjs/common';
import { Throttle } from '@nestjs/throttler';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  AfterPost,
  Authenticated,
  DomainError,
  formProblem,
  FormWithFieldErrors,
  Page,
  parseForm,
  Public,
  readerOf,
  renderPage,
  ShowPage,
  US_STATE_NAMES,
} from '@academy/core';
import type { SeeOther } from '@academy/core';
import { AuthService } from '../auth/auth.service';
import { CurrentUser, OptionalUser } from '../auth/current-principal.decorator';
import { UserPrincipal } from '../auth/principal';
import { SessionCookie } from '../auth/session-cookie';
import { PasswordResetCompleteDto, PasswordResetRequestDto } from '../dto/auth.dto';
import { PasswordResetService, RESET_REQUESTED } from '../passwords/password-reset.service';
import { ChangePasswordDto, SignUpDto, UpdateProfileDto } from '../dto/user.dto';
import { PROFILE_VIEW, profileAgain, profileModel } from './profile-page';
import { DEGREES } from '../users/user.entity';
import { UsersService } from '../users/users.service';

const VIEWS = 'libs/identity/views';

/** What the profile page says after a change (`?saved=…`). */
const PROFILE_NOTICES: Record<string, string> = {
  profile: 'Profile saved.',
  password: 'Password changed. Other devices have been signed out.',
  'email-link': `We sent a link to your new address. Your address changes to it when you open the link (it works for 48 hours); until then nothing changes.`,
  'link-resent': 'We sent a new confirmation link to your address. It works for 48 hours.',
  'email-confirmed': 'Your e-mail address is confirmed.',
};

/** The licence state choices of the sign-up form. */
const STATES = Object.entries(US_STATE_NAMES).map(([code, name]) => ({ code, name }));

const FORGOT = `${VIEWS}/forgot-password.hbs`;
const RESET = `${VIEWS}/reset-password.hbs`;

/** The reset page: the form for a link that works (its token kept in the form), or why it does not. */
function resetModel(token: string | null, fields: Record<string, string[]>): Record<string, unknown> {
  return {
    title: token ? 'Choose a new password' : 'This reset link does not work',
    token,
    fields,
    invalid: token === null,
  };
}

@ApiExcludeController()
@Controller()
export class IdentityPagesController {
  constructor(
    private readonly users: UsersService,
    private readonly auth: AuthService,
    private readonly cookie: SessionCookie,
    private readonly resets: PasswordResetService,
  ) {}

  @Get('signup')
  @Public()
  @Page(`${VIEWS}/signup.hbs`)
  signUpPage(@Query('email') email: unknown): Record<string, unknown> {
    // An invitation (to a cohort) links here with the invited address filled in.
    const invited = typeof email === 'string' && email.length <= 254 ? { email } : {};
    return { title: 'Create your account', degrees: DEGREES, states: STATES, values: invited, fields: {} };
  }

  @Post('signup')
  @FormWithFieldErrors()
  @Public()
  async signUp(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Body() body: unknown,
  ): Promise<void> {
    const form = await parseForm(SignUpDto, body);
    const again = (fields: Record<string, string[]>, formError?: string): Promise<void> =>
      renderPage(
        request,
        reply,
        `${VIEWS}/signup.hbs`,
        {
          title: 'Create your account',
          degrees: DEGREES,
          states: STATES,
          values: { ...(body as object), password: '' },
          fields,
          formError,
        },
        400,
      );
    if (!form.ok) {
      return again(form.fields);
    }
    try {
      // New address or taken, the answer is the same: sign in next (the holder of a taken one is e-mailed).
      // Dates are said in the zone the browser reports until the physician chooses another.
      const reader = readerOf(request);
      await this.users.signUp({ ...form.value, ...(reader.zoneKnown ? { timeZone: reader.zone } : {}) });
    } catch (error) {
      const problems = formProblem(error);
      return again(problems.fields, problems.formError);
    }
    await reply.redirect('/login?registered=1', 303);
  }

  @Get('forgot-password')
  @Public()
  @Page(FORGOT)
  forgotPasswordPage(@Query('sent') sent: unknown): Record<string, unknown> {
    return {
      title: 'Forgot your password?',
      sent: sent === '1' ? RESET_REQUESTED : null,
      values: {},
      fields: {},
    };
  }

  @Post('forgot-password')
  @FormWithFieldErrors()
  @Public()
  @Throttle({ default: { limit: 10, ttl: 60 * 60_000 } })
  @AfterPost()
  async forgotPassword(@Body() body: unknown): Promise<SeeOther> {
    const form = await parseForm(PasswordResetRequestDto, body);
    if (!form.ok) {
      throw new ShowPage(FORGOT, {
        title: 'Forgot your password?',
        values: form.values,
        fields: form.fields,
      });
    }
    await this.resets.request(form.value.email);
    return { url: '/forgot-password?sent=1' };
  }

  /** The page a reset link opens: the new-password form, or why the link does not work. */
  @Get('reset-password')
  @Public()
  @Header('cache-control', 'no-store')
  @Header('referrer-policy', 'no-referrer')
  @Page(RESET)
  async resetPasswordPage(@Query('token') token: unknown): Promise<Record<string, unknown>> {
    const usable = typeof token === 'string' && token.length <= 200 && (await this.resets.isUsable(token));
    return resetModel(usable ? token : null, {});
  }

  @Post('reset-password')
  @FormWithFieldErrors()
  @Public()
  @Header('cache-control', 'no-store')
  @Header('referrer-policy', 'no-referrer')
  @AfterPost()
  async resetPassword(@Body() body: unknown): Promise<SeeOther> {
    const typedToken = (body as { token?: unknown } | undefined)?.token;
    const token = typeof typedToken === 'string' ? typedToken : null;
    const form = await parseForm(PasswordResetCompleteDto, body);
    if (!form.ok) {
      throw new ShowPage(RESET, resetModel(form.fields.token ? null : token, form.fields));
    }
    try {
      await this.resets.complete(form.value.token, form.value.password);
    } catch (error) {
      if (!(error instanceof DomainError)) {
        throw error;
      }
      const { fields, formError } = formProblem(error);
      const model = { ...resetModel('token' in fields ? null : token, fields), formError };
      throw new ShowPage(RESET, model, error.status, error.headers);
    }
    return { url: '/login?reset=1' };
  }

  @Post('logout')
  @Public()
  async logout(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @OptionalUser() user: UserPrincipal | null,
  ): Promise<void> {
    if (user) {
      await this.auth.logout(user);
    }
    this.cookie.clear(request, reply);
    await reply.redirect('/?signedOut=1', 303);
  }

  @Get('profile')
  @Authenticated()
  @Page(PROFILE_VIEW)
  async profilePage(
    @Req() request: FastifyRequest,
    @CurrentUser() user: UserPrincipal,
    @Query('welcome') welcome: unknown,
    @Query('saved') saved: unknown,
  ): Promise<Record<string, unknown>> {
    const notice = welcome
      ? 'Welcome! Your account is ready. We sent a link to your e-mail address: open it to confirm the address.'
      : PROFILE_NOTICES[String(saved)];
    return profileModel(this.users, user.userId, { notice }, readerOf(request).zone);
  }

  @Post('profile')
  @FormWithFieldErrors()
  @Authenticated()
  async updateProfile(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: UserPrincipal,
    @Body() body: unknown,
  ): Promise<void> {
    const form = await parseForm(UpdateProfileDto, body);
    if (form.ok) {
      try {
        await this.users.updateProfile(user.userId, form.value);
        return reply.redirect('/profile?saved=profile', 303);
      } catch (error) {
        return profileAgain(request, reply, this.users, user.userId, {
          values: body,
          fields: formProblem(error).fields,
        });
      }
    }
    return profileAgain(request, reply, this.users, user.userId, { values: body, fields: form.fields });
  }

  @Post('profile/password')
  @FormWithFieldErrors()
  @Authenticated()
  async changePassword(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: UserPrincipal,
    @Body() body: unknown,
  ): Promise<void> {
    const form = await parseForm(ChangePasswordDto, body);
    if (!form.ok) {
      return profileAgain(request, reply, this.users, user.userId, { passwordFields: form.fields });
    }
    try {
      await this.users.changePassword(user.userId, form.value.currentPassword, form.value.newPassword);
    } catch (error) {
      const problems = formProblem(error);
      const fields = problems.fields.password ? { newPassword: problems.fields.password } : problems.fields;
      return profileAgain(request, reply, this.users, user.userId, { passwordFields: fields });
    }
    // Every session ended with the change; this browser, which just proved the password, goes on.
    const login = await this.auth.startSessionFor(user.userId, 'web', 'password_changed');
    this.cookie.set(request, reply, login.token);
    return reply.redirect('/profile?saved=password', 303);
  }
}
