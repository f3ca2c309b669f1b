import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
// eslint-disable-next-line no-restricted-imports -- Page() is where Render is used, with the layout's model.
import { Render } from '@nestjs/common';
import type {} from '@fastify/view';
import type {} from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { map, Observable } from 'rxjs';
import type { Role } from '../access/roles';
import { FALLBACK_ZONE, isTimeZone, Reader } from '../clock/time-words';
import { hasControlOrBackslash } from '../validation/safe-strings';

interface PageUser {
  kind: string;
  fullName?: string;
  roles?: Role[];
  emailVerified?: boolean;
  /** The IANA zone the person chose or their browser reported. */
  timeZone?: string | null;
}

/** The cookie a page's script sets to the browser's time zone, for readers not signed in (or with none stored). */
export const READER_ZONE_COOKIE = 'ra_tz';

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's clock, for what pages say relative to now ("today"); set by `registerPageClock`. */
    pageClock?: { now(): Date };
  }
}

/** Tells pages which clock "now" is (the app's `Clock`, which tests move). */
export function registerPageClock(fastify: FastifyInstance, clock: { now(): Date }): void {
  fastify.decorate('pageClock', clock);
}

/** Whose words dates are said in on this request: the person's zone, else the browser's, else UTC (named). */
export function readerOf(request: FastifyRequest): Reader {
  const user = (request as FastifyRequest & { user?: PageUser | null }).user;
  const cookie = (request as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies?.[
    READER_ZONE_COOKIE
  ];
  const zone = isTimeZone(user?.timeZone) ? user.timeZone : isTimeZone(cookie) ? cookie : undefined;
  return {
    zone: zone ?? FALLBACK_ZONE,
    zoneKnown: zone !== undefined,
    now: request.server.pageClock?.now() ?? new Date(),
  };
}

/** What the layout shows on every page: who is signed in and the CSRF token for forms. */
export interface LayoutModel {
  currentUser: { fullName: string; roles: Role[]; isAdmin: boolean; emailUnconfirmed: boolean } | null;
  csrfToken: string;
  path: string;
  /** Whose words the page's dates are in (the `when`, `day` and `date` helpers read it). */
  reader: Reader;
}

export function layoutModel(request: FastifyRequest, reply: FastifyReply): LayoutModel {
  const user = (request as FastifyRequest & { user?: PageUser | null }).user;
  return {
    currentUser:
      user?.kind === 'user'
        ? {
            fullName: user.fullName ?? '',
            roles: user.roles ?? [],
            isAdmin: (user.roles ?? []).includes('admin'),
            emailUnconfirmed: user.emailVerified === false,
          }
        : null,
    csrfToken: reply.generateCsrf(),
    path: request.url.split('?')[0] ?? '/',
    reader: readerOf(request),
  };
}

/** Renders a page with the layout's model, for handlers that answer with `@Res()`. */
export async function renderPage(
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  model: Record<string, unknown>,
  status = 200,
): Promise<void> {
  await reply.status(status).view(template, { ...layoutModel(request, reply), ...model });
}

/** Adds the layout's model to what a page handler returns. */
@Injectable()
export class PageModelInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    return next.handle().pipe(
      map((model: unknown) => {
        if (model === undefined || model === null || typeof model !== 'object') {
          return model;
        }
        return {
          ...layoutModel(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>()),
          ...model,
        };
      }),
    );
  }
}

/**
 * A page handler: renders `template` with what the handler returns and the layout's model.
 * Only pages pay for the interceptor; the API's routes run without one (Nest then skips its
 * observable chain, a cost every request paid when the interceptor was global).
 */
export function Page(template: string): MethodDecorator {
  return applyDecorators(Render(template), UseInterceptors(PageModelInterceptor));
}

// Only what resolves to this origin is followed; the host name itself never leaves the server.
const LOCAL_ORIGIN = 'http://academy.invalid';

/**
 * A path on this site to go to (after signing in), or `fallback`. The candidate must resolve,
 * by the WHATWG URL rules browsers use, to this origin: no other host (`//x`, `https:x`), no
 * scheme (`javascript:`), no backslash or control character anywhere (browsers drop tabs and
 * newlines and read `\` as `/`, which turns `/\t/x` into `//x`), no encoded slash that a later
 * decode would turn into `//x`, nothing over 1000 characters.
 */
export function safeLocalPath(candidate: unknown, fallback = '/'): string {
  if (
    typeof candidate !== 'string' ||
    candidate.length > 1000 ||
    !candidate.startsWith('/') ||
    hasControlOrBackslash(candidate) ||
    !candidate.isWellFormed()
  ) {
    return fallback;
  }
  let url: URL;
  try {
    url = new URL(candidate, LOCAL_ORIGIN);
  } catch {
    return fallback;
  }
  const local = `${url.pathname}${url.search}${url.hash}`;
  if (url.origin !== LOCAL_ORIGIN || local.startsWith('//') || /^\/(?:%2f|%5c)/i.test(local)) {
    return fallback;
  }
  return local;
}
