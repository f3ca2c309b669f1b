import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, AppConfig, rotateCsrfSecret } from '@academy/core';
import { SESSION_LIFETIME } from '../sessions/sessions.service';

// Over TLS the __Host- prefix makes browsers refuse the cookie unless Secure, host-only and path=/.
const PLAIN_NAME = 'ra_session';
const TLS_NAME = '__Host-ra_session';

/**
 * The web session cookie: HttpOnly, SameSite=Lax, ending with the session; Secure and
 * __Host- prefixed when the request came over TLS or the platform's public URL is https.
 */
@Injectable()
export class SessionCookie {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private overTls(request: FastifyRequest): boolean {
    return this.config.behindTls || request.protocol === 'https';
  }

  name(request: FastifyRequest): string {
    return this.overTls(request) ? TLS_NAME : PLAIN_NAME;
  }

  read(request: FastifyRequest): string | undefined {
    return request.cookies?.[this.name(request)];
  }

  /** Signs the browser in; its CSRF secret is drawn anew with the session. */
  set(request: FastifyRequest, reply: FastifyReply, token: string): void {
    rotateCsrfSecret(request, reply, this.config.behindTls);
    reply.setCookie(this.name(request), token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.overTls(request),
      path: '/',
      maxAge: SESSION_LIFETIME.web.absoluteMs / 1000,
    });
  }

  /** Signs the browser out; its CSRF secret is drawn anew too. */
  clear(request: FastifyRequest, reply: FastifyReply): void {
    rotateCsrfSecret(request, reply, this.config.behindTls);
    reply.clearCookie(this.name(request), {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: this.overTls(request),
    });
  }
}
