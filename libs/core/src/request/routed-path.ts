import type { FastifyRequest } from 'fastify';
import type { EdgeRouteConfig } from './route-config';

/**
 * The path a request was routed by (`/api/v1/me` for `/%61pi/v1/me`): the route's pattern when
 * one matched, else the decoded path. Decisions about what a request is (API or page) are made
 * on this, never on the raw URL, so an encoding cannot change the answer.
 */
export function routedPath(request: FastifyRequest): string {
  const pattern = request.routeOptions?.url;
  if (pattern) {
    return pattern;
  }
  const raw = request.url.split('?')[0] ?? '';
  try {
    return decodeURIComponent(raw).toLowerCase();
  } catch {
    return raw.toLowerCase();
  }
}

/** Under `/api/`: the JSON API, which takes bearer tokens and API keys only, never cookies. */
export function isApiRequest(request: FastifyRequest): boolean {
  return routedPath(request).startsWith('/api/');
}

/** Whether errors answer as JSON: the API, and the documents outside it marked `@AnswersJson`. */
export function answersJson(request: FastifyRequest): boolean {
  return (
    isApiRequest(request) ||
    (request.routeOptions?.config as EdgeRouteConfig | undefined)?.answersJson === true
  );
}
