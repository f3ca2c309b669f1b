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
    extra: { application_name: 'regen-academy' },
  };
}
