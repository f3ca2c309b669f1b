import type { LightMyRequestResponse } from 'fastify';
import { Database } from '@academy/core';
import { createTestApp, TestApp } from '../../support/test-app';
import { JSON_ROUTES, JsonRoute, withParam } from '../json-routes';
import { callerFor, principalFor } from '../principals';

interface Operation {
  method: JsonRoute['method'];
  path: string;
  queryParams: string[];
}

interface Variant {
  name: string;
  url: string;
  /** Raw JSON text, or undefined for no body. */
  payload?: string;
  /** The variant must be refused (4xx) and write nothing; `field` is named in the answer. */
  refused?: { field?: string };
}

const NUL = '\u0000';

/**
 * Body fields that routes answer item by item instead of refusing the request: a bulk check
 * answers a malformed number `invalid` in its row (the public contract). routes-and-forms shows it.
 */
const ROW_BY_ROW: Record<string, string[]> = { 'POST /api/v1/verify': ['numbers'] };
const LONE_SURROGATE = '\ud800';

/** Every leaf of a JSON value with its name as the API reports it (`a.b`, `items[2]`), at most `limit`. */
function leaves(value: unknown, path = '', limit = 25, found: string[][] = []): string[][] {
  if (found.length >= limit) {
    return found;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      leaves(item, Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key, limit, found);
    }
    return found;
  }
  found.push([path]);
  return found;
}

/** A copy of `body` with the leaf named `path` replaced. */
function withLeaf(body: unknown, path: string, replace: (old: unknown) => unknown): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  const steps = path.match(/[^.[\]]+/g) ?? [];
  let node: Record<string, unknown> = copy;
  for (const step of steps.slice(0, -1)) {
    node = node[step] as Record<string, unknown>;
  }
  const last = steps.at(-1)!;
  node[last] = replace(node[last]);
  return copy;
}

const nested = (depth: number): string => `{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`;

/** Every malformed version of one valid call that the sweep sends. */
function variants(operation: Operation, route: JsonRoute, url: string, body: unknown): Variant[] {
  const list: Variant[] = [];
  const [base, search] = url.split('?') as [string, string | undefined];
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const hasBody = operation.method !== 'GET' && operation.method !== 'DELETE';
  for (const param of operation.path.match(/\{(\w+)\}/g)?.map((name) => name.slice(1, -1)) ?? []) {
    const at = (value: string) => withParam(route, url, param, value);
    list.push({ name: `${param} with NUL`, url: at('x%00y'), payload, refused: { field: param } });
    for (const [name, value] of [
      ['a broken UTF-8 sequence', '%ED%A0%80'],
      ['an emoji', '%F0%9F%A6%B4'],
      ['3000 characters', 'x'.repeat(3000)],
      ['a traversal', '..%2F..%2Fetc%2Fpasswd'],
      ['a bad UUID', 'not-a-uuid'],
      ['spaces and quotes', '%22%20OR%201%3D1%20--'],
    ]) {
      list.push({ name: `${param} with ${name}`, url: at(value!), payload });
    }
  }
  for (const param of operation.queryParams) {
    // The valid call's own value of the parameter is replaced, the others kept.
    const others = (search ?? '').split('&').filter((pair) => pair !== '' && !pair.startsWith(`${param}=`));
    const withQuery = (value: string) => `${base}?${[...others, `${param}=${value}`].join('&')}`;
    list.push({
      name: `query ${param} with NUL`,
      url: withQuery('a%00b'),
      payload,
      refused: { field: param },
    });
    for (const [name, value] of [
      ['a broken UTF-8 sequence', '%ED%A0%80'],
      ['5000 characters', 'y'.repeat(5000)],
      ['twice', `1&${param}=2`],
      ['brackets', `%5B%5D`],
      ['a negative number', '-1'],
      ['a huge number', '99999999999999999999999'],
    ]) {
      list.push({ name: `query ${param} with ${name}`, url: withQuery(value!) });
    }
  }
  if (!hasBody) {
    return list;
  }
  list.push(
    { name: 'a body nested 10 000 deep', url, payload: nested(10_000), refused: {} },
    { name: 'a body nested 40 deep', url, payload: nested(40), refused: {} },
    { name: 'an array as the body', url, payload: '[]' },
    { name: 'a string as the body', url, payload: '"x"' },
    { name: 'null as the body', url, payload: 'null' },
    { name: 'truncated JSON', url, payload: '{"a": ' },
  );
  if (body && typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length > 0) {
    list.push({
      name: 'an unknown field',
      url,
      payload: JSON.stringify({ ...body, isAdmin: true }),
      refused: { field: 'isAdmin' },
    });
    list.push({
      name: 'a key with NUL',
      url,
      payload: JSON.stringify({ ...body, [`k${NUL}`]: 1 }),
      refused: {},
    });
    for (const [path] of leaves(body)) {
      const leaf = path!;
      const set = (replace: (old: unknown) => unknown) => JSON.stringify(withLeaf(body, leaf, replace));
      // Fields a route answers item by item (@TextCheckedByHandler) take such text and say so in the item.
      const refused = ROW_BY_ROW[`${operation.method} ${operation.path}`]?.some(
        (field) => leaf === field || leaf.startsWith(`${field}[`) || leaf.startsWith(`${field}.`),
      )
        ? undefined
        : { field: leaf };
      list.push(
        {
          name: `${leaf} with NUL`,
          url,
          payload: set((old) => `${typeof old === 'string' ? old : 'x'}${NUL}`),
          refused,
        },
        {
          name: `${leaf} with a lone surrogate`,
          url,
          payload: set((old) => `${typeof old === 'string' ? old : 'x'}${LONE_SURROGATE}`),
          refused,
        },
        { name: `${leaf} as a number`, url, payload: set(() => 12345) },
        { name: `${leaf} as true`, url, payload: set(() => true) },
        { name: `${leaf} as null`, url, payload: set(() => null) },
        { name: `${leaf} as an object`, url, payload: set(() => ({ $gt: '' })) },
        { name: `${leaf} as an array`, url, payload: set(() => ['x']) },
        { name: `${leaf} empty`, url, payload: set(() => '') },
        { name: `${leaf} of 100 000 characters`, url, payload: set(() => 'z'.repeat(100_000)) },
      );
    }
  }
  return list;
}

