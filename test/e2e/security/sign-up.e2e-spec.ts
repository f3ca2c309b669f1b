import { performance } from 'node:perf_hooks';
import { signUpBody } from '../../factories/users';
import { BrowserSession } from '../../support/http-client';
import { createTestApp, TestApp } from '../../support/test-app';

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('sign-up tells nobody whether an address has an account', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(() => testApp.close());

  it('answers a taken address with the same status and body, in about the same time, over the API', async () => {
    const register = async (body: Record<string, unknown>, round: number) => {
      const started = performance.now();
      const response = await testApp.app.inject({
        method: 'POST',
        url: '/api/v1/auth/register',
        // An address per round, so the sign-up limit stays out of the measurement.
        remoteAddress: `127.0.20.${round + 1}`,
        payload: body,
      });
      return { response, ms: performance.now() - started };
    };
    const fresh: number[] = [];
    const taken: number[] = [];
    for (let round = 0; round < 9; round++) {
      const body = signUpBody();
      const first = await register(body, round);
      const again = await register({ ...body, fullName: 'Dr Prober' }, round);
      expect(again.response.statusCode).toBe(first.response.statusCode);
      expect(again.response.json()).toEqual(first.response.json());
      expect(Object.keys(again.response.headers).sort()).toEqual(Object.keys(first.response.headers).sort());
      fresh.push(first.ms);
      taken.push(again.ms);
    }
    // Both hash the password and write once; a wide margin for a busy machine.
    const ratio = median(taken) / median(fresh);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it('answers the sign-up page the same way for a taken address', async () => {
    const body = signUpBody();
    const form = Object.fromEntries(Object.entries(body).map(([key, value]) => [key, String(value)]));
    const first = new BrowserSession(testApp.app);
    const second = new BrowserSession(testApp.app);
    const created = await first.request('POST', '/signup', {
      form: { _csrf: await first.csrfToken(), ...form },
    });
    const again = await second.request('POST', '/signup', {
      form: { _csrf: await second.csrfToken(), ...form },
    });
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(created.headers.location);
    expect(again.cookies.map((cookie) => cookie.name)).toEqual(created.cookies.map((cookie) => cookie.name));
    expect(first.cookie('ra_session')).toBeUndefined();
  });
});
