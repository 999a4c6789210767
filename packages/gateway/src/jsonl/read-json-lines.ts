import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { GuardError } from '@palisade/guard';

/** One parsed JSON Lines row with its 1-based line number. */
export interface JsonLine {
  readonly line: number;
  readonly value: Record<string, unknown>;
  /** UTF-16 length of the raw line plus its newline (progress reporting). */
  readonly length: number;
}

/** Opens a file path, or standard input for `-`. */
export function openInput(path: string): Readable {
  return path === '-' ? process.stdin : createReadStream(path);
}

/**
 * Streams JSON objects from a JSON Lines source in constant memory. Blank lines are skipped.
 * A malformed line throws GuardError('invalid-input') whose message starts with `line N:`,
 * after every earlier row has been yielded.
 *
 * @example
 * for await (const { line, value } of readJsonLines(openInput('rows.jsonl'))) handle(value);
 */
export async function* readJsonLines(source: Readable): AsyncGenerator<JsonLine> {
  const lines = createInterface({ input: source, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  try {
    for await (const raw of lines) {
      line += 1;
      if (raw.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch (error) {
        const reason = error instanceof Error ? error.message : 'invalid JSON';
        throw new GuardError('invalid-input', `line ${line}: invalid JSON (${reason})`, { details: { line } });
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new GuardError('invalid-input', `line ${line}: expected a JSON object`, { details: { line } });
      }
      yield { line, value: value as Record<string, unknown>, length: raw.length + 1 };
    }
  } finally {
    lines.close();
  }
}
