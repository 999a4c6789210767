/**
 * The one persistence interface of the gateway. Every driver (memory, SQLite, PostgreSQL) implements
 * it identically; `storage-contract.ts` is the shared test suite that proves it. Timestamps are ISO-8601
 * UTC strings (`Date#toISOString()`), so they sort lexicographically in every driver.
 */

import type { Role } from '../rbac/roles.js';

/** Limits attached to an API key. Absent means "no limit of this kind". */
export interface KeyLimits {
  /** Requests per minute. */
  readonly rpm?: number;
  /** Tokens (prompt + completion) per minute. */
  readonly tpm?: number;
  /** Tokens per UTC day, counted from usage records. */
  readonly dailyTokens?: number;
  /** Tokens per UTC calendar month, counted from usage records. */
  readonly monthlyTokens?: number;
}

/** A stored API key. The secret is never stored: only its SHA-256 hash. */
export interface ApiKeyRecord {
  /** Public prefix id, e.g. `pal_3k9f2m1x8q0z`; safe to log and display. */
  readonly id: string;
  readonly name: string;
  /** Hex SHA-256 of the full secret key. */
  readonly secretHash: string;
  readonly roles: readonly Role[];
  readonly policyId?: string;
  readonly tenant?: string;
  readonly limits: KeyLimits;
  readonly createdAt: string;
  readonly createdBy?: string;
  readonly expiresAt?: string;
  readonly revokedAt?: string;
  /** Set when this key replaced another one through rotation. */
  readonly rotatedFrom?: string;
  readonly quarantinedAt?: string;
  readonly quarantineReason?: string;
}

/** Fields of an API key that can change after creation. `null` clears an optional field. */
export interface ApiKeyPatch {
  readonly name?: string;
  readonly roles?: readonly Role[];
  readonly policyId?: string | null;
  readonly limits?: KeyLimits;
  readonly expiresAt?: string | null;
  readonly revokedAt?: string | null;
  readonly quarantinedAt?: string | null;
  readonly quarantineReason?: string | null;
}

/** A person who signs in to the UI and admin API. */
export interface UserRecord {
  readonly id: string;
  readonly username: string;
  /** Self-describing password hash (`scrypt$N$r$p$salt$hash`). */
  readonly passwordHash: string;
  readonly roles: readonly Role[];
  readonly tenant?: string;
  /** Base32 TOTP secret; set while enrolling, active once `totpEnabled`. */
  readonly totpSecret?: string;
  readonly totpEnabled: boolean;
  /** The last accepted TOTP time step; codes at or before it are replays. */
  readonly totpLastStep: number;
  readonly failedLogins: number;
  readonly lockedUntil?: string;
  readonly disabledAt?: string;
  readonly createdAt: string;
}

/** Fields of a user that can change. `null` clears an optional field. */
export interface UserPatch {
  readonly passwordHash?: string;
  readonly roles?: readonly Role[];
  readonly totpSecret?: string | null;
  readonly totpEnabled?: boolean;
  readonly failedLogins?: number;
  readonly lockedUntil?: string | null;
  readonly disabledAt?: string | null;
}

/** A signed-in browser session. Only hashes of the cookie token and the CSRF token are stored. */
export interface SessionRecord {
  /** SHA-256 of the session cookie value. */
  readonly idHash: string;
  readonly userId: string;
  /** SHA-256 of the CSRF token bound to this session. */
  readonly csrfHash: string;
  /** False until the second factor was verified (password-only half sign-in). */
  readonly mfaVerified: boolean;
  readonly createdAt: string;
  readonly expiresAt: string;
}

/** A finding as stored in audit events and review items: no raw text, no replacement values. */
export interface StoredFinding {
  readonly scanner: string;
  readonly category: string;
  readonly severity: string;
  readonly score?: number;
  readonly start?: number;
  readonly end?: number;
  readonly message?: string;
}

