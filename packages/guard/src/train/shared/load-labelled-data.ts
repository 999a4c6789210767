// Node-only: reads labelled JSON Lines files for training.
import { readFileSync } from 'node:fs';
import { GuardError } from '../../errors.js';
import type { LabelledExample } from './labelled-example.js';
import { createSeededRandom, shuffleInPlace, stableHash } from './seeded-random.js';

/** The shared public data folder. */
export const sharedDataDirectory = process.env['PALISADE_DATA_DIR'] ?? '/work/shared/data';

/** A raw JSONL row. */
export type JsonRow = Record<string, unknown>;

/**
 * Reads a JSON Lines file; a malformed line throws GuardError 'invalid-input' with its line number.
 *
 * @example
 * const rows = readJsonLines('/work/shared/data/benign/oasst_eval_prompts.jsonl');
 */
export function readJsonLines(path: string): JsonRow[] {
  const rows: JsonRow[] = [];
  const lines = readFileSync(path, 'utf8').split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    try {
      rows.push(JSON.parse(line) as JsonRow);
    } catch (error) {
      throw new GuardError('invalid-input', `${path}:${index + 1}: not valid JSON`, { cause: error });
    }
  }
  return rows;
}

/** How to turn one file into examples. */
export interface DataFileSpec {
  /** Path of the JSONL file. */
  readonly path: string;
  /** Source tag; defaults to the file name without extension. */
  readonly source?: string;
  /** Labels counted as positive; everything else is negative. */
  readonly positiveLabels: readonly string[];
  /** Keep only rows for which this returns true. */
  readonly filter?: (row: JsonRow) => boolean;
  /** Deterministic subsample to at most this many rows. */
  readonly maxRows?: number;
  /** Training weight of each row. */
  readonly weight?: number;
}

/**
 * Loads examples from JSONL files, with deterministic subsampling.
 *
 * @example
 * const examples = loadLabelledFiles([{ path, positiveLabels: ['injection', 'jailbreak'] }], 42);
 */
export function loadLabelledFiles(specs: readonly DataFileSpec[], seed: number): LabelledExample[] {
  const examples: LabelledExample[] = [];
  for (const spec of specs) {
    const source = spec.source ?? (spec.path.split('/').pop() ?? spec.path).replace(/\.jsonl$/, '');
    let rows = readJsonLines(spec.path).filter(
      (row) => typeof row['text'] === 'string' && (row['text'] as string).trim() !== '',
    );
    if (spec.filter) rows = rows.filter(spec.filter);
    if (spec.maxRows !== undefined && rows.length > spec.maxRows) {
      rows = shuffleInPlace(rows, createSeededRandom(seed ^ stableHash(source))).slice(0, spec.maxRows);
    }
    for (const row of rows) {
      const text = row['text'] as string;
      const label = typeof row['label'] === 'string' && spec.positiveLabels.includes(row['label']) ? 1 : 0;
      const sourceId = row['source_id'];
      const example: LabelledExample = {
        text,
        label,
        source,
        group:
          typeof sourceId === 'string' || typeof sourceId === 'number' ? `${source}#${sourceId}` : `${source}#${text}`,
        ...(typeof row['category'] === 'string' ? { category: row['category'] } : {}),
        ...(typeof row['lang'] === 'string' ? { language: row['lang'] } : {}),
        ...(spec.weight !== undefined ? { weight: spec.weight } : {}),
      };
      examples.push(example);
    }
  }
  return examples;
}
