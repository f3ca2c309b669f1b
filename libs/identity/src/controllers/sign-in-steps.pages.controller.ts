import { Body, Controller, Header, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import {
  BodyLimit,
  DomainError,
  formProblem,
  FormWithFieldErrors,
  parseForm,
  Public,
  readerOf,
  renderPage,
  safeLocalPath,
} from '@academy/core';
import { AuthService, LoginResult, PendingSignIn } from '../auth/auth.service';
import { SessionCookie } from '../auth/session-cookie';
import { PasskeyAnswerFormDto, PasskeyOptionsDto, SecondStepFormDto } from '../dto/two-factor.dto';
import { IdentityError, IdentityErrorCode } from '../identity-error';
import { TwoFactorService, WebAuthnOrigin } from '../two-factor/two-factor.service';
import { UsersService } from '../users/users.service';
import { landingFor } from './landing';

const VIEWS = 'libs/identity/views';
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
 * The steps of signing in after the password (`/login` itself is the identity pages'): the
 * second factor's page (a code, or a passkey of the account), and a passkey alone.
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
      if (!(error instanceof DomainError)) {
        throw error;
      }
      reply.headers(error.headers);
      return renderPage(
        request,
        reply,
        `${VIEWS}/login.hbs`,
        { title: 'Sign in', next, values: {}, fields: {}, formError: error.message },
        error.status,
      );
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
    reply.headers(error.headers);
    if (error instanceof IdentityError && error.code === IdentityErrorCode.SIGN_IN_EXPIRED) {
      return renderPage(
        request,
        reply,
        `${VIEWS}/login.hbs`,
        { title: 'Sign in', next, values: {}, fields: {}, formError: error.message },
        error.status,
      );
    }
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
