import { AsyncLocalStorage } from 'node:async_hooks';

/** Facts about the request being served, for audit events and logs. */
export interface RequestContextData {
  requestId: string;
  ip: string | undefined;
  userAgent: string | undefined;
  /** Set once authentication has identified the caller. */
  actorUserId?: string;
  actorApiKeyId?: string;
  /** The route pattern that served the request (`/api/v1/courses/:idOrSlug`), once routed. */
  route?: string;
}

const ON_RAW_REQUEST = Symbol('requestContext');

/** Keeps a request's context on its raw request too, for what runs outside its async scope (the request log). */
export function attachRequestContext(raw: object, data: RequestContextData): void {
  (raw as { [ON_RAW_REQUEST]?: RequestContextData })[ON_RAW_REQUEST] = data;
}

/** The context of the request a raw request object belongs to, if any. */
export function requestContextOf(raw: object): RequestContextData | undefined {
  return (raw as { [ON_RAW_REQUEST]?: RequestContextData })[ON_RAW_REQUEST];
}

const storage = new AsyncLocalStorage<RequestContextData>();

export const RequestContext = {
  run<T>(data: RequestContextData, work: () => T): T {
    return storage.run(data, work);
  },
  enter(data: RequestContextData): void {
    storage.enterWith(data);
  },
  current(): RequestContextData | undefined {
    return storage.getStore();
  },
};
