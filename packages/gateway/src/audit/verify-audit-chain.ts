import type { AuditEvent } from '../storage/storage.js';
import { computeAuditHash, genesisHash } from './audit-hash.js';

/** Why an event failed verification. */
export type AuditChainProblem =
  /** The event's content does not match its hash: it was edited. */
  | 'hash-mismatch'
  /** The event does not link to the one before: an event was deleted, inserted or reordered. */
  | 'broken-link'
  /** The sequence numbers are not consecutive: an event was deleted or reordered. */
  | 'sequence-gap';

/** The outcome of {@link verifyAuditChain}. */
export interface AuditChainReport {
  readonly valid: boolean;
  /** Events checked (up to and including the first bad one). */
  readonly checked: number;
  /** The hash of the last valid event: record it elsewhere to detect truncation later. */
  readonly headHash: string;
  readonly headSeq: number;
  readonly firstBad?: { readonly seq: number; readonly id: string; readonly problem: AuditChainProblem };
}

/** Where verification starts; by default at the genesis of the chain. */
export interface AuditChainStart {
  readonly afterSeq: number;
  readonly prevHash: string;
}

/**
 * Verifies a hash chain in order and names the first bad event. Stops at the first problem, because
 * every later link depends on it. Accepts any (async) iterable, so it streams the whole log in
 * constant memory.
 *
 * @example
 * const report = await verifyAuditChain(iterateAudit(storage));
 * if (!report.valid) console.error(`first bad event: #${report.firstBad?.seq} (${report.firstBad?.problem})`);
 */
export async function verifyAuditChain(
  events: AsyncIterable<AuditEvent> | Iterable<AuditEvent>,
  start: AuditChainStart = { afterSeq: 0, prevHash: genesisHash },
): Promise<AuditChainReport> {
  let previousSeq = start.afterSeq;
  let previousHash = start.prevHash;
  let checked = 0;
  for await (const event of events) {
    checked++;
    let problem: AuditChainProblem | undefined;
    if (computeAuditHash(event) !== event.hash) problem = 'hash-mismatch';
    else if (event.seq !== previousSeq + 1) problem = 'sequence-gap';
    else if (event.prevHash !== previousHash) problem = 'broken-link';
    if (problem !== undefined) {
      return {
        valid: false,
        checked,
        headHash: previousHash,
        headSeq: previousSeq,
        firstBad: { seq: event.seq, id: event.id, problem },
      };
    }
    previousSeq = event.seq;
    previousHash = event.hash;
  }
  return { valid: true, checked, headHash: previousHash, headSeq: previousSeq };
}
