/**
 * Input validation shared by every storage driver, so all drivers accept and reject exactly the
 * same records. Errors name the field and the limit, never echo the value.
 */

import { GuardError } from '@palisade/guard';
import { isRole, type Role } from '../rbac/roles.js';
import type {
  AlertInput,
  ApiKeyPatch,
  ApiKeyRecord,
  AuditEventInput,
  KeyLimits,
  ReviewDecision,
  ReviewItemInput,
  SessionRecord,
  StoredFinding,
  UsageInput,
  UserPatch,
  UserRecord,
} from './storage.js';

/** Field size limits (characters) enforced by every driver. */
export const storageLimits = {
  id: 128,
  name: 200,
  hash: 256,
  shortText: 1_000,
  note: 4_000,
  message: 2_000,
  excerpt: 8_000,
  text: 1_000_000,
  details: 65_536,
  settingValue: 262_144,
  findings: 1_000,
  roles: 5,
  recoveryCodes: 32,
} as const;

// Control characters are never legitimate in identifiers and names; rejecting them stops log/CSV injection.
const controlCharacters = /[\u0000-\u001f\u007f]/;
// A UTF-16 surrogate without its partner cannot be stored as UTF-8: databases would silently alter it.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const isoTimestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z$/;
const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

function invalid(field: string, reason: string): GuardError {
  return new GuardError('invalid-input', `${field}: ${reason}`, { details: { field } });
}

/** Checks a required single-line string. */
export function checkLine(field: string, value: unknown, max: number): string {
  if (typeof value !== 'string') throw invalid(field, 'expected a string');
  if (value.length === 0) throw invalid(field, 'must not be empty');
  if (value.length > max) {
    throw new GuardError('input-too-large', `${field}: longer than ${max} characters`, {
      details: { field, limit: max },
    });
  }
  if (controlCharacters.test(value)) throw invalid(field, 'must not contain control characters');
  if (loneSurrogate.test(value)) throw invalid(field, 'must be well-formed Unicode');
  return value;
}

/** Checks an optional single-line string. */
export function checkOptionalLine(field: string, value: unknown, max: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  return checkLine(field, value, max);
}

/** Checks an optional free text (newlines and tabs allowed). */
export function checkOptionalText(field: string, value: unknown, max: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(field, 'expected a string');
  if (value.length > max) {
    throw new GuardError('input-too-large', `${field}: longer than ${max} characters`, {
      details: { field, limit: max },
    });
  }
  if (loneSurrogate.test(value)) throw invalid(field, 'must be well-formed Unicode');
  return value;
}

/** Checks an ISO-8601 UTC timestamp as produced by `Date#toISOString()`. */
export function checkTimestamp(field: string, value: unknown): string {
  if (typeof value !== 'string' || !isoTimestamp.test(value) || Number.isNaN(Date.parse(value))) {
    throw invalid(field, 'expected an ISO-8601 UTC timestamp');
  }
  return value;
}

/** Checks an optional timestamp. */
export function checkOptionalTimestamp(field: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return checkTimestamp(field, value);
}

/** Checks a `YYYY-MM-DD` day. */
export function checkDay(field: string, value: unknown): string {
  if (typeof value !== 'string' || !dayPattern.test(value)) throw invalid(field, 'expected YYYY-MM-DD');
  return value;
}

/** Checks a non-negative safe integer. */
export function checkCount(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalid(field, 'expected a non-negative integer');
  }
  return value;
}

function checkOptionalPositive(field: string, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw invalid(field, 'expected a positive integer');
  }
  return value;
}

/** Checks a non-empty list of known roles. */
export function checkRoles(field: string, value: unknown): readonly Role[] {
  if (!Array.isArray(value) || value.length === 0) throw invalid(field, 'expected at least one role');
  if (value.length > storageLimits.roles) throw invalid(field, 'too many roles');
  for (const role of value) if (!isRole(role)) throw invalid(field, 'unknown role');
  return [...new Set(value as Role[])];
}

