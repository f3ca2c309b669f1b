import type { DataSourceOptions } from 'typeorm';

/** The one TypeORM configuration shared by the app, the worker, the migrate CLI and the tests. */
export function dataSourceOptions(
  databaseUrl: string,
  overrides: { poolSize?: number } = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    // Tests and the app alike run the real migrations.
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: 'schema_migration',
    poolSize: overrides.poolSize ?? 10,
    extra: {
      application_name: 'regen-academy',
      // Stated per connection rather than per transaction: a READ COMMITTED transaction then
      // begins with START TRANSACTION alone, one round trip fewer on every write.
      options: '-c default_transaction_isolation=read\\ committed',
    },
  };
}
