import { GuardError } from '@palisade/guard';
import Database from 'better-sqlite3';
import type { SqlExecutor, SqlQueries, SqlRow, SqlValue } from './sql-executor.js';

/** Options of the SQLite driver. */
export interface SqliteOptions {
  /** `normal` (default: durable across process crashes, WAL) or `full` (also across power loss). */
  readonly synchronous?: 'normal' | 'full';
  /** How long a writer waits for another process's write lock (ms). */
  readonly busyTimeoutMs?: number;
}

/**
 * Opens a SQLite database file (created if missing) in WAL mode with a busy timeout, so several
 * processes can share it. better-sqlite3 is synchronous; the async API keeps the drivers uniform.
 *
 * @example
 * const executor = openSqliteExecutor('./palisade.db');
 */
export function openSqliteExecutor(path: string, options: SqliteOptions = {}): SqlExecutor {
  let database: Database.Database;
  try {
    database = new Database(path);
    database.pragma('journal_mode = WAL');
    database.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    database.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    database.pragma('foreign_keys = ON');
  } catch (error) {
    throw new GuardError('storage-failed', 'cannot open the SQLite database', { cause: error });
  }
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = database.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const queries: SqlQueries = {
    async all(sql, parameters: readonly SqlValue[] = []) {
      return wrap(() => {
        const statement = prepare(sql);
        if (statement.reader) return statement.all(...parameters) as SqlRow[];
        statement.run(...parameters);
        return [];
      });
    },
    async run(sql, parameters: readonly SqlValue[] = []) {
      return wrap(() => prepare(sql).run(...parameters).changes);
    },
  };
  // One transaction at a time on this connection; plain queries wait so they never join another's transaction.
  let current: Promise<unknown> = Promise.resolve();
  let inTransaction = false;
  return {
    dialect: 'sqlite',
    async all(sql, parameters) {
      while (inTransaction) await current.catch(() => undefined);
      return queries.all(sql, parameters);
    },
    async run(sql, parameters) {
      while (inTransaction) await current.catch(() => undefined);
      return queries.run(sql, parameters);
    },
    async transaction(work) {
      // Check and set in the same tick after the last await: a real mutex on this connection.
      while (inTransaction) await current.catch(() => undefined);
      inTransaction = true;
      const task = (async () => {
        wrap(() => prepare('BEGIN IMMEDIATE').run());
        try {
          const result = await work(queries);
          wrap(() => prepare('COMMIT').run());
          return result;
        } catch (error) {
          if (database.inTransaction) prepare('ROLLBACK').run();
          throw error;
        }
      })();
      current = task;
      try {
        return await task;
      } finally {
        inTransaction = false;
      }
    },
    async close() {
      while (inTransaction) await current.catch(() => undefined);
      if (database.open) database.close();
    },
  };
}

function wrap<T>(action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (error instanceof GuardError) throw error;
    const code = (error as { code?: unknown }).code;
    if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE') {
      throw new GuardError('conflict', 'the record already exists', { cause: error });
    }
    throw new GuardError('storage-failed', 'the SQLite statement failed', { cause: error });
  }
}
