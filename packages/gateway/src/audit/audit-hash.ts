import { createHash } from 'node:crypto';
import type { AuditEvent } from '../storage/storage.js';

/** The `prevHash` of the first event of a chain. */
export const genesisHash = '0'.repeat(64);

// The hashed fields, in a fixed order: adding a field later means a new hash version, not a silent change.
const hashedFields = [
  'seq',
  'id',
  'at',
  'actor',
  'action',
  'route',
  'method',
  'requestId',
  'keyId',
  'tenant',
  'policyId',
  'decision',
  'effective',
  'findings',
  'status',
  'latencyMs',
  'clientIp',
  'details',
  'prevHash',
] as const;

/**
 * Deterministic JSON: object keys sorted, `undefined` members dropped. Equal values give equal strings
 * in every driver, whatever order a database returns JSON keys in.
 *
 * @example
 * canonicalJson({ b: 1, a: [true, null] }); // '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    if (member === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${canonicalJson(member)}`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * The SHA-256 (hex) of an audit event: every hashed field (the chain link `prevHash` included), never
 * the `hash` itself.
 *
 * @example
 * const hash = computeAuditHash({ seq: 1, id: 'e1', at: new Date().toISOString(), actor: 'system', action: 'start', prevHash: genesisHash });
 */
export function computeAuditHash(event: Omit<AuditEvent, 'hash'>): string {
  const record = event as unknown as Record<string, unknown>;
  let text = '';
  for (const field of hashedFields) {
    const value = record[field];
    text += value === undefined ? '\u0000' : canonicalJson(value);
    text += '\u001e';
  }
  return createHash('sha256').update(text).digest('hex');
}
