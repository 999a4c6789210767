import type { PGlite } from '@electric-sql/pglite';
import { checkSchemaName, postgresQueries, takeAdvisoryLock } from './postgres-executor.js';
import type { SqlExecutor } from './sql-executor.js';

/**
 * Runs the PostgreSQL driver on an in-process PGlite database (tests and demos; PGlite is a dev
 * dependency). Each executor works in its own `schema`, so one PGlite instance serves many tests.
 *
 * @example
 * const executor = await openPgliteExecutor(new PGlite(), 'test_1');
 */
export async function openPgliteExecutor(database: PGlite, schema: string): Promise<SqlExecutor> {
  checkSchemaName(schema);
  await database.exec(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  // PGlite is one connection: every statement pins the search path inside a transaction.
  const inSchema = async <T>(
    work: (queries: ReturnType<typeof postgresQueries>) => Promise<T>,
    lock?: string,
    relaxed?: boolean,
  ) =>
    database.transaction(async (transaction) => {
      await transaction.query(`SET LOCAL search_path TO "${schema}"`);
      if (relaxed === true) await transaction.query('SET LOCAL synchronous_commit TO OFF');
      const queries = postgresQueries(transaction);
      if (lock !== undefined) await takeAdvisoryLock(queries, lock);
      return work(queries);
    });
  return {
    dialect: 'postgres',
    all: (sql, parameters) => inSchema((queries) => queries.all(sql, parameters)),
    run: (sql, parameters) => inSchema((queries) => queries.run(sql, parameters)),
    transaction: (work, lock, relaxed) => inSchema(work, lock, relaxed),
    async close() {
      // The PGlite instance belongs to the caller.
    },
  };
}
