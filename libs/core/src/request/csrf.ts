import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The CSRF secret's cookie. Over https it carries the `__Host-` prefix, so the browser keeps it
 * Secure, for the whole site and this host only (no sibling domain can plant one).
 */
export function csrfCookieName(behindTls: boolean): string {
  return behindTls ? '__Host-ra_csrf' : 'ra_csrf';
}

/**
 * Draws a new CSRF secret for this browser, at sign-in and sign-out: a token planted or read
 * before either no longer works after it.
 */
export function rotateCsrfSecret(request: FastifyRequest, reply: FastifyReply, behindTls: boolean): void {
  delete request.cookies[csrfCookieName(behindTls)];
  reply.generateCsrf();
}

/**
 * Whether a state-changing request says it comes from another site: by `Sec-Fetch-Site` where
 * the browser sends it (only `same-origin` and a person's own navigation, `none`, pass), else by
 * `Origin` (the academy's public origin or the host the request reached). Clients that send
 * neither (scripts, old browsers) are left to the CSRF token.
 */
export function isCrossSite(request: FastifyRequest, publicOrigin: string): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') {
    return site !== 'same-origin' && site !== 'none';
  }
  const origin = request.headers.origin;
  if (typeof origin !== 'string') {
    return false;
  }
  return origin !== publicOrigin && origin !== `${request.protocol}://${request.host}`;
}
