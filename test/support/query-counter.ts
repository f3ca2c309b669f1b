import type { DataSource } from 'typeorm';

/** Counts the SQL statements a piece of work sends through TypeORM. */
export async function countQueries(dataSource: DataSource, work: () => Promise<unknown>): Promise<number> {
  const logger = dataSource.logger;
  const original = logger.logQuery.bind(logger);
  let count = 0;
  logger.logQuery = (query, parameters, queryRunner) => {
    count += 1;
    original(query, parameters, queryRunner);
  };
  try {
    await work();
  } finally {
    logger.logQuery = original;
  }
  return count;
}