/** Checks key limits. */
export function checkLimits(value: unknown): KeyLimits {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null) throw invalid('limits', 'expected an object');
  const limits = value as Record<string, unknown>;
  const result: { rpm?: number; tpm?: number; dailyTokens?: number; monthlyTokens?: number } = {};
  const rpm = checkOptionalPositive('limits.rpm', limits['rpm']);
  const tpm = checkOptionalPositive('limits.tpm', limits['tpm']);
  const dailyTokens = checkOptionalPositive('limits.dailyTokens', limits['dailyTokens']);
  const monthlyTokens = checkOptionalPositive('limits.monthlyTokens', limits['monthlyTokens']);
  if (rpm !== undefined) result.rpm = rpm;
  if (tpm !== undefined) result.tpm = tpm;
  if (dailyTokens !== undefined) result.dailyTokens = dailyTokens;
  if (monthlyTokens !== undefined) result.monthlyTokens = monthlyTokens;
  return result;
}

/** Serialises secret-free details, bounded in size. */
export function checkDetails(field: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid(field, 'expected an object');
  let json: string;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    throw new GuardError('invalid-input', `${field}: not serialisable as JSON`, { cause: error, details: { field } });
  }
  if (json.length > storageLimits.details) {
    throw new GuardError('input-too-large', `${field}: larger than ${storageLimits.details} characters as JSON`, {
      details: { field, limit: storageLimits.details },
    });
  }
  return json;
}

/** Checks findings and keeps only the safe fields (no replacement values, no raw text). */
export function checkFindings(field: string, value: unknown): readonly StoredFinding[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalid(field, 'expected an array');
  if (value.length > storageLimits.findings) {
    throw new GuardError('input-too-large', `${field}: more than ${storageLimits.findings} findings`, {
      details: { field, limit: storageLimits.findings },
    });
  }
  return value.map((entry: unknown, index) => {
    if (typeof entry !== 'object' || entry === null) throw invalid(`${field}[${index}]`, 'expected an object');
    const finding = entry as Record<string, unknown>;
    const safe: {
      scanner: string;
      category: string;
      severity: string;
      score?: number;
      start?: number;
      end?: number;
      message?: string;
    } = {
      scanner: checkLine(`${field}[${index}].scanner`, finding['scanner'], storageLimits.name),
      category: checkLine(`${field}[${index}].category`, finding['category'], storageLimits.name),
      severity: checkLine(`${field}[${index}].severity`, finding['severity'], 32),
    };
    const score = finding['score'];
    if (score !== undefined) {
      if (typeof score !== 'number' || !Number.isFinite(score))
        throw invalid(`${field}[${index}].score`, 'not a number');
      safe.score = score;
    }
    const span = finding['span'] as { start?: unknown; end?: unknown } | undefined;
    const start = finding['start'] ?? span?.start;
    const end = finding['end'] ?? span?.end;
    if (start !== undefined) safe.start = checkCount(`${field}[${index}].start`, start);
    if (end !== undefined) safe.end = checkCount(`${field}[${index}].end`, end);
    const message = checkOptionalText(`${field}[${index}].message`, finding['message'], storageLimits.message);
    if (message !== undefined) safe.message = message;
    return safe;
  });
}

/** Validates a new API key record. */
export function checkKeyRecord(record: ApiKeyRecord): ApiKeyRecord {
  const result: ApiKeyRecord = {
    id: checkLine('id', record.id, storageLimits.id),
    name: checkLine('name', record.name, storageLimits.name),
    secretHash: checkLine('secretHash', record.secretHash, storageLimits.hash),
    roles: checkRoles('roles', record.roles),
    limits: checkLimits(record.limits),
    createdAt: checkTimestamp('createdAt', record.createdAt),
  };
  return withOptional(result, {
    policyId: checkOptionalLine('policyId', record.policyId, storageLimits.id),
    tenant: checkOptionalLine('tenant', record.tenant, storageLimits.id),
    createdBy: checkOptionalLine('createdBy', record.createdBy, storageLimits.name),
    expiresAt: checkOptionalTimestamp('expiresAt', record.expiresAt),
    revokedAt: checkOptionalTimestamp('revokedAt', record.revokedAt),
    rotatedFrom: checkOptionalLine('rotatedFrom', record.rotatedFrom, storageLimits.id),
    quarantinedAt: checkOptionalTimestamp('quarantinedAt', record.quarantinedAt),
    quarantineReason: checkOptionalText('quarantineReason', record.quarantineReason, storageLimits.shortText),
  });
}

