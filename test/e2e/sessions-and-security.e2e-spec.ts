import { PostgresThrottlerStorage } from '@academy/core';
import { AuthService, LOGIN_THROTTLE_RULES } from '@academy/identity';
import { bearerToken, newUser, signUpBody, TEST_PASSWORD } from '../factories/users';
import { BrowserSession } from '../support/http-client';
import { createTestApp, TestApp } from '../support/test-app';

describe('sessions, tokens and security', () => {
  let testApp: TestApp;
  const me = (token: string) =>
    testApp.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
  const asAdmin = async () => bearerToken(testApp.app, await newUser(testApp.app, { roles: ['admin'] }));

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(() => testApp.close());

  it('signs up through the API, then the token works until logout', async () => {
    const body = signUpBody();
    const created = await testApp.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: body });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({ email: body.email, message: expect.stringContaining('sign in') });
    expect(created.body).not.toContain('password');

    const token = await bearerToken(testApp.app, {
      email: String(body.email).toUpperCase(),
      password: TEST_PASSWORD,
    });
    expect((await me(token)).json()).toMatchObject({
      email: body.email,
      fullName: body.fullName,
      roles: ['learner'],
    });
    // Only the Authorization header carries a token: one in the address would end up in logs.
    const inAddress = await testApp.app.inject({
      method: 'GET',
      url: `/api/v1/me?access_token=${encodeURIComponent(token)}`,
    });
    expect(inAddress.statusCode).toBe(401);
    const logout = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(logout.statusCode).toBe(204);
    expect((await me(token)).statusCode).toBe(401);
  });

  it('looks a token up once, as its request arrives: alongside the rate limit’s count, not after it', async () => {
    const token = await bearerToken(testApp.app, await newUser(testApp.app));
    const order: string[] = [];
    const auth = testApp.app.get(AuthService);
    const storage = testApp.app.get(PostgresThrottlerStorage);
    const lookup = jest.spyOn(auth, 'authenticate');
    const count = jest.spyOn(storage, 'increment');
    lookup.mockImplementation(function (this: AuthService, ...args) {
      order.push('token lookup starts');
      return AuthService.prototype.authenticate.apply(this, args);
    });
    count.mockImplementation(async function (this: PostgresThrottlerStorage, ...args) {
      order.push('rate limit count starts');
      const counted = await PostgresThrottlerStorage.prototype.increment.apply(this, args);
      order.push('rate limit count ends');
      return counted;
    });
    try {
      const response = await me(token);
      expect(response.statusCode).toBe(200);
      expect(order).toEqual(['token lookup starts', 'rate limit count starts', 'rate limit count ends']);
      // A revoked token is still refused: the early lookup is the guard's own.
      await testApp.app.inject({
        method: 'POST',
        url: '/api/v1/auth/logout',
        headers: { authorization: `Bearer ${token}` },
      });
      expect((await me(token)).statusCode).toBe(401);
      expect(lookup).toHaveBeenCalledTimes(3);
    } finally {
      lookup.mockRestore();
      count.mockRestore();
    }
  });

  it('answers a sign-up with a taken address (any case) exactly as a new one, and tells the holder instead', async () => {
    const body = signUpBody();
    const first = await testApp.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: body });
    const again = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { ...body, email: String(body.email).toUpperCase(), fullName: 'Dr Someone Else' },
    });
    expect(again.statusCode).toBe(first.statusCode);
    expect(again.json()).toEqual(first.json());
    // The account is unchanged, and its holder has been told (the welcome, then the warning).
    const token = await bearerToken(testApp.app, { email: String(body.email), password: TEST_PASSWORD });
    expect((await me(token)).json()).toMatchObject({ fullName: body.fullName });
    const inbox = await testApp.app.inject({
      method: 'GET',
      url: '/api/v1/me/notifications',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(inbox.json<{ items: { subject: string }[] }>().items.map((item) => item.subject)).toEqual([
      'Someone tried to create an account with your address',
      'Welcome to Regen Academy: confirm your e-mail address',
    ]);
  });

  it('after logout the old session cookie is refused', async () => {
    const user = await newUser(testApp.app);
    const browser = await new BrowserSession(testApp.app).signIn(user);
    const cookie = browser.cookie('ra_session')!;
    expect((await browser.request('GET', '/profile')).statusCode).toBe(200);
    expect((await browser.submit('/logout')).headers.location).toBe('/?signedOut=1');
    const replay = await testApp.app.inject({
      method: 'GET',
      url: '/profile',
      headers: { cookie: `ra_session=${cookie}` },
    });
    expect(replay.statusCode).toBe(303);
    expect(replay.headers.location).toBe('/login?next=%2Fprofile');
  });

  it('after a password change every other cookie and token is refused; this browser stays signed in', async () => {
    const user = await newUser(testApp.app);
    const browser = await new BrowserSession(testApp.app).signIn(user);
    const otherBrowser = await new BrowserSession(testApp.app).signIn(user);
    const token = await bearerToken(testApp.app, user);

    const changed = await browser.submit('/profile/password', {
      currentPassword: user.password,
      newPassword: 'sterile field and drape',
    });
    expect(changed.statusCode).toBe(303);
    expect(changed.headers.location).toBe('/profile?saved=password');
    expect((await browser.request('GET', '/profile?saved=password')).body).toContain('Password changed');
    expect((await otherBrowser.request('GET', '/profile')).statusCode).toBe(303);
    expect((await me(token)).statusCode).toBe(401);

    const apiChange = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: {
        authorization: `Bearer ${await bearerToken(testApp.app, { email: user.email, password: 'sterile field and drape' })}`,
      },
      payload: { currentPassword: 'sterile field and drape', newPassword: 'trocar depth control' },
    });
    expect(apiChange.statusCode).toBe(204);
    expect((await browser.request('GET', '/profile')).statusCode).toBe(303);
  });

  it('an admin disabling an account ends its sessions at once', async () => {
    const user = await newUser(testApp.app);
    const token = await bearerToken(testApp.app, user);
    const browser = await new BrowserSession(testApp.app).signIn(user);
    const disabled = await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/admin/users/${user.id}/disable`,
      headers: { authorization: `Bearer ${await asAdmin()}` },
    });
    expect(disabled.json()).toMatchObject({ id: user.id, disabled: true });
    expect((await me(token)).statusCode).toBe(401);
    expect((await browser.request('GET', '/profile')).statusCode).toBe(303);
    const login = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      payload: { email: user.email, password: user.password },
    });
    expect(login.statusCode).toBe(403);
    expect(login.json()).toMatchObject({ code: 'ACCOUNT_DISABLED' });
  });

  it('throttles password guessing per account with a clear 429 and Retry-After', async () => {
    const user = await newUser(testApp.app);
    for (let attempt = 0; attempt < LOGIN_THROTTLE_RULES.account.limit; attempt++) {
      const wrong = await testApp.app.inject({
        method: 'POST',
        url: '/api/v1/auth/token',
        payload: { email: user.email, password: 'guess' },
      });
      expect(wrong.statusCode).toBe(401);
    }
    const locked = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      payload: { email: user.email, password: user.password },
    });
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(locked.json()).toMatchObject({
      statusCode: 429,
      code: 'TOO_MANY_ATTEMPTS',
      message: expect.stringContaining('Try again in'),
    });

    const page = await new BrowserSession(testApp.app).submit('/login', {
      email: user.email,
      password: user.password,
    });
    expect(page.statusCode).toBe(429);
    expect(page.headers['retry-after']).toBeDefined();
    expect(page.body).toContain('Too many failed sign-in attempts');
  });

  it('records audit events for sign-up, sign-in, failure, logout, role change and disabling', async () => {
    const admin = await asAdmin();
    const body = signUpBody();
    await testApp.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: body });
    await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      payload: { email: body.email, password: 'not it at all' },
    });
    const token = await bearerToken(testApp.app, { email: String(body.email), password: TEST_PASSWORD });
    const created = (await me(token)).json<{ id: string }>();
    await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { authorization: `Bearer ${token}` },
    });
    const headers = { authorization: `Bearer ${admin}` };
    await testApp.app.inject({
      method: 'PUT',
      url: `/api/v1/admin/users/${created.id}/roles`,
      headers,
      payload: { roles: ['learner', 'instructor'] },
    });
    await testApp.app.inject({ method: 'POST', url: `/api/v1/admin/users/${created.id}/disable`, headers });
    const events = await testApp.app.inject({
      method: 'GET',
      url: `/api/v1/admin/audit-events?subjectId=${created.id}&limit=50`,
      headers,
    });
    const actions = events.json<{
      items: { action: string; ip: string | null; requestId: string | null }[];
    }>().items;
    expect(actions.map((event) => event.action).reverse()).toEqual([
      'user.signed_up',
      'user.email_confirmation_sent',
      'auth.login_failed',
      'auth.login_succeeded',
      'auth.logged_out',
      'user.roles_changed',
      'user.disabled',
    ]);
    expect(actions.every((event) => event.requestId && event.ip)).toBe(true);
    expect(JSON.stringify(actions)).not.toContain(TEST_PASSWORD);
  });

  it('forms are refused without their CSRF token', async () => {
    const user = await newUser(testApp.app);
    const browser = new BrowserSession(testApp.app);
    await browser.csrfToken();
    const without = await browser.request('POST', '/login', {
      form: { email: user.email, password: user.password },
    });
    expect(without.statusCode).toBe(403);
    const forged = await browser.request('POST', '/login', {
      form: { _csrf: 'forged', email: user.email, password: user.password },
    });
    expect(forged.statusCode).toBe(403);
    expect(browser.cookie('ra_session')).toBeUndefined();
  });

  it('sets the session cookie HttpOnly and SameSite=Lax, Secure with the __Host- prefix behind TLS', async () => {
    const user = await newUser(testApp.app);
    const browser = new BrowserSession(testApp.app);
    const response = await browser.submit('/login', { email: user.email, password: user.password });
    const cookie = response.cookies.find((candidate) => candidate.name === 'ra_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.secure).toBeFalsy();

    const tls = await createTestApp({
      env: { TRUST_PROXY: 'true', PUBLIC_URL: 'https://academy.example.org' },
    });
    try {
      const tlsBrowser = new BrowserSession(tls.app);
      const tlsUser = await newUser(tls.app);
      const tlsResponse = await tlsBrowser.request('POST', '/login', {
        form: { _csrf: await tlsBrowser.csrfToken(), email: tlsUser.email, password: tlsUser.password },
        headers: { 'x-forwarded-proto': 'https' },
      });
      const secureCookie = tlsResponse.cookies.find((candidate) => candidate.name === '__Host-ra_session');
      expect(secureCookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
      // The CSRF secret too (drawn anew at sign-in): Secure, whole site, this host only.
      const csrfCookie = tlsResponse.cookies.find((candidate) => candidate.name.endsWith('ra_csrf'));
      expect(csrfCookie).toMatchObject({ name: '__Host-ra_csrf', secure: true, path: '/', httpOnly: true });
      expect(csrfCookie?.domain).toBeUndefined();
      expect(tlsResponse.headers['strict-transport-security']).toMatch(/max-age=31536000/);
    } finally {
      await tls.close();
    }
  });

  it('sends strict security headers and a request id', async () => {
    const response = await testApp.app.inject({
      method: 'GET',
      url: '/',
      headers: { 'x-request-id': 'trace-123' },
    });
    expect(response.statusCode).toBe(200);
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['strict-transport-security']).toBeUndefined();
    expect(response.headers['x-request-id']).toBe('trace-123');
  });

  it('answers health probes and serves the OpenAPI document and its UI', async () => {
    expect((await testApp.app.inject({ method: 'GET', url: '/health/live' })).json()).toEqual({
      status: 'ok',
    });
    expect((await testApp.app.inject({ method: 'GET', url: '/health/ready' })).json()).toEqual({
      status: 'ok',
    });
    const document = await testApp.app.inject({ method: 'GET', url: '/api/docs-json' });
    expect(document.json()).toMatchObject({
      openapi: expect.stringMatching(/^3\./),
      info: { title: 'Regen Academy API' },
    });
    const ui = await testApp.app.inject({ method: 'GET', url: '/api/docs' });
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger');
  });

  it('answers unknown API routes with a JSON 404 and unknown pages with a readable page', async () => {
    const api = await testApp.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
    const page = await testApp.app.inject({
      method: 'GET',
      url: '/nothing-here',
      headers: { accept: 'text/html' },
    });
    expect(page.statusCode).toBe(404);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('We could not find that page');
    expect(page.body).not.toContain('Cannot GET');
  });
});

// Its own app: passport keeps one bearer strategy per process, and the TLS test above replaces it with a closed app's.
describe('an account’s sessions and tokens, through the API', () => {
  let testApp: TestApp;
  const me = (token: string) =>
    testApp.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(() => testApp.close());

  it('lists the account’s sessions and tokens, ends one of its own but nobody else’s, and every other at once', async () => {
    const user = await newUser(testApp.app);
    const [first, second, third] = [
      await bearerToken(testApp.app, user),
      await bearerToken(testApp.app, user),
      await bearerToken(testApp.app, user),
    ];
    const call = (method: 'GET' | 'POST' | 'DELETE', url: string, token = first) =>
      testApp.app.inject({ method, url, headers: { authorization: `Bearer ${token}` } });
    const list = (await call('GET', '/api/v1/me/sessions')).json<{
      items: { id: string; kind: string; current: boolean; device: string }[];
    }>();
    expect(list.items).toHaveLength(3);
    expect(list.items.filter((item) => item.current)).toHaveLength(1);
    expect(list.items.every((item) => item.kind === 'api')).toBe(true);

    const stranger = await bearerToken(testApp.app, await newUser(testApp.app));
    const strangersSession = (await call('GET', '/api/v1/me/sessions', stranger)).json<{
      items: { id: string }[];
    }>().items[0]!.id;
    const refused = await call('DELETE', `/api/v1/me/sessions/${strangersSession}`);
    expect(refused.statusCode).toBe(404);
    expect(refused.json()).toMatchObject({ code: 'SESSION_NOT_FOUND' });
    expect((await me(stranger)).statusCode).toBe(200);

    const secondId = list.items.find((item) => !item.current)!.id;
    expect((await call('DELETE', `/api/v1/me/sessions/${secondId}`)).statusCode).toBe(204);
    const stillWorking = [(await me(second)).statusCode, (await me(third)).statusCode].sort();
    expect(stillWorking).toEqual([200, 401]);

    expect((await call('POST', '/api/v1/me/sessions/sign-out-others')).json()).toEqual({ ended: 1 });
    expect([(await me(second)).statusCode, (await me(third)).statusCode]).toEqual([401, 401]);
    expect((await me(first)).statusCode).toBe(200);
  });
});
