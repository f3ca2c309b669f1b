import { newResetToken, newUser } from '../../factories/users';
import { createTestApp, TestApp } from '../../support/test-app';

/** What an outsider learns from password reset: nothing about who has an account; guessing links locks them out. */
describe('password reset, tried by an outsider', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(() => testApp.close());

  const post = (url: string, payload: Record<string, unknown>, remoteAddress = '203.0.113.40') =>
    testApp.app.inject({ method: 'POST', url, payload, remoteAddress });

  it('answers every address alike, account or not, well-formed or odd in case and spaces', async () => {
    const user = await newUser(testApp.app);
    const answers = await Promise.all(
      [user.email, ` ${user.email.toUpperCase()} `, 'no-account@clinic.example'].map((email) =>
        post('/api/v1/auth/password-reset', { email }),
      ),
    );
    expect(answers.map((answer) => answer.statusCode)).toEqual([202, 202, 202]);
    expect(new Set(answers.map((answer) => answer.body)).size).toBe(1);
    expect(answers[0]!.json()).toEqual({
      message: expect.stringContaining('If an account uses this address'),
    });
    const missing = await post('/api/v1/auth/password-reset', {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ message: expect.stringContaining('e-mail') });
  });

  it('refuses a wrong link in words, counts it against the client, and locks the client out after 30', async () => {
    const user = await newUser(testApp.app);
    const token = await newResetToken(testApp.app, user.id);
    const guess = (attacker: string) =>
      post(
        '/api/v1/auth/password-reset/complete',
        { token: `guess-${'x'.repeat(30)}`, password: 'whatever passphrase' },
        attacker,
      );
    const first = await guess('203.0.113.66');
    expect(first.statusCode).toBe(400);
    expect(first.json()).toMatchObject({
      code: 'RESET_LINK_INVALID',
      message: expect.stringContaining('Ask for a new one'),
    });
    for (let attempt = 2; attempt <= 30; attempt++) {
      await guess('203.0.113.66');
    }
    const locked = await post(
      '/api/v1/auth/password-reset/complete',
      { token, password: 'the real holder passphrase' },
      '203.0.113.66',
    );
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // The holder, from their own address, is not held back.
    const holder = await post('/api/v1/auth/password-reset/complete', {
      token,
      password: 'the real holder passphrase',
    });
    expect(holder.statusCode).toBe(204);
    const reused = await post('/api/v1/auth/password-reset/complete', {
      token,
      password: 'the real holder passphrase',
    });
    expect(reused.json()).toMatchObject({ code: 'RESET_LINK_INVALID' });
  });

  it('shows a used or made-up link as not working, with the way to a new one, on the page', async () => {
    const page = await testApp.app.inject({
      method: 'GET',
      url: '/reset-password?token=made-up-token-of-some-length',
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('This reset link does not work');
    expect(page.body).toContain('href="/forgot-password"');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cache-control']).toContain('no-store');
  });
});
