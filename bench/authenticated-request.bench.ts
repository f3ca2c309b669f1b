import { bearerToken, newUser } from '../test/factories/users';
import { createTestApp, TestApp } from '../test/support/test-app';
import { medianMs, report } from './measure';

describe('authenticated API request', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp({ contract: false });
  });

  afterAll(() => testApp.close());

  it('costs a small multiple of the bare HTTP stack', async () => {
    const { app } = testApp;
    const token = await bearerToken(app, await newUser(app));
    const baseline = await medianMs(() => app.inject({ method: 'GET', url: '/health/live' }));
    const hot = await medianMs(async () => {
      const response = await app.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: { authorization: `Bearer ${token}` },
      });
      if (response.statusCode !== 200) {
        throw new Error(`GET /api/v1/me answered ${response.statusCode}`);
      }
    });
    report('GET /api/v1/me (bearer)', hot, baseline, '≤ 3');
    expect(hot).toBeGreaterThan(0);
  });
});
