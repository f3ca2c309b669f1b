import { Database } from '@academy/core';
import { bearerToken, newUser } from '../factories/users';
import { countQueries } from '../support/query-counter';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * Statement budgets of hot paths, through HTTP as a client calls them (rate limiting and
 * authentication included): each fails above its budget, so an N+1 or a second read of the
 * same row cannot come back unnoticed. Raise one only on purpose, saying why.
 */
describe('statement budgets of hot HTTP paths', () => {
  let testApp: TestApp;
  let db: Database;

  beforeAll(async () => {
    testApp = await createTestApp();
    db = testApp.app.get(Database);
  });

  afterAll(() => testApp.close());

  /** The statements one request sends (after a first, untimed, that warms caches and touches the session). */
  async function statementsOf(request: () => Promise<{ statusCode: number }>, status = 200): Promise<number> {
    expect((await request()).statusCode).toBe(status);
    return countQueries(db.dataSource, async () => {
      expect((await request()).statusCode).toBe(status);
    });
  }

  it('GET /api/v1/me with a bearer token: 2', async () => {
    const { app } = testApp;
    const token = await bearerToken(app, await newUser(app));
    // The address's rate-limit counter (shared by replicas), then the live session joined with
    // its account in one statement; the profile is the account read with it. Was 4: the
    // session lookup took two (a DISTINCT id query first) and the profile read the account again.
    await expect(
      statementsOf(() =>
        app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } }),
      ),
    ).resolves.toBeLessThanOrEqual(2);
  });
});
