import { Validator } from '@seriousme/openapi-schema-validator';
import type { LightMyRequestResponse } from 'fastify';
import { Contract, OpenApiDocument } from '../support/openapi-contract';
import { declaredRoutes } from '../support/routes';
import { createTestApp, TestApp } from '../support/test-app';

interface Operation {
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  responses: Record<string, unknown>;
}

describe('the OpenAPI document', () => {
  let testApp: TestApp;
  let document: OpenApiDocument & { openapi: string; paths: Record<string, Record<string, Operation>> };

  beforeAll(async () => {
    testApp = await createTestApp();
    document = (await testApp.app.inject({ method: 'GET', url: '/api/docs-json' })).json();
  });

  afterAll(() => testApp.close());

  it('is a valid OpenAPI 3.0 document', async () => {
    expect(document.openapi).toBe('3.0.0');
    const result = await new Validator().validate(document as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('says what each property is: no string, number, date or union documented as a bare object', () => {
    const bare: string[] = [];
    const walk = (schema: Record<string, unknown> | undefined, where: string): void => {
      for (const [name, property] of Object.entries(
        (schema?.properties ?? {}) as Record<string, Record<string, unknown>>,
      )) {
        if (
          property.type === 'object' &&
          !['properties', 'additionalProperties', 'allOf', 'oneOf', 'anyOf', '$ref'].some(
            (key) => key in property,
          )
        ) {
          bare.push(`${where}.${name}`);
        }
        walk(property, `${where}.${name}`);
        walk(property.items as Record<string, unknown> | undefined, `${where}.${name}[]`);
      }
    };
    for (const [name, schema] of Object.entries(document.components.schemas)) {
      walk(schema, name);
    }
    expect(bare).toEqual([]);
  });

  it('gives every operation a summary, one tag, its security and its error answers', () => {
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({
        route: `${method.toUpperCase()} ${path}`,
        operation,
      })),
    );
    expect(operations.length).toBeGreaterThan(100);
    const lacking = operations.flatMap(({ route, operation }) => [
      ...(operation.summary ? [] : [`${route}: no summary`]),
      ...(operation.tags?.length === 1 ? [] : [`${route}: tags ${JSON.stringify(operation.tags)}`]),
      ...(Array.isArray(operation.security) ? [] : [`${route}: no security`]),
      ...(operation.security?.length === 0 || '401' in operation.responses ? [] : [`${route}: no 401`]),
      ...(['429', '500', '503'].every((status) => status in operation.responses)
        ? []
        : [`${route}: no 429/500/503`]),
    ]);
    expect(lacking).toEqual([]);
    const publicRoutes = operations
      .filter(({ operation }) => operation.security?.length === 0)
      .map(({ route }) => route);
    expect(publicRoutes).toEqual(expect.arrayContaining(['POST /api/v1/auth/token', 'GET /api/v1/courses']));
  });

  it('is held to every answer: a body, status or route it does not describe fails the request', () => {
    const contract = new Contract(document, new Set(declaredRoutes(testApp.app)));
    const answer = (statusCode: number, body: unknown, type = 'application/json; charset=utf-8') =>
      ({
        statusCode,
        headers: { 'content-type': type },
        body: JSON.stringify(body),
        rawPayload: Buffer.from(JSON.stringify(body)),
      }) as unknown as LightMyRequestResponse;
    expect(contract.problem('GET', '/api/v1/me', answer(200, { id: 'x' }))).toMatch(
      /must have required property/,
    );
    expect(contract.problem('GET', '/api/v1/me', answer(418, {}))).toMatch(/status 418 is not documented/);
    expect(contract.problem('GET', '/api/v1/me', answer(200, {}, 'text/html'))).toMatch(
      /text\/html.*not declared/,
    );
    expect(
      contract.problem(
        'GET',
        '/api/v1/nothing-here',
        answer(404, { statusCode: 404, error: 'Not Found', message: 'x' }),
      ),
    ).toBeUndefined();
    expect(contract.problem('GET', '/api/v1/nothing-here', answer(200, {}))).toMatch(
      /not in the OpenAPI document/,
    );
  });
});
