import type { AuditEvent, AuditQuery, Storage } from '../storage/storage.js';

/**
 * Streams audit events in chain order, page by page (constant memory).
 *
 * @example
 * for await (const event of iterateAudit(storage, { since: '2026-01-01T00:00:00.000Z' })) write(event);
 */
export async function* iterateAudit(
  storage: Pick<Storage, 'listAudit'>,
  query: Omit<AuditQuery, 'limit'> = {},
  pageSize = 5000,
): AsyncGenerator<AuditEvent> {
  let afterSeq = query.afterSeq ?? 0;
  for (;;) {
    const page = await storage.listAudit({ ...query, afterSeq, limit: pageSize });
    for (const event of page) yield event;
    const last = page.at(-1);
    if (last === undefined || page.length < pageSize) return;
    afterSeq = last.seq;
  }
}
