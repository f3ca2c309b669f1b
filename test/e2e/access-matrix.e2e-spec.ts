import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { newPublishedCourse } from '../factories/courses';
import { newUser, signUpBody, TEST_PASSWORD } from '../factories/users';
import { BrowserSession } from '../support/http-client';
import { createTestApp, TestApp } from '../support/test-app';
import { Audience, JSON_ROUTES } from './json-routes';
import { authorizationFor, PrincipalName, PRINCIPALS } from './principals';

type Outcome = 'allow' | 'unauthenticated' | 'forbidden';

/** What each principal gets from a route of each audience. */
function expected(audience: Audience, principal: PrincipalName): Outcome {
  switch (audience) {
    case 'public':
      return 'allow';
    case 'authenticated':
      return principal === 'anonymous' || principal === 'apiKey' ? 'unauthenticated' : 'allow';
    case 'admin':
      if (principal === 'anonymous' || principal === 'apiKey') {
        return 'unauthenticated';
      }
      return principal === 'admin' ? 'allow' : 'forbidden';
    case 'apiKey':
      return principal === 'apiKey' ? 'allow' : 'unauthenticated';
  }
}

function outcomeOf(status: number, location?: string): Outcome {
  if (status === 401 || (status === 303 && location?.startsWith('/login'))) {
    return 'unauthenticated';
  }
  if (status === 403) {
    return 'forbidden';
  }
  expect(status).toBeLessThan(500);
  return 'allow';
}

interface PageRoute {
  method: 'GET' | 'POST';
  path: string;
  audience: Exclude<Audience, 'apiKey'>;
  /** Builds the URL of a GET page that needs data (a published course). */
  url?: (app: NestFastifyApplication) => Promise<string>;
  form?: (app: NestFastifyApplication) => Promise<{ url: string; form: Record<string, string | string[]> }>;
}

/** Every page route, with a valid form for those that take one. */
const PAGE_ROUTES: PageRoute[] = [
  { method: 'GET', path: '/', audience: 'public' },
  { method: 'GET', path: '/signup', audience: 'public' },
  { method: 'GET', path: '/courses', audience: 'public' },
  {
    method: 'GET',
    path: '/courses/{slug}',
    audience: 'public',
    url: async (app) => `/courses/${(await newPublishedCourse(app)).slug}`,
  },
  {
    method: 'POST',
    path: '/signup',
    audience: 'public',
    form: async () => ({ url: '/signup', form: signUpBody() as Record<string, string> }),
  },
  { method: 'GET', path: '/login', audience: 'public' },
  {
    method: 'POST',
    path: '/login',
    audience: 'public',
    form: async (app) => {
      const user = await newUser(app);
      return { url: '/login', form: { email: user.email, password: user.password, next: '/' } };
    },
  },
  { method: 'POST', path: '/logout', audience: 'public', form: async () => ({ url: '/logout', form: {} }) },
  { method: 'GET', path: '/profile', audience: 'authenticated' },
  {
    method: 'POST',
    path: '/profile',
    audience: 'authenticated',
    form: async () => ({
      url: '/profile',
      form: { fullName: 'Dr Page', degree: 'MD', specialty: 'Radiology' },
    }),
  },
  {
    method: 'POST',
    path: '/profile/password',
    audience: 'authenticated',
    form: async () => ({
      url: '/profile/password',
      form: { currentPassword: TEST_PASSWORD, newPassword: 'page changed passphrase' },
    }),
  },
  { method: 'GET', path: '/admin/users', audience: 'admin' },
  {
    method: 'POST',
    path: '/admin/users',
    audience: 'admin',
    form: async () => ({
      url: '/admin/users',
      form: {
        fullName: 'Dr Added',
        email: `added-${Math.random().toString(36).slice(2)}@academy.example`,
        password: TEST_PASSWORD,
        roles: ['instructor'],
      },
    }),
  },
  {
    method: 'POST',
    path: '/admin/users/{id}/roles',
    audience: 'admin',
    form: async (app) => ({
      url: `/admin/users/${(await newUser(app)).id}/roles`,
      form: { roles: ['learner', 'instructor'] },
    }),
  },
  {
    method: 'POST',
    path: '/admin/users/{id}/disable',
    audience: 'admin',
    form: async (app) => ({ url: `/admin/users/${(await newUser(app)).id}/disable`, form: {} }),
  },
  {
    method: 'POST',
    path: '/admin/users/{id}/enable',
    audience: 'admin',
    form: async (app) => ({ url: `/admin/users/${(await newUser(app)).id}/enable`, form: {} }),
  },
];

describe('access matrix: every route, called as each kind of caller', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(() => testApp.close());

  it('covers exactly the routes the OpenAPI document lists, and documents every JSON route', async () => {
    const document = (await testApp.app.inject({ method: 'GET', url: '/api/docs-json' })).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    const documented = Object.entries(document.paths)
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      )
      .sort();
    expect(JSON_ROUTES.map((route) => `${route.method} ${route.path}`).sort()).toEqual(documented);
  });

  const jsonTable = JSON_ROUTES.flatMap((route) =>
    PRINCIPALS.map(
      (principal) =>
        [`${route.method} ${route.path}`, principal, expected(route.audience, principal), route] as const,
    ),
  );

  it.each(jsonTable)('%s as %s: %s', async (_name, principal, outcome, route) => {
    const { app } = testApp;
    const call = await route.call(app);
    const response = await app.inject({
      method: route.method,
      url: call.url,
      headers: {
        ...(await authorizationFor(app, principal)),
        ...(call.raw ? { 'content-type': call.raw.contentType } : {}),
      },
      ...(call.raw ? { payload: call.raw.payload } : call.body ? { payload: call.body } : {}),
    });
    expect(outcomeOf(response.statusCode)).toBe(outcome);
    if (outcome === 'allow') {
      expect(response.statusCode).toBeLessThan(300);
    }
  });

  const pageTable = PAGE_ROUTES.flatMap((route) =>
    PRINCIPALS.filter((principal) => principal !== 'apiKey').map(
      (principal) =>
        [`${route.method} ${route.path}`, principal, expected(route.audience, principal), route] as const,
    ),
  );

  it.each(pageTable)('page %s as %s: %s', async (_name, principal, outcome, route) => {
    const { app } = testApp;
    const session = new BrowserSession(app);
    if (principal !== 'anonymous') {
      await session.signIn(await newUser(app, { roles: [principal] }));
    }
    const response = route.form
      ? await (async () => {
          const { url, form } = await route.form!(app);
          return session.submit(url, form);
        })()
      : await session.request('GET', route.url ? await route.url(app) : route.path);
    expect(outcomeOf(response.statusCode, response.headers.location)).toBe(outcome);
    if (outcome === 'allow') {
      expect(response.statusCode === 200 || response.statusCode === 303).toBe(true);
    }
  });
});