/** Validates a key patch. */
export function checkKeyPatch(patch: ApiKeyPatch): ApiKeyPatch {
  if (patch.name !== undefined) checkLine('name', patch.name, storageLimits.name);
  if (patch.roles !== undefined) checkRoles('roles', patch.roles);
  if (patch.limits !== undefined) checkLimits(patch.limits);
  if (patch.policyId !== undefined && patch.policyId !== null) checkLine('policyId', patch.policyId, storageLimits.id);
  for (const field of ['expiresAt', 'revokedAt', 'quarantinedAt'] as const) {
    const value = patch[field];
    if (value !== undefined && value !== null) checkTimestamp(field, value);
  }
  if (patch.quarantineReason !== undefined && patch.quarantineReason !== null) {
    checkOptionalText('quarantineReason', patch.quarantineReason, storageLimits.shortText);
  }
  return patch;
}

/** Validates a new user. */
export function checkUserRecord(record: UserRecord): UserRecord {
  const result: UserRecord = {
    id: checkLine('id', record.id, storageLimits.id),
    username: checkLine('username', record.username, storageLimits.name),
    passwordHash: checkLine('passwordHash', record.passwordHash, storageLimits.shortText),
    roles: checkRoles('roles', record.roles),
    totpEnabled: record.totpEnabled === true,
    totpLastStep: checkCount('totpLastStep', record.totpLastStep),
    failedLogins: checkCount('failedLogins', record.failedLogins),
    createdAt: checkTimestamp('createdAt', record.createdAt),
  };
  return withOptional(result, {
    tenant: checkOptionalLine('tenant', record.tenant, storageLimits.id),
    totpSecret: checkOptionalLine('totpSecret', record.totpSecret, storageLimits.hash),
    lockedUntil: checkOptionalTimestamp('lockedUntil', record.lockedUntil),
    disabledAt: checkOptionalTimestamp('disabledAt', record.disabledAt),
  });
}

/** Validates a user patch. */
export function checkUserPatch(patch: UserPatch): UserPatch {
  if (patch.passwordHash !== undefined) checkLine('passwordHash', patch.passwordHash, storageLimits.shortText);
  if (patch.roles !== undefined) checkRoles('roles', patch.roles);
  if (patch.totpSecret !== undefined && patch.totpSecret !== null) {
    checkLine('totpSecret', patch.totpSecret, storageLimits.hash);
  }
  if (patch.failedLogins !== undefined) checkCount('failedLogins', patch.failedLogins);
  for (const field of ['lockedUntil', 'disabledAt'] as const) {
    const value = patch[field];
    if (value !== undefined && value !== null) checkTimestamp(field, value);
  }
  return patch;
}

/** Validates a session. */
export function checkSessionRecord(record: SessionRecord): SessionRecord {
  return {
    idHash: checkLine('idHash', record.idHash, storageLimits.hash),
    userId: checkLine('userId', record.userId, storageLimits.id),
    csrfHash: checkLine('csrfHash', record.csrfHash, storageLimits.hash),
    mfaVerified: record.mfaVerified === true,
    createdAt: checkTimestamp('createdAt', record.createdAt),
    expiresAt: checkTimestamp('expiresAt', record.expiresAt),
  };
}

/** Validates an audit event input and returns a normalised copy (undefined fields dropped). */
export function checkAuditInput(input: AuditEventInput): AuditEventInput {
  const base: AuditEventInput = {
    actor: checkLine('actor', input.actor, storageLimits.name),
    action: checkLine('action', input.action, storageLimits.name),
  };
  checkDetails('details', input.details);
  const findings = input.findings === undefined ? undefined : checkFindings('findings', input.findings);
  let latencyMs: number | undefined;
  if (input.latencyMs !== undefined) {
    if (typeof input.latencyMs !== 'number' || !Number.isFinite(input.latencyMs) || input.latencyMs < 0) {
      throw invalid('latencyMs', 'expected a non-negative number');
    }
    latencyMs = input.latencyMs;
  }
  return withOptional(base, {
    route: checkOptionalLine('route', input.route, storageLimits.shortText),
    method: checkOptionalLine('method', input.method, 16),
    requestId: checkOptionalLine('requestId', input.requestId, storageLimits.id),
    keyId: checkOptionalLine('keyId', input.keyId, storageLimits.id),
    tenant: checkOptionalLine('tenant', input.tenant, storageLimits.id),
    policyId: checkOptionalLine('policyId', input.policyId, storageLimits.id),
    decision: checkOptionalLine('decision', input.decision, 32),
    effective: checkOptionalLine('effective', input.effective, 32),
    findings,
    status: input.status === undefined ? undefined : checkCount('status', input.status),
    latencyMs,
    clientIp: checkOptionalLine('clientIp', input.clientIp, 64),
    details: input.details === undefined ? undefined : structuredClone(input.details),
  });
}

