import { Body, Controller, Get, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  Authenticated,
  DomainError,
  formProblem,
  FormWithFieldErrors,
  parseForm,
  Public,
  renderPage,
  Role,
  safeLocalPath,
} from '@academy/core';
import { AuthService } from '../auth/auth.service';
import { CurrentUser, OptionalUser } from '../auth/current-principal.decorator';
import { UserPrincipal } from '../auth/principal';
import { SessionCookie } from '../auth/session-cookie';
import { LoginFormDto, SIGN_UP_ACCEPTED } from '../dto/auth.dto';
import { ChangePasswordDto, SignUpDto, toUserDto, UpdateProfileDto } from '../dto/user.dto';
import { DEGREES } from '../users/user.entity';
import { UsersService } from '../users/users.service';

const VIEWS = 'libs/identity/views';

/** Where each role starts after signing in (the first role that has a home of its own wins). */
const ROLE_HOMES: [Role, string][] = [
  ['admin', '/admin/dashboard'],
  ['instructor', '/instructor/labs'],
  ['verifier', '/verifier'],
  ['learner', '/learning'],
];

export function homeFor(roles: readonly Role[]): string {
  return ROLE_HOMES.find(([role]) => roles.includes(role))?.[1] ?? '/';
}

@ApiExcludeController()
@Controller()
export class IdentityPagesController {
  constructor(
    private readonly users: UsersService,
    private readonly auth: AuthService,
    private readonly cookie: SessionCookie,
  ) {}

  @Get('signup')
  @Public()
  @Render(`${VIEWS}/signup.hbs`)
  signUpPage(): Record<string, unknown> {
    return { title: 'Create your account', degrees: DEGREES, values: {}, fields: {} };
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
      await this.users.signUp(form.value);
    } catch (error) {
      const problems = formProblem(error);
      return again(problems.fields, problems.formError);
    }
    await reply.redirect('/login?registered=1', 303);
  }

  @Get('login')
  @Public()
  @Render(`${VIEWS}/login.hbs`)
  loginPage(@Query('next') next: unknown, @Query('registered') registered: unknown): Record<string, unknown> {
    return {
      title: 'Sign in',
      // Just signed up: once signed in, the new physician is welcomed on their profile.
      next: safeLocalPath(next, registered === '1' ? '/profile?welcome=1' : ''),
      registered: registered === '1' ? SIGN_UP_ACCEPTED : null,
      values: {},
      fields: {},
    };
  }

  @Post('login')
  @FormWithFieldErrors()
  @Public()
  async login(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Body() body: unknown,
  ): Promise<void> {
    // Only a path on this site is followed; otherwise the person lands on their role's home.
    const next = safeLocalPath((body as { next?: unknown } | undefined)?.next, '');
    const form = await parseForm(LoginFormDto, { ...(body as object), next: undefined });
    const again = (
      fields: Record<string, string[]>,
      formError: string | undefined,
      status: number,
    ): Promise<void> =>
      renderPage(
        request,
        reply,
        `${VIEWS}/login.hbs`,
        {
          title: 'Sign in',
          next,
          values: { email: (body as { email?: unknown } | undefined)?.email },
          fields,
          formError,
        },
        status,
      );
    if (!form.ok) {
      return again(form.fields, undefined, 400);
    }
    try {
      const login = await this.auth.login(form.value.email, form.value.password, 'web');
      this.cookie.set(request, reply, login.token);
      await reply.redirect(next || homeFor((await this.users.get(login.session.userId)).roles), 303);
    } catch (error) {
      const problems = formProblem(error);
      if (error instanceof DomainError) {
        reply.headers(error.headers);
        return again(problems.fields, problems.formError, error.status);
      }
      throw error;
    }
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
  @Render(`${VIEWS}/profile.hbs`)
  async profilePage(
    @CurrentUser() user: UserPrincipal,
    @Query('welcome') welcome: unknown,
    @Query('saved') saved: unknown,
  ): Promise<Record<string, unknown>> {
    const profile = toUserDto(await this.users.get(user.userId));
    return {
      title: 'Your profile',
      degrees: DEGREES,
      profile,
      values: profile,
      fields: {},
      passwordFields: {},
      notice: welcome
        ? 'Welcome! Your account is ready.'
        : saved === 'profile'
          ? 'Profile saved.'
          : saved === 'password'
            ? 'Password changed. Other devices have been signed out.'
            : undefined,
    };
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
        return this.profileAgain(request, reply, user, { values: body, fields: formProblem(error).fields });
      }
    }
    return this.profileAgain(request, reply, user, { values: body, fields: form.fields });
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
      return this.profileAgain(request, reply, user, { passwordFields: form.fields });
    }
    try {
      await this.users.changePassword(user.userId, form.value.currentPassword, form.value.newPassword);
    } catch (error) {
      const problems = formProblem(error);
      const fields = problems.fields.password ? { newPassword: problems.fields.password } : problems.fields;
      return this.profileAgain(request, reply, user, { passwordFields: fields });
    }
    // Every session ended with the change; this browser signs in again with the new password.
    const login = await this.auth.login(user.email, form.value.newPassword, 'web');
    this.cookie.set(request, reply, login.token);
    return reply.redirect('/profile?saved=password', 303);
  }

  private async profileAgain(
    request: FastifyRequest,
    reply: FastifyReply,
    user: UserPrincipal,
    state: { values?: unknown; fields?: Record<string, string[]>; passwordFields?: Record<string, string[]> },
  ): Promise<void> {
    const profile = toUserDto(await this.users.get(user.userId));
    await renderPage(
      request,
      reply,
      `${VIEWS}/profile.hbs`,
      {
        title: 'Your profile',
        degrees: DEGREES,
        profile,
        values: state.values ?? profile,
        fields: state.fields ?? {},
        passwordFields: state.passwordFields ?? {},
      },
      400,
    );
  }
}
