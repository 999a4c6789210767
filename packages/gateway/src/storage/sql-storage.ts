import { randomUUID } from 'node:crypto';
import { GuardError, isGuardError } from '@palisade/guard';
import { auditPayload, computeAuditHash, genesisHash } from '../audit/audit-hash.js';
import type { Role } from '../rbac/roles.js';
import { applyPatch } from './memory-storage.js';
import { runMigrations } from './migrations.js';
import type { SqlExecutor, SqlQueries, SqlRow, SqlValue } from './sql-executor.js';
import type {
  AlertRecord,
  ApiKeyRecord,
  AuditEvent,
  AuditEventInput,
  KeyLimits,
  ReviewItem,
  ReviewStatus,
  SessionRecord,
  SettingRecord,
  Storage,
  StoredFinding,
  UsageRecord,
  UserRecord,
} from './storage.js';
import {
  checkAlertInput,
  checkAuditInput,
  checkDay,
  checkKeyPatch,
  checkKeyRecord,
  checkLimit,
  checkLine,
  checkReviewDecision,
  checkReviewInput,
  checkSessionRecord,
  checkSettingValue,
  checkTimestamp,
  checkUsageInput,
  checkUserPatch,
  checkUserRecord,
  storageLimits,
  withOptional,
} from './validate-records.js';

const text = (value: unknown): string | undefined =>
  value === null || value === undefined ? undefined : String(value);
const json = <T>(value: unknown): T | undefined =>
  value === null || value === undefined ? undefined : (JSON.parse(String(value)) as T);
const optional = (value: string | undefined | null): SqlValue => (value === undefined ? null : value);

function keyFromRow(row: SqlRow): ApiKeyRecord {
  return withOptional(
    {
      id: String(row['id']),
      name: String(row['name']),
      secretHash: String(row['secret_hash']),
      roles: JSON.parse(String(row['roles'])) as Role[],
      limits: JSON.parse(String(row['limits'])) as KeyLimits,
      createdAt: String(row['created_at']),
    },
    {
      policyId: text(row['policy_id']),
      tenant: text(row['tenant']),
      createdBy: text(row['created_by']),
      expiresAt: text(row['expires_at']),
      revokedAt: text(row['revoked_at']),
      rotatedFrom: text(row['rotated_from']),
      quarantinedAt: text(row['quarantined_at']),
      quarantineReason: text(row['quarantine_reason']),
    },
  );
}

function keyToValues(key: ApiKeyRecord): SqlValue[] {
  return [
    key.name,
    key.secretHash,
    JSON.stringify(key.roles),
    optional(key.policyId),
    optional(key.tenant),
    JSON.stringify(key.limits),
    key.createdAt,
    optional(key.createdBy),
    optional(key.expiresAt),
    optional(key.revokedAt),
    optional(key.rotatedFrom),
    optional(key.quarantinedAt),
    optional(key.quarantineReason),
    key.id,
  ];
}

function userFromRow(row: SqlRow): UserRecord {
  return withOptional(
    {
      id: String(row['id']),
      username: String(row['username']),
      passwordHash: String(row['password_hash']),
      roles: JSON.parse(String(row['roles'])) as Role[],
      totpEnabled: Number(row['totp_enabled']) === 1,
      totpLastStep: Number(row['totp_last_step']),
      failedLogins: Number(row['failed_logins']),
      createdAt: String(row['created_at']),
    },
    {
      tenant: text(row['tenant']),
      totpSecret: text(row['totp_secret']),
      lockedUntil: text(row['locked_until']),
      disabledAt: text(row['disabled_at']),
    },
  );
}

function userToValues(user: UserRecord): SqlValue[] {
  return [
    user.username,
    user.passwordHash,
    JSON.stringify(user.roles),
    optional(user.tenant),
    optional(user.totpSecret),
    user.totpEnabled ? 1 : 0,
    user.totpLastStep,
    user.failedLogins,
    optional(user.lockedUntil),
    optional(user.disabledAt),
    user.createdAt,
    user.id,
  ];
}

function sessionFromRow(row: SqlRow): SessionRecord {
  return {
    idHash: String(row['id_hash']),
    userId: String(row['user_id']),
    csrfHash: String(row['csrf_hash']),
    mfaVerified: Number(row['mfa_verified']) === 1,
    createdAt: String(row['created_at']),
    expiresAt: String(row['expires_at']),
  };
}

