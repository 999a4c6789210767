import type { ReviewItem, Storage } from '../storage/storage.js';

/** One labelled training row, in the format of the shared data sets (`{text,label,source,category}`). */
export interface FeedbackRow {
  readonly text: string;
  readonly label: string;
  readonly source: string;
  readonly category: string;
  /** The review item it came from (provenance for the model card). */
  readonly review_id: string;
  readonly decided_at?: string;
}

/** What {@link exportFeedback} produced. */
export interface FeedbackExport {
  readonly rows: readonly FeedbackRow[];
  /** Decided items whose text was not stored (only a redacted excerpt): not usable as training rows. */
  readonly skippedWithoutText: number;
}

const labelOfCategory = (category: string): string => {
  const family = category.split('.')[0] ?? category;
  if (family === 'injection' || family === 'prompt-injection') return 'injection';
  if (family === 'jailbreak') return 'jailbreak';
  if (family === 'toxicity' || family === 'toxic') return 'toxic';
  return 'harmful';
};

/**
 * The training label of a decided review item: the reviewer's label when given, otherwise `benign`
 * for approved items and the family of the strongest finding for rejected ones.
 *
 * @example
 * feedbackLabel({ status: 'rejected', findings: [{ category: 'injection.override', … }] }); // 'injection'
 */
export function feedbackLabel(item: Pick<ReviewItem, 'status' | 'label' | 'findings'>): string {
  if (item.label !== undefined && item.label.trim() !== '') return item.label.trim();
  if (item.status === 'approved') return 'benign';
  const strongest = [...item.findings].sort((a, b) => (b.score ?? 0) - (a.score ?? 0))[0];
  return strongest === undefined ? 'harmful' : labelOfCategory(strongest.category);
}

/**
 * Reads decided review items (approved or rejected, decided at or after `since`) and turns those
 * whose text was stored into labelled rows for `palisade train --extra`.
 *
 * @example
 * const { rows } = await exportFeedback(storage, { since: '2026-01-01T00:00:00.000Z' });
 */
export async function exportFeedback(
  storage: Pick<Storage, 'listReviews'>,
  options: { readonly since?: string; readonly until?: string } = {},
): Promise<FeedbackExport> {
  const rows: FeedbackRow[] = [];
  let skippedWithoutText = 0;
  for (const status of ['approved', 'rejected'] as const) {
    const pageSize = 500;
    for (let offset = 0; ; offset += pageSize) {
      const page = await storage.listReviews({ status, limit: pageSize, offset });
      for (const item of page) {
        const decidedAt = item.decidedAt ?? item.createdAt;
        if (options.since !== undefined && decidedAt < options.since) continue;
        if (options.until !== undefined && decidedAt >= options.until) continue;
        if (item.text === undefined || item.text.trim() === '') {
          skippedWithoutText += 1;
          continue;
        }
        const strongest = [...item.findings].sort((a, b) => (b.score ?? 0) - (a.score ?? 0))[0];
        rows.push({
          text: item.text.trim().replace(/\r\n/g, '\n'),
          label: feedbackLabel(item),
          source: 'palisade-review',
          category: strongest?.category ?? 'review',
          review_id: item.id,
          ...(item.decidedAt === undefined ? {} : { decided_at: item.decidedAt }),
        });
      }
      if (page.length < pageSize) break;
    }
  }
  rows.sort((a, b) => (a.decided_at ?? '').localeCompare(b.decided_at ?? ''));
  return { rows, skippedWithoutText };
}
