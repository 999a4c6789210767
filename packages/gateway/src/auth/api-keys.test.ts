import { isGuardError } from '@palisade/guard';
import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../storage/memory-storage.js';
import {
  checkApiKey,
  createApiKey,
  createApiKeyVerifier,
  generateApiKey,
  hashApiKey,
  parseApiKey,
  revokeApiKey,
  rotateApiKey,
} from './api-keys.js';
import { parseDuration } from './parse-duration.js';

async function rejection(promise: Promise<unknown>): Promise<{ code?: string; message?: string }> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isGuardError(error)) throw new Error('expected a GuardError');
  return { code: error.code, message: error.message };
}

describe('API keys', () => {
  it('generates unique, well-formed keys whose hash is all that is stored', async () => {
    const first = generateApiKey();
    const second = generateApiKey();
    expect(first.key).toMatch(/^pal_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(first.key).not.toBe(second.key);
    expect(parseApiKey(first.key)).toBe(first.id);
    expect(first.secretHash).toBe(hashApiKey(first.key));
    const storage = createMemoryStorage();
    const { record, key } = await createApiKey(storage, { name: 'app1', roles: ['app'], limits: { rpm: 60 } });
    expect(JSON.stringify(await storage.listKeys())).not.toContain(key.slice(17));
    expect(record.secretHash).toBe(hashApiKey(key));
  });

  it('rejects malformed keys without throwing on hostile input', () => {
    for (const text of [
      '',
      'pal_',
      'Bearer x',
      "pal_abc' OR 1=1 --",
      `pal_${'a'.repeat(12)}_${'b'.repeat(42)}`,
      'x'.repeat(10_000),
    ]) {
      expect(parseApiKey(text)).toBeUndefined();
    }
  });

  it('verifies valid keys and refuses forged, revoked, expired and quarantined ones', async () => {
    const storage = createMemoryStorage();
    const { record, key } = await createApiKey(storage, {
      name: 'app1',
      roles: ['app'],
      policyId: 'strict',
      limits: { rpm: 5 },
      tenant: 'acme',
    });
    const verifier = createApiKeyVerifier(storage, { cacheTtlMs: 0 });
    expect(await verifier.verify(key)).toEqual({
      kind: 'key',
      id: record.id,
      name: 'app1',
      keyId: record.id,
      roles: ['app'],
      policyId: 'strict',
      tenant: 'acme',
      limits: { rpm: 5 },
    });
    const forged = `${record.id}_${'A'.repeat(43)}`;
    const forgedError = await rejection(verifier.verify(forged));
    expect(forgedError.code).toBe('auth-invalid');
    expect(forgedError.message).not.toContain('AAAA');
    expect((await rejection(verifier.verify(generateApiKey().key))).code).toBe('auth-invalid');
    expect((await rejection(verifier.verify('garbage'))).code).toBe('auth-invalid');
    expect(() => checkApiKey(key, { ...record, expiresAt: '2000-01-01T00:00:00.000Z' })).toThrow(/invalid/);
    await storage.updateKey(record.id, { quarantinedAt: new Date().toISOString(), quarantineReason: 'burst' });
    expect((await rejection(verifier.verify(key))).code).toBe('key-quarantined');
    await storage.updateKey(record.id, { quarantinedAt: null, quarantineReason: null });
    await revokeApiKey(storage, record.id);
    expect((await rejection(verifier.verify(key))).code).toBe('auth-invalid');
  });

  it('caches records briefly and can be invalidated', async () => {
    const storage = createMemoryStorage();
    const { record, key } = await createApiKey(storage, { name: 'app1', roles: ['app'] });
    let reads = 0;
    const verifier = createApiKeyVerifier(
      {
        getKey: (id) => {
          reads++;
          return storage.getKey(id);
        },
      },
      { cacheTtlMs: 60_000 },
    );
    await verifier.verify(key);
    await verifier.verify(key);
    expect(reads).toBe(1);
    await revokeApiKey(storage, record.id);
    verifier.invalidate(record.id);
    expect((await rejection(verifier.verify(key))).code).toBe('auth-invalid');
  });

  it('rotates a key with the same attributes, at once or with a grace period', async () => {
    const storage = createMemoryStorage();
    const verifier = createApiKeyVerifier(storage, { cacheTtlMs: 0 });
    const original = await createApiKey(storage, { name: 'app1', roles: ['app'], policyId: 'p', limits: { tpm: 9 } });
    const rotated = await rotateApiKey(storage, original.record.id, { by: 'user:admin' });
    expect(rotated.record).toMatchObject({ name: 'app1', roles: ['app'], policyId: 'p', limits: { tpm: 9 } });
    expect(rotated.record.rotatedFrom).toBe(original.record.id);
    expect((await rejection(verifier.verify(original.key))).code).toBe('auth-invalid');
    expect((await verifier.verify(rotated.key)).id).toBe(rotated.record.id);
    const graceful = await rotateApiKey(storage, rotated.record.id, { graceMs: 60_000 });
    expect((await verifier.verify(rotated.key)).id).toBe(rotated.record.id);
    expect(graceful.previous.expiresAt).toBeDefined();
    expect((await rejection(rotateApiKey(storage, original.record.id))).code).toBe('conflict');
    expect((await rejection(rotateApiKey(storage, 'pal_nothere'))).code).toBe('not-found');
  });

  it('parses durations', () => {
    expect(parseDuration('30d')).toBe(30 * 86_400_000);
    expect(parseDuration('90m')).toBe(90 * 60_000);
    for (const bad of ['', '30', 'd', '0d', '-1d', '1.5h', '30 days']) expect(() => parseDuration(bad)).toThrow();
  });
});
