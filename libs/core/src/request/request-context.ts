import { AsyncLocalStorage } from 'node:async_hooks';

/** Facts about the request being served, for audit events and logs. */
export interface RequestContextData {
  requestId: string;
  ip: string | undefined;
  userAgent: string | undefined;
  /** Set once authentication has identified the caller. */
  actorUserId?: string;
  actorApiKeyId?: string;
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
