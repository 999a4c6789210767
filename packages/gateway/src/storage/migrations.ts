import { GuardError } from '@palisade/guard';
import type { SqlExecutor } from './sql-executor.js';

/** One schema change; `statements` per dialect, applied in order inside one transaction. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sqlite: readonly string[];
  readonly postgres: readonly string[];
}

// In SQLite only `INTEGER PRIMARY KEY` aliases the rowid (no second index); PostgreSQL needs BIGINT.
const tables = (seqType: string) => [
  `CREATE TABLE api_keys (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, secret_hash TEXT NOT NULL, roles TEXT NOT NULL, policy_id TEXT,
    tenant TEXT, limits TEXT NOT NULL, created_at TEXT NOT NULL, created_by TEXT, expires_at TEXT, revoked_at TEXT,
    rotated_from TEXT, quarantined_at TEXT, quarantine_reason TEXT)`,
  `CREATE TABLE users (
    id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL, roles TEXT NOT NULL, tenant TEXT,
    totp_secret TEXT, totp_enabled INTEGER NOT NULL, totp_last_step BIGINT NOT NULL, failed_logins INTEGER NOT NULL,
    locked_until TEXT, disabled_at TEXT, created_at TEXT NOT NULL)`,
  `CREATE TABLE recovery_codes (
    user_id TEXT NOT NULL, code_hash TEXT NOT NULL, used_at TEXT, PRIMARY KEY (user_id, code_hash))`,
  `CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, csrf_hash TEXT NOT NULL, mfa_verified INTEGER NOT NULL,
    created_at TEXT NOT NULL, expires_at TEXT NOT NULL)`,
  'CREATE INDEX sessions_user ON sessions (user_id)',
  `CREATE TABLE audit_events (
    seq ${seqType} PRIMARY KEY, id TEXT NOT NULL, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
    key_id TEXT, request_id TEXT, body TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)`,
  'CREATE INDEX audit_events_at ON audit_events (at)',
  `CREATE TABLE review_items (
    id TEXT PRIMARY KEY, request_id TEXT NOT NULL, stage TEXT NOT NULL, key_id TEXT, policy_id TEXT,
    findings TEXT NOT NULL, scanners TEXT NOT NULL, categories TEXT NOT NULL, text TEXT, excerpt TEXT, details TEXT,
    status TEXT NOT NULL, label TEXT, note TEXT, decided_by TEXT, decided_at TEXT, created_at TEXT NOT NULL)`,
  'CREATE INDEX review_items_status ON review_items (status, created_at)',
  `CREATE TABLE usage_daily (
    key_id TEXT NOT NULL, day TEXT NOT NULL, requests BIGINT NOT NULL, prompt_tokens BIGINT NOT NULL,
    completion_tokens BIGINT NOT NULL, PRIMARY KEY (key_id, day))`,
  `CREATE TABLE settings (
    key TEXT PRIMARY KEY, value TEXT NOT NULL, version INTEGER NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT)`,
  `CREATE TABLE alerts (
    id TEXT PRIMARY KEY, at TEXT NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL, severity TEXT NOT NULL,
    message TEXT NOT NULL, details TEXT, status TEXT NOT NULL, acknowledged_by TEXT, acknowledged_at TEXT)`,
  'CREATE INDEX alerts_at ON alerts (at)',
];

/** Every migration, oldest first. Never edit a shipped migration: add a new one. */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sqlite: [
      ...tables('INTEGER'),
      // Append-only audit log: the database itself refuses edits and deletes through the normal path.
      `CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END`,
      `CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END`,
    ],
    postgres: [
      ...tables('BIGINT'),
      `CREATE FUNCTION palisade_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'audit events are append-only'; END $$`,
      `CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
       FOR EACH ROW EXECUTE FUNCTION palisade_audit_append_only()`,
    ],
  },
];

/**
 * Applies the missing migrations in one locked transaction (safe when several gateways start at
 * once) and refuses a database written by a newer version.
 *
 * @example
 * await runMigrations(executor);
 */
export async function runMigrations(
  executor: SqlExecutor,
  list: readonly Migration[] = migrations,
): Promise<readonly number[]> {
  return executor.transaction(async (transaction) => {
    await transaction.run(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    const rows = await transaction.all('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((row) => Number(row['version'])));
    const newest = Math.max(0, ...applied);
    const known = Math.max(0, ...list.map((migration) => migration.version));
    if (newest > known) {
      throw new GuardError(
        'storage-failed',
        `the database schema version ${newest} is newer than this gateway supports (${known}); upgrade the gateway`,
      );
    }
    const done: number[] = [];
    for (const migration of list) {
      if (applied.has(migration.version)) continue;
      const statements = executor.dialect === 'sqlite' ? migration.sqlite : migration.postgres;
      for (const statement of statements) await transaction.run(statement);
      await transaction.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        migration.version,
        migration.name,
        new Date().toISOString(),
      ]);
      done.push(migration.version);
    }
    return done;
  }, 'migrations');
}
