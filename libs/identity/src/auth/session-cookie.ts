import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_LIFETIME } from '../sessions/sessions.service';

// Over TLS the __Host- prefix makes browsers refuse the cookie unless Secure, host-only and path=/.
const PLAIN_NAME = 'ra_session';
const TLS_NAME = '__Host-ra_session';

function overTls(request: FastifyRequest): boolean {
  return request.protocol === 'https';
}

export function sessionCookieName(request: FastifyRequest): string {
  return overTls(request) ? TLS_NAME : PLAIN_NAME;
}

/** Sets the web session cookie: HttpOnly, SameSite=Lax, Secure over TLS, ending with the session. */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(sessionCookieName(request), token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: overTls(request),
    path: '/',
    maxAge: SESSION_LIFETIME.web.absoluteMs / 1000,
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(sessionCookieName(request), {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: overTls(request),
  });
}
