import type { AuditEvent } from '../storage/storage.js';

/** Export formats of `palisade audit export`. */
export type AuditExportFormat = 'jsonl' | 'csv';

/** CSV columns, in order. Nested values (findings, details) are JSON inside the cell. */
export const auditCsvColumns = [
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
  'status',
  'latencyMs',
  'clientIp',
  'findings',
  'details',
  'prevHash',
  'hash',
] as const;

function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  // Spreadsheet formula injection: a cell starting with = + - @ (or tab/CR) is prefixed with a quote.
  if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Formats one event as a line of the export (with a trailing newline). Call with `header: true` once
 * for the CSV header line.
 *
 * @example
 * process.stdout.write(formatAuditEvent(event, 'jsonl'));
 */
export function formatAuditEvent(event: AuditEvent, format: AuditExportFormat): string {
  if (format === 'jsonl') return `${JSON.stringify(event)}\n`;
  const record = event as unknown as Record<string, unknown>;
  return `${auditCsvColumns.map((column) => csvCell(record[column])).join(',')}\n`;
}

/**
 * The CSV header line.
 *
 * @example
 * process.stdout.write(auditCsvHeader());
 */
export function auditCsvHeader(): string {
  return `${auditCsvColumns.join(',')}\n`;
}
