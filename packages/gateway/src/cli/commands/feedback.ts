import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { exportFeedback } from '../../review/export-feedback.js';
import { print, withStorage } from './access-storage.js';
import { parseSince } from './audit.js';

/**
 * `palisade feedback export`: reviewed items as labelled training rows (`{text,label,source,category}`,
 * the format of the shared data sets) plus a manifest (row count, SHA-256, review ids) that
 * `palisade train --extra` records in the model card.
 *
 * @example
 * palisade feedback export --since 30d --out feedback.jsonl
 */
export function feedbackCommand(): Command {
  const command = new Command('feedback').description('turn human review decisions into training data');
  command
    .command('export')
    .description('write reviewed items (approved and rejected, with stored text) as labelled JSON Lines')
    .option('--since <when>', 'decided at or after: ISO date/time or a duration back from now (24h, 30d)')
    .option('--until <when>', 'decided before: ISO date/time or a duration back from now')
    .requiredOption('--out <path>', 'the JSON Lines file to write (a <path>.manifest.json is written beside it)')
    .option('--storage <url>', 'storage URL (default: $PALISADE_STORAGE or sqlite:./palisade.db)')
    .action(async (options: { since?: string; until?: string; out: string; storage?: string }) => {
      const since = options.since === undefined ? undefined : parseSince(options.since);
      const until = options.until === undefined ? undefined : parseSince(options.until);
      await withStorage(options.storage, async (storage) => {
        const result = await exportFeedback(storage, {
          ...(since === undefined ? {} : { since }),
          ...(until === undefined ? {} : { until }),
        });
        const content = result.rows.map((row) => JSON.stringify(row)).join('\n') + (result.rows.length > 0 ? '\n' : '');
        await writeFile(options.out, content, 'utf8');
        const labels: Record<string, number> = {};
        for (const row of result.rows) labels[row.label] = (labels[row.label] ?? 0) + 1;
        const manifest = {
          kind: 'palisade.feedback',
          file: options.out,
          rows: result.rows.length,
          sha256: createHash('sha256').update(content).digest('hex'),
          labels,
          since: since ?? null,
          until: until ?? null,
          skippedWithoutText: result.skippedWithoutText,
          reviewIds: result.rows.map((row) => row.review_id),
          exportedAt: new Date().toISOString(),
        };
        await writeFile(`${options.out}.manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
        const summary = Object.entries(labels)
          .map(([label, count]) => `${label} ${count}`)
          .join(', ');
        print(
          `wrote ${result.rows.length} labelled rows to ${options.out}${summary === '' ? '' : ` (${summary})`}` +
            (result.skippedWithoutText > 0
              ? `; ${result.skippedWithoutText} decided items skipped: their policy stored only a redacted excerpt`
              : ''),
        );
      });
    });
  return command;
}
