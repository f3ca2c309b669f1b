import { Database } from '../database/database';
import { createTestContext, TestContext } from '../../../../test/support/test-app';
import { PostgresThrottlerStorage } from './rate-limit.storage';

describe('rate limits counted in PostgreSQL', () => {
  let context: TestContext;
  let replicas: PostgresThrottlerStorage[];

  beforeAll(async () => {
    context = await createTestContext([]);
    // Three processes' storages over one database count as one.
    replicas = [0, 1, 2].map(() => new PostgresThrottlerStorage(context.get(Database)));
  });

  afterAll(() => context.close());

  it('counts every hit once across replicas racing, and blocks exactly the hits past the limit', async () => {
    const started = Date.now();
    const records = await Promise.all(
      Array.from({ length: 45 }, (_, index) =>
        replicas[index % 3]!.increment('203.0.113.9', 60_000, 30, 60_000, 'default'),
      ),
    );
    expect(records.map((record) => record.totalHits).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 45 }, (_, index) => index + 1),
    );
    expect(records.filter((record) => record.isBlocked)).toHaveLength(15);
    // The window started with the first hit: at most the time the race took has passed since.
    const tookSeconds = Math.ceil((Date.now() - started) / 1000);
    for (const record of records) {
      expect(record.timeToExpire).toBeGreaterThanOrEqual(60 - tookSeconds - 1);
      expect(record.timeToExpire).toBeLessThanOrEqual(60);
      expect(record.isBlocked ? record.timeToBlockExpire : 0).toBeLessThanOrEqual(60);
    }
    // Another client and another throttler have counts of their own.
    expect(await replicas[0]!.increment('203.0.113.10', 60_000, 30, 60_000, 'default')).toMatchObject({
      totalHits: 1,
      isBlocked: false,
    });
    expect(await replicas[0]!.increment('203.0.113.9', 60_000, 30, 60_000, 'sign-up')).toMatchObject({
      totalHits: 1,
    });
  });

  it('starts counting again once the window and the block have ended, and prunes what has ended', async () => {
    const storage = replicas[1]!;
    await storage.increment('198.51.100.7', 400, 1, 400, 'default');
    expect(await storage.increment('198.51.100.7', 400, 1, 400, 'default')).toMatchObject({
      totalHits: 2,
      isBlocked: true,
    });
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect(await storage.pruneExpired()).toBeGreaterThanOrEqual(1);
    expect(await storage.increment('198.51.100.7', 400, 1, 400, 'default')).toMatchObject({
      totalHits: 1,
      isBlocked: false,
    });
  });
});
