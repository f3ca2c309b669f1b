import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@academy/core';
import { createTestDatabase } from '../test/support/test-database';
import { CanonicalLabZones1795309610000 } from './1795309610000-CanonicalLabZones';
import { ALL_MIGRATIONS } from '.';

describe('canonical lab time zones', () => {
  it('maps the zones labs were stored with to the canonical zone they meant, and leaves the rest', async () => {
    const database = await createTestDatabase({ empty: true });
    const client = new Client({ connectionString: database.url });
    const dataSource = new DataSource({
      ...dataSourceOptions(database.url, { poolSize: 1 }),
      migrations: ALL_MIGRATIONS.slice(0, ALL_MIGRATIONS.indexOf(CanonicalLabZones1795309610000)),
    });
    try {
      await dataSource.initialize();
      await dataSource.runMigrations({ transaction: 'each' });
      await client.connect();
      // Labs as the old rule stored them; the course is not what this is about.
      await client.query(`SET session_replication_role = replica`);
      const stored = [
        'EST',
        'PST',
        'europe/zurich',
        'US/Eastern',
        'Asia/Kolkata',
        'Europe/Berlin',
        'UTC',
        'Mars/Base',
      ];
      for (const zone of stored) {
        await client.query(
          `INSERT INTO lab_session (course_id, title, venue_name, venue_address, time_zone, starts_at, ends_at,
             capacity, booking_opens_at, booking_closes_at, cancellation_cutoff_at, checklist, created_at, updated_at)
           VALUES (gen_random_uuid(), $1, 'Venue', 'Address', $1, '2027-01-10T09:00Z', '2027-01-10T17:00Z', 5,
             '2027-01-01T00:00Z', '2027-01-10T09:00Z', '2027-01-09T09:00Z', '[]', now(), now())`,
          [zone],
        );
      }
      await new CanonicalLabZones1795309610000().up(dataSource.createQueryRunner());
      const { rows } = await client.query<{ title: string; time_zone: string }>(
        `SELECT title, time_zone FROM lab_session`,
      );
      expect(Object.fromEntries(rows.map((row) => [row.title, row.time_zone]))).toEqual({
        EST: 'America/New_York',
        PST: 'America/Los_Angeles',
        'europe/zurich': 'Europe/Zurich',
        'US/Eastern': 'America/New_York',
        'Asia/Kolkata': 'Asia/Calcutta',
        'Europe/Berlin': 'Europe/Berlin',
        UTC: 'UTC',
        'Mars/Base': 'Mars/Base',
      });
    } finally {
      await client.end();
      await dataSource.destroy();
      await database.drop();
    }
  });
});
