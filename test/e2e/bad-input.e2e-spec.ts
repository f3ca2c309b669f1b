import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, TestApp } from '../support/test-app';
import { JSON_ROUTES, JsonRoute, withParam } from './json-routes';
import { callerFor, principalFor } from './principals';

interface BadCase {
  name: string;
  field?: string;
  build(call: { url: string; body?: Record<string, unknown> }): { url: string; payload?: string };
}

const json = (body: unknown): string => JSON.stringify(body);

/** Every way a request to this route can be malformed. */
function badCases(route: JsonRoute): BadCase[] {
  const cases: BadCase[] = [];
  const hasBody = route.method !== 'GET';
  if (hasBody) {
    cases.push({
      name: 'malformed JSON',
      build: (call) => ({ url: call.url, payload: '{"email": "a@b.org",' }),
    });
  }
  for (const field of route.stringFields ?? []) {
    cases.push({
      name: `missing ${field}`,
      field,
      build: (call) => {
        const body = { ...call.body };
        delete body[field];
        return { url: call.url, payload: json(body) };
      },
    });
    cases.push({
      name: `${field} of the wrong type`,
      field,
      build: (call) => ({ url: call.url, payload: json({ ...call.body, [field]: 12345 }) }),
    });
    cases.push({
      name: `overlong ${field}`,
      field,
      build: (call) => ({ url: call.url, payload: json({ ...call.body, [field]: 'x'.repeat(5000) }) }),
    });
  }
  for (const field of route.numberFields ?? []) {
    cases.push({
      name: `missing ${field}`,
      field,
      build: (call) => {
        const body = { ...call.body };
        delete body[field];
        return { url: call.url, payload: json(body) };
      },
    });
    cases.push({
      name: `${field} that is not a number`,
      field,
      build: (call) => ({ url: call.url, payload: json({ ...call.body, [field]: 'two' }) }),
    });
  }
  if (route.stringFields || route.numberFields || route.path.endsWith('/roles')) {
    cases.push({
      name: 'an extra field',
      field: 'isAdmin',
      build: (call) => ({ url: call.url, payload: json({ ...call.body, isAdmin: true }) }),
    });
  }
  if (route.path.endsWith('/roles')) {
    cases.push({
      name: 'an unknown role',
      field: 'roles',
      build: (call) => ({ url: call.url, payload: json({ roles: ['superuser'] }) }),
    });
    cases.push({
      name: 'roles of the wrong type',
      field: 'roles',
      build: (call) => ({ url: call.url, payload: json({ roles: 'admin' }) }),
    });
    cases.push({
      name: 'missing roles',
      field: 'roles',
      build: (call) => ({ url: call.url, payload: json({}) }),
    });
  }
  for (const param of route.uuidParams ?? []) {
    cases.push({
      name: `malformed UUID in ${param}`,
      field: param,
      build: (call) => ({
        url: withParam(route, call.url, param, 'not-a-uuid'),
        payload: hasBody ? json(call.body ?? {}) : undefined,
      }),
    });
  }
  for (const [param, value] of Object.entries(route.badParams ?? {})) {
    cases.push({
      name: `a bad ${param}`,
      field: param,
      build: (call) => ({
        url: withParam(route, call.url, param, encodeURIComponent(value)),
        payload: hasBody ? json(call.body ?? {}) : undefined,
      }),
    });
  }
  for (const param of route.numericQuery ?? []) {
    cases.push({
      name: `non-numeric ${param}`,
      field: param,
      build: (call) => ({ url: `${call.url.split('?')[0]}?${param}=abc` }),
    });
    cases.push({
      name: `out-of-range ${param}`,
      field: param,
      build: (call) => ({ url: `${call.url.split('?')[0]}?${param}=-5` }),
    });
  }
  if (route.numericQuery) {
    cases.push({
      name: 'an unknown query parameter',
      field: 'sort',
      build: (call) => ({ url: `${call.url.split('?')[0]}?sort=name` }),
    });
    cases.push({
      name: 'an overlong query string',
      build: (call) => ({ url: `${call.url.split('?')[0]}?q=${'x'.repeat(500)}&action=${'y'.repeat(500)}` }),
    });
  }
  return cases;
}

function expectClearClientError(response: LightMyRequestResponse, field?: string): void {
  expect(response.statusCode).toBeGreaterThanOrEqual(400);
  expect(response.statusCode).toBeLessThan(500);
  expect(response.headers['content-type']).toMatch(/application\/json/);
  const body = response.json<{
    statusCode: number;
    error: string;
    message: string;
    fields?: Record<string, string[]>;
  }>();
  expect(body.statusCode).toBe(response.statusCode);
  expect(typeof body.error).toBe('string');
  expect(body.message.length).toBeGreaterThan(0);
  if (field) {
    expect(body.fields?.[field]?.length).toBeGreaterThan(0);
    expect(body.message).toContain(field);
  }
}

describe('bad input on every JSON route is a clear 4xx, never a 500', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(() => testApp.close());

  const table = JSON_ROUTES.flatMap((route) =>
    badCases(route).map(
      (badCase) => [`${route.method} ${route.path}`, badCase.name, route, badCase] as const,
    ),
  );

  it.each(table)('%s with %s', async (_route, _case, route, badCase) => {
    const { app } = testApp;
    const caller = await callerFor(app, principalFor(route));
    const call = await route.call(app, caller.user);
    const request = badCase.build(call);
    const response = await app.inject({
      method: route.method,
      url: request.url,
      remoteAddress: caller.remoteAddress,
      headers: { ...caller.headers, 'content-type': 'application/json' },
      ...(request.payload !== undefined ? { payload: request.payload } : {}),
    });
    expectClearClientError(response, badCase.field);
  });

  it('routes that take no input ignore a stray query string instead of failing', async () => {
    const { app } = testApp;
    for (const route of JSON_ROUTES.filter(
      (candidate) => candidate.method === 'GET' && !candidate.numericQuery && !candidate.uuidParams,
    )) {
      const caller = await callerFor(app, principalFor(route));
      const call = await route.call(app, caller.user);
      const response = await app.inject({
        method: 'GET',
        url: `${call.url}?junk=%ZZ&x[y]=1`,
        remoteAddress: caller.remoteAddress,
        headers: caller.headers,
      });
      expect(response.statusCode).toBeLessThan(500);
    }
  });

  it('a body that is too large is refused with 413', async () => {
    const response = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      headers: { 'content-type': 'application/json' },
      payload: json({ email: 'a@b.org', password: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
  });

  it('an unsupported content type is refused with 415', async () => {
    const response = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      headers: { 'content-type': 'application/xml' },
      payload: '<login/>',
    });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toMatchObject({ statusCode: 415 });
  });
});
