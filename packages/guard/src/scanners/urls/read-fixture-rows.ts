// Node-only test support: reads the JSONL fixtures that sit beside each output-rail scanner.
import { readFileSync } from 'node:fs';
import { GuardError } from '../../errors.js';
import type { BatchRow } from './run-batch-row.js';

/** A fixture row: a batch row plus what the scanner must report for it. */
export interface FixtureRow extends BatchRow {
  /** Categories that must be reported (empty: nothing may be reported). */
  readonly expect: readonly string[];
  readonly config?: unknown;
  readonly note?: string;
}

/**
 * Reads a JSONL fixture file; a malformed line throws with its line number.
 *
 * @example
 * const rows = readFixtureRows(new URL('./fixtures.jsonl', import.meta.url));
 */
export function readFixtureRows(location: URL): readonly FixtureRow[] {
  const lines = readFileSync(location, 'utf8').split('\n');
  const rows: FixtureRow[] = [];
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    try {
      rows.push(JSON.parse(line) as FixtureRow);
    } catch (error) {
      throw new GuardError('invalid-input', `${location.pathname}:${index + 1}: malformed JSON line`, { cause: error });
    }
  }
  return rows;
}
