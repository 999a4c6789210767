import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { GuardError } from '@palisade/guard';
import { Command } from 'commander';
import { type AuditExportFormat, auditCsvHeader, formatAuditEvent } from '../../audit/export-audit.js';
import { iterateAudit } from '../../audit/iterate-audit.js';
import { verifyAuditChain } from '../../audit/verify-audit-chain.js';
import { parseDuration } from '../../auth/parse-duration.js';
import { print, withStorage } from './access-storage.js';

/**
 * Parses `--since`/`--until`: an ISO date or timestamp, or a duration back from now (`24h`, `7d`).
 *
 * @example
 * parseSince('7d'); // ISO timestamp seven days ago
 */
export function parseSince(value: string, now = Date.now()): string {
  if (/^\d+[smhdwy]$/.test(value)) return new Date(now - parseDuration(value)).toISOString();
  const time = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new GuardError(
      'invalid-input',
      'expected an ISO date (2026-01-31 or 2026-01-31T12:00:00Z) or a duration (24h, 7d)',
    );
  }
  return new Date(time).toISOString();
}

async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await new Promise((resolve) => stream.once('drain', resolve));
}

/**
 * `palisade audit verify|export`: proves the hash chain (naming the first bad event) and exports
 * events as JSON Lines or CSV.
 *
 * @example
 * palisade audit verify --storage postgres://palisade@db/palisade
 * palisade audit export --since 7d --format csv --out audit.csv
 */
export function auditCommand(): Command {
  const command = new Command('audit').description('verify and export the hash-chained audit log');
  const storageOption = [
    '--storage <url>',
    'storage URL (default: $PALISADE_STORAGE or sqlite:./palisade.db)',
  ] as const;

  command
    .command('verify')
    .description('verify the whole chain; exit 1 and name the first bad event if it is broken')
    .option('--expect-head <hash>', 'also require the chain to end at this hash (detects truncation)')
    .option('--json', 'print the report as JSON')
    .option(...storageOption)
    .action(async (options: { storage?: string; json?: boolean; expectHead?: string }) => {
      await withStorage(options.storage, async (storage) => {
        const started = performance.now();
        const report = await verifyAuditChain(iterateAudit(storage));
        const seconds = (performance.now() - started) / 1000;
        const truncated = options.expectHead !== undefined && report.valid && report.headHash !== options.expectHead;
        if (options.json) {
          print(JSON.stringify({ ...report, truncated, seconds: Number(seconds.toFixed(3)) }));
        } else if (!report.valid && report.firstBad !== undefined) {
          print(
            `audit chain BROKEN at event #${report.firstBad.seq} (id ${report.firstBad.id}): ${report.firstBad.problem}; ` +
              `${report.headSeq} events before it verify`,
          );
        } else if (truncated) {
          print(
            `audit chain verifies (${report.checked} events) but does not end at the expected head: events were removed from its end`,
          );
        } else {
          print(
            `audit chain OK: ${report.checked} events, head #${report.headSeq} ${report.headHash} ` +
              `(${Math.round(report.checked / Math.max(seconds, 1e-6)).toLocaleString('en-US')} events/s)`,
          );
        }
        if (!report.valid || truncated) process.exitCode = 1;
      });
    });

  command
    .command('export')
    .description('export events in chain order')
    .option('--since <when>', 'only events at or after: ISO date/time or a duration back from now (24h, 7d)')
    .option('--until <when>', 'only events before: ISO date/time or a duration back from now')
    .option('--format <format>', 'jsonl or csv', 'jsonl')
    .option('--out <path>', 'write to a file instead of stdout')
    .option(...storageOption)
    .action(async (options: { storage?: string; since?: string; until?: string; format: string; out?: string }) => {
      if (options.format !== 'jsonl' && options.format !== 'csv') {
        throw new GuardError('invalid-input', '--format: expected jsonl or csv');
      }
      const format: AuditExportFormat = options.format;
      const since = options.since === undefined ? undefined : parseSince(options.since);
      const until = options.until === undefined ? undefined : parseSince(options.until);
      await withStorage(options.storage, async (storage) => {
        const stream: Writable = options.out === undefined ? process.stdout : createWriteStream(options.out);
        try {
          if (format === 'csv') await write(stream, auditCsvHeader());
          let count = 0;
          for await (const event of iterateAudit(storage, {
            ...(since === undefined ? {} : { since }),
            ...(until === undefined ? {} : { until }),
          })) {
            await write(stream, formatAuditEvent(event, format));
            count++;
          }
          if (options.out !== undefined) process.stderr.write(`exported ${count} events to ${options.out}\n`);
        } finally {
          if (stream !== process.stdout) await new Promise((resolve) => stream.end(resolve));
        }
      });
    });

  return command;
}