function auditFromRow(row: SqlRow): AuditEvent {
  // The body object becomes the event: no copy (this is the hot loop of `audit verify`).
  const event = JSON.parse(row['body'] as string) as Record<string, unknown>;
  event['seq'] = Number(row['seq']);
  event['id'] = row['id'];
  event['at'] = row['at'];
  event['prevHash'] = row['prev_hash'];
  event['hash'] = row['hash'];
  return event as unknown as AuditEvent;
}

function reviewFromRow(row: SqlRow): ReviewItem {
  return withOptional(
    {
      id: String(row['id']),
      requestId: String(row['request_id']),
      stage: String(row['stage']),
      findings: JSON.parse(String(row['findings'])) as StoredFinding[],
      status: String(row['status']) as ReviewStatus,
      createdAt: String(row['created_at']),
    },
    {
      keyId: text(row['key_id']),
      policyId: text(row['policy_id']),
      text: text(row['text']),
      excerpt: text(row['excerpt']),
      details: json(row['details']),
      label: text(row['label']),
      note: text(row['note']),
      decidedBy: text(row['decided_by']),
      decidedAt: text(row['decided_at']),
    },
  );
}

function settingFromRow(row: SqlRow): SettingRecord {
  return withOptional(
    {
      key: String(row['key']),
      value: JSON.parse(String(row['value'])) as unknown,
      version: Number(row['version']),
      updatedAt: String(row['updated_at']),
    },
    { updatedBy: text(row['updated_by']) },
  );
}

function alertFromRow(row: SqlRow): AlertRecord {
  return withOptional(
    {
      id: String(row['id']),
      at: String(row['at']),
      kind: String(row['kind']),
      subject: String(row['subject']),
      severity: String(row['severity']) as AlertRecord['severity'],
      message: String(row['message']),
      status: String(row['status']) as AlertRecord['status'],
    },
    {
      details: json(row['details']),
      acknowledgedBy: text(row['acknowledged_by']),
      acknowledgedAt: text(row['acknowledged_at']),
    },
  );
}

function usageFromRow(row: SqlRow): UsageRecord {
  return {
    keyId: String(row['key_id']),
    day: String(row['day']),
    requests: Number(row['requests']),
    promptTokens: Number(row['prompt_tokens']),
    completionTokens: Number(row['completion_tokens']),
  };
}

// LIKE patterns: escape the wildcard characters of user input.
const likeEscape = (value: string): string => value.replace(/[\\%_]/g, (character) => `\\${character}`);
const listColumn = (values: readonly string[]): string => `,${[...new Set(values)].join(',')},`;

const keyColumns =
  'name = ?, secret_hash = ?, roles = ?, policy_id = ?, tenant = ?, limits = ?, created_at = ?, created_by = ?, expires_at = ?, revoked_at = ?, rotated_from = ?, quarantined_at = ?, quarantine_reason = ?';
const userColumns =
  'username = ?, password_hash = ?, roles = ?, tenant = ?, totp_secret = ?, totp_enabled = ?, totp_last_step = ?, failed_logins = ?, locked_until = ?, disabled_at = ?, created_at = ?';

/**
 * The SQL implementation of {@link Storage} over a {@link SqlExecutor} (SQLite or PostgreSQL). Runs
 * the migrations before returning.
 *
 * @example
 * const storage = await createSqlStorage(openSqliteExecutor('./palisade.db'));
 */
