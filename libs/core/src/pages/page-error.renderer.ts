import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody, PageErrorRenderer } from '../errors/all-exceptions.filter';
import { renderPage, safeLocalPath } from './page-model';

export const ERROR_TEMPLATE = 'libs/core/views/error.hbs';

/**
 * Errors on pages: sign in first when needed, otherwise a readable error page. The app that
 * composes the features tells it where signing in happens; core names no feature's page.
 */
export class HtmlPageErrorRenderer implements PageErrorRenderer {
  constructor(
    private readonly signInPath: string,
    /** Error codes a page opened (GET) answers by sending the browser where the fix is, e.g. a set-up page. */
    private readonly fixPaths: Record<string, string> = {},
  ) {}

  async render(request: FastifyRequest, reply: FastifyReply, body: ErrorBody): Promise<void> {
    if (body.statusCode === 401 && request.method === 'GET') {
      await reply.redirect(`${this.signInPath}?next=${encodeURIComponent(safeLocalPath(request.url))}`, 303);
      return;
    }
    const fix = body.code ? this.fixPaths[body.code] : undefined;
    if (fix && request.method === 'GET') {
      await reply.redirect(fix, 303);
      return;
    }
    await renderPage(
      request,
      reply,
      ERROR_TEMPLATE,
      { title: body.error, error: body, back: formToGoBackTo(request, body), signInPath: this.signInPath },
      body.statusCode,
    );
  }
}

/** A form refused as a whole (a value no field may hold) leads back to the page it was sent from. */
function formToGoBackTo(request: FastifyRequest, body: ErrorBody): string | null {
  const referer = request.headers.referer;
  if (body.statusCode !== 400 || request.method !== 'POST' || typeof referer !== 'string') {
    return null;
  }
  try {
    const url = new URL(referer);
    // Same site only (default ports compare equal): a page of this academy, as a local path.
    const here = new URL(`${request.protocol}://${request.host}`).host;
    return url.host === here ? safeLocalPath(`${url.pathname}${url.search}`, '') || null : null;
  } catch {
    return null;
  }
}
