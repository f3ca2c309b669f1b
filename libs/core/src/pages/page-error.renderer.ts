import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../access/roles';
import type { ErrorBody, PageErrorRenderer } from '../errors/all-exceptions.filter';
import { errorWords } from './error-words';
import { renderPage, safeLocalPath } from './page-model';

export const ERROR_TEMPLATE = 'libs/core/views/error.hbs';

/** A page to go on to from an error: its address and what a link to it says. */
export interface PageLink {
  href: string;
  label: string;
}

/** What the app that composes the features tells error pages; core names no feature's page. */
export interface PageErrorOptions {
  /** Where signing in happens. */
  signInPath: string;
  /** Error codes a page opened (GET) answers by sending the browser where the fix is, e.g. a set-up page. */
  fixPaths?: Record<string, string>;
  /**
   * Who is signed in, from the session cookie, for an error raised before the access guard ran
   * (an address no route has, a refused form): sets `request.user` so the page keeps its header.
   */
  identify?: (request: FastifyRequest) => Promise<void>;
  /** The start page of a signed-in person, by their roles. */
  homeFor?: (roles: readonly Role[]) => PageLink;
  /** Where anyone can look for courses. */
  searchPath?: string;
}

/**
 * Errors on pages: sign in first when needed, otherwise a page that says in words what happened,
 * under the visitor's own header, with a way on (their home, a search, back where they came from).
 */
export class HtmlPageErrorRenderer implements PageErrorRenderer {
  private readonly options: PageErrorOptions;

  constructor(
    signInPath: string,
    fixPaths: Record<string, string> = {},
    options: Partial<PageErrorOptions> = {},
  ) {
    this.options = { ...options, signInPath, fixPaths };
  }

  async render(request: FastifyRequest, reply: FastifyReply, body: ErrorBody): Promise<void> {
    if (body.statusCode === 401 && request.method === 'GET') {
      await reply.redirect(
        `${this.options.signInPath}?next=${encodeURIComponent(safeLocalPath(request.url))}`,
        303,
      );
      return;
    }
    const fix = body.code ? this.options.fixPaths?.[body.code] : undefined;
    if (fix && request.method === 'GET') {
      await reply.redirect(fix, 303);
      return;
    }
    await this.identify(request, body);
    const words = errorWords(body, Object.keys(request.params ?? {}));
    const user = (request as FastifyRequest & { user?: { kind?: string; roles?: Role[] } | null }).user;
    const home: PageLink =
      user?.kind === 'user' && this.options.homeFor
        ? this.options.homeFor(user.roles ?? [])
        : { href: '/', label: 'Go to the home page' };
    const back = formToGoBackTo(request, body);
    await renderPage(
      request,
      reply,
      ERROR_TEMPLATE,
      {
        title: words.heading,
        heading: words.heading,
        message: words.message,
        status: words.status,
        // A reference is for something that went wrong here, not for a mistyped address.
        requestId: words.status >= 500 ? body.requestId : null,
        back,
        cameFrom: back ? null : pageCameFrom(request),
        home,
        searchPath: this.options.searchPath ?? null,
        signInPath: this.options.signInPath,
        needsSignIn: words.status === 401,
      },
      words.status,
    );
  }

  /** Whoever the session cookie names, when no guard has looked (never while the database is down). */
  private async identify(request: FastifyRequest, body: ErrorBody): Promise<void> {
    const holder = request as FastifyRequest & { user?: unknown };
    if (holder.user !== undefined || !this.options.identify || body.statusCode === 503) {
      return;
    }
    try {
      await this.options.identify(request);
    } catch {
      // The error page matters more than the header: show it signed out.
      holder.user = null;
    }
  }
}

/** A same-site page as a local path, or null (default ports compare equal). */
function sameSitePath(request: FastifyRequest, address: unknown): string | null {
  if (typeof address !== 'string') {
    return null;
  }
  try {
    const url = new URL(address);
    const here = new URL(`${request.protocol}://${request.host}`).host;
    return url.host === here ? safeLocalPath(`${url.pathname}${url.search}`, '') || null : null;
  } catch {
    return null;
  }
}

/** A form refused as a whole (a value no field may hold) leads back to the page it was sent from. */
function formToGoBackTo(request: FastifyRequest, body: ErrorBody): string | null {
  if (body.statusCode !== 400 || request.method !== 'POST') {
    return null;
  }
  return sameSitePath(request, request.headers.referer);
}

/** The page of this site that linked here, to go back to (not the failing page itself). */
function pageCameFrom(request: FastifyRequest): string | null {
  const path = sameSitePath(request, request.headers.referer);
  return path && path !== safeLocalPath(request.url, '') ? path : null;
}
