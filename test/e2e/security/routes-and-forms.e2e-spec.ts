import { monitorEventLoopDelay } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { hasControlOrBackslash } from '@academy/core';
import { newUser } from '../../factories/users';
import { BrowserSession } from '../../support/http-client';
import { declaredRoutes } from '../../support/routes';
import { createTestApp, TestApp } from '../../support/test-app';
import { JSON_ROUTES } from '../json-routes';

/** Every value of `next` seen used to leave a site, as a browser would send it in a query string. */
const OFF_SITE_NEXT = [
  '//evil.example',
  '///evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '/%09/evil.example',
  '/%0A/evil.example',
  '/%0D%0A/evil.example',
  '%09//evil.example',
  '/%5C/evil.example',
  '/%5Cevil.example',
  '/%2F%2Fevil.example',
  '/%252F%252Fevil.example',
  'https:evil.example',
  'https://evil.example/',
  'HTTPS://EVIL.EXAMPLE',
  'javascript:alert(1)',
  'JaVaScRiPt%3Aalert(1)',
  'data:text/html,<script>alert(1)</script>',
  '/%00/evil.example',
  `/${'a'.repeat(5000)}`,
  '%E0%A4%A',
  '/\u3002evil.example',
];

/** Page routes (everything declared that the OpenAPI document does not list), with sample values for their parameters. */
function pageRoutes(testApp: TestApp): { method: string; url: string }[] {
  const api = new Set(JSON_ROUTES.map((route) => `${route.method} ${route.path}`));
  return declaredRoutes(testApp.app)
    .filter((route) => !api.has(route) && !route.includes('/api/docs'))
    .map((route) => {
      const [method, path] = route.split(' ') as [string, string];
      return { method, url: path.replace(/\{\w+\}/g, () => randomUUID()) };
    });
}

/** Where a sign-in with this `next` sends the browser (the Location header). */
async function landingAfterSignIn(
  testApp: TestApp,
  next: string,
): Promise<{ status: number; location: string }> {
  const user = await newUser(testApp.app);
  const browser = new BrowserSession(testApp.app);
  const page = await browser.request('GET', `/login?next=${next}`);
  expect(page.statusCode).toBeLessThan(500);
  const hidden = /name="next" value="([^"]*)"/.exec(page.body)?.[1] ?? '';
  const response = await browser.request('POST', '/login', {
    form: {
      _csrf: await browser.csrfToken(),
      email: user.email,
      password: user.password,
      next: decodeURIComponentSafe(next),
    },
  });
  expect(hidden.startsWith('/') || hidden === '').toBe(true);
  return { status: response.statusCode, location: String(response.headers.location ?? '') };
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

