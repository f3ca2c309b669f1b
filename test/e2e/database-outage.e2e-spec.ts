import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../apps/api/src/create-app';
import { DatabaseRelay } from '../support/database-relay';
import { createTestDatabase } from '../support/test-database';
import { testConfig } from '../support/test-app';

describe('a database outage', () => {
  let app: NestFastifyApplication;
  let outage: DatabaseRelay;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    const relay = await DatabaseRelay.to(database.url);
    outage = relay;
    app = await createApp({ config: testConfig(), databaseUrl: relay.url });
  });

  afterAll(async () => {
    await outage.up();
    await app.close();
    await outage.down();
    await drop();
  });

  const get = (url: string, accept = 'application/json') =>
    app.inject({ method: 'GET', url, headers: { accept } });

  it('is answered 503 with Retry-After while it lasts, calmly on pages, and service resumes by itself', async () => {
    expect((await get('/health/ready')).statusCode).toBe(200);
    expect((await get('/api/v1/courses')).statusCode).toBe(200);

    await outage.down();
    for (const request of [
      () => get('/api/v1/courses'),
      () =>
        app.inject({
          method: 'POST',
          url: '/api/v1/auth/token',
          payload: { email: 'a@b.org', password: 'x'.repeat(12) },
        }),
      () => get('/api/v1/verify/RA-7KQ4-M2XD-9PRT-A3BC-Z8WN-Q4HT-K9C'),
    ]) {
      const response = await request();
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBe('30');
      expect(response.json()).toMatchObject({
        statusCode: 503,
        error: 'Service Unavailable',
        message: expect.stringContaining('Nothing you sent was lost'),
      });
    }
    expect((await get('/health/ready')).statusCode).toBe(503);
    const page = await get('/courses', 'text/html');
    expect(page.statusCode).toBe(503);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('Nothing you sent was lost');

    // Back on the same address: the same process serves again, without a restart.
    await outage.up();
    const deadline = Date.now() + 10_000;
    let ready = 0;
    while (Date.now() < deadline && ready !== 200) {
      ready = (await get('/health/ready')).statusCode;
    }
    expect(ready).toBe(200);
    expect((await get('/api/v1/courses')).statusCode).toBe(200);
  });
});
