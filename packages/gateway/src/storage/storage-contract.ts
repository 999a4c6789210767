/**
 * The one contract suite every storage driver must pass. `storage.test.ts` runs it against memory,
 * SQLite, PGlite and (when reachable) the real PostgreSQL server.
 */

import { isGuardError } from '@palisade/guard';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { iterateAudit } from '../audit/iterate-audit.js';
import { verifyAuditChain } from '../audit/verify-audit-chain.js';
import type { ApiKeyRecord, Storage, UserRecord } from './storage.js';

/** Creates a fresh, empty storage for one test and disposes of it afterwards. */
export interface StorageFixture {
  readonly storage: Storage;
  dispose(): Promise<void>;
}

const sqlLooking = [
  "'; DROP TABLE api_keys; --",
  'x" OR "1"="1',
  "Robert'); DELETE FROM audit_events WHERE ('1'='1",
  '%_\\%',
  '$1 ? ?? $$ $tag$',
  'ünïcødé 🚀 \u202e emoji and bidi',
];

const now = () => new Date().toISOString();

function key(overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  return {
    id: `pal_${Math.random().toString(36).slice(2, 14).padEnd(12, '0')}`,
    name: 'app one',
    secretHash: 'a'.repeat(64),
    roles: ['app'],
    limits: { rpm: 60, tpm: 100_000 },
    createdAt: now(),
    ...overrides,
  };
}

function user(overrides: Partial<UserRecord> = {}): UserRecord {
  return {
    id: `user_${Math.random().toString(36).slice(2, 12)}`,
    username: `alice_${Math.random().toString(36).slice(2, 8)}`,
    passwordHash: 'scrypt$16384$8$1$c2FsdA$aGFzaA',
    roles: ['reviewer'],
    totpEnabled: false,
    totpLastStep: 0,
    failedLogins: 0,
    createdAt: now(),
    ...overrides,
  };
}

async function expectGuardError(promise: Promise<unknown>, code: string, secret?: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(isGuardError(error), `expected a GuardError ${code}`).toBe(true);
  if (isGuardError(error)) {
    expect(error.code).toBe(code);
    if (secret !== undefined) {
      expect(error.message).not.toContain(secret);
      expect(JSON.stringify(error.toJSON())).not.toContain(secret);
    }
  }
}

/**
 * Registers the contract tests for one driver.
 *
 * @example
 * describeStorageContract('memory', async () => ({ storage: createMemoryStorage(), dispose: async () => {} }));
 */