/** What a caller appends to the audit log. */
export interface AuditEventInput {
  /** Who: `key:<id>`, `user:<id>`, `jwt:<subject>`, `system`. */
  readonly actor: string;
  /** What: `guard.decision`, `key.create`, `review.decide`, `kill-switch.set`, … */
  readonly action: string;
  readonly route?: string;
  readonly method?: string;
  readonly requestId?: string;
  readonly keyId?: string;
  readonly tenant?: string;
  readonly policyId?: string;
  /** The policy's decision (`allow | redact | review | block`). */
  readonly decision?: string;
  /** What actually happened (differs in shadow mode or fail-open). */
  readonly effective?: string;
  readonly findings?: readonly StoredFinding[];
  readonly status?: number;
  readonly latencyMs?: number;
  readonly clientIp?: string;
  /** Secret-free structured details (e.g. the target key id of an admin action). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** A stored audit event: the input plus its position and hash chain links. */
export interface AuditEvent extends AuditEventInput {
  /** 1, 2, 3, … without gaps: the chain order. */
  readonly seq: number;
  readonly id: string;
  readonly at: string;
  /** The hash of the event before (64 zeros for the first). */
  readonly prevHash: string;
  /** SHA-256 over the canonical event including `prevHash`. */
  readonly hash: string;
}

/** Options of `appendAudit`. */
export interface AppendOptions {
  /** Default true: the event is flushed to disk before the call resolves. */
  readonly durable?: boolean;
}

/** Filter for reading the audit log in chain order. */
export interface AuditQuery {
  /** Only events with `seq > afterSeq`. */
  readonly afterSeq?: number;
  /** Only events with `at >= since`. */
  readonly since?: string;
  /** Only events with `at < until`. */
  readonly until?: string;
  readonly limit?: number;
}

/** Status of a review item. */
export type ReviewStatus = 'pending' | 'approved' | 'rejected' | 'expired';

/** What the gateway submits to the human review queue. */
export interface ReviewItemInput {
  readonly requestId: string;
  readonly stage: string;
  readonly keyId?: string;
  readonly policyId?: string;
  readonly findings: readonly StoredFinding[];
  /** The full text, only when the policy allows storing it. */
  readonly text?: string;
  /** Otherwise a redacted excerpt. */
  readonly excerpt?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** A review queue item. */
export interface ReviewItem extends ReviewItemInput {
  readonly id: string;
  readonly status: ReviewStatus;
  readonly label?: string;
  readonly note?: string;
  readonly decidedBy?: string;
  readonly decidedAt?: string;
  readonly createdAt: string;
}

/** A reviewer's decision. */
export interface ReviewDecision {
  readonly status: Exclude<ReviewStatus, 'pending'>;
  readonly decidedBy: string;
  readonly label?: string;
  readonly note?: string;
}

/** Filter for the review queue. */
export interface ReviewQuery {
  readonly status?: ReviewStatus;
  readonly keyId?: string;
  readonly scanner?: string;
  readonly category?: string;
  readonly createdBefore?: string;
  readonly createdAfter?: string;
  readonly limit?: number;
  readonly offset?: number;
}

/** One usage increment (one request's token counts). */
export interface UsageInput {
  readonly keyId: string;
  readonly at?: string;
  readonly requests?: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
}

/** Usage summed per key and UTC day. */
export interface UsageRecord {
  readonly keyId: string;
  /** `YYYY-MM-DD` (UTC). */
  readonly day: string;
  readonly requests: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
}

/** Totals over a day range. */
export interface UsageTotals {
  readonly requests: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly totalTokens: number;
}

/** A key/value setting (kill switches, active policy versions, …). */
export interface SettingRecord {
  readonly key: string;
  readonly value: unknown;
  /** Starts at 1, +1 on every write: lets instances detect changes and do compare-and-set. */
  readonly version: number;
  readonly updatedAt: string;
  readonly updatedBy?: string;
}

/** An anomaly or operational alert. */
export interface AlertInput {
  readonly kind: string;
  readonly subject: string;
  readonly severity: 'low' | 'medium' | 'high' | 'critical';
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly at?: string;
}

/** A stored alert. */
export interface AlertRecord extends AlertInput {
  readonly id: string;
  readonly at: string;
  readonly status: 'open' | 'acknowledged';
  readonly acknowledgedBy?: string;
  readonly acknowledgedAt?: string;
}

/** Filter for alerts, newest first. */
export interface AlertQuery {
  readonly since?: string;
  readonly status?: 'open' | 'acknowledged';
  readonly limit?: number;
}

/** Which driver backs a storage. */
export type StorageDriver = 'memory' | 'sqlite' | 'postgres';

/**
 * Persistence for keys, people, sessions, the audit chain, the review queue, usage, settings and
 * alerts. All methods validate their input and throw `GuardError` (`invalid-input`,
 * `input-too-large`, `conflict`, `not-found`, `storage-failed`); nothing partial is stored.
 *
 * @example
 * const storage = await openStorage('sqlite:./palisade.db');
 * await storage.appendAudit({ actor: 'system', action: 'gateway.start' });
 * await storage.close();
 */
export interface Storage {
  readonly driver: StorageDriver;

