import type { FastifyInstance, FastifyRequest } from 'fastify';
import { EdgeRouteConfig, withRouteConfig } from './route-config';

/** The deepest nesting a JSON body may have: real bodies go four or five levels deep. */
export const MAX_JSON_DEPTH = 32;

/** The largest JSON body a route takes unless it says otherwise (`@BodyLimit`). */
export const DEFAULT_JSON_BODY_LIMIT = 1024 * 1024;

/** A smaller (or larger) JSON body limit for one route, in bytes. */
export const BodyLimit = (bytes: number): MethodDecorator => withRouteConfig({ jsonBodyLimit: bytes });

class BodyError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Whether `text` nests arrays and objects deeper than `limit`, found in one pass over the text
 * before anything is parsed (strings skipped), so a hostile body costs no more than its length.
 */
export function jsonNestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c) {
        index++; // The escaped character cannot end the string.
      } else if (code === 0x22) {
        inString = false;
      }
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x7b || code === 0x5b) {
      if (++depth > limit) {
        return true;
      }
    } else if (code === 0x7d || code === 0x5d) {
      depth--;
    }
  }
  return false;
}

/**
 * JSON bodies are refused at the parser, before validation and transformation, when they are
 * larger than the route allows (413) or nested deeper than `MAX_JSON_DEPTH` (400); the rest are
 * parsed by Fastify's own parser (prototype poisoning refused).
 */
export function registerJsonBodyParser(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: DEFAULT_JSON_BODY_LIMIT },
    (
      request: FastifyRequest,
      body: string | Buffer,
      done: (error: Error | null, value?: unknown) => void,
    ) => {
      const text = body.toString();
      const config = request.routeOptions.config as EdgeRouteConfig | undefined;
      const limit = config?.jsonBodyLimit ?? DEFAULT_JSON_BODY_LIMIT;
      if (Buffer.byteLength(text) > limit) {
        done(new BodyError(413, `The request body is larger than this route accepts (${limit} bytes).`));
        return;
      }
      if (jsonNestsDeeperThan(text, MAX_JSON_DEPTH)) {
        done(
          new BodyError(
            400,
            `The request body is nested too deeply: at most ${MAX_JSON_DEPTH} levels of arrays and objects.`,
          ),
        );
        return;
      }
      void parse(request, text, done);
    },
  );
}
