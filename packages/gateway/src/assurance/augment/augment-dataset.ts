import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { readJsonLines } from '../../jsonl/read-json-lines.js';
import type { DatasetFormat } from '../dataset/read-dataset-rows.js';
import {
  balanceRatios,
  countDemographicTerms,
  type DemographicCounts,
  emptyDemographicCounts,
} from '../demographics/demographic-terms.js';
import {
  applyCounterfactual,
  type CounterfactualMapping,
  counterfactualMappings,
  type SwapRecord,
} from './counterfactual-swap.js';

/** Options for {@link augmentDataset}. */
export interface AugmentOptions {
  readonly file: string;
  readonly out: string;
  readonly format: Exclude<DatasetFormat, 'csv'>;
  readonly textField: string;
  /** Attributes to swap (default: all shipped mappings). */
  readonly attributes?: readonly string[];
}

/** What augmentation did, with the balance before and after. */
export interface AugmentReport {
  readonly rows: number;
  readonly variants: number;
  readonly log: string;
  readonly before: { counts: DemographicCounts; balance: Record<string, number | null> };
  readonly after: { counts: DemographicCounts; balance: Record<string, number | null> };
}

async function write(output: Writable, text: string): Promise<void> {
  if (!output.write(text)) await once(output, 'drain');
}

function transformRecord(
  record: Record<string, unknown>,
  mapping: CounterfactualMapping,
  format: AugmentOptions['format'],
  textField: string,
): { record: Record<string, unknown>; swaps: SwapRecord[] } {
  const swaps: SwapRecord[] = [];
  const swap = (text: string) => {
    const result = applyCounterfactual(text, mapping);
    swaps.push(...result.swaps);
    return result.text;
  };
  if (format === 'openai-chat' && Array.isArray(record.messages)) {
    // One mapping for the whole conversation keeps every turn consistent.
    const messages = (record.messages as Record<string, unknown>[]).map((message) =>
      typeof message.content === 'string' ? { ...message, content: swap(message.content) } : message,
    );
    return { record: { ...record, messages }, swaps };
  }
  const text = record[textField];
  return { record: typeof text === 'string' ? { ...record, [textField]: swap(text) } : record, swaps };
}

function textsOf(record: Record<string, unknown>, format: AugmentOptions['format'], textField: string): string {
  if (format === 'openai-chat' && Array.isArray(record.messages)) {
    return (record.messages as { content?: unknown }[])
      .map((message) => (typeof message.content === 'string' ? message.content : ''))
      .join('\n');
  }
  return typeof record[textField] === 'string' ? (record[textField] as string) : '';
}

/**
 * Counterfactual data augmentation: every row is copied, and each row that mentions a protected attribute
 * gets one variant per attribute with that attribute swapped consistently across the conversation. A log
 * (`<out>.log.jsonl`) records each variant's swaps; before/after demographic balance is returned.
 *
 * @example
 * await augmentDataset({ file: 'train.jsonl', out: 'augmented.jsonl', format: 'openai-chat', textField: 'text' });
 */
export async function augmentDataset(options: AugmentOptions): Promise<AugmentReport> {
  const mappings = counterfactualMappings.filter(
    (mapping) => !options.attributes || options.attributes.includes(mapping.attribute),
  );
  const output = createWriteStream(options.out);
  const logPath = options.out.replace(/(\.jsonl)?$/, '.log.jsonl');
  const log = createWriteStream(logPath);
  const before = emptyDemographicCounts();
  const after = emptyDemographicCounts();
  let rows = 0;
  let variants = 0;
  try {
    for await (const { line, value } of readJsonLines(createReadStream(options.file))) {
      rows += 1;
      const originalText = textsOf(value, options.format, options.textField);
      countDemographicTerms(originalText, before);
      countDemographicTerms(originalText, after);
      await write(output, `${JSON.stringify(value)}\n`);
      for (const mapping of mappings) {
        const { record, swaps } = transformRecord(value, mapping, options.format, options.textField);
        if (swaps.length === 0) continue;
        variants += 1;
        countDemographicTerms(textsOf(record, options.format, options.textField), after);
        await write(
          output,
          `${JSON.stringify({ ...record, counterfactual: { sourceLine: line, attribute: mapping.attribute } })}\n`,
        );
        await write(log, `${JSON.stringify({ line, attribute: mapping.attribute, swaps })}\n`);
      }
    }
  } finally {
    for (const stream of [output, log]) {
      stream.end();
      await once(stream, 'finish');
    }
  }
  return {
    rows,
    variants,
    log: logPath,
    before: { counts: before, balance: balanceRatios(before) },
    after: { counts: after, balance: balanceRatios(after) },
  };
}
