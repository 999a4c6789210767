import { EventEmitter } from 'node:events';
import type { Finding } from '@palisade/guard';
import type { GatewayReviewQueue, ReviewSubmission } from '../server/gateway-dependencies.js';
import type { ReviewDecision, ReviewItem, Storage, StoredFinding } from '../storage/storage.js';

/** Options of {@link createReviewQueue}. */
export interface ReviewQueueOptions {
  readonly storage: Storage;
  /**
   * Whether the full text of an item may be stored, per policy id (default: never). Otherwise a
   * redacted excerpt is stored: finding spans are masked as `[category]`.
   */
  readonly storeText?: (policyId: string | undefined) => boolean;
  /** How often a held request re-reads its item from storage (decisions made by other instances). Default 500 ms. */
  readonly pollMs?: number;
  /** Longest excerpt stored when the text is not (default 2000 characters). */
  readonly excerptLength?: number;
  /** Called after every decision made through this queue (audit, anomaly detection, metrics). */
  readonly onDecision?: (item: ReviewItem) => void | Promise<void>;
}

/** The storage-backed review queue: the gateway's `review` dependency plus what the UI needs. */
export interface ReviewQueue extends GatewayReviewQueue {
  /** Decides an item (first reviewer wins: `conflict` otherwise) and releases a request held on it at once. */
  decide(id: string, decision: ReviewDecision): Promise<ReviewItem>;
  readonly storage: Storage;
}

/**
 * Masks the spans of `findings` in `text` as `[category]` and cuts it to `limit` characters: what is
 * stored when a policy does not allow keeping the text.
 *
 * @example
 * redactedExcerpt('mail bob@example.com', [{ category: 'pii.email', start: 5, end: 20 }]); // 'mail [pii.email]'
 */
export function redactedExcerpt(
  text: string,
  findings: readonly { readonly category: string; readonly start?: number; readonly end?: number }[],
  limit = 2000,
): string {
  const spans = findings
    .filter((finding) => finding.start !== undefined && finding.end !== undefined && finding.end > finding.start)
    .map((finding) => ({ start: finding.start as number, end: finding.end as number, category: finding.category }))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let cursor = 0;
  for (const span of spans) {
    if (span.start < cursor) continue;
    out += `${text.slice(cursor, span.start)}[${span.category}]`;
    cursor = Math.min(span.end, text.length);
  }
  out += text.slice(cursor);
  return out.length > limit ? `${out.slice(0, limit)}…` : out;
}

/**
 * Turns pipeline findings into stored findings: scanner, category, severity, score, span and the
 * secret-free message; never replacement values.
 *
 * @example
 * toStoredFindings(decision.findings);
 */
export function toStoredFindings(findings: readonly Finding[]): StoredFinding[] {
  return findings.map((finding) => ({
    scanner: finding.scanner,
    category: finding.category,
    severity: finding.severity,
    ...(finding.score === undefined ? {} : { score: finding.score }),
    ...(finding.span === undefined ? {} : { start: finding.span.start, end: finding.span.end }),
    ...(finding.message === undefined ? {} : { message: finding.message.slice(0, 500) }),
  }));
}

/**
 * A human review queue backed by the shared storage. A held request waits on an in-process event
 * (decisions through this instance release it at once) and polls storage (decisions made through
 * another gateway instance release it within `pollMs`).
 *
 * @example
 * const review = createReviewQueue({ storage, storeText: () => true });
 * const app = createGateway(config, { guards, review });
 * await review.decide(itemId, { status: 'approved', decidedBy: 'user:alice', label: 'benign' });
 */
export function createReviewQueue(options: ReviewQueueOptions): ReviewQueue {
  const { storage } = options;
  const pollMs = options.pollMs ?? 500;
  const events = new EventEmitter();
  events.setMaxListeners(0);

  const verdictOf = (item: ReviewItem | undefined): 'approved' | 'rejected' | undefined =>
    item?.status === 'approved' || item?.status === 'rejected' ? item.status : undefined;

  return {
    storage,
    async submit(submission: ReviewSubmission) {
      const findings = toStoredFindings(submission.findings);
      // A submission may carry the policy's own `audit.storeText`; otherwise the queue option decides.
      const fromPolicy = (submission as { readonly storeText?: unknown }).storeText;
      const keep = typeof fromPolicy === 'boolean' ? fromPolicy : (options.storeText?.(submission.policyId) ?? false);
      const item = await storage.createReview({
        requestId: submission.requestId,
        stage: submission.stage,
        findings,
        ...(keep
          ? { text: submission.text }
          : { excerpt: redactedExcerpt(submission.text, findings, options.excerptLength ?? 2000) }),
        ...(submission.keyId === undefined ? {} : { keyId: submission.keyId }),
        ...(submission.policyId === undefined ? {} : { policyId: submission.policyId }),
        details: { route: submission.route, textStored: keep, length: submission.text.length },
      });
      return { id: item.id };
    },

    waitForDecision(id, { timeoutMs, signal }) {
      return new Promise((resolve) => {
        let settled = false;
        let poller: ReturnType<typeof setTimeout> | undefined;
        const finish = (verdict: 'approved' | 'rejected' | 'pending'): void => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          if (poller !== undefined) clearTimeout(poller);
          events.off(id, onDecided);
          signal.removeEventListener('abort', onAbort);
          resolve(verdict);
        };
        const onDecided = (verdict: 'approved' | 'rejected'): void => finish(verdict);
        const onAbort = (): void => finish('pending');
        const timer = setTimeout(() => finish('pending'), Math.max(0, timeoutMs));
        events.on(id, onDecided);
        signal.addEventListener('abort', onAbort, { once: true });
        if (signal.aborted) return finish('pending');
        const poll = async (): Promise<void> => {
          try {
            const verdict = verdictOf(await storage.getReview(id));
            if (verdict !== undefined) return finish(verdict);
          } catch {
            // A storage hiccup: keep waiting; the timeout still bounds the hold.
          }
          if (!settled) poller = setTimeout(poll, pollMs);
        };
        poller = setTimeout(poll, pollMs);
      });
    },

    async decide(id, decision) {
      const item = await storage.decideReview(id, decision);
      const verdict = verdictOf(item);
      if (verdict !== undefined) events.emit(id, verdict);
      await options.onDecision?.(item);
      return item;
    },
  };
}
