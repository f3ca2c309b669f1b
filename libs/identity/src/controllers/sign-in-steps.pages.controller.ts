import { Body, Controller, Get, Header, HttpCode, HttpStatus, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import {
  BodyLimit,
  DomainError,
  formProblem,
  FormWithFieldErrors,
  Page,
  parseForm,
  Public,
  readerOf,
  renderPage,
  safeLocalPath,
} from '@academy/core';
import { AuthService, LoginResult, PendingSignIn } from '../auth/auth.service';
import { SessionCookie } from '../auth/session-cookie';
import { LoginFormDto, SIGN_UP_ACCEPTED } from '../dto/auth.dto';
import { PasskeyAnswerFormDto, PasskeyOptionsDto, SecondStepFormDto } from '../dto/two-factor.dto';
import { IdentityError, IdentityErrorCode } from '../identity-error';
import { TwoFactorService, WebAuthnOrigin } from '../two-factor/two-factor.service';
import { UsersService } from '../users/users.service';
import { landingFor } from './landing';

const VIEWS = 'libs/identity/views';
const SIGN_IN_VIEW = `${VIEWS}/login.hbs`;
export const SECOND_STEP_VIEW = `${VIEWS}/login-second-factor.hbs`;

/** The second step's page: the pending sign-in travels in the form, never in a URL. */
export function secondStepModel(
  pending: PendingSignIn | { token: string; passkey: boolean },
  next: string,
  fields: Record<string, string[]>,
  formError?: string,
): Record<string, unknown> {
  return {
    title: 'Two-step verification',
    pendingToken: pending.token,
    passkey: pending.passkey,
    next,
    fields,
    formError,
  };
}

/** The sign-in page again, with what was typed (never the password) and what went wrong. */
function signInAgain(
  request: FastifyRequest,
  reply: FastifyReply,
  page: {
    next: string;
    email?: unknown;
    fields?: Record<string, string[]>;
    formError?: string;
    status: number;
  },
): Promise<void> {
  return renderPage(
    request,
    reply,
    SIGN_IN_VIEW,
    {
      title: 'Sign in',
      next: page.next,
      values: { email: page.email },
      fields: page.fields ?? {},
      formError: page.formError,
    },
    page.status,
  );
}

/** The sign-in page after a refusal (its words, status and headers); anything else is thrown on. */
function signInAgainAfter(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  page: { next: string; email?: unknown },
): Promise<void> {
  if (!(error instanceof DomainError)) {
    throw error;
  }
  reply.headers(error.headers);
  return signInAgain(request, reply, { ...page, ...formProblem(error), status: error.status });
}

/** The page's origin as the browser sees it, which a passkey answer is signed for. */
export function originOf(request: FastifyRequest): WebAuthnOrigin {
  return { origin: `${request.protocol}://${request.host}` };
}

/** The browser's answer to a passkey ceremony, as the form carries it (JSON text). */
export function answerOf<Response>(form: PasskeyAnswerFormDto): { challengeId: string; response: Response } {
  try {
    return { challengeId: form.challengeId, response: JSON.parse(form.response) as Response };
  } catch {
    throw new IdentityError(
      IdentityErrorCode.PASSKEY_INVALID,
      'The browser’s answer for the passkey was not readable. Try the passkey again.',
    );
  }
}

/**
 * Signing in on the web, step by step: the password (`/login`), the second factor's page (a
 * code, or a passkey of the account), and a passkey alone.
 */
@ApiExcludeController()
@Controller()
export class SignInStepsPagesController {
  constructor(
    private readonly auth: AuthService,
    private readonly twoFactor: TwoFactorService,
    private readonly users: UsersService,
    private readonly cookie: SessionCookie,
  ) {}

  // Signing in

  @Get('login')
  @Public()
  @Page(SIGN_IN_VIEW)
  loginPage(
    @Query('next') next: unknown,
    @Query('registered') registered: unknown,
    @Query('reset') reset: unknown,
    @Query('confirmed') confirmed: unknown,
  ): Record<string, unknown> {
    return {
      title: 'Sign in',
      reset: reset === '1',
      notice: confirmed === '1' ? 'Your e-mail address is confirmed. Sign in to go on.' : undefined,
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
    const email = (body as { email?: unknown } | undefined)?.email;
    const form = await parseForm(LoginFormDto, { ...(body as object), next: undefined });
    if (!form.ok) {
      return signInAgain(request, reply, { next, email, fields: form.fields, status: 400 });
    }
    try {
      const started = await this.auth.beginWebSignIn(form.value.email, form.value.password);
      if ('pending' in started) {
        // The password was right; the second factor is asked for on a page of its own.
        return renderPage(request, reply, SECOND_STEP_VIEW, secondStepModel(started.pending, next, {}));
      }
      return await this.signedIn(request, reply, started.session, next);
    } catch (error) {
      return signInAgainAfter(error, request, reply, { next, email });
    }
  }

  @Post('login/second-factor')
  @FormWithFieldErrors()
  @Public()
  @Header('cache-control', 'no-store')
  async secondStep(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Body() body: unknown,
  ): Promise<void> {
    const next = safeLocalPath((body as { next?: unknown } | undefined)?.next, '');
    const typedToken = (body as { pendingToken?: unknown } | undefined)?.pendingToken;
    const pending = { token: typeof typedToken === 'string' ? typedToken.slice(0, 200) : '', passkey: false };
    const form = await parseForm(SecondStepFormDto, { ...(body as object), next: undefined });
    if (!form.ok) {
      return renderPage(request, reply, SECOND_STEP_VIEW, secondStepModel(pending, next, form.fields), 400);
    }
    try {
      return await this.signedIn(
        request,
        reply,
        await this.auth.completeSignIn(form.value.pendingToken, form.value.code),
        next,
      );
    } catch (error) {
      return this.secondStepAgain(request, reply, error, pending, next);
    }
  }

  @Post('login/passkey/options')
  @Public()
  @BodyLimit(4 * 1024)
  @HttpCode(HttpStatus.OK)
  @Throttle({ default: { limit: 60, ttl: 10 * 60_000 } })
  async passkeySignInOptions(@Body() body: unknown): Promise<unknown> {
    const form = await parseForm(PasskeyOptionsDto, body ?? {});
    if (!form.ok) {
      throw new IdentityError(IdentityErrorCode.SIGN_IN_EXPIRED, 'This sign-in has ended. Sign in again.');
    }
    return form.value.pendingToken
      ? this.auth.pendingPasskeyCeremony(form.value.pendingToken)
      : this.twoFactor.passkeySignIn(null);
  }

  @Post('login/passkey')
  @FormWithFieldErrors()
  @Public()
  @Header('cache-control', 'no-store')
  async passkeySignIn(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Body() body: unknown,
  ): Promise<void> {
    const next = safeLocalPath((body as { next?: unknown } | undefined)?.next, '');
    const form = await parseForm(PasskeyAnswerFormDto, { ...(body as object), next: undefined });
    const pendingToken = form.ok ? form.value.pendingToken : undefined;
    try {
      if (!form.ok) {
        throw new IdentityError(
          IdentityErrorCode.PASSKEY_INVALID,
          'The passkey answer was incomplete. Try again.',
        );
      }
      const answer = answerOf<AuthenticationResponseJSON>(form.value);
      const login = pendingToken
        ? await this.auth.completeSignInWithPasskey(pendingToken, answer, originOf(request))
        : await this.auth.signInWithPasskey(answer, originOf(request));
      return await this.signedIn(request, reply, login, next);
    } catch (error) {
      if (pendingToken) {
        return this.secondStepAgain(request, reply, error, { token: pendingToken, passkey: true }, next);
      }
      return signInAgainAfter(error, request, reply, { next });
    }
  }

  private async signedIn(
    request: FastifyRequest,
    reply: FastifyReply,
    login: LoginResult,
    next: string,
  ): Promise<void> {
    this.cookie.set(request, reply, login.token);
    const user = await this.users.get(login.session.userId);
    await this.users.noteBrowserTimeZone(user.id, readerOf(request));
    await reply.redirect(landingFor(user, next), 303);
  }

  private async secondStepAgain(
    request: FastifyRequest,
    reply: FastifyReply,
    error: unknown,
    pending: { token: string; passkey: boolean },
    next: string,
  ): Promise<void> {
    if (!(error instanceof DomainError)) {
      throw error;
    }
    if (error instanceof IdentityError && error.code === IdentityErrorCode.SIGN_IN_EXPIRED) {
      return signInAgainAfter(error, request, reply, { next });
    }
    reply.headers(error.headers);
    const { fields, formError } = formProblem(error);
    return renderPage(
      request,
      reply,
      SECOND_STEP_VIEW,
      secondStepModel(pending, next, fields, formError),
      error.status,
    );
  }
}
