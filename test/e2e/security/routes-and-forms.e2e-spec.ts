import { monitorEventLoopDelay } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { hasControlOrBackslash } from '@academy/core';
import { multipartFile, tinyPng } from '../../factories/images';
import { bearerToken, newUser, nextTotpCode } from '../../factories/users';
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
      const password = await browser.request('POST', '/login', {
        form: { _csrf: await browser.csrfToken(), email: admin.email, password: admin.password },
      });
      // The password was right: the second step asks for the app's code, then lands on the home.
      const pendingToken = /name="pendingToken" value="([^"]+)"/.exec(password.body)![1]!;
      const signedIn = await browser.submit('/login/second-factor', {
        pendingToken,
        code: await nextTotpCode(testApp.app, admin),
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

    it('answers a NUL or a broken character in any page form, query or path with a 4xx, never a 500', async () => {
      const admin = await newUser(testApp.app, { roles: ['admin'] });
      const browser = await new BrowserSession(testApp.app).signIn(admin);
      const failures: string[] = [];
      for (const route of pageRoutes(testApp)) {
        const attempts =
          route.method === 'POST'
            ? [
                { nul: true, url: route.url, form: { _csrf: await browser.csrfToken(), title: 'a\u0000b' } },
                // A form encodes a lone surrogate as U+FFFD, which any page may take.
                { nul: false, url: route.url, form: { _csrf: await browser.csrfToken(), title: '\ud800' } },
              ]
            : [
                { nul: true, url: `${route.url}?q=a%00b` },
                // Broken UTF-8 arrives as U+FFFD.
                { nul: false, url: `${route.url}?q=%ED%A0%80` },
              ];
        for (const attempt of attempts) {
          const response = await browser.request(route.method as 'GET' | 'POST', attempt.url, {
            ...('form' in attempt ? { form: attempt.form } : {}),
          });
          if (response.statusCode >= 500 || (attempt.nul && response.statusCode < 400)) {
            failures.push(`${route.method} ${attempt.url}: ${response.statusCode}`);
          }
        }
      }
      expect(failures).toEqual([]);
    });
  });

  describe('text that cannot be stored, in page forms', () => {
    it('shows the form again with the error next to the field, keeping what else was typed', async () => {
      const browser = new BrowserSession(testApp.app);
      const signUp = await browser.request('POST', '/signup', {
        form: {
          _csrf: await browser.csrfToken(),
          fullName: 'Dr Null\u0000Byte',
          email: 'nul-byte@clinic.example',
          password: 'a long enough passphrase',
          degree: 'MD',
          specialty: 'Pain medicine',
        },
      });
      expect(signUp.statusCode).toBe(400);
      expect(signUp.body).toContain('<h1>Create your physician account</h1>');
      expect(signUp.body).toMatch(/id=['"]fullName-error['"][^>]*>[^<]*cannot be stored/);
      expect(signUp.body).toContain('value="nul-byte@clinic.example"');
      const login = await browser.request('POST', '/login', {
        form: {
          _csrf: await browser.csrfToken(),
          email: 'someone\u0000@clinic.example',
          password: 'whatever it is',
        },
      });
      expect(login.statusCode).toBe(400);
      expect(login.body).toMatch(/id=['"]email-error['"][^>]*>[^<]*cannot be stored/);
    });

    it('answers a form not yet on the form layer with a page naming the field and leading back to the form', async () => {
      const learner = await newUser(testApp.app);
      const browser = await new BrowserSession(testApp.app).signIn(learner);
      const response = await browser.request('POST', `/inbox/${randomUUID()}/read`, {
        form: { _csrf: await browser.csrfToken(), note: 'a\u0000b' },
        headers: { referer: 'http://localhost/inbox' },
      });
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('note contains a character that cannot be stored');
      expect(response.body).toMatch(/href=["']\/inbox["']>Back to the form/);
    });
  });

  describe('text that cannot be stored, where a route takes it on purpose or in a multipart form', () => {
    it('answers a bulk check row by row: a NUL, a broken character or a number far too long makes its row invalid, never the batch', async () => {
      const response = await testApp.app.inject({
        method: 'POST',
        url: '/api/v1/verify',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({
          numbers: [
            'RA-12\u0000',
            'RA-\ud800',
            'hello',
            'RA-0000-0000-0000-0000-0000-0000-000',
            `RA-${'7KQ4-'.repeat(40)}K9C`,
          ],
        }),
      });
      expect(response.statusCode).toBe(200);
      const items = response.json<{ items: { status: string; number: string; reason: string | null }[] }>()
        .items;
      expect(items.map((item) => item.status)).toEqual([
        'invalid',
        'invalid',
        'invalid',
        'unknown',
        'invalid',
      ]);
      // A number far too long for one is shown cut to 60 characters, with why it is none.
      expect(items[4]!.number).toHaveLength(60);
      expect(items[4]!.reason).toContain('not a certificate number');
      expect(items[0]!.reason).toContain('not a certificate number');
      expect(items[0]!.number).toBe('RA-12\uFFFD');
      // One number on its own that is not one: unknown, as the public contract says.
      const single = await testApp.app.inject({ method: 'GET', url: '/api/v1/verify/hello' });
      expect(single.json()).toMatchObject({ statusCode: 404, status: 'unknown' });
    });

    it('answers the bulk page row by row for a pasted list, and refuses a CSV holding NUL bytes as not text, in the form', async () => {
      const browser = new BrowserSession(testApp.app);
      const token = encodeURIComponent(await browser.csrfToken());
      const pasted = await browser.upload(
        `/verify/bulk?_csrf=${token}`,
        multipartFile('file', '', 'application/octet-stream', Buffer.alloc(0), {
          numbers: 'RA-1\u0000\nhello',
        }),
      );
      expect(pasted.statusCode).toBe(200);
      expect(pasted.body.match(/Not a number/g)).toHaveLength(2);
      const csv = await browser.upload(
        `/verify/bulk?_csrf=${token}`,
        multipartFile('file', 'numbers.csv', 'text/csv', Buffer.from('number\nRA-1\u0000x\n')),
      );
      expect(csv.statusCode).toBe(400);
      expect(csv.body).toContain('This file is not a CSV text file');
    });

    it('refuses such a value in any other multipart field with 400 naming it', async () => {
      const admin = await newUser(testApp.app, { roles: ['admin'] });
      const token = await bearerToken(testApp.app, admin);
      const upload = multipartFile('file', 'x.png', 'image/png', tinyPng(), { caption: 'a\u0000b' });
      const response = await testApp.app.inject({
        method: 'POST',
        url: '/api/v1/admin/media',
        headers: { authorization: `Bearer ${token}`, 'content-type': upload.contentType },
        payload: upload.payload,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({
        fields: { caption: [expect.stringContaining('cannot be stored')] },
      });
    });
  });

  describe('deeply nested JSON', () => {
    it('is refused at the parser with 400, holding up other requests no longer than a flat body of the same size', async () => {
      const { app } = testApp;
      // A route that takes the default 1 MB: the body is refused while parsing, before anyone is asked who sent it.
      const deep = `{"courseId":${'['.repeat(500_000)}${']'.repeat(500_000)}}`;
      const flat = `{"courseId":"${'x'.repeat(999_990)}"}`;
      expect(Buffer.byteLength(deep)).toBeGreaterThan(999_000);
      expect(Math.abs(Buffer.byteLength(flat) - Buffer.byteLength(deep))).toBeLessThan(100);
      /** The event loop's worst delays (p99, ms) while 40 clients send `payload` and 40 others ask for health. */
      const stallsUnder = async (payload: string, prefix: string) => {
        const delay = monitorEventLoopDelay({ resolution: 10 });
        delay.enable();
        const flood = Array.from({ length: 40 }, (_, index) =>
          app.inject({
            method: 'POST',
            url: '/api/v1/me/enrollments',
            remoteAddress: `${prefix}.${index + 1}`,
            headers: { 'content-type': 'application/json' },
            payload,
          }),
        );
        const health = Array.from({ length: 40 }, () => app.inject({ method: 'GET', url: '/health/live' }));
        const answers = await Promise.all(flood);
        await Promise.all(health);
        delay.disable();
        return { answers, p99: delay.percentile(99) / 1e6 };
      };
      // The same process, the same machine load, a minute apart at most: only the nesting differs.
      const baseline = await stallsUnder(flat, '127.0.8');
      const nested = await stallsUnder(deep, '127.0.9');
      for (const answer of nested.answers) {
        expect(answer.statusCode).toBe(400);
        expect(answer.json()).toMatchObject({
          statusCode: 400,
          message: expect.stringContaining('nested too deeply'),
        });
      }
      // Refusing deep nesting costs about what reading a flat megabyte does: no quadratic walk, no stack blow-up.
      expect(nested.p99).toBeLessThan(Math.max(3 * baseline.p99, baseline.p99 + 100));
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
