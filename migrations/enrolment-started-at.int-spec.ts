import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@academy/core';
import { createTestDatabase } from '../test/support/test-database';
import { EnrolmentStartedAt1795310100000 } from './1795310100000-EnrolmentStartedAt';
import { ALL_MIGRATIONS } from '.';

describe('when an enrolment started', () => {
  it('is its first lesson view: filled in from the views recorded before, kept by the database after', async () => {
    const database = await createTestDatabase({ empty: true });
    const client = new Client({ connectionString: database.url });
    const dataSource = new DataSource({
      ...dataSourceOptions(database.url, { poolSize: 1 }),
      migrations: ALL_MIGRATIONS.slice(0, ALL_MIGRATIONS.indexOf(EnrolmentStartedAt1795310100000)),
    });
    try {
      await dataSource.initialize();
      await dataSource.runMigrations({ transaction: 'each' });
      await client.connect();
      // Enrolments without their learners and courses (not what this is about), then views.
      await client.query(`SET session_replication_role = replica`);
      const { rows: enrolments } = await client.query<{ id: string }>(
        `INSERT INTO enrolment (user_id, course_id, course_version_id, enrolled_at)
         SELECT gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), '2027-01-01T00:00Z'
           FROM generate_series(1, 4) RETURNING id`,
      );
      const [viewedBefore, viewedAfter, viewedBoth, never] = enrolments.map((row) => row.id);
      const view = (enrolmentId: string | undefined, at: string) =>
        client.query(
          `INSERT INTO lesson_view (enrolment_id, lesson_id, first_seen_at) VALUES ($1, gen_random_uuid(), $2)`,
          [enrolmentId, at],
        );
      await view(viewedBefore, '2027-01-03T10:00Z');
      await view(viewedBefore, '2027-01-02T10:00Z');
      await view(viewedBoth, '2027-01-05T10:00Z');
      await client.query(`SET session_replication_role = origin`);

      await new EnrolmentStartedAt1795310100000().up(dataSource.createQueryRunner());
      // A later view changes nothing; an earlier one (a view recorded late) moves it back; a
      // view already recorded (the player's ON CONFLICT DO NOTHING) adds no row and changes nothing.
      await view(viewedBefore, '2027-01-04T10:00Z');
      await view(viewedAfter, '2027-01-06T10:00Z');
      await view(viewedAfter, '2027-01-07T10:00Z');
      await view(viewedBoth, '2027-01-04T09:00Z');
      await client.query(
        `INSERT INTO lesson_view (enrolment_id, lesson_id, first_seen_at)
         SELECT enrolment_id, lesson_id, '2026-01-01T00:00Z' FROM lesson_view WHERE enrolment_id = $1
         ON CONFLICT (enrolment_id, lesson_id) DO NOTHING`,
        [viewedAfter],
      );

      const { rows } = await client.query<{ id: string; started_at: Date | null }>(
        `SELECT id, started_at FROM enrolment`,
      );
      const started = new Map(rows.map((row) => [row.id, row.started_at?.toISOString() ?? null]));
      expect([viewedBefore, viewedAfter, viewedBoth, never].map((id) => started.get(id!))).toEqual([
        '2027-01-02T10:00:00.000Z',
        '2027-01-06T10:00:00.000Z',
        '2027-01-04T09:00:00.000Z',
        null,
      ]);
    } finally {
      await client.end();
      await dataSource.destroy();
      await database.drop();
    }
  });
});
