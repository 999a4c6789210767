import type { ApiKeyRecord, Storage } from '../storage/storage.js';

/**
 * Quarantines an API key (every instance refuses it with 403 `key-quarantined` once its key cache
 * expires) and audits who did it and why.
 *
 * @example
 * await quarantineKey(storage, 'pal_3k9f2m1x8q0z', { reason: 'injection burst', actor: 'user:alice' });
 */
export async function quarantineKey(
  storage: Pick<Storage, 'updateKey' | 'appendAudit'>,
  keyId: string,
  options: { readonly reason: string; readonly actor: string; readonly details?: Readonly<Record<string, unknown>> },
): Promise<ApiKeyRecord> {
  const reason = options.reason.slice(0, 500);
  const record = await storage.updateKey(keyId, { quarantinedAt: new Date().toISOString(), quarantineReason: reason });
  await storage.appendAudit({
    actor: options.actor,
    action: 'key.quarantine',
    keyId,
    details: { reason, ...options.details },
  });
  return record;
}

/**
 * Releases a quarantined key and audits it.
 *
 * @example
 * await releaseKey(storage, 'pal_3k9f2m1x8q0z', { actor: 'user:alice' });
 */
export async function releaseKey(
  storage: Pick<Storage, 'updateKey' | 'appendAudit'>,
  keyId: string,
  options: { readonly actor: string; readonly note?: string },
): Promise<ApiKeyRecord> {
  const record = await storage.updateKey(keyId, { quarantinedAt: null, quarantineReason: null });
  await storage.appendAudit({
    actor: options.actor,
    action: 'key.release',
    keyId,
    ...(options.note === undefined ? {} : { details: { note: options.note.slice(0, 500) } }),
  });
  return record;
}
