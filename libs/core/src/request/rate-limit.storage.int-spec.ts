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

  it('counts a burst on one replica together, numbering each hit as if counted one by one', async () => {
    const storage = replicas[2]!;
    const burst = await Promise.all([
      ...Array.from({ length: 12 }, () => storage.increment('192.0.2.44', 60_000, 5, 60_000, 'default')),
      // The same key under another rule (another route's throttle) is counted in a round of its own.
      storage.increment('192.0.2.44', 60_000, 100, 60_000, 'default'),
      storage.increment('192.0.2.45', 60_000, 5, 60_000, 'default'),
    ]);
    expect(burst.slice(0, 12).map((record) => [record.totalHits, record.isBlocked])).toEqual(
      Array.from({ length: 12 }, (_, index) => [index + 1, index + 1 > 5]),
    );
    expect(burst[12]).toMatchObject({ totalHits: 13, isBlocked: true });
    expect(burst[13]).toMatchObject({ totalHits: 1, isBlocked: false });
    expect(burst[11]!.timeToBlockExpire).toBeGreaterThan(0);
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