/** The JSON error body, or an empty object when the answer is not JSON. */
function jsonOf(response: LightMyRequestResponse): {
  statusCode?: number;
  message?: string;
  fields?: Record<string, string[]>;
} {
  try {
    return response.json();
  } catch {
    return {};
  }
}

describe('a malformed-input sweep over every OpenAPI operation', () => {
  let testApp: TestApp;
  let operations: Operation[];

  beforeAll(async () => {
    testApp = await createTestApp();
    const document = (await testApp.app.inject({ method: 'GET', url: '/api/docs-json' })).json<{
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
    }>();
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        method: method.toUpperCase() as Operation['method'],
        path,
        queryParams: (operation.parameters ?? [])
          .filter((parameter) => parameter.in === 'query')
          .map((parameter) => parameter.name),
      })),
    );
  });

  afterAll(() => testApp.close());

  /**
   * How many rows each table holds: what a refused request must leave as it was. The rate limits'
   * counters are left out: every request counts against them, refused or not.
   */
  async function rowCounts(): Promise<Record<string, number>> {
    const db = testApp.app.get(Database);
    const tables = (
      await db.execute<{ name: string }>(
        `SELECT table_name AS name FROM information_schema.tables
          WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'rate_limit_counter'
          ORDER BY table_name`,
      )
    ).rows.map((row) => row.name);
    const { rows } = await db.execute<{ name: string; count: string }>(
      tables
        .map((table) => `SELECT '${table}' AS name, count(*) AS count FROM "${table}"`)
        .join(' UNION ALL '),
    );
    return Object.fromEntries(rows.map((row) => [row.name, Number(row.count)]));
  }

  it('covers every documented operation', () => {
    const known = new Set(JSON_ROUTES.map((route) => `${route.method} ${route.path}`));
    expect(
      operations.map((operation) => `${operation.method} ${operation.path}`).filter((key) => !known.has(key)),
    ).toEqual([]);
  });

  it('answers every malformed request with a clear 4xx, refuses bad strings and nesting by name, and writes nothing for them', async () => {
    const { app } = testApp;
    const problems: string[] = [];
    let sent = 0;
    for (const operation of operations) {
      const route = JSON_ROUTES.find(
        (candidate) => candidate.method === operation.method && candidate.path === operation.path,
      )!;
      const caller = await callerFor(app, principalFor(route));
      const call = await route.call(app, caller.user);
      if (call.raw) {
        continue; // Multipart uploads: their fields are swept in the routing-and-forms suite.
      }
      // Each operation from an address of its own, so the shared rate limits stay out of the way.
      const { remoteAddress } = caller;
      const send = (variant: Variant): Promise<LightMyRequestResponse> =>
        app.inject({
          method: operation.method,
          url: variant.url,
          remoteAddress,
          headers: {
            ...caller.headers,
            ...(variant.payload !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          ...(variant.payload !== undefined ? { payload: variant.payload } : {}),
        });
      const all = variants(operation, route, call.url, call.body);
      const before = await rowCounts();
      for (const variant of all.filter((candidate) => candidate.refused)) {
        const response = await send(variant);
        sent++;
        const answer = jsonOf(response);
        const field = variant.refused!.field;
        if (
          response.statusCode < 400 ||
          response.statusCode >= 500 ||
          answer.statusCode !== response.statusCode ||
          (field !== undefined && !answer.fields?.[field]?.length)
        ) {
          problems.push(
            `${operation.method} ${operation.path} with ${variant.name}: ${response.statusCode} ${response.body.slice(0, 200)}`,
          );
        }
      }
      const after = await rowCounts();
      const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
      if (changed.length > 0) {
        problems.push(
          `${operation.method} ${operation.path}: refused requests changed ${changed.join(', ')}`,
        );
      }
      for (const variant of all.filter((candidate) => !candidate.refused)) {
        const response = await send(variant);
        sent++;
        if (response.statusCode >= 500) {
          problems.push(
            `${operation.method} ${operation.path} with ${variant.name}: ${response.statusCode} ${response.body.slice(0, 200)}`,
          );
        }
      }
    }
    expect(problems).toEqual([]);
    expect(sent).toBeGreaterThan(1000);
  }, 300_000);
});
