import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants';

/** What the edge reads from a route's Fastify config (set through the decorators below). */
export interface EdgeRouteConfig {
  /** The largest JSON body the route takes, in bytes (`@BodyLimit`). */
  jsonBodyLimit?: number;
  /** Top-level body fields the handler checks for storable text itself (`@TextCheckedByHandler`). */
  textCheckedByHandler?: string[];
  /** A page form parsed with `parseForm`, which names bad text next to its field (`@FormWithFieldErrors`). */
  formWithFieldErrors?: boolean;
  /** A JSON document outside `/api/` (`@AnswersJson`): its errors are JSON too, never a page. */
  answersJson?: boolean;
}

/**
 * Adds to a route's Fastify config. Nest's `@RouteConfig` replaces the whole config, so two
 * decorators on one route would lose one another's settings; this merges them.
 */
export function withRouteConfig(config: EdgeRouteConfig): MethodDecorator {
  return (_target, _key, descriptor) => {
    const handler = descriptor.value as object;
    const current = (Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler) ?? {}) as EdgeRouteConfig;
    Reflect.defineMetadata(FASTIFY_ROUTE_CONFIG_METADATA, { ...current, ...config }, handler);
    return descriptor;
  };
}

/**
 * Marks a route outside `/api/` that answers JSON (the issuer profile, status lists, ledger
 * checkpoints, health): its errors are answered as JSON like the API's, never as a page.
 */
export const AnswersJson = (): MethodDecorator => withRouteConfig({ answersJson: true });
