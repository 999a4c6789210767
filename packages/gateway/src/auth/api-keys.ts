import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { GuardError } from '@palisade/guard';
import type { Role } from '../rbac/roles.js';
import type { ApiKeyRecord, KeyLimits, Storage } from '../storage/storage.js';
import type { Principal } from './principal.js';

// `pal_` + 12-character lower-case id + `_` + 43-character base64url secret (256 bits).
const apiKeyPattern = /^(pal_[a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
const idAlphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A newly generated key: show `key` once, store only `secretHash`. */
export interface GeneratedApiKey {
  /** Public prefix id, e.g. `pal_3k9f2m1x8q0z`. */
  readonly id: string;
  /** The full secret to hand to the client exactly once. */
  readonly key: string;
  readonly secretHash: string;
}

/**
 * Hashes a full API key for storage. SHA-256 suffices: the secret has 256 random bits, so there is
 * nothing to brute-force, and verification stays in the microseconds.
 *
 * @example
 * hashApiKey('pal_3k9f2m1x8q0z_…');
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * Generates a new API key (id + secret) from the system CSPRNG.
 *
 * @example
 * const { id, key, secretHash } = generateApiKey();
 */
export function generateApiKey(): GeneratedApiKey {
  const bytes = randomBytes(12);
  let suffix = '';
  for (const byte of bytes) suffix += idAlphabet[byte % idAlphabet.length];
  const id = `pal_${suffix}`;
  const key = `${id}_${randomBytes(32).toString('base64url')}`;
  return { id, key, secretHash: hashApiKey(key) };
}

/**
 * The prefix id of a well-formed key, or `undefined` for anything else (never throws, never echoes).
 *
 * @example
 * parseApiKey('pal_3k9f2m1x8q0z_…43 chars…'); // 'pal_3k9f2m1x8q0z'
 */
export function parseApiKey(text: string): string | undefined {
  if (text.length > 100) return undefined;
  return apiKeyPattern.exec(text)?.[1];
}

/** What `createApiKey` needs. */
export interface CreateApiKeyOptions {
  readonly name: string;
  readonly roles: readonly Role[];
  readonly policyId?: string;
  readonly tenant?: string;
  readonly limits?: KeyLimits;
  readonly expiresAt?: Date;
  readonly createdBy?: string;
  /** Set by rotation. */
  readonly rotatedFrom?: string;
}

/**
 * Creates and stores a key; returns the record and the secret, which is never retrievable again.
 *
 * @example
 * const { key, record } = await createApiKey(storage, { name: 'app1', roles: ['app'], limits: { rpm: 60 } });
 */
export async function createApiKey(
  storage: Storage,
  options: CreateApiKeyOptions,
): Promise<{ readonly record: ApiKeyRecord; readonly key: string }> {
  const generated = generateApiKey();
  const record: ApiKeyRecord = {
    id: generated.id,
    name: options.name,
    secretHash: generated.secretHash,
    roles: options.roles,
    limits: options.limits ?? {},
    createdAt: new Date().toISOString(),
    ...(options.policyId === undefined ? {} : { policyId: options.policyId }),
    ...(options.tenant === undefined ? {} : { tenant: options.tenant }),
    ...(options.expiresAt === undefined ? {} : { expiresAt: options.expiresAt.toISOString() }),
    ...(options.createdBy === undefined ? {} : { createdBy: options.createdBy }),
    ...(options.rotatedFrom === undefined ? {} : { rotatedFrom: options.rotatedFrom }),
  };
  return { record: await storage.createKey(record), key: generated.key };
}

/**
 * Revokes a key at once. Revoking twice keeps the first revocation time.
 *
 * @example
 * await revokeApiKey(storage, 'pal_3k9f2m1x8q0z');
 */
export async function revokeApiKey(storage: Storage, id: string): Promise<ApiKeyRecord> {
  const key = await storage.getKey(id);
  if (key === undefined) throw new GuardError('not-found', 'no such key');
  if (key.revokedAt !== undefined) return key;
  return storage.updateKey(id, { revokedAt: new Date().toISOString() });
}

/**
 * Replaces a key by a new one with the same name, roles, policy and limits. The old key stops working
 * at once, or after `graceMs` (it then expires) so clients can switch over.
 *
 * @example
 * const { key } = await rotateApiKey(storage, 'pal_3k9f2m1x8q0z', { graceMs: 3_600_000 });
 */
export async function rotateApiKey(
  storage: Storage,
  id: string,
  options: { readonly graceMs?: number; readonly by?: string } = {},
): Promise<{ readonly record: ApiKeyRecord; readonly key: string; readonly previous: ApiKeyRecord }> {
  const old = await storage.getKey(id);
  if (old === undefined) throw new GuardError('not-found', 'no such key');
  if (old.revokedAt !== undefined) throw new GuardError('conflict', 'a revoked key cannot be rotated');
  const created = await createApiKey(storage, {
    name: old.name,
    roles: old.roles,
    limits: old.limits,
    rotatedFrom: old.id,
    ...(old.policyId === undefined ? {} : { policyId: old.policyId }),
    ...(old.tenant === undefined ? {} : { tenant: old.tenant }),
    ...(old.expiresAt === undefined ? {} : { expiresAt: new Date(old.expiresAt) }),
    ...(options.by === undefined ? {} : { createdBy: options.by }),
  });
  const graceMs = options.graceMs ?? 0;
  const previous =
    graceMs > 0
      ? await storage.updateKey(id, { expiresAt: new Date(Date.now() + graceMs).toISOString() })
      : await storage.updateKey(id, { revokedAt: new Date().toISOString() });
  return { ...created, previous };
}

/** Turns a verified key record into a principal. */
export function keyPrincipal(record: ApiKeyRecord): Principal {
  return {
    kind: 'key',
    id: record.id,
    name: record.name,
    keyId: record.id,
    roles: record.roles,
    limits: record.limits,
    ...(record.tenant === undefined ? {} : { tenant: record.tenant }),
    ...(record.policyId === undefined ? {} : { policyId: record.policyId }),
  };
}

const invalidKey = () => new GuardError('auth-invalid', 'the API key is invalid, expired or revoked');

/**
 * Checks a presented key against its stored record: well-formed, known, hash equal (constant time),
 * not revoked, not expired, not quarantined. One message for every failure, so nothing is revealed.
 *
 * @example
 * const principal = checkApiKey(presented, await storage.getKey(parseApiKey(presented) ?? ''));
 */
export function checkApiKey(presented: string, record: ApiKeyRecord | undefined, now = new Date()): Principal {
  const id = parseApiKey(presented);
  if (id === undefined || record === undefined || record.id !== id) throw invalidKey();
  const expected = Buffer.from(record.secretHash, 'hex');
  const actual = Buffer.from(hashApiKey(presented), 'hex');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) throw invalidKey();
  if (record.revokedAt !== undefined && record.revokedAt <= now.toISOString()) throw invalidKey();
  if (record.expiresAt !== undefined && record.expiresAt <= now.toISOString()) throw invalidKey();
  if (record.quarantinedAt !== undefined) {
    throw new GuardError('key-quarantined', 'this API key is quarantined; contact your operator', {
      details: { keyId: record.id },
    });
  }
  return keyPrincipal(record);
}

/** Verifies presented keys, caching records briefly so the hot path skips the database. */
export interface ApiKeyVerifier {
  verify(presented: string): Promise<Principal>;
  /** Drops a cached record at once (after revoke/rotate/quarantine in this process). */
  invalidate(id?: string): void;
}

/**
 * A key verifier with a small time-bounded cache. Revocations made by another instance take effect
 * within `cacheTtlMs` (default 1 s); 0 disables the cache.
 *
 * @example
 * const verifier = createApiKeyVerifier(storage);
 * const principal = await verifier.verify(request.headers.authorization.slice(7));
 */
export function createApiKeyVerifier(
  storage: Pick<Storage, 'getKey'>,
  options: { readonly cacheTtlMs?: number; readonly maxEntries?: number } = {},
): ApiKeyVerifier {
  const ttl = options.cacheTtlMs ?? 1000;
  const maxEntries = options.maxEntries ?? 10_000;
  const cache = new Map<string, { record: ApiKeyRecord | undefined; until: number }>();
  return {
    async verify(presented) {
      const id = parseApiKey(presented);
      if (id === undefined) throw invalidKey();
      const now = Date.now();
      let entry = cache.get(id);
      if (entry === undefined || entry.until <= now) {
        entry = { record: await storage.getKey(id), until: now + ttl };
        // Only known keys are cached, so random ids cannot flood the cache.
        if (ttl > 0 && entry.record !== undefined) {
          if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
          cache.set(id, entry);
        }
      }
      return checkApiKey(presented, entry.record, new Date(now));
    },
    invalidate(id) {
      if (id === undefined) cache.clear();
      else cache.delete(id);
    },
  };
}
