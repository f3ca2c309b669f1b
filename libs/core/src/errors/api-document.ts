import type { INestApplication } from '@nestjs/common';
import { METHOD_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import { ACCESS_RULE, AccessRule } from '../access/access.decorators';

/** The security scheme API callers authenticate with: a user's token or a verifier's API key. */
export const API_SECURITY_SCHEME = 'bearer';

const ERROR_SCHEMA = { $ref: '#/components/schemas/ErrorBodyDto' };

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;

/** Each handler's access rule by its operation id (`Controller_method`, Nest's default). */
function accessRules(app: INestApplication): Map<string, AccessRule | undefined> {
  const rules = new Map<string, AccessRule | undefined>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) {
        continue;
      }
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) {
          continue;
        }
        rules.set(
          `${controller.name}_${name}`,
          (Reflect.getMetadata(ACCESS_RULE, handler) ?? Reflect.getMetadata(ACCESS_RULE, controller)) as
            AccessRule | undefined,
        );
      }
    }
  }
  return rules;
}

function addError(operation: Operation, status: number, description?: string): void {
  operation.responses[status] ??= {
    description: description ?? STATUS_CODES[status] ?? 'Error',
    content: { 'application/json': { schema: ERROR_SCHEMA } },
  };
}

/**
 * A schema that lists its alternatives (`oneOf`, `anyOf`) says its types there: Nest adds
 * `type: object` from the reflected type of a union (`string | string[] | boolean`), which would
 * allow none of them.
 */
function dropReflectedObjectType(schema: unknown): void {
  if (Array.isArray(schema)) {
    schema.forEach(dropReflectedObjectType);
    return;
  }
  if (schema === null || typeof schema !== 'object') {
    return;
  }
  const node = schema as Record<string, unknown>;
  if (node.type === 'object' && (node.oneOf || node.anyOf) && !node.properties) {
    delete node.type;
  }
  Object.values(node).forEach(dropReflectedObjectType);
}

/**
 * Writes into the API document what every operation says the same way, from what decides it, so
 * the two cannot drift: who may call (the route's access rule: `@Public()` gives `security: []`,
 * every other rule the bearer scheme, and 403 where a role or scope is needed; 401 everywhere, as
 * a token that was sent must be valid), 400 (the string rule and validation), 414 for an overlong
 * path parameter, 413 and 415 where a body can be sent, and 429 (the global rate limit), 500 and
 * 503 (database unreachable) everywhere, all in the one error shape (`ErrorBodyDto`). What only
 * some routes answer (404, 409, …) stays with the route, in `@ApiErrors`.
 */
export function completeApiDocument(document: OpenAPIObject, app: INestApplication): OpenAPIObject {
  const rules = accessRules(app);
  dropReflectedObjectType(document.components?.schemas);
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (!operation) {
        continue;
      }
      const rule = rules.get(operation.operationId ?? '');
      if (!rule) {
        throw new Error(`The operation ${operation.operationId} has no access rule the document can state.`);
      }
      if (rule.kind === 'public') {
        operation.security = [];
        addError(operation, 401, 'A bearer token (or API key) was sent and is not valid');
      } else {
        operation.security = [{ [API_SECURITY_SCHEME]: [] }];
        addError(operation, 401, 'Not signed in: no valid bearer token (or API key)');
        if (rule.kind === 'roles' || rule.kind === 'apiKey') {
          addError(
            operation,
            403,
            rule.kind === 'roles'
              ? `Needs the ${rule.roles.join(' or ')} role (with two-factor sign-in where the role asks for it)`
              : `Needs a verifier API key with the ${rule.scope} scope`,
          );
        }
      }
      // Every value of every request (path, query, body) meets the one string rule, and a body,
      // even one a route does not read, is parsed within limits.
      addError(operation, 400, 'The request is not valid; `fields` names each problem');
      if ((operation.parameters ?? []).some((parameter) => 'in' in parameter && parameter.in === 'path')) {
        addError(operation, 414, 'A path parameter is longer than any valid one');
      }
      if (method !== 'get') {
        addError(operation, 413);
        addError(operation, 415);
      }
      addError(operation, 429, 'Too many requests from this address; wait and try again');
      addError(operation, 500, 'Something went wrong on our side; quote the requestId');
      addError(operation, 503, 'The database cannot be reached just now; try again after Retry-After');
    }
  }
  return document;
}