describe('routes and forms hold against an attacker', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(() => testApp.close());

  describe('no redirect leaves the site', () => {
    it.each(OFF_SITE_NEXT)('next=%s lands on a page of this site (or is refused outright)', async (next) => {
      const { status, location } = await landingAfterSignIn(testApp, next);
      if (status === 400) {
        // A NUL is refused with the form, before anything is followed.
        expect(location).toBe('');
        return;
      }
      expect(status).toBe(303);
      expect(location).toMatch(/^\/(?![/\\])/);
      expect(hasControlOrBackslash(location)).toBe(false);
      expect(new URL(location, 'http://academy.test').host).toBe('academy.test');
    });

    it('keeps a local next, and sends each role to its home without one', async () => {
      expect(await landingAfterSignIn(testApp, '/courses%3Fq%3Dmarrow')).toEqual({
        status: 303,
        location: '/courses?q=marrow',
      });
      expect((await landingAfterSignIn(testApp, '')).location).toBe('/learning');
      const admin = await newUser(testApp.app, { roles: ['admin'] });
      const browser = new BrowserSession(testApp.app);
      const signedIn = await browser.request('POST', '/login', {
        form: { _csrf: await browser.csrfToken(), email: admin.email, password: admin.password },
      });
      expect(signedIn.headers.location).toBe('/admin/dashboard');
    });
  });

  describe('the API never takes the session cookie, however its path is written', () => {
    const variants = (path: string): string[] => {
      const rest = path.slice('/api'.length);
      return [
        `/%61pi${rest}`,
        `/%61%70%69${rest}`,
        `/a%70i${rest}`,
        `/API${rest}`,
        `/Api${rest}`,
        `/%41PI${rest}`,
        `//api${rest}`,
        `/./api${rest}`,
        `/api/v1/../v1${rest.slice('/v1'.length)}`,
        `/api${rest.replace(/\//g, '%2F')}`,
        `${path}/`,
        `${path}?`,
        `${path};x=1`,
      ];
    };

    it('answers every signed-in GET of the API to a cookie alone with no data, in every encoding', async () => {
      const admin = await newUser(testApp.app, { roles: ['admin'] });
      const browser = await new BrowserSession(testApp.app).signIn(admin);
      const leaks: string[] = [];
      for (const route of JSON_ROUTES.filter(
        (candidate) =>
          candidate.method === 'GET' && candidate.audience !== 'public' && candidate.path.startsWith('/api/'),
      )) {
        const path = route.path.replace(/\{\w+\}/g, () => randomUUID());
        for (const url of [path, ...variants(path)]) {
          const response = await browser.request('GET', url, { headers: { accept: 'application/json' } });
          if (response.statusCode < 300 || response.statusCode >= 500) {
            leaks.push(`${url}: ${response.statusCode}`);
          }
        }
      }
      expect(leaks).toEqual([]);
    });
  });

  describe('forms', () => {
    it('refuses a state-changing page request from another site on every page route, even with a valid token', async () => {
      const admin = await newUser(testApp.app, { roles: ['admin'] });
      const browser = await new BrowserSession(testApp.app).signIn(admin);
      const accepted: string[] = [];
      for (const route of pageRoutes(testApp).filter((candidate) => candidate.method === 'POST')) {
        const crossSite: Record<string, string>[] = [
          { 'sec-fetch-site': 'cross-site' },
          { 'sec-fetch-site': 'same-site' },
          { origin: 'https://evil.example' },
          { origin: 'null' },
        ];
        for (const headers of crossSite) {
          const response = await browser.request('POST', route.url, {
            form: { _csrf: await browser.csrfToken() },
            headers,
          });
          if (response.statusCode !== 403) {
            accepted.push(`${route.url} ${JSON.stringify(headers)}: ${response.statusCode}`);
          }
        }
      }
      expect(accepted).toEqual([]);
      // The same form from the site itself goes through to its handler.
      const own = await browser.request('POST', '/logout', {
        form: { _csrf: await browser.csrfToken() },
        headers: { origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin' },
      });
      expect(own.statusCode).toBe(303);
    });

    it('draws a new CSRF secret at sign-in and at sign-out: a token from before either no longer works', async () => {
      const user = await newUser(testApp.app);
      const browser = new BrowserSession(testApp.app);
      const planted = await browser.csrfToken();
      const plantedCookie = browser.cookie('ra_csrf');
      await browser.signIn(user);
      expect(browser.cookie('ra_csrf')).not.toBe(plantedCookie);
      const withOld = await browser.request('POST', '/logout', { form: { _csrf: planted } });
      expect(withOld.statusCode).toBe(403);
      const beforeSignOut = await browser.csrfToken('/profile');
      expect((await browser.request('POST', '/logout', { form: { _csrf: beforeSignOut } })).statusCode).toBe(
        303,
      );
      const afterSignOut = await browser.request('POST', '/login', {
        form: { _csrf: beforeSignOut, email: user.email, password: user.password },
      });
      expect(afterSignOut.statusCode).toBe(403);
    });

    it('prefixes the CSRF cookie with __Host- over https', async () => {
      const tls = await createTestApp({
        env: { TRUST_PROXY: 'true', PUBLIC_URL: 'https://academy.example.org' },
      });
      try {
        const page = await tls.app.inject({
          method: 'GET',
          url: '/login',
          headers: { 'x-forwarded-proto': 'https' },
        });
        const cookie = page.cookies.find((candidate) => candidate.name.endsWith('ra_csrf'));
        expect(cookie).toMatchObject({ name: '__Host-ra_csrf', secure: true, path: '/', httpOnly: true });
        expect(cookie).not.toHaveProperty('domain');
      } finally {
        await tls.close();
      }
    });

    it('answers a NUL or a broken character in any page form, query or path with a 4xx page naming it, never a 500', async () => {
      const admin = await newUser(testApp.app, { roles: ['admin'] });
      const browser = await new BrowserSession(testApp.app).signIn(admin);
      const failures: string[] = [];
      for (const route of pageRoutes(testApp)) {
        const attempts =
          route.method === 'POST'
            ? [
                { url: route.url, form: { _csrf: await browser.csrfToken(), title: 'a\u0000b' } },
                { url: route.url, form: { _csrf: await browser.csrfToken(), title: '\ud800' } },
              ]
            : [{ url: `${route.url}?q=a%00b` }, { url: `${route.url}?q=%ED%A0%80` }];
        for (const attempt of attempts) {
          const response = await browser.request(route.method as 'GET' | 'POST', attempt.url, {
            ...('form' in attempt ? { form: attempt.form } : {}),
          });
          if (response.statusCode >= 500 || (response.statusCode === 400 && !/title|q/.test(response.body))) {
            failures.push(`${route.method} ${attempt.url}: ${response.statusCode}`);
          }
        }
      }
      expect(failures).toEqual([]);
    });
  });

  describe('deeply nested JSON', () => {
    it('is refused at the parser with 400, without holding up other requests', async () => {
      const { app } = testApp;
      // A route that takes the default 1 MB: the body is refused while parsing, before anyone is asked who sent it.
      const deep = `{"courseId":${'['.repeat(500_000)}${']'.repeat(500_000)}}`;
      expect(Buffer.byteLength(deep)).toBeGreaterThan(999_000);
      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      const flood = Array.from({ length: 40 }, (_, index) =>
        app.inject({
          method: 'POST',
          url: '/api/v1/me/enrollments',
          remoteAddress: `127.0.9.${index + 1}`,
          headers: { 'content-type': 'application/json' },
          payload: deep,
        }),
      );
      const health = Array.from({ length: 40 }, () => app.inject({ method: 'GET', url: '/health/live' }));
      const answers = await Promise.all(flood);
      await Promise.all(health);
      delay.disable();
      for (const answer of answers) {
        expect(answer.statusCode).toBe(400);
        expect(answer.json()).toMatchObject({
          statusCode: 400,
          message: expect.stringContaining('nested too deeply'),
        });
      }
      expect(delay.percentile(99) / 1e6).toBeLessThan(100);
    });

    it('is refused past a public route’s size before it is parsed (413), so a wide body costs nothing either', async () => {
      const wide = JSON.stringify({ numbers: Array.from({ length: 20_000 }, () => [[[['RA-0000']]]]) });
      for (const url of ['/api/v1/verify', '/api/v1/auth/token', '/api/v1/auth/register']) {
        const response = await testApp.app.inject({
          method: 'POST',
          url,
          headers: { 'content-type': 'application/json' },
          payload: wide,
        });
        expect(response.statusCode).toBe(413);
        expect(response.json()).toMatchObject({
          statusCode: 413,
          message: expect.stringContaining('larger than'),
        });
      }
    });

    it('is refused on every route that takes a body', async () => {
      const { app } = testApp;
      for (const route of JSON_ROUTES.filter((candidate) => candidate.method !== 'GET')) {
        const response = await app.inject({
          method: route.method,
          url: route.path.replace(/\{\w+\}/g, () => randomUUID()),
          headers: { 'content-type': 'application/json' },
          payload: `{"a":${'['.repeat(64)}${']'.repeat(64)}}`,
        });
        expect({ route: route.path, status: response.statusCode }).toEqual({
          route: route.path,
          status: 400,
        });
      }
    });
  });
});