  createKey(record: ApiKeyRecord): Promise<ApiKeyRecord>;
  getKey(id: string): Promise<ApiKeyRecord | undefined>;
  listKeys(): Promise<readonly ApiKeyRecord[]>;
  /** Throws `not-found` when the key does not exist. */
  updateKey(id: string, patch: ApiKeyPatch): Promise<ApiKeyRecord>;

  createUser(record: UserRecord): Promise<UserRecord>;
  getUser(id: string): Promise<UserRecord | undefined>;
  getUserByName(username: string): Promise<UserRecord | undefined>;
  listUsers(): Promise<readonly UserRecord[]>;
  updateUser(id: string, patch: UserPatch): Promise<UserRecord>;
  /** Atomically moves `totpLastStep` forward; false when `step` is not newer (a replayed code). */
  consumeTotpStep(userId: string, step: number): Promise<boolean>;
  /** Replaces all recovery code hashes of a user. */
  setRecoveryCodes(userId: string, codeHashes: readonly string[]): Promise<void>;
  /** Atomically marks one unused recovery code as used; false when unknown or already used. */
  consumeRecoveryCode(userId: string, codeHash: string): Promise<boolean>;
  countRecoveryCodes(userId: string): Promise<number>;

  createSession(record: SessionRecord): Promise<SessionRecord>;
  getSession(idHash: string): Promise<SessionRecord | undefined>;
  /** Marks the second factor as verified. */
  verifySession(idHash: string): Promise<void>;
  deleteSession(idHash: string): Promise<void>;
  deleteUserSessions(userId: string): Promise<number>;
  deleteExpiredSessions(now: string): Promise<number>;

  /**
   * Appends one event to the hash chain. Safe across processes (PostgreSQL: one statement, the
   * primary key on `seq` admits one successor per event, retried on conflict; SQLite: write
   * transaction), so concurrent gateways keep one valid chain. Durable when it resolves,
   * unless `durable: false` (PostgreSQL then skips the commit flush — for allowed traffic; a crash can
   * only lose the newest such events, and the chain stays valid).
   */
  appendAudit(event: AuditEventInput, options?: AppendOptions): Promise<AuditEvent>;
  listAudit(query?: AuditQuery): Promise<readonly AuditEvent[]>;
  /** The last event of the chain, if any. */
  auditHead(): Promise<AuditEvent | undefined>;

  createReview(item: ReviewItemInput): Promise<ReviewItem>;
  getReview(id: string): Promise<ReviewItem | undefined>;
  listReviews(query?: ReviewQuery): Promise<readonly ReviewItem[]>;
  countReviews(status?: ReviewStatus): Promise<number>;
  /** Decides a pending item; throws `conflict` when it was already decided (first reviewer wins). */
  decideReview(id: string, decision: ReviewDecision): Promise<ReviewItem>;

  recordUsage(usage: UsageInput): Promise<void>;
  /** Totals for one key over `[fromDay, toDay]` (inclusive, `YYYY-MM-DD`). */
  usageTotals(keyId: string, fromDay: string, toDay: string): Promise<UsageTotals>;
  listUsage(fromDay: string, toDay: string, keyId?: string): Promise<readonly UsageRecord[]>;

  getSetting(key: string): Promise<SettingRecord | undefined>;
  /** Writes a setting; with `expectedVersion` it is a compare-and-set that throws `conflict`. */
  setSetting(
    key: string,
    value: unknown,
    options?: { readonly updatedBy?: string; readonly expectedVersion?: number },
  ): Promise<SettingRecord>;
  deleteSetting(key: string): Promise<boolean>;
  listSettings(prefix?: string): Promise<readonly SettingRecord[]>;

  createAlert(alert: AlertInput): Promise<AlertRecord>;
  listAlerts(query?: AlertQuery): Promise<readonly AlertRecord[]>;
  acknowledgeAlert(id: string, by: string): Promise<AlertRecord>;

  /** Cheap round trip for readiness probes; throws `storage-failed` when the backend is down. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
