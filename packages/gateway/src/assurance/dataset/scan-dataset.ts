import { once } from 'node:events';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import type { Writable } from 'node:stream';
import {
  builtinScanners,
  createGuard,
  createRegistry,
  type Decision,
  type Guard,
  policyFromScanners,
} from '@palisade/guard';
import { eld } from 'eld/small';
import { percentile } from '../../evaluation/percentile.js';
import {
  balanceRatios,
  countDemographicTerms,
  type DemographicCounts,
  emptyDemographicCounts,
} from '../demographics/demographic-terms.js';
import { MinHashIndex, minHash, normalizeForDeduplication } from './min-hash.js';
import { type DatasetFormat, type DatasetRow, readDatasetRows } from './read-dataset-rows.js';
import type { ChatIssue } from './validate-chat-row.js';

/** The scanners a dataset scan runs when they are built in. */
export const defaultDatasetScanners = [
  'pii',
  'secrets',
  'prompt-injection',
  'indirect-injection',
  'toxicity',
  'harmful-request',
];

/** Options for {@link scanDataset}. */
export interface DatasetScanOptions {
  readonly file: string;
  readonly format: DatasetFormat;
  readonly textField: string;
  readonly scanners?: readonly string[];
  /** Write a cleaned copy: flagged rows dropped, PII redacted; a change log beside it (`.log.jsonl`). */
  readonly cleanFile?: string;
  /** A second file (e.g. the test split) checked for overlap with this one. */
  readonly compareFile?: string;
  /** Near-duplicate threshold on estimated Jaccard similarity. */
  readonly nearDuplicateThreshold?: number;
  readonly onProgress?: (bytes: number, total: number) => void;
}

/** The machine-readable report (`palisade.dataset-scan/v1`). */
export interface DatasetReport {
  readonly schema: 'palisade.dataset-scan/v1';
  readonly file: string;
  readonly format: DatasetFormat;
  readonly rows: number;
  readonly rowsWithErrors: number;
  readonly issues: { readonly total: number; readonly byCode: Record<string, number>; readonly examples: ChatIssue[] };
  readonly scanners: { readonly ran: readonly string[]; readonly unavailable: readonly string[] };
  readonly findings: {
    readonly flaggedRows: number;
    readonly piiRows: number;
    readonly rowsByScanner: Record<string, number>;
    readonly byCategory: Record<string, number>;
    readonly examples: { line: number; scanner: string; category: string; score?: number }[];
  };
  readonly duplicates: {
    readonly exact: number;
    readonly near: number;
    readonly examples: { line: number; duplicateOf: number; similarity: number }[];
  };
  readonly contamination?: {
    readonly compareFile: string;
    readonly compareRows: number;
    readonly exact: number;
    readonly near: number;
    readonly examples: { line: number; compareLine: number; similarity: number }[];
  };
  readonly statistics: {
    readonly characters: { min: number; mean: number; p50: number; p95: number; max: number };
    readonly turnsPerRow: { mean: number; max: number };
    readonly roles: Record<string, number>;
    readonly languages: Record<string, number>;
  };
  readonly demographics: { readonly counts: DemographicCounts; readonly balance: Record<string, number | null> };
  readonly clean?: {
    readonly file: string;
    readonly log: string;
    readonly kept: number;
    readonly dropped: number;
    readonly redacted: number;
  };
}

const exampleLimit = 100;
const reservoirSize = 10_000;

function increment(map: Record<string, number>, key: string, by = 1): void {
  map[key] = (map[key] ?? 0) + by;
}

async function write(output: Writable, text: string): Promise<void> {
  if (!output.write(text)) await once(output, 'drain');
}

function rowText(row: DatasetRow): string {
  return row.turns.map((turn) => turn.content).join('\n');
}

async function indexCompareFile(
  options: DatasetScanOptions,
): Promise<{ index: MinHashIndex; exact: Map<string, number>; rows: number }> {
  const index = new MinHashIndex();
  const exact = new Map<string, number>();
  let rows = 0;
  for await (const row of readDatasetRows(
    createReadStream(options.compareFile ?? ''),
    options.format,
    options.textField,
  )) {
    const text = rowText(row);
    if (!text) continue;
    rows += 1;
    exact.set(normalizeForDeduplication(text), row.line);
    index.add(row.line, minHash(text));
  }
  return { index, exact, rows };
}

function rebuildRecord(
  row: DatasetRow,
  decisions: readonly Decision[],
  format: DatasetFormat,
  textField: string,
): Record<string, unknown> {
  if (format !== 'openai-chat') {
    const redacted = decisions[0]?.text;
    return redacted === undefined ? row.record : { ...row.record, [textField]: redacted };
  }
  let turn = 0;
  const messages = (row.record.messages as Record<string, unknown>[]).map((message) => {
    const content = message.content;
    const text =
      typeof content === 'string'
        ? content
        : Array.isArray(content)
          ? content
              .map((part) =>
                typeof (part as { text?: unknown })?.text === 'string' ? (part as { text: string }).text : '',
              )
              .join('\n')
          : undefined;
    if (!text) return message;
    const decision = decisions[turn];
    turn += 1;
    return decision?.text === undefined ? message : { ...message, content: decision.text };
  });
  return { ...row.record, messages };
}

