import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { RENDER_METADATA } from '@nestjs/common/constants';
import type {} from '@fastify/view';
import type {} from '@fastify/csrf-protection';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, Observable } from 'rxjs';
import type { Role } from '../access/roles';
import { hasControlOrBackslash } from '../validation/safe-strings';

interface PageUser {
  kind: string;
  fullName?: string;
  roles?: Role[];
  emailVerified?: boolean;
}

/** What the layout shows on every page: who is signed in and the CSRF token for forms. */
export interface LayoutModel {
  currentUser: { fullName: string; roles: Role[]; isAdmin: boolean; emailUnconfirmed: boolean } | null;
  csrfToken: string;
  path: string;
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

/** Adds the layout's model to what every `@Render()` handler returns. */
@Injectable()
export class PageModelInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (Reflect.getMetadata(RENDER_METADATA, context.getHandler()) === undefined) {
      return next.handle();
    }
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
