import { Injectable, NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { attachRequestContext, RequestContext } from './request-context';

type RawRequest = IncomingMessage & { id?: string; ip?: string };

/** Opens the request's context (id, client IP, user agent) for everything that serves it. */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  use(request: RawRequest, _response: ServerResponse, next: () => void): void {
    const context = {
      requestId: String(request.id),
      ip: request.ip ?? request.socket.remoteAddress,
      userAgent: request.headers['user-agent']?.slice(0, 512),
    };
    attachRequestContext(request, context);
    RequestContext.run(context, next);
  }
}