export async function createSqlStorage(executor: SqlExecutor): Promise<Storage> {
  await runMigrations(executor);
  const driver = executor.dialect;

  const readKey = async (queries: SqlQueries, id: string): Promise<ApiKeyRecord | undefined> => {
    const [row] = await queries.all('SELECT * FROM api_keys WHERE id = ?', [id]);
    return row === undefined ? undefined : keyFromRow(row);
  };
  const readUser = async (queries: SqlQueries, id: string): Promise<UserRecord | undefined> => {
    const [row] = await queries.all('SELECT * FROM users WHERE id = ?', [id]);
    return row === undefined ? undefined : userFromRow(row);
  };
  const readReview = async (queries: SqlQueries, id: string): Promise<ReviewItem | undefined> => {
    const [row] = await queries.all('SELECT * FROM review_items WHERE id = ?', [id]);
    return row === undefined ? undefined : reviewFromRow(row);
  };

  /**
   * PostgreSQL appends in ONE autocommit statement: the head is read, the successor inserted and its
   * hash computed by the server (`sha256`, the same formula as `chainHash`). No lock is needed: the
   * primary key on `seq` admits exactly one successor per event, so a concurrent appender that read the
   * same head fails with a unique violation and simply retries on the new head.
   */
  const appendPostgres = async (checked: AuditEventInput, body: string, durable: boolean): Promise<AuditEvent> => {
    const id = randomUUID();
    const at = new Date().toISOString();
    const payload = auditPayload({ ...checked, id, at });
    const statement = `INSERT INTO audit_events (seq, id, at, actor, action, key_id, request_id, body, prev_hash, hash)
      SELECT head.seq + 1, ?, ?, ?, ?, ?, ?, ?, head.hash,
        encode(sha256(convert_to((head.seq + 1)::text || chr(30) || head.hash || chr(30) || ?::text, 'UTF8')), 'hex')
      FROM ((SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1)
        UNION ALL (SELECT 0::bigint, '${genesisHash}') ORDER BY seq DESC LIMIT 1) AS head
      RETURNING seq, prev_hash, hash`;
    const parameters: SqlValue[] = [
      id,
      at,
      checked.actor,
      checked.action,
      optional(checked.keyId),
      optional(checked.requestId),
      body,
      payload,
    ];
    for (let attempt = 0; ; attempt++) {
      try {
        const [row] = durable
          ? await executor.all(statement, parameters)
          : await executor.transaction((transaction) => transaction.all(statement, parameters), undefined, true);
        if (row === undefined) throw new GuardError('storage-failed', 'the audit append returned nothing');
        return {
          ...checked,
          seq: Number(row['seq']),
          id,
          at,
          prevHash: String(row['prev_hash']),
          hash: String(row['hash']),
        };
      } catch (error) {
        if (!isGuardError(error) || error.code !== 'conflict' || attempt >= 100) throw error;
        // Another appender took this position: back off a little (jitter) and append after it.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(20, attempt + 1)));
      }
    }
  };

  const storage: Storage = {
    driver,

    async createKey(record) {
      const key = checkKeyRecord(record);
      await executor.run(
        `INSERT INTO api_keys (name, secret_hash, roles, policy_id, tenant, limits, created_at, created_by, expires_at,
         revoked_at, rotated_from, quarantined_at, quarantine_reason, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        keyToValues(key),
      );
      return key;
    },
    getKey: (id) => readKey(executor, id),
    async listKeys() {
      return (await executor.all('SELECT * FROM api_keys ORDER BY created_at, id')).map(keyFromRow);
    },
    async updateKey(id, patch) {
      const checked = checkKeyPatch(patch);
      return executor.transaction(async (transaction) => {
        const key = await readKey(transaction, id);
        if (key === undefined) throw new GuardError('not-found', 'no such key');
        const updated = applyPatch(key, checked);
        await transaction.run(`UPDATE api_keys SET ${keyColumns} WHERE id = ?`, keyToValues(updated));
        return updated;
      });
    },

    async createUser(record) {
      const user = checkUserRecord(record);
      await executor.run(
        `INSERT INTO users (username, password_hash, roles, tenant, totp_secret, totp_enabled, totp_last_step,
         failed_logins, locked_until, disabled_at, created_at, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        userToValues(user),
      );
      return user;
    },
    getUser: (id) => readUser(executor, id),
    async getUserByName(username) {
      const [row] = await executor.all('SELECT * FROM users WHERE username = ?', [username]);
      return row === undefined ? undefined : userFromRow(row);
    },
    async listUsers() {
      return (await executor.all('SELECT * FROM users ORDER BY username')).map(userFromRow);
    },
    async updateUser(id, patch) {
      const checked = checkUserPatch(patch);
      return executor.transaction(async (transaction) => {
        const user = await readUser(transaction, id);
        if (user === undefined) throw new GuardError('not-found', 'no such user');
        const updated = applyPatch(user, checked);
        await transaction.run(`UPDATE users SET ${userColumns} WHERE id = ?`, userToValues(updated));
        return updated;
      });
    },
    async consumeTotpStep(userId, step) {
      if (!Number.isSafeInteger(step) || step < 0) return false;
      const changed = await executor.run('UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?', [
        step,
        userId,
        step,
      ]);
      return changed === 1;
    },
    async setRecoveryCodes(userId, codeHashes) {
      if (codeHashes.length > storageLimits.recoveryCodes) {
        throw new GuardError('input-too-large', `recovery codes: more than ${storageLimits.recoveryCodes}`);
      }
      for (const hash of codeHashes) checkLine('codeHash', hash, storageLimits.hash);
      await executor.transaction(async (transaction) => {
        if ((await readUser(transaction, userId)) === undefined) throw new GuardError('not-found', 'no such user');
        await transaction.run('DELETE FROM recovery_codes WHERE user_id = ?', [userId]);
        for (const hash of new Set(codeHashes)) {
          await transaction.run('INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)', [userId, hash]);
        }
      });
    },
    async consumeRecoveryCode(userId, codeHash) {
      const changed = await executor.run(
        'UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL',
        [new Date().toISOString(), userId, codeHash],
      );
      return changed === 1;
    },
    async countRecoveryCodes(userId) {
      const [row] = await executor.all(
        'SELECT COUNT(*) AS count FROM recovery_codes WHERE user_id = ? AND used_at IS NULL',
        [userId],
      );
      return Number(row?.['count'] ?? 0);
    },

    async createSession(record) {
      const session = checkSessionRecord(record);
      if ((await readUser(executor, session.userId)) === undefined) throw new GuardError('not-found', 'no such user');
      await executor.run(
        'INSERT INTO sessions (id_hash, user_id, csrf_hash, mfa_verified, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
        [
          session.idHash,
          session.userId,
          session.csrfHash,
          session.mfaVerified ? 1 : 0,
          session.createdAt,
          session.expiresAt,
        ],
      );
      return session;
    },
    async getSession(idHash) {
      const [row] = await executor.all('SELECT * FROM sessions WHERE id_hash = ?', [idHash]);
      return row === undefined ? undefined : sessionFromRow(row);
    },
    async verifySession(idHash) {
      const changed = await executor.run('UPDATE sessions SET mfa_verified = 1 WHERE id_hash = ?', [idHash]);
      if (changed !== 1) throw new GuardError('not-found', 'no such session');
    },
    async deleteSession(idHash) {
      await executor.run('DELETE FROM sessions WHERE id_hash = ?', [idHash]);
    },
    deleteUserSessions: (userId) => executor.run('DELETE FROM sessions WHERE user_id = ?', [userId]),
    async deleteExpiredSessions(now) {
      return executor.run('DELETE FROM sessions WHERE expires_at <= ?', [checkTimestamp('now', now)]);
    },

    async appendAudit(input, options = {}) {
      const checked = checkAuditInput(input);
      const body = JSON.stringify(checked);
      if (driver === 'postgres') return appendPostgres(checked, body, options.durable !== false);
      return executor.transaction(
        async (transaction) => {
          const [last] = await transaction.all('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1');
          const base = {
            ...checked,
            seq: last === undefined ? 1 : Number(last['seq']) + 1,
            id: randomUUID(),
            at: new Date().toISOString(),
            prevHash: last === undefined ? genesisHash : String(last['hash']),
          };
          const event: AuditEvent = { ...base, hash: computeAuditHash(base) };
          await transaction.run(
            'INSERT INTO audit_events (seq, id, at, actor, action, key_id, request_id, body, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
            [
              event.seq,
              event.id,
              event.at,
              event.actor,
              event.action,
              optional(event.keyId),
              optional(event.requestId),
              body,
              event.prevHash,
              event.hash,
            ],
          );
          return event;
        },
        'audit',
        options.durable === false,
      );
    },
    async listAudit(query = {}) {
      const conditions: string[] = [];
      const parameters: SqlValue[] = [];
      if (query.afterSeq !== undefined) {
        conditions.push('seq > ?');
        parameters.push(query.afterSeq);
      }
      if (query.since !== undefined) {
        conditions.push('at >= ?');
        parameters.push(query.since);
      }
      if (query.until !== undefined) {
        conditions.push('at < ?');
        parameters.push(query.until);
      }
      parameters.push(checkLimit(query.limit, 1000));
      const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
      return (
        await executor.all(
          `SELECT seq, id, at, body, prev_hash, hash FROM audit_events ${where} ORDER BY seq LIMIT ?`,
          parameters,
        )
      ).map(auditFromRow);
    },
    async auditHead() {
      const [row] = await executor.all(
        'SELECT seq, id, at, body, prev_hash, hash FROM audit_events ORDER BY seq DESC LIMIT 1',
      );
      return row === undefined ? undefined : auditFromRow(row);
    },

    async createReview(input) {
      const checked = checkReviewInput(input);
      const item: ReviewItem = { ...checked, id: randomUUID(), status: 'pending', createdAt: new Date().toISOString() };
      await executor.run(
        `INSERT INTO review_items (id, request_id, stage, key_id, policy_id, findings, scanners, categories, text, excerpt,
         details, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          item.id,
          item.requestId,
          item.stage,
          optional(item.keyId),
          optional(item.policyId),
          JSON.stringify(item.findings),
          listColumn(item.findings.map((finding) => finding.scanner)),
          listColumn(item.findings.map((finding) => finding.category)),
          optional(item.text),
          optional(item.excerpt),
          item.details === undefined ? null : JSON.stringify(item.details),
          item.status,
          item.createdAt,
        ],
      );
      return item;
    },
    getReview: (id) => readReview(executor, id),
    async listReviews(query = {}) {
      const conditions: string[] = [];
      const parameters: SqlValue[] = [];
      const add = (condition: string, value: SqlValue) => {
        conditions.push(condition);
        parameters.push(value);
      };
      if (query.status !== undefined) add('status = ?', query.status);
      if (query.keyId !== undefined) add('key_id = ?', query.keyId);
      if (query.scanner !== undefined) add("scanners LIKE ? ESCAPE '\\'", `%,${likeEscape(query.scanner)},%`);
      if (query.category !== undefined) add("categories LIKE ? ESCAPE '\\'", `%,${likeEscape(query.category)},%`);
      if (query.createdBefore !== undefined) add('created_at < ?', query.createdBefore);
      if (query.createdAfter !== undefined) add('created_at >= ?', query.createdAfter);
      const offset = query.offset ?? 0;
      if (!Number.isSafeInteger(offset) || offset < 0) {
        throw new GuardError('invalid-input', 'offset: expected a non-negative integer');
      }
      parameters.push(checkLimit(query.limit), offset);
      const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
      const rows = await executor.all(
        `SELECT * FROM review_items ${where} ORDER BY created_at, id LIMIT ? OFFSET ?`,
        parameters,
      );
      return rows.map(reviewFromRow);
    },
    async countReviews(status) {
      const [row] =
        status === undefined
          ? await executor.all('SELECT COUNT(*) AS count FROM review_items')
          : await executor.all('SELECT COUNT(*) AS count FROM review_items WHERE status = ?', [status]);
      return Number(row?.['count'] ?? 0);
    },
    async decideReview(id, decision) {
      const checked = checkReviewDecision(decision);
      const decidedAt = new Date().toISOString();
      const changed = await executor.run(
        `UPDATE review_items SET status = ?, label = ?, note = ?, decided_by = ?, decided_at = ?
         WHERE id = ? AND status = 'pending'`,
        [checked.status, optional(checked.label), optional(checked.note), checked.decidedBy, decidedAt, id],
      );
      if (changed !== 1) {
        const existing = await readReview(executor, id);
        if (existing === undefined) throw new GuardError('not-found', 'no such review item');
        throw new GuardError('conflict', 'the review item was already decided');
      }
      const item = await readReview(executor, id);
      if (item === undefined) throw new GuardError('not-found', 'no such review item');
      return item;
    },

    async recordUsage(input) {
      const usage = checkUsageInput(input);
      await executor.run(
        `INSERT INTO usage_daily (key_id, day, requests, prompt_tokens, completion_tokens) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (key_id, day) DO UPDATE SET requests = usage_daily.requests + excluded.requests,
         prompt_tokens = usage_daily.prompt_tokens + excluded.prompt_tokens,
         completion_tokens = usage_daily.completion_tokens + excluded.completion_tokens`,
        [usage.keyId, usage.at.slice(0, 10), usage.requests, usage.promptTokens, usage.completionTokens],
      );
    },
    async usageTotals(keyId, fromDay, toDay) {
      const [row] = await executor.all(
        `SELECT COALESCE(SUM(requests), 0) AS requests, COALESCE(SUM(prompt_tokens), 0) AS prompt_tokens,
         COALESCE(SUM(completion_tokens), 0) AS completion_tokens FROM usage_daily WHERE key_id = ? AND day >= ? AND day <= ?`,
        [keyId, checkDay('fromDay', fromDay), checkDay('toDay', toDay)],
      );
      const promptTokens = Number(row?.['prompt_tokens'] ?? 0);
      const completionTokens = Number(row?.['completion_tokens'] ?? 0);
      return {
        requests: Number(row?.['requests'] ?? 0),
        promptTokens,
        completionTokens,
        totalTokens: promptTokens + completionTokens,
      };
    },
    async listUsage(fromDay, toDay, keyId) {
      const parameters: SqlValue[] = [checkDay('fromDay', fromDay), checkDay('toDay', toDay)];
      if (keyId !== undefined) parameters.push(keyId);
      const rows = await executor.all(
        `SELECT * FROM usage_daily WHERE day >= ? AND day <= ? ${keyId === undefined ? '' : 'AND key_id = ?'} ORDER BY day, key_id`,
        parameters,
      );
      return rows.map(usageFromRow);
    },

    async getSetting(key) {
      const [row] = await executor.all('SELECT * FROM settings WHERE key = ?', [key]);
      return row === undefined ? undefined : settingFromRow(row);
    },
    async setSetting(key, value, options = {}) {
      const serialised = checkSettingValue(key, value);
      const updatedBy =
        options.updatedBy === undefined ? undefined : checkLine('updatedBy', options.updatedBy, storageLimits.name);
      return executor.transaction(async (transaction) => {
        const [row] = await transaction.all('SELECT version FROM settings WHERE key = ?', [key]);
        const current = row === undefined ? 0 : Number(row['version']);
        if (options.expectedVersion !== undefined && current !== options.expectedVersion) {
          throw new GuardError('conflict', 'the setting changed concurrently');
        }
        const record = withOptional<SettingRecord>(
          { key, value: JSON.parse(serialised) as unknown, version: current + 1, updatedAt: new Date().toISOString() },
          { updatedBy },
        );
        await transaction.run(
          `INSERT INTO settings (key, value, version, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (key) DO UPDATE SET value = excluded.value, version = excluded.version,
           updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
          [key, serialised, record.version, record.updatedAt, optional(updatedBy)],
        );
        return record;
      }, 'settings');
    },
    async deleteSetting(key) {
      return (await executor.run('DELETE FROM settings WHERE key = ?', [key])) > 0;
    },
    async listSettings(prefix = '') {
      const rows = await executor.all("SELECT * FROM settings WHERE key LIKE ? ESCAPE '\\' ORDER BY key", [
        `${likeEscape(prefix)}%`,
      ]);
      return rows.map(settingFromRow);
    },

    async createAlert(input) {
      const checked = checkAlertInput(input);
      const alert: AlertRecord = {
        ...checked,
        id: randomUUID(),
        at: checked.at ?? new Date().toISOString(),
        status: 'open',
      };
      await executor.run(
        'INSERT INTO alerts (id, at, kind, subject, severity, message, details, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [
          alert.id,
          alert.at,
          alert.kind,
          alert.subject,
          alert.severity,
          alert.message,
          alert.details === undefined ? null : JSON.stringify(alert.details),
          alert.status,
        ],
      );
      return alert;
    },
    async listAlerts(query = {}) {
      const conditions: string[] = [];
      const parameters: SqlValue[] = [];
      if (query.since !== undefined) {
        conditions.push('at >= ?');
        parameters.push(query.since);
      }
      if (query.status !== undefined) {
        conditions.push('status = ?');
        parameters.push(query.status);
      }
      parameters.push(checkLimit(query.limit));
      const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
      return (await executor.all(`SELECT * FROM alerts ${where} ORDER BY at DESC, id DESC LIMIT ?`, parameters)).map(
        alertFromRow,
      );
    },
    async acknowledgeAlert(id, by) {
      checkLine('by', by, storageLimits.name);
      const changed = await executor.run(
        "UPDATE alerts SET status = 'acknowledged', acknowledged_by = ?, acknowledged_at = ? WHERE id = ?",
        [by, new Date().toISOString(), id],
      );
      if (changed !== 1) throw new GuardError('not-found', 'no such alert');
      const [row] = await executor.all('SELECT * FROM alerts WHERE id = ?', [id]);
      if (row === undefined) throw new GuardError('not-found', 'no such alert');
      return alertFromRow(row);
    },

    async ping() {
      await executor.all('SELECT 1 AS one');
    },
    close: () => executor.close(),
  };
  return storage;
}
