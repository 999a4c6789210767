import { GuardError } from '@palisade/guard';
import pg from 'pg';
import {
  type SqlExecutor,
  type SqlQueries,
  type SqlRow,
  type SqlValue,
  toPostgresPlaceholders,
} from './sql-executor.js';

/** The smallest query surface shared by `pg` clients and PGlite transactions. */
export interface PostgresQueryable {
  query(
    sql: string,
    parameters?: unknown[],
  ): Promise<{ rows: unknown[]; rowCount?: number | null; affectedRows?: number }>;
}

const schemaPattern = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Validates a PostgreSQL schema name (lower-case identifier), so it can be quoted into DDL safely.
 *
 * @example
 * checkSchemaName('palisade'); // 'palisade'
 */
export function checkSchemaName(schema: string): string {
  if (!schemaPattern.test(schema)) {
    throw new GuardError('config-invalid', 'the PostgreSQL schema must be a lower-case identifier');
  }
  return schema;
}

/** Wraps a PostgreSQL client (pg or PGlite) as {@link SqlQueries}. */
export function postgresQueries(client: PostgresQueryable): SqlQueries {
  return {
    async all(sql, parameters: readonly SqlValue[] = []) {
      const result = await guard(() => client.query(toPostgresPlaceholders(sql), [...parameters]));
      return result.rows as SqlRow[];
    },
    async run(sql, parameters: readonly SqlValue[] = []) {
      const result = await guard(() => client.query(toPostgresPlaceholders(sql), [...parameters]));
      return result.rowCount ?? result.affectedRows ?? 0;
    },
  };
}

/** Lock names are code constants; checked anyway because the pool path inlines them. */
function checkLockName(lock: string): string {
  if (!/^[a-z][a-z-]{0,40}$/.test(lock)) throw new GuardError('internal', 'invalid lock name');
  return lock;
}

/** Takes a transaction-scoped advisory lock named after the current schema and `lock`. */
export async function takeAdvisoryLock(queries: SqlQueries, lock: string): Promise<void> {
  await queries.all("SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':palisade:' || ?))", [lock]);
}

/**
 * Opens a pooled PostgreSQL connection. `schema` (default `public`) is created if missing and set as
 * the search path of every connection.
 *
 * @example
 * const executor = await openPostgresExecutor('postgres://postgres@127.0.0.1:5432/palisade', 'palisade');
 */
export async function openPostgresExecutor(connectionString: string, schema = 'public'): Promise<SqlExecutor> {
  checkSchemaName(schema);
  const pool = new pg.Pool({ connectionString, max: 10, options: `-c search_path=${schema}` });
  // Errors on idle clients (server restart) must not crash the process; the next query reports them.
  pool.on('error', () => undefined);
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new GuardError('storage-failed', 'cannot connect to PostgreSQL', { cause: error });
  }
  const queries = postgresQueries(pool);
  return {
    dialect: 'postgres',
    all: queries.all,
    run: queries.run,
    async transaction(work, lock, relaxed) {
      const client = await guard(() => pool.connect());
      try {
        const transaction = postgresQueries(client);
        // One round trip for BEGIN, durability and the lock (simple protocol; the lock name is a code constant).
        const statements = ['BEGIN'];
        if (relaxed === true) statements.push('SET LOCAL synchronous_commit TO OFF');
        if (lock !== undefined) {
          statements.push(
            `SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':palisade:${checkLockName(lock)}'))`,
          );
        }
        await client.query(statements.join('; '));
        const result = await work(transaction);
        await guard(() => client.query('COMMIT'));
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

/** Maps driver errors to GuardErrors without leaking statement text or values. */
export async function guard<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof GuardError) throw error;
    if ((error as { code?: unknown }).code === '23505') {
      throw new GuardError('conflict', 'the record already exists', { cause: error });
    }
    throw new GuardError('storage-failed', 'the PostgreSQL statement failed', { cause: error });
  }
}
