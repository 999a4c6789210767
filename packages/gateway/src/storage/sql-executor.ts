/** A value bound to a SQL placeholder. */
export type SqlValue = string | number | null;

/** A row as returned by a driver (column name → value). */
export type SqlRow = Record<string, unknown>;

/** The statements a driver can run. SQL uses `?` placeholders in every dialect. */
export interface SqlQueries {
  all(sql: string, parameters?: readonly SqlValue[]): Promise<SqlRow[]>;
  /** Returns the number of affected rows. */
  run(sql: string, parameters?: readonly SqlValue[]): Promise<number>;
}

/**
 * A database connection (or pool) behind the SQL storage. `transaction` runs `work` atomically; with
 * a `lock` name it also serialises against every other process using the same lock name (PostgreSQL
 * advisory lock; SQLite takes its database write lock at BEGIN IMMEDIATE for every transaction).
 */
export interface SqlExecutor extends SqlQueries {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * `relaxed`: the commit may return before it is flushed (PostgreSQL `synchronous_commit = off`);
   * order is kept and a crash can only lose the newest such transactions.
   */
  transaction<T>(work: (queries: SqlQueries) => Promise<T>, lock?: string, relaxed?: boolean): Promise<T>;
  close(): Promise<void>;
}

/**
 * Rewrites `?` placeholders to PostgreSQL's `$1, $2, …`. Palisade's SQL never has `?` inside literals.
 *
 * @example
 * toPostgresPlaceholders('SELECT * FROM t WHERE a = ? AND b = ?'); // '... a = $1 AND b = $2'
 */
export function toPostgresPlaceholders(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}