/** Validates a review item. */
export function checkReviewInput(input: ReviewItemInput): ReviewItemInput {
  checkDetails('details', input.details);
  return withOptional(
    {
      requestId: checkLine('requestId', input.requestId, storageLimits.id),
      stage: checkLine('stage', input.stage, 32),
      findings: checkFindings('findings', input.findings),
    },
    {
      keyId: checkOptionalLine('keyId', input.keyId, storageLimits.id),
      policyId: checkOptionalLine('policyId', input.policyId, storageLimits.id),
      text: checkOptionalText('text', input.text, storageLimits.text),
      excerpt: checkOptionalText('excerpt', input.excerpt, storageLimits.excerpt),
      details: input.details === undefined ? undefined : structuredClone(input.details),
    },
  );
}

/** Validates a review decision. */
export function checkReviewDecision(decision: ReviewDecision): ReviewDecision {
  if (!['approved', 'rejected', 'expired'].includes(decision.status)) {
    throw invalid('status', 'expected approved, rejected or expired');
  }
  return withOptional(
    { status: decision.status, decidedBy: checkLine('decidedBy', decision.decidedBy, storageLimits.name) },
    {
      label: checkOptionalLine('label', decision.label, storageLimits.name),
      note: checkOptionalText('note', decision.note, storageLimits.note),
    },
  );
}

/** Validates a usage increment. */
export function checkUsageInput(input: UsageInput): Required<UsageInput> {
  return {
    keyId: checkLine('keyId', input.keyId, storageLimits.id),
    at: input.at === undefined ? new Date().toISOString() : checkTimestamp('at', input.at),
    requests: input.requests === undefined ? 1 : checkCount('requests', input.requests),
    promptTokens: checkCount('promptTokens', input.promptTokens),
    completionTokens: checkCount('completionTokens', input.completionTokens),
  };
}

/** Serialises a setting value, bounded in size. */
export function checkSettingValue(key: string, value: unknown): string {
  checkLine('key', key, storageLimits.name);
  if (value === undefined) throw invalid('value', 'must not be undefined');
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    throw new GuardError('invalid-input', 'value: not serialisable as JSON', { cause: error });
  }
  if (json === undefined) throw invalid('value', 'not serialisable as JSON');
  if (json.length > storageLimits.settingValue) {
    throw new GuardError('input-too-large', `value: larger than ${storageLimits.settingValue} characters as JSON`, {
      details: { field: 'value', limit: storageLimits.settingValue },
    });
  }
  return json;
}

/** Validates an alert. */
export function checkAlertInput(input: AlertInput): AlertInput {
  if (!['low', 'medium', 'high', 'critical'].includes(input.severity)) throw invalid('severity', 'unknown severity');
  checkDetails('details', input.details);
  return withOptional(
    {
      kind: checkLine('kind', input.kind, storageLimits.name),
      subject: checkLine('subject', input.subject, storageLimits.name),
      severity: input.severity,
      message: checkLine('message', input.message, storageLimits.message),
    },
    {
      details: input.details === undefined ? undefined : structuredClone(input.details),
      at: checkOptionalTimestamp('at', input.at),
    },
  );
}

/** Checks a list limit (1..10,000, default 100). */
export function checkLimit(value: number | undefined, fallback = 100): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1 || value > 10_000) throw invalid('limit', 'expected 1..10000');
  return value;
}

/** Adds only the defined optional fields, so records never carry `key: undefined`. */
export function withOptional<T extends object>(base: T, optional: Record<string, unknown>): T {
  const result = { ...base } as Record<string, unknown>;
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) result[key] = value;
  return result as T;
}
