import { DataSource } from 'typeorm';
import type { MigrationInterface } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

// Any fixed 64-bit number shared by every process that migrates this database.
const MIGRATION_LOCK_KEY = 7_245_118_905_001;

/**
 * Applies pending migrations under a PostgreSQL advisory lock, so replicas starting together
 * migrate once: the first holds the lock and migrates, the others wait and find nothing to do.
 * Returns the names of the migrations this call applied.
 */
export async function runMigrations(
  databaseUrl: string,
  /** The list in `migrations/index.ts`: core knows no migration of its own. */
  migrations: readonly (new () => MigrationInterface)[],
): Promise<string[]> {
  const dataSource = new DataSource({
    ...dataSourceOptions(databaseUrl, { poolSize: 2 }),
    migrations: [...migrations],
  });
  await dataSource.initialize();
  const lockHolder = dataSource.createQueryRunner();
  try {
    await lockHolder.connect();
    await lockHolder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((migration) => migration.name);
    } finally {
      await lockHolder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await lockHolder.release();
    await dataSource.destroy();
  }
}
