import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { declaredRoutes } from './routes';

type Schema = Record<string, unknown>;

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

/** How a JSON API path and method of the document are found from a request's URL. */
interface Route {
  template: string;
  pattern: RegExp;
  /** Fewer parameters first: `/courses/mine` wins over `/courses/{slug}`. */
  parameters: number;
}

const SCHEMAS_ID = 'openapi';
const ERROR_REF = '#/components/schemas/ErrorBodyDto';

/**
 * OpenAPI 3.0 schemas as JSON Schema: `nullable` becomes "or null", and references point into one
 * shared schema holding every component, so each is compiled once.
 */
function toJsonSchema(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(toJsonSchema);
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const { nullable, example: _example, ...rest } = value as Schema;
  const converted: Schema = {};
  for (const [key, item] of Object.entries(rest)) {
    converted[key] =
      key === '$ref' && typeof item === 'string'
        ? item.replace('#/components/schemas/', `${SCHEMAS_ID}#/definitions/`)
        : key === 'properties'
          ? Object.fromEntries(
              Object.entries(item as Record<string, unknown>).map(([name, schema]) => [
                name,
                toJsonSchema(schema),
              ]),
            )
          : toJsonSchema(item);
  }
  return nullable === true ? { anyOf: [converted, { type: 'null' }] } : converted;
}

/** The compiled side of one document: built once per process and kept for every app on it. */
export class Contract {
  private readonly ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly routes: Route[];

  constructor(
    readonly document: OpenApiDocument,
    private readonly declared: Set<string>,
  ) {
    addFormats(this.ajv);
    // OpenAPI 3.0 annotations JSON Schema does not know (examples are dropped in conversion).
    this.ajv.addVocabulary(['xml', 'externalDocs', 'discriminator']);
    this.ajv.addSchema({
      $id: SCHEMAS_ID,
      definitions: toJsonSchema(document.components.schemas) as Schema,
    });
    this.routes = Object.keys(document.paths)
      .map((template) => ({
        template,
        pattern: new RegExp(
          `^${template
            .split(/\{[^}]+\}/)
            .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
            .join('[^/]+')}$`,
        ),
        parameters: (template.match(/\{/g) ?? []).length,
      }))
      .sort((a, b) => a.parameters - b.parameters);
  }

  private validator(key: string, schema: Schema): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema) as Schema);
      this.validators.set(key, validate);
    }
    return validate;
  }

  /** Whether a documented path (`/issuer`, `/health/live`, …) is this one. */
  documents(path: string): boolean {
    return this.routes.some((route) => route.pattern.test(path));
  }

  /** What is wrong with this answer to this request, or undefined when the document describes it. */
  problem(method: string, url: string, response: LightMyRequestResponse): string | undefined {
    const path = url.split('?')[0] ?? url;
    const route = this.routes.find((candidate) => candidate.pattern.test(path));
    const operation = route ? this.document.paths[route.template]?.[method.toLowerCase()] : undefined;
    if (!route || !operation) {
      const declared = [...this.declared].some((entry) => {
        const [declaredMethod, template = ''] = entry.split(' ');
        return (
          declaredMethod === method &&
          new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+').replace(/\*/g, '.*')}$`).test(path)
        );
      });
      // An address no route has is answered "not found" in the error shape; a route the app has
      // must be in the document.
      if (!declared && response.statusCode === 404) {
        return this.bodyProblem('not-found', { schema: { $ref: ERROR_REF } }, response);
      }
      return 'the route is not in the OpenAPI document';
    }
    const status = String(response.statusCode);
    const answer = operation.responses[status] ?? operation.responses[`${status[0]}XX`];
    if (!answer) {
      return `status ${status} is not documented (documented: ${Object.keys(operation.responses).join(', ')})`;
    }
    const content = answer.content ?? {};
    const type = String(response.headers['content-type'] ?? '')
      .split(';')[0]
      ?.trim();
    if (Object.keys(content).length === 0) {
      return response.rawPayload.length === 0 ? undefined : `a ${type} body where the document declares none`;
    }
    const declaredType = type ? content[type] : undefined;
    if (!declaredType) {
      return `content type "${type}" is not declared (declared: ${Object.keys(content).join(', ')})`;
    }
    if (!/(^application\/json$|\+json$)/.test(type ?? '')) {
      return undefined;
    }
    return this.bodyProblem(`${method} ${route.template} ${status} ${type}`, declaredType, response);
  }

  private bodyProblem(
    key: string,
    media: { schema?: Schema },
    response: LightMyRequestResponse,
  ): string | undefined {
    if (!media.schema) {
      return undefined;
    }
    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch {
      return 'the body is not JSON';
    }
    const validate = this.validator(key, media.schema);
    if (validate(body)) {
      return undefined;
    }
    return (validate.errors ?? [])
      .slice(0, 5)
      .map(
        (error) => `body${error.instancePath} ${error.message ?? 'is wrong'} ${JSON.stringify(error.params)}`,
      )
      .join('; ');
  }
}

// One per document: each test file (jest gives each its own modules) compiles it once, lazily,
// one operation at a time, for every app it makes.
const contracts = new Map<string, Contract>();

function routedPath(url: string): string {
  const [path = '', query] = url.split('?');
  let decoded = path;
  try {
    // An encoded slash stays inside its segment, as the router keeps it.
    decoded = decodeURIComponent(path.replace(/%2F/gi, '%252F'));
  } catch {
    // left as sent: the app answers it
  }
  const resolved = new URL(decoded, 'http://localhost').pathname;
  return query === undefined ? resolved : `${resolved}?${query}`;
}

/**
 * Holds the app to its OpenAPI document: every answer a test gets through `app.inject` from a
 * route under `/api` (the document itself aside) or from any other path the document lists is checked against the document (route, status, content type, body schema), and a
 * mismatch fails the request, so the test that received it fails naming method, path, status and
 * the mismatch.
 */
export async function holdToOpenApiDocument(app: NestFastifyApplication): Promise<void> {
  // `app.inject` hands the request to the adapter's (the app itself is a proxy that refuses a new one).
  const adapter = app.getHttpAdapter() as unknown as {
    inject(options: InjectOptions | string): Promise<LightMyRequestResponse>;
  };
  const inject = adapter.inject.bind(adapter);
  const documentBody = (await inject({ method: 'GET', url: '/api/docs-json' })).body;
  let contract = contracts.get(documentBody);
  if (!contract) {
    contract = new Contract(JSON.parse(documentBody) as OpenApiDocument, new Set(declaredRoutes(app)));
    contracts.set(documentBody, contract);
  }
  const checked = contract;
  const injectChecked = async (options: InjectOptions | string): Promise<LightMyRequestResponse> => {
    const response = await inject(options);
    const method = (typeof options === 'string' ? 'GET' : (options.method ?? 'GET')).toUpperCase();
    const url = typeof options === 'string' ? options : (options.url ?? options.path ?? '');
    // As the router reads it: `/api/v1/../v1/x` and `/%61pi/…` are API routes too.
    const path = routedPath(typeof url === 'string' ? url : url.pathname);
    const bare = path.split('?')[0] ?? path;
    const held = (bare.startsWith('/api/') && !bare.startsWith('/api/docs')) || checked.documents(bare);
    // HEAD answers as GET without a body; OPTIONS is a browser's CORS preflight, not an operation.
    if (held && method !== 'HEAD' && method !== 'OPTIONS') {
      const problem = checked.problem(method, path, response);
      if (problem) {
        throw new Error(`OpenAPI contract: ${method} ${path} answered ${response.statusCode}: ${problem}`);
      }
    }
    return response;
  };
  adapter.inject = injectChecked;
}