/**
 * Scans a fine-tuning or RAG dataset in one streaming pass: schema validation with line numbers, Palisade
 * scanner findings per row, exact and MinHash/LSH near duplicates, contamination against a second file,
 * statistics (length, roles, languages) and demographic-term balance; optionally writes a cleaned copy.
 * Memory grows only with the duplicate index (32 band keys per row) and bounded samples.
 *
 * @example
 * const report = await scanDataset({ file: 'train.jsonl', format: 'openai-chat', textField: 'text' });
 */
export async function scanDataset(options: DatasetScanOptions): Promise<DatasetReport> {
  const registry = createRegistry(builtinScanners);
  const wanted = options.scanners ?? defaultDatasetScanners;
  const ran = wanted.filter((id) => registry.has(id));
  const unavailable = wanted.filter((id) => !registry.has(id));
  let guard: Guard | undefined;
  if (ran.length) guard = await createGuard({ policy: policyFromScanners(ran, registry, 'input'), registry });
  const compare = options.compareFile ? await indexCompareFile(options) : undefined;
  const threshold = options.nearDuplicateThreshold ?? 0.8;
  const duplicateIndex = new MinHashIndex();
  const seen = new Map<string, number>();
  const issuesByCode: Record<string, number> = {};
  const issueExamples: ChatIssue[] = [];
  const rowsByScanner: Record<string, number> = {};
  const byCategory: Record<string, number> = {};
  const findingExamples: DatasetReport['findings']['examples'] = [];
  const duplicateExamples: DatasetReport['duplicates']['examples'] = [];
  const contaminationExamples: NonNullable<DatasetReport['contamination']>['examples'] = [];
  const roles: Record<string, number> = {};
  const languages: Record<string, number> = {};
  const demographics = emptyDemographicCounts();
  const lengths: number[] = [];
  let rows = 0;
  let rowsWithErrors = 0;
  let issueTotal = 0;
  let flaggedRows = 0;
  let piiRows = 0;
  let exactDuplicates = 0;
  let nearDuplicates = 0;
  let exactContamination = 0;
  let nearContamination = 0;
  let totalCharacters = 0;
  let minimum = Number.POSITIVE_INFINITY;
  let maximum = 0;
  let turnTotal = 0;
  let maximumTurns = 0;
  let kept = 0;
  let dropped = 0;
  let redacted = 0;
  let randomState = 0x2545f491;
  const cleanOutput = options.cleanFile ? createWriteStream(options.cleanFile) : undefined;
  const logPath = options.cleanFile ? options.cleanFile.replace(/(\.jsonl)?$/, '.log.jsonl') : undefined;
  const logOutput = logPath ? createWriteStream(logPath) : undefined;
  const total = statSync(options.file).size;
  let bytes = 0;
  try {
    for await (const row of readDatasetRows(createReadStream(options.file), options.format, options.textField)) {
      rows += 1;
      const text = rowText(row);
      bytes += JSON.stringify(row.record).length + 1;
      options.onProgress?.(Math.min(bytes, total), total);
      issueTotal += row.issues.length;
      if (row.issues.some((issue) => issue.severity === 'error')) rowsWithErrors += 1;
      for (const issue of row.issues) {
        increment(issuesByCode, issue.code);
        if (issueExamples.length < exampleLimit) issueExamples.push(issue);
      }
      for (const turn of row.turns) increment(roles, turn.role);
      turnTotal += row.turns.length;
      maximumTurns = Math.max(maximumTurns, row.turns.length);
      totalCharacters += text.length;
      minimum = Math.min(minimum, text.length);
      maximum = Math.max(maximum, text.length);
      if (lengths.length < reservoirSize) lengths.push(text.length);
      else {
        randomState = (Math.imul(randomState, 1664525) + 1013904223) >>> 0;
        const slot = randomState % rows;
        if (slot < reservoirSize) lengths[slot] = text.length;
      }
      if (text.trim().length >= 20) {
        const detected = eld.detect(text.slice(0, 1000));
        increment(languages, detected.isReliable() ? detected.language : 'unknown');
      }
      countDemographicTerms(text, demographics);
      // Duplicates within the file.
      if (text) {
        const key = normalizeForDeduplication(text);
        const signature = minHash(text);
        const exactOf = seen.get(key);
        if (exactOf !== undefined) {
          exactDuplicates += 1;
          if (duplicateExamples.length < exampleLimit)
            duplicateExamples.push({ line: row.line, duplicateOf: exactOf, similarity: 1 });
        } else {
          const [near] = duplicateIndex.query(signature, threshold);
          if (near) {
            nearDuplicates += 1;
            if (duplicateExamples.length < exampleLimit)
              duplicateExamples.push({ line: row.line, duplicateOf: near.id, similarity: near.similarity });
          }
          seen.set(key, row.line);
          duplicateIndex.add(row.line, signature);
        }
        if (compare) {
          const exactLine = compare.exact.get(key);
          if (exactLine !== undefined) {
            exactContamination += 1;
            if (contaminationExamples.length < exampleLimit)
              contaminationExamples.push({ line: row.line, compareLine: exactLine, similarity: 1 });
          } else {
            const [near] = compare.index.query(signature, threshold);
            if (near) {
              nearContamination += 1;
              if (contaminationExamples.length < exampleLimit) {
                contaminationExamples.push({ line: row.line, compareLine: near.id, similarity: near.similarity });
              }
            }
          }
        }
      }
      // Scanner findings, per turn.
      const decisions: Decision[] = [];
      if (guard) {
        for (const turn of row.turns)
          decisions.push(await guard.check({ stage: 'input', text: turn.content, conversationId: `line-${row.line}` }));
      }
      const scannersHit = new Set<string>();
      let blocking = false;
      let hasEntity = false;
      for (const decision of decisions) {
        for (const finding of decision.findings) {
          scannersHit.add(finding.scanner);
          increment(byCategory, finding.category);
          if (finding.entity && finding.span) hasEntity = true;
          else blocking = true;
          if (findingExamples.length < exampleLimit) {
            findingExamples.push({
              line: row.line,
              scanner: finding.scanner,
              category: finding.category,
              ...(finding.score === undefined ? {} : { score: finding.score }),
            });
          }
        }
        if (decision.errors.length) blocking = true;
      }
      for (const scanner of scannersHit) increment(rowsByScanner, scanner);
      if (blocking) flaggedRows += 1;
      if (hasEntity) piiRows += 1;
      if (cleanOutput && logOutput) {
        const schemaBroken = row.issues.some((issue) => issue.severity === 'error');
        if (blocking || schemaBroken) {
          dropped += 1;
          const reasons = [
            ...row.issues.filter((issue) => issue.severity === 'error').map((issue) => `schema:${issue.code}`),
            ...decisions.flatMap((decision) =>
              decision.findings.filter((finding) => !finding.entity).map((finding) => finding.category),
            ),
          ];
          await write(
            logOutput,
            `${JSON.stringify({ line: row.line, change: 'dropped', reasons: [...new Set(reasons)] })}\n`,
          );
        } else {
          kept += 1;
          const record = hasEntity ? rebuildRecord(row, decisions, options.format, options.textField) : row.record;
          if (hasEntity) {
            redacted += 1;
            const entities = decisions.flatMap((decision) =>
              decision.findings.flatMap((finding) => (finding.entity ? [finding.entity] : [])),
            );
            await write(
              logOutput,
              `${JSON.stringify({ line: row.line, change: 'redacted', entities: [...new Set(entities)] })}\n`,
            );
          }
          await write(cleanOutput, `${JSON.stringify(record)}\n`);
        }
      }
    }
  } finally {
    await guard?.close();
    for (const stream of [cleanOutput, logOutput]) {
      if (stream) {
        stream.end();
        await once(stream, 'finish');
      }
    }
  }
  return {
    schema: 'palisade.dataset-scan/v1',
    file: options.file,
    format: options.format,
    rows,
    rowsWithErrors,
    issues: { total: issueTotal, byCode: issuesByCode, examples: issueExamples },
    scanners: { ran, unavailable },
    findings: { flaggedRows, piiRows, rowsByScanner, byCategory, examples: findingExamples },
    duplicates: { exact: exactDuplicates, near: nearDuplicates, examples: duplicateExamples },
    ...(compare
      ? {
          contamination: {
            compareFile: options.compareFile ?? '',
            compareRows: compare.rows,
            exact: exactContamination,
            near: nearContamination,
            examples: contaminationExamples,
          },
        }
      : {}),
    statistics: {
      characters: {
        min: rows ? minimum : 0,
        mean: rows ? totalCharacters / rows : 0,
        p50: percentile(lengths, 50),
        p95: percentile(lengths, 95),
        max: maximum,
      },
      turnsPerRow: { mean: rows ? turnTotal / rows : 0, max: maximumTurns },
      roles,
      languages,
    },
    demographics: { counts: demographics, balance: balanceRatios(demographics) },
    ...(options.cleanFile && logPath
      ? { clean: { file: options.cleanFile, log: logPath, kept, dropped, redacted } }
      : {}),
  };
}
