import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { assertSafeStrings } from '../validation/safe-strings';
import { EdgeRouteConfig, withRouteConfig } from './route-config';

/**
 * Exempts these top-level body fields from the string rule at the edge: the handler answers bad
 * text in them itself, item by item (a bulk check answers a malformed number in its row and never
 * refuses the batch for it). Everything else in the request keeps the rule.
 */
export const TextCheckedByHandler = (...fields: string[]): MethodDecorator =>
  withRouteConfig({ textCheckedByHandler: fields });

/**
 * Marks a page handler whose whole form goes through `parseForm`: the edge leaves its body to it,
 * and a NUL or broken character comes back as the form with the error next to its field, not as
 * an error page. Its query and path keep the rule at the edge.
 */
export const FormWithFieldErrors = (): MethodDecorator => withRouteConfig({ formWithFieldErrors: true });

// The body less the fields its route checks itself.
function checkedBody(request: FastifyRequest): unknown {
  const config = request.routeOptions.config as EdgeRouteConfig | undefined;
  if (config?.formWithFieldErrors) {
    return undefined;
  }
  const exempt = config?.textCheckedByHandler;
  return exempt && request.body && typeof request.body === 'object'
    ? Object.fromEntries(Object.entries(request.body).filter(([field]) => !exempt.includes(field)))
    : request.body;
}

/**
 * The string rule on every request as parsed, API or page: body, query and path parameters, before
 * guards, pipes or handlers read them (400 naming the field).
 */
export function registerStringRule(fastify: FastifyInstance): void {
  fastify.addHook(
    'preValidation',
    (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void) => {
      try {
        for (const value of [checkedBody(request), request.query, request.params]) {
          assertSafeStrings(value);
        }
        done();
      } catch (error) {
        done(error as Error);
      }
    },
  );
}

/**
 * The string rule for multipart form fields, which only exist once the upload interceptor before
 * this one has read them: list it after the upload (`@UseInterceptors(Upload, MultipartFieldsRule)`).
 */
@Injectable()
export class MultipartFieldsRule implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    assertSafeStrings(checkedBody(context.switchToHttp().getRequest<FastifyRequest>()));
    return next.handle();
  }
}
