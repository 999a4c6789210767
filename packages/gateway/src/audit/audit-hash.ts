import { hash } from 'node:crypto';
import type { AuditEvent } from '../storage/storage.js';

/** The `prevHash` of the first event of a chain. */
export const genesisHash = '0'.repeat(64);

/**
 * Deterministic JSON: object keys sorted, `undefined` members dropped. Equal values give equal strings
 * in every driver, whatever order a database returns JSON keys in.
 *
 * @example
 * canonicalJson({ b: 1, a: [true, null] }); // '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index++) {
      if (index > 0) text += ',';
      text += canonicalJson(value[index]);
    }
    return `${text}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let text = '{';
  let first = true;
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    text += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalJson(member)}`;
    first = false;
  }
  return `${text}}`;
}

/**
 * The canonical text of an event's content: everything except its position (`seq`, `prevHash`) and
 * `hash`. Scalars go in a fixed field order through one native JSON.stringify (absent fields drop
 * out), nested values canonically. Adding a field later means a new hash version, not a silent change.
 *
 * @example
 * auditPayload({ id: 'e1', at: '2026-01-01T00:00:00.000Z', actor: 'system', action: 'start' });
 */
export function auditPayload(event: Omit<AuditEvent, 'hash' | 'seq' | 'prevHash'>): string {
  const scalars = JSON.stringify({
    id: event.id,
    at: event.at,
    actor: event.actor,
    action: event.action,
    route: event.route,
    method: event.method,
    requestId: event.requestId,
    keyId: event.keyId,
    tenant: event.tenant,
    policyId: event.policyId,
    decision: event.decision,
    effective: event.effective,
    status: event.status,
    latencyMs: event.latencyMs,
    clientIp: event.clientIp,
  });
  const findings = event.findings === undefined ? '' : canonicalJson(event.findings);
  const details = event.details === undefined ? '' : canonicalJson(event.details);
  return `${scalars}\u001e${findings}\u001e${details}`;
}

/**
 * The chain hash from its parts: `sha256(seq RS prevHash RS payload)` in hex (RS = U+001E). PostgreSQL
 * computes the very same expression in SQL when it appends, so drivers and verifiers agree.
 *
 * @example
 * chainHash(1, genesisHash, auditPayload(event));
 */
export function chainHash(seq: number, prevHash: string, payload: string): string {
  // One-shot hashing (no Hash object) roughly halves the cost per event.
  return hash('sha256', `${seq}\u001e${prevHash}\u001e${payload}`, 'hex');
}

/**
 * The SHA-256 (hex) of an audit event: its content and its chain link (`seq`, `prevHash`), never
 * the `hash` itself.
 *
 * @example
 * const hash = computeAuditHash({ seq: 1, id: 'e1', at: new Date().toISOString(), actor: 'system', action: 'start', prevHash: genesisHash });
 */
export function computeAuditHash(event: Omit<AuditEvent, 'hash'>): string {
  return chainHash(event.seq, event.prevHash, auditPayload(event));
}
