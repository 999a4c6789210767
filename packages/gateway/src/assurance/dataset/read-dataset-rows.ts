import type { Readable } from 'node:stream';
import { GuardError } from '@palisade/guard';
import { parse } from 'csv-parse';
import { readJsonLines } from '../../jsonl/read-json-lines.js';
import { type ChatIssue, type ChatTurn, validateChatRow } from './validate-chat-row.js';

/** Supported dataset layouts. */
export type DatasetFormat = 'openai-chat' | 'jsonl' | 'csv';

/** One dataset row: the original record, its texts and its schema issues. */
export interface DatasetRow {
  readonly line: number;
  readonly record: Record<string, unknown>;
  readonly turns: readonly ChatTurn[];
  readonly issues: readonly ChatIssue[];
}

/**
 * Streams rows of a dataset in constant memory. `openai-chat` rows are validated; `jsonl` and `csv` rows
 * give one text from `textField`. A row without that text is an issue, not a crash.
 *
 * @example
 * for await (const row of readDatasetRows(stream, 'openai-chat', 'text')) count(row.turns);
 */
export async function* readDatasetRows(
  source: Readable,
  format: DatasetFormat,
  textField: string,
): AsyncGenerator<DatasetRow> {
  if (format === 'csv') {
    const parser = source.pipe(
      parse({ columns: true, info: true, bom: true, relax_column_count: true, skip_empty_lines: true }),
    );
    for await (const entry of parser as AsyncIterable<{ record: Record<string, unknown>; info: { lines: number } }>) {
      const text = entry.record[textField];
      const line = entry.info.lines;
      yield typeof text === 'string' && text.trim()
        ? { line, record: entry.record, turns: [{ role: 'text', content: text }], issues: [] }
        : {
            line,
            record: entry.record,
            turns: [],
            issues: [
              { line, severity: 'error', code: 'content-empty', message: `column "${textField}" is missing or empty` },
            ],
          };
    }
    return;
  }
  for await (const { line, value } of readJsonLines(source)) {
    if (format === 'openai-chat') {
      const { issues, turns } = validateChatRow(value, line);
      yield { line, record: value, turns, issues };
      continue;
    }
    const text = value[textField];
    if (typeof text === 'string' && text.trim())
      yield { line, record: value, turns: [{ role: 'text', content: text }], issues: [] };
    else {
      yield {
        line,
        record: value,
        turns: [],
        issues: [
          { line, severity: 'error', code: 'content-empty', message: `field "${textField}" is missing or empty` },
        ],
      };
    }
  }
}

/**
 * Guesses the format from the file name and, for JSON Lines, the first row.
 *
 * @example
 * detectFormat('train.csv', undefined) // 'csv'
 */
export function detectFormat(path: string, firstRow: Record<string, unknown> | undefined): DatasetFormat {
  if (/\.csv$/i.test(path)) return 'csv';
  if (firstRow && Array.isArray(firstRow.messages)) return 'openai-chat';
  if (/\.(jsonl|ndjson|json)$/i.test(path) || firstRow) return 'jsonl';
  throw new GuardError('invalid-input', `cannot tell the format of ${path}: pass --format`);
}
