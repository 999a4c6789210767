import { randomUUID } from 'node:crypto';
import { GuardError } from '@palisade/guard';
import { computeAuditHash, genesisHash } from '../audit/audit-hash.js';
import type {
  AlertInput,
  AlertQuery,
  AlertRecord,
  ApiKeyPatch,
  ApiKeyRecord,
  AuditEvent,
  AuditEventInput,
  AuditQuery,
  ReviewDecision,
  ReviewItem,
  ReviewItemInput,
  ReviewQuery,
  ReviewStatus,
  SessionRecord,
  SettingRecord,
  Storage,
  UsageInput,
  UsageRecord,
  UsageTotals,
  UserPatch,
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
} from './validate-records.js';

/** Applies a patch where `null` removes a field. Shared by the drivers. */
export function applyPatch<T extends object>(record: T, patch: object): T {
  const result = { ...record } as Record<string, unknown>;
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) delete result[field];
    else result[field] = value;
  }
  return result as T;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

/**
 * Storage held in process memory: for tests, demos and `memory:` URLs. Lost on exit; one process only.
 *
 * @example
 * const storage = createMemoryStorage();
 */
export function createMemoryStorage(): Storage {
  const keys = new Map<string, ApiKeyRecord>();
  const users = new Map<string, UserRecord>();
  const recoveryCodes = new Map<string, Map<string, boolean>>();
  const sessions = new Map<string, SessionRecord>();
  const audit: AuditEvent[] = [];
  const reviews = new Map<string, ReviewItem>();
  const usage = new Map<string, UsageRecord>();
  const settings = new Map<string, SettingRecord & { json: string }>();
  const alerts: AlertRecord[] = [];
  let closed = false;

  const open = (): void => {
    if (closed) throw new GuardError('storage-failed', 'storage is closed');
  };
  const requireUser = (id: string): UserRecord => {
    const user = users.get(id);
    if (user === undefined) throw new GuardError('not-found', 'no such user');
    return user;
  };

  const storage: Storage = {
    driver: 'memory',

    async createKey(record) {
      open();
      const checked = checkKeyRecord(record);
      if (keys.has(checked.id)) throw new GuardError('conflict', 'a key with this id already exists');
      keys.set(checked.id, clone(checked));
      return clone(checked);
    },
    async getKey(id) {
      open();
      const key = keys.get(id);
      return key === undefined ? undefined : clone(key);
    },
    async listKeys() {
      open();
      return [...keys.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map(clone);
    },
    async updateKey(id, patch: ApiKeyPatch) {
      open();
      const key = keys.get(id);
      if (key === undefined) throw new GuardError('not-found', 'no such key');
      const updated = applyPatch(key, checkKeyPatch(patch));
      keys.set(id, clone(updated));
      return clone(updated);
    },

    async createUser(record) {
      open();
      const checked = checkUserRecord(record);
      if (users.has(checked.id)) throw new GuardError('conflict', 'a user with this id already exists');
      for (const user of users.values()) {
        if (user.username === checked.username) throw new GuardError('conflict', 'this username is taken');
      }
      users.set(checked.id, clone(checked));
      return clone(checked);
    },
    async getUser(id) {
      open();
      const user = users.get(id);
      return user === undefined ? undefined : clone(user);
    },
    async getUserByName(username) {
      open();
      for (const user of users.values()) if (user.username === username) return clone(user);
      return undefined;
    },
    async listUsers() {
      open();
      return [...users.values()].sort((a, b) => a.username.localeCompare(b.username)).map(clone);
    },
    async updateUser(id, patch: UserPatch) {
      open();
      const updated = applyPatch(requireUser(id), checkUserPatch(patch));
      users.set(id, updated);
      return clone(updated);
    },
    async consumeTotpStep(userId, step) {
      open();
      const user = requireUser(userId);
      if (!Number.isSafeInteger(step) || step <= user.totpLastStep) return false;
      users.set(userId, { ...user, totpLastStep: step });
      return true;
    },
    async setRecoveryCodes(userId, codeHashes) {
      open();
      requireUser(userId);
      if (codeHashes.length > storageLimits.recoveryCodes) {
        throw new GuardError('input-too-large', `recovery codes: more than ${storageLimits.recoveryCodes}`);
      }
      const codes = new Map<string, boolean>();
      for (const hash of codeHashes) codes.set(checkLine('codeHash', hash, storageLimits.hash), false);
      recoveryCodes.set(userId, codes);
    },
    async consumeRecoveryCode(userId, codeHash) {
      open();
      const codes = recoveryCodes.get(userId);
      if (codes?.get(codeHash) !== false) return false;
      codes.set(codeHash, true);
      return true;
    },
    async countRecoveryCodes(userId) {
      open();
      return [...(recoveryCodes.get(userId)?.values() ?? [])].filter((used) => !used).length;
    },

    async createSession(record) {
      open();
      const checked = checkSessionRecord(record);
      requireUser(checked.userId);
      if (sessions.has(checked.idHash)) throw new GuardError('conflict', 'session exists');
      sessions.set(checked.idHash, checked);
      return clone(checked);
    },
    async getSession(idHash) {
      open();
      const session = sessions.get(idHash);
      return session === undefined ? undefined : clone(session);
    },
    async verifySession(idHash) {
      open();
      const session = sessions.get(idHash);
      if (session === undefined) throw new GuardError('not-found', 'no such session');
      sessions.set(idHash, { ...session, mfaVerified: true });
    },
    async deleteSession(idHash) {
      open();
      sessions.delete(idHash);
    },
    async deleteUserSessions(userId) {
      open();
      let count = 0;
      for (const [idHash, session] of sessions) {
        if (session.userId === userId) {
          sessions.delete(idHash);
          count++;
        }
      }
      return count;
    },
    async deleteExpiredSessions(now) {
      open();
      checkTimestamp('now', now);
      let count = 0;
      for (const [idHash, session] of sessions) {
        if (session.expiresAt <= now) {
          sessions.delete(idHash);
          count++;
        }
      }
      return count;
    },

    async appendAudit(input: AuditEventInput) {
      open();
      const checked = checkAuditInput(input);
      const previous = audit.at(-1);
      const base = {
        ...checked,
        seq: (previous?.seq ?? 0) + 1,
        id: randomUUID(),
        at: new Date().toISOString(),
        prevHash: previous?.hash ?? genesisHash,
      };
      const event: AuditEvent = { ...base, hash: computeAuditHash(base) };
      audit.push(event);
      return clone(event);
    },
    async listAudit(query: AuditQuery = {}) {
      open();
      const limit = checkLimit(query.limit, 1000);
      const result: AuditEvent[] = [];
      for (const event of audit) {
        if (query.afterSeq !== undefined && event.seq <= query.afterSeq) continue;
        if (query.since !== undefined && event.at < query.since) continue;
        if (query.until !== undefined && event.at >= query.until) continue;
        result.push(clone(event));
        if (result.length >= limit) break;
      }
      return result;
    },
    async auditHead() {
      open();
      const head = audit.at(-1);
      return head === undefined ? undefined : clone(head);
    },

    async createReview(input: ReviewItemInput) {
      open();
      const item: ReviewItem = {
        ...checkReviewInput(input),
        id: randomUUID(),
        status: 'pending',
        createdAt: new Date().toISOString(),
      };
      reviews.set(item.id, item);
      return clone(item);
    },
    async getReview(id) {
      open();
      const item = reviews.get(id);
      return item === undefined ? undefined : clone(item);
    },
    async listReviews(query: ReviewQuery = {}) {
      open();
      const limit = checkLimit(query.limit);
      const offset = query.offset ?? 0;
      return [...reviews.values()]
        .filter(
          (item) =>
            (query.status === undefined || item.status === query.status) &&
            (query.keyId === undefined || item.keyId === query.keyId) &&
            (query.scanner === undefined || item.findings.some((finding) => finding.scanner === query.scanner)) &&
            (query.category === undefined || item.findings.some((finding) => finding.category === query.category)) &&
            (query.createdBefore === undefined || item.createdAt < query.createdBefore) &&
            (query.createdAfter === undefined || item.createdAt >= query.createdAfter),
        )
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
        .slice(offset, offset + limit)
        .map(clone);
    },
    async countReviews(status?: ReviewStatus) {
      open();
      return [...reviews.values()].filter((item) => status === undefined || item.status === status).length;
    },
    async decideReview(id, decision: ReviewDecision) {
      open();
      const checked = checkReviewDecision(decision);
      const item = reviews.get(id);
      if (item === undefined) throw new GuardError('not-found', 'no such review item');
      if (item.status !== 'pending') throw new GuardError('conflict', 'the review item was already decided');
      const decided: ReviewItem = { ...item, ...checked, decidedAt: new Date().toISOString() };
      reviews.set(id, decided);
      return clone(decided);
    },

    async recordUsage(input: UsageInput) {
      open();
      const checked = checkUsageInput(input);
      const day = checked.at.slice(0, 10);
      const mapKey = `${checked.keyId}\u0000${day}`;
      const current = usage.get(mapKey) ?? {
        keyId: checked.keyId,
        day,
        requests: 0,
        promptTokens: 0,
        completionTokens: 0,
      };
      usage.set(mapKey, {
        ...current,
        requests: current.requests + checked.requests,
        promptTokens: current.promptTokens + checked.promptTokens,
        completionTokens: current.completionTokens + checked.completionTokens,
      });
    },
    async usageTotals(keyId, fromDay, toDay) {
      open();
      checkDay('fromDay', fromDay);
      checkDay('toDay', toDay);
      const totals = { requests: 0, promptTokens: 0, completionTokens: 0, totalTokens: 0 };
      for (const record of usage.values()) {
        if (record.keyId !== keyId || record.day < fromDay || record.day > toDay) continue;
        totals.requests += record.requests;
        totals.promptTokens += record.promptTokens;
        totals.completionTokens += record.completionTokens;
      }
      totals.totalTokens = totals.promptTokens + totals.completionTokens;
      return totals satisfies UsageTotals;
    },
    async listUsage(fromDay, toDay, keyId) {
      open();
      checkDay('fromDay', fromDay);
      checkDay('toDay', toDay);
      return [...usage.values()]
        .filter(
          (record) => record.day >= fromDay && record.day <= toDay && (keyId === undefined || record.keyId === keyId),
        )
        .sort((a, b) => a.day.localeCompare(b.day) || a.keyId.localeCompare(b.keyId))
        .map(clone);
    },

    async getSetting(key) {
      open();
      const setting = settings.get(key);
      if (setting === undefined) return undefined;
      const { json: _json, ...record } = setting;
      return clone(record);
    },
    async setSetting(key, value, options = {}) {
      open();
      const json = checkSettingValue(key, value);
      const current = settings.get(key);
      if (options.expectedVersion !== undefined && (current?.version ?? 0) !== options.expectedVersion) {
        throw new GuardError('conflict', 'the setting changed concurrently');
      }
      const record: SettingRecord = {
        key,
        value: JSON.parse(json) as unknown,
        version: (current?.version ?? 0) + 1,
        updatedAt: new Date().toISOString(),
        ...(options.updatedBy === undefined
          ? {}
          : { updatedBy: checkLine('updatedBy', options.updatedBy, storageLimits.name) }),
      };
      settings.set(key, { ...record, json });
      return clone(record);
    },
    async deleteSetting(key) {
      open();
      return settings.delete(key);
    },
    async listSettings(prefix = '') {
      open();
      return [...settings.values()]
        .filter((setting) => setting.key.startsWith(prefix))
        .sort((a, b) => a.key.localeCompare(b.key))
        .map(({ json: _json, ...record }) => clone(record));
    },

    async createAlert(input: AlertInput) {
      open();
      const checked = checkAlertInput(input);
      const alert: AlertRecord = {
        ...checked,
        id: randomUUID(),
        at: checked.at ?? new Date().toISOString(),
        status: 'open',
      };
      alerts.push(alert);
      return clone(alert);
    },
    async listAlerts(query: AlertQuery = {}) {
      open();
      const limit = checkLimit(query.limit);
      return alerts
        .filter(
          (alert) =>
            (query.since === undefined || alert.at >= query.since) &&
            (query.status === undefined || alert.status === query.status),
        )
        .sort((a, b) => b.at.localeCompare(a.at) || b.id.localeCompare(a.id))
        .slice(0, limit)
        .map(clone);
    },
    async acknowledgeAlert(id, by) {
      open();
      const index = alerts.findIndex((alert) => alert.id === id);
      const alert = alerts[index];
      if (alert === undefined) throw new GuardError('not-found', 'no such alert');
      const acknowledged: AlertRecord = {
        ...alert,
        status: 'acknowledged',
        acknowledgedBy: checkLine('by', by, storageLimits.name),
        acknowledgedAt: new Date().toISOString(),
      };
      alerts[index] = acknowledged;
      return clone(acknowledged);
    },

    async ping() {
      open();
    },
    async close() {
      closed = true;
    },
  };
  return storage;
}