export function describeStorageContract(name: string, open: () => Promise<StorageFixture>): void {
  describe(`storage contract: ${name}`, () => {
    let fixture: StorageFixture;
    let storage: Storage;
    beforeEach(async () => {
      fixture = await open();
      storage = fixture.storage;
    });
    afterEach(async () => {
      await fixture.dispose();
    });

    it('creates, lists, updates and clears fields of API keys', async () => {
      const first = await storage.createKey(key({ policyId: 'default', expiresAt: '2030-01-01T00:00:00.000Z' }));
      const second = await storage.createKey(key({ name: 'second', roles: ['operator', 'app'] }));
      expect(await storage.getKey(first.id)).toEqual(first);
      expect((await storage.listKeys()).map((record) => record.id).sort()).toEqual([first.id, second.id].sort());
      const revoked = await storage.updateKey(first.id, {
        revokedAt: '2026-01-01T00:00:00.000Z',
        policyId: null,
        limits: { rpm: 5 },
      });
      expect(revoked.revokedAt).toBe('2026-01-01T00:00:00.000Z');
      expect(revoked.policyId).toBeUndefined();
      expect(revoked.limits).toEqual({ rpm: 5 });
      expect(await storage.getKey(first.id)).toEqual(revoked);
      const quarantined = await storage.updateKey(second.id, {
        quarantinedAt: now(),
        quarantineReason: 'burst of injection attempts',
      });
      expect(quarantined.quarantineReason).toBe('burst of injection attempts');
      const released = await storage.updateKey(second.id, { quarantinedAt: null, quarantineReason: null });
      expect(released.quarantinedAt).toBeUndefined();
      expect(await storage.getKey('pal_missing')).toBeUndefined();
      await expectGuardError(storage.updateKey('pal_missing', { name: 'x' }), 'not-found');
      await expectGuardError(storage.createKey(first), 'conflict');
    });

    it('keeps people, one-time TOTP steps and single-use recovery codes', async () => {
      const alice = await storage.createUser(user({ username: 'alice' }));
      expect(await storage.getUserByName('alice')).toEqual(alice);
      await expectGuardError(storage.createUser(user({ username: 'alice' })), 'conflict');
      const updated = await storage.updateUser(alice.id, { totpSecret: 'JBSWY3DPEHPK3PXP', totpEnabled: true });
      expect(updated.totpEnabled).toBe(true);
      expect((await storage.getUser(alice.id))?.totpSecret).toBe('JBSWY3DPEHPK3PXP');
      expect(await storage.consumeTotpStep(alice.id, 100)).toBe(true);
      expect(await storage.consumeTotpStep(alice.id, 100)).toBe(false);
      expect(await storage.consumeTotpStep(alice.id, 99)).toBe(false);
      expect(await storage.consumeTotpStep(alice.id, 101)).toBe(true);
      const racing = await Promise.all([102, 102, 102].map((step) => storage.consumeTotpStep(alice.id, step)));
      expect(racing.filter(Boolean)).toHaveLength(1);
      await storage.setRecoveryCodes(alice.id, ['h1', 'h2', 'h3']);
      expect(await storage.countRecoveryCodes(alice.id)).toBe(3);
      expect(await storage.consumeRecoveryCode(alice.id, 'h2')).toBe(true);
      expect(await storage.consumeRecoveryCode(alice.id, 'h2')).toBe(false);
      expect(await storage.consumeRecoveryCode(alice.id, 'unknown')).toBe(false);
      expect(await storage.countRecoveryCodes(alice.id)).toBe(2);
      await storage.setRecoveryCodes(alice.id, ['h4']);
      expect(await storage.countRecoveryCodes(alice.id)).toBe(1);
      expect(await storage.consumeRecoveryCode(alice.id, 'h1')).toBe(false);
      const cleared = await storage.updateUser(alice.id, { totpSecret: null, totpEnabled: false });
      expect(cleared.totpSecret).toBeUndefined();
      expect((await storage.listUsers()).map((record) => record.username)).toEqual(['alice']);
    });

    it('stores sessions by hash, verifies MFA and expires them', async () => {
      const alice = await storage.createUser(user());
      const session = await storage.createSession({
        idHash: 's1',
        userId: alice.id,
        csrfHash: 'c1',
        mfaVerified: false,
        createdAt: now(),
        expiresAt: '2000-01-01T00:00:00.000Z',
      });
      expect(await storage.getSession('s1')).toEqual(session);
      await storage.verifySession('s1');
      expect((await storage.getSession('s1'))?.mfaVerified).toBe(true);
      await storage.createSession({ ...session, idHash: 's2', expiresAt: '2999-01-01T00:00:00.000Z' });
      await storage.createSession({ ...session, idHash: 's3', expiresAt: '2999-01-01T00:00:00.000Z' });
      expect(await storage.deleteExpiredSessions(now())).toBe(1);
      await storage.deleteSession('s2');
      expect(await storage.getSession('s2')).toBeUndefined();
      expect(await storage.deleteUserSessions(alice.id)).toBe(1);
      await expectGuardError(storage.verifySession('s3'), 'not-found');
    });

    it('appends a hash chain that verifies, and reads it by sequence and time', async () => {
      const first = await storage.appendAudit({ actor: 'system', action: 'gateway.start' });
      const second = await storage.appendAudit({
        actor: 'key:pal_abc',
        action: 'guard.decision',
        route: '/v1/chat/completions',
        method: 'POST',
        requestId: 'request-1',
        keyId: 'pal_abc',
        policyId: 'default',
        decision: 'block',
        effective: 'block',
        findings: [
          { scanner: 'secrets', category: 'secret.aws', severity: 'critical', score: 0.99, start: 3, end: 23 },
        ],
        status: 400,
        latencyMs: 1.25,
        details: { nested: { b: 2, a: [1, 'two'] } },
      });
      expect(first.seq).toBe(1);
      expect(second.seq).toBe(2);
      expect(second.prevHash).toBe(first.hash);
      const events = await storage.listAudit();
      expect(events).toEqual([first, second]);
      expect(await storage.auditHead()).toEqual(second);
      expect(await storage.listAudit({ afterSeq: 1 })).toEqual([second]);
      expect(await storage.listAudit({ limit: 1 })).toEqual([first]);
      expect(await storage.listAudit({ since: '2999-01-01T00:00:00.000Z' })).toEqual([]);
      expect(await storage.listAudit({ until: first.at })).toEqual([]);
      const report = await verifyAuditChain(iterateAudit(storage, {}, 1));
      expect(report).toMatchObject({ valid: true, checked: 2, headHash: second.hash, headSeq: 2 });
    });

    it('keeps one valid chain under concurrent appenders', async () => {
      await Promise.all(
        Array.from({ length: 40 }, (_, index) =>
          // Relaxed (allowed-traffic) appends interleave with durable ones in the same chain.
          storage.appendAudit({ actor: `worker-${index % 4}`, action: 'x' }, { durable: index % 2 === 0 }),
        ),
      );
      const events = await storage.listAudit();
      expect(events.map((event) => event.seq)).toEqual(Array.from({ length: 40 }, (_, index) => index + 1));
      expect((await verifyAuditChain(events)).valid).toBe(true);
    });

    it('drops raw finding fields that could carry secrets', async () => {
      const finding = {
        scanner: 'pii',
        category: 'pii.email',
        severity: 'medium',
        span: { start: 0, end: 17 },
        replacement: 'alice@example.com',
        text: 'alice@example.com',
        message: 'email address',
      };
      const event = await storage.appendAudit({ actor: 'system', action: 'guard.decision', findings: [finding] });
      expect(event.findings).toEqual([
        { scanner: 'pii', category: 'pii.email', severity: 'medium', start: 0, end: 17, message: 'email address' },
      ]);
      expect(JSON.stringify(await storage.listAudit())).not.toContain('alice@example.com');
    });

    it('runs the review queue: filters, first decision wins', async () => {
      const findings = [{ scanner: 'prompt-injection', category: 'injection.override', severity: 'high', score: 0.7 }];
      const first = await storage.createReview({
        requestId: 'r1',
        stage: 'input',
        keyId: 'pal_a',
        policyId: 'default',
        findings,
        excerpt: 'ignore all <REDACTED> instructions',
      });
      await new Promise((resolve) => setTimeout(resolve, 2));
      const second = await storage.createReview({
        requestId: 'r2',
        stage: 'output',
        keyId: 'pal_b',
        findings: [{ scanner: 'pii', category: 'pii.email', severity: 'medium' }],
        text: 'full text kept by policy',
        details: { hold: true },
      });
      expect(await storage.getReview(first.id)).toEqual(first);
      expect((await storage.listReviews()).map((item) => item.id)).toEqual([first.id, second.id]);
      expect((await storage.listReviews({ scanner: 'pii' })).map((item) => item.id)).toEqual([second.id]);
      expect((await storage.listReviews({ category: 'injection.override' })).map((item) => item.id)).toEqual([
        first.id,
      ]);
      expect(await storage.listReviews({ scanner: '%' })).toEqual([]);
      expect(await storage.listReviews({ category: 'pii_email' })).toEqual([]);
      expect((await storage.listReviews({ keyId: 'pal_b' })).map((item) => item.id)).toEqual([second.id]);
      expect((await storage.listReviews({ limit: 1, offset: 1 })).map((item) => item.id)).toEqual([second.id]);
      expect(await storage.countReviews('pending')).toBe(2);
      const decided = await storage.decideReview(first.id, {
        status: 'rejected',
        decidedBy: 'user:bob',
        label: 'injection',
        note: 'obvious override attempt',
      });
      expect(decided).toMatchObject({ status: 'rejected', decidedBy: 'user:bob', label: 'injection' });
      expect(decided.decidedAt).toBeDefined();
      await expectGuardError(storage.decideReview(first.id, { status: 'approved', decidedBy: 'user:eve' }), 'conflict');
      await expectGuardError(
        storage.decideReview('missing', { status: 'approved', decidedBy: 'user:eve' }),
        'not-found',
      );
      expect(await storage.countReviews('pending')).toBe(1);
      expect(await storage.countReviews()).toBe(2);
      expect((await storage.listReviews({ status: 'rejected' })).map((item) => item.id)).toEqual([first.id]);
    });

    it('sums usage per key and day', async () => {
      await storage.recordUsage({ keyId: 'k1', at: '2026-03-01T10:00:00.000Z', promptTokens: 10, completionTokens: 5 });
      await storage.recordUsage({ keyId: 'k1', at: '2026-03-01T23:59:59.000Z', promptTokens: 1, completionTokens: 1 });
      await storage.recordUsage({
        keyId: 'k1',
        at: '2026-03-02T00:00:00.000Z',
        promptTokens: 100,
        completionTokens: 0,
      });
      await storage.recordUsage({ keyId: 'k2', at: '2026-03-01T00:00:00.000Z', promptTokens: 7, completionTokens: 7 });
      expect(await storage.usageTotals('k1', '2026-03-01', '2026-03-01')).toEqual({
        requests: 2,
        promptTokens: 11,
        completionTokens: 6,
        totalTokens: 17,
      });
      expect((await storage.usageTotals('k1', '2026-03-01', '2026-03-31')).totalTokens).toBe(117);
      expect(await storage.usageTotals('nobody', '2026-03-01', '2026-03-31')).toEqual({
        requests: 0,
        promptTokens: 0,
        completionTokens: 0,
        totalTokens: 0,
      });
      expect((await storage.listUsage('2026-03-01', '2026-03-01')).map((record) => record.keyId)).toEqual(['k1', 'k2']);
      expect(await storage.listUsage('2026-03-02', '2026-03-02', 'k1')).toEqual([
        { keyId: 'k1', day: '2026-03-02', requests: 1, promptTokens: 100, completionTokens: 0 },
      ]);
      await expectGuardError(storage.usageTotals('k1', 'yesterday', '2026-03-01'), 'invalid-input');
    });

    it('versions settings with compare-and-set and prefix listing', async () => {
      const first = await storage.setSetting('kill-switch.global', { active: true, mode: 'block' }, { updatedBy: 'a' });
      expect(first.version).toBe(1);
      expect(await storage.getSetting('kill-switch.global')).toEqual(first);
      const second = await storage.setSetting('kill-switch.global', { active: false }, { expectedVersion: 1 });
      expect(second.version).toBe(2);
      await expectGuardError(
        storage.setSetting('kill-switch.global', { active: true }, { expectedVersion: 1 }),
        'conflict',
      );
      await expectGuardError(storage.setSetting('new-key', 1, { expectedVersion: 3 }), 'conflict');
      await storage.setSetting('kill-switch.key.pal_a', true);
      await storage.setSetting('killXswitch', 'other');
      await storage.setSetting('policy.version', 'v7');
      expect((await storage.listSettings('kill-switch.')).map((setting) => setting.key)).toEqual([
        'kill-switch.global',
        'kill-switch.key.pal_a',
      ]);
      expect(await storage.listSettings('kill%')).toEqual([]);
      expect(await storage.deleteSetting('policy.version')).toBe(true);
      expect(await storage.deleteSetting('policy.version')).toBe(false);
      expect(await storage.getSetting('policy.version')).toBeUndefined();
    });

    it('records alerts newest first and acknowledges them', async () => {
      const old = await storage.createAlert({
        kind: 'rate-anomaly',
        subject: 'key:pal_a',
        severity: 'high',
        message: 'request rate left its band',
        at: '2026-01-01T00:00:00.000Z',
      });
      const recent = await storage.createAlert({
        kind: 'rejection-anomaly',
        subject: 'ip:10.0.0.1',
        severity: 'medium',
        message: 'rejection rate left its band',
        details: { z: 4.2 },
      });
      expect((await storage.listAlerts()).map((alert) => alert.id)).toEqual([recent.id, old.id]);
      const acknowledged = await storage.acknowledgeAlert(old.id, 'user:bob');
      expect(acknowledged).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'user:bob' });
      expect((await storage.listAlerts({ status: 'open' })).map((alert) => alert.id)).toEqual([recent.id]);
      expect((await storage.listAlerts({ since: '2026-06-01T00:00:00.000Z' })).map((alert) => alert.id)).toEqual([
        recent.id,
      ]);
      await expectGuardError(storage.acknowledgeAlert('missing', 'user:bob'), 'not-found');
    });

    it('stores SQL-looking strings verbatim in every field', async () => {
      for (const [index, hostile] of sqlLooking.entries()) {
        const created = await storage.createKey(
          key({ id: `pal_sql${index}`, name: hostile, policyId: hostile, tenant: hostile, createdBy: hostile }),
        );
        expect(await storage.getKey(created.id)).toEqual(created);
        const person = await storage.createUser(user({ username: hostile, tenant: hostile }));
        expect(await storage.getUserByName(hostile)).toEqual(person);
        const event = await storage.appendAudit({
          actor: hostile,
          action: hostile,
          route: hostile,
          requestId: hostile,
          keyId: hostile,
          policyId: hostile,
          details: { [hostile]: hostile },
        });
        expect((await storage.listAudit({ afterSeq: event.seq - 1, limit: 1 }))[0]).toEqual(event);
        const item = await storage.createReview({
          requestId: hostile,
          stage: 'input',
          keyId: hostile,
          findings: [{ scanner: hostile, category: hostile, severity: 'low' }],
          excerpt: hostile,
        });
        expect(await storage.getReview(item.id)).toEqual(item);
        expect((await storage.listReviews({ scanner: hostile })).map((found) => found.id)).toContain(item.id);
        await storage.decideReview(item.id, { status: 'approved', decidedBy: hostile, label: hostile, note: hostile });
        expect((await storage.getReview(item.id))?.note).toBe(hostile);
        await storage.setSetting(hostile, { value: hostile });
        expect((await storage.getSetting(hostile))?.value).toEqual({ value: hostile });
        await storage.recordUsage({ keyId: hostile, promptTokens: 1, completionTokens: 1 });
        const alert = await storage.createAlert({ kind: hostile, subject: hostile, severity: 'low', message: hostile });
        expect((await storage.listAlerts()).find((found) => found.id === alert.id)).toEqual(alert);
      }
      expect(await storage.listKeys()).toHaveLength(sqlLooking.length);
      expect((await verifyAuditChain(await storage.listAudit())).valid).toBe(true);
    });

    it('rejects oversized and malformed fields with typed errors and stores nothing', async () => {
      const huge = 'S3CR3T'.repeat(2000);
      await expectGuardError(storage.createKey(key({ name: huge })), 'input-too-large', huge);
      await expectGuardError(storage.createKey(key({ name: 'line\nbreak' })), 'invalid-input');
      await expectGuardError(storage.createKey(key({ name: '' })), 'invalid-input');
      await expectGuardError(storage.createKey(key({ name: 'lone \ud800 surrogate' })), 'invalid-input');
      await expectGuardError(
        storage.createReview({ requestId: 'r', stage: 'input', findings: [], excerpt: 'x\udc00' }),
        'invalid-input',
      );
      await expectGuardError(storage.createKey(key({ roles: ['root' as 'app'] })), 'invalid-input');
      await expectGuardError(storage.createKey(key({ roles: [] })), 'invalid-input');
      await expectGuardError(storage.createKey(key({ limits: { rpm: -1 } })), 'invalid-input');
      await expectGuardError(storage.createKey(key({ expiresAt: 'tomorrow' })), 'invalid-input');
      expect(await storage.listKeys()).toEqual([]);
      await expectGuardError(storage.createUser(user({ username: huge })), 'input-too-large', huge);
      expect(await storage.listUsers()).toEqual([]);
      await expectGuardError(storage.appendAudit({ actor: 'system', action: huge }), 'input-too-large', huge);
      await expectGuardError(
        storage.appendAudit({ actor: 'system', action: 'x', details: { blob: huge.repeat(10) } }),
        'input-too-large',
        huge,
      );
      await expectGuardError(
        storage.appendAudit({
          actor: 'system',
          action: 'x',
          findings: [{ scanner: 'pii', category: 'pii.email', severity: 'low', message: huge }],
        }),
        'input-too-large',
      );
      expect(await storage.listAudit()).toEqual([]);
      await expectGuardError(
        storage.createReview({ requestId: 'r', stage: 'input', findings: [], excerpt: huge }),
        'input-too-large',
        huge,
      );
      expect(await storage.countReviews()).toBe(0);
      await expectGuardError(storage.setSetting('k', 'x'.repeat(300_000)), 'input-too-large');
      await expectGuardError(storage.setSetting('k', undefined), 'invalid-input');
      expect(await storage.listSettings()).toEqual([]);
      await expectGuardError(
        storage.recordUsage({ keyId: 'k', promptTokens: -5, completionTokens: 0 }),
        'invalid-input',
      );
      await expectGuardError(
        storage.recordUsage({ keyId: 'k', promptTokens: 1.5, completionTokens: 0 }),
        'invalid-input',
      );
      expect(await storage.listUsage('2000-01-01', '2999-12-31')).toEqual([]);
      await expectGuardError(storage.listAudit({ limit: 0 }), 'invalid-input');
      await expectGuardError(
        storage.createAlert({ kind: 'k', subject: 's', severity: 'urgent' as 'high', message: 'm' }),
        'invalid-input',
      );
    });

    it('answers ping', async () => {
      await expect(storage.ping()).resolves.toBeUndefined();
    });
  });
}
