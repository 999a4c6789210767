import { GuardError } from '@palisade/guard';
import { Command } from 'commander';
import { type ClassifiedRow, classificationReport } from '../../evaluation/classification-metrics.js';
import { SpanEvaluator, type TypedSpan } from '../../evaluation/span-metrics.js';
import { openInput, readJsonLines } from '../../jsonl/read-json-lines.js';
import { formatEvaluation } from './format-evaluation.js';

/** Labels treated as positive when `--positive` is not given. */
export const defaultPositiveLabels = [
  'injection',
  'jailbreak',
  'harmful',
  'toxic',
  'unsafe',
  'attack',
  'positive',
  '1',
  'true',
];

interface EvalOptions {
  input: string;
  labelField: string;
  positive?: string;
  entitiesField?: string;
  groupField?: string;
  json?: boolean;
}

interface PalisadeField {
  action: string;
  score: number;
  latencyMs?: number;
  findings: { start?: number; end?: number; category: string; entity?: string }[];
}

function readPalisade(value: Record<string, unknown>, line: number): PalisadeField {
  const field = value.palisade as Partial<PalisadeField> | undefined;
  if (typeof field !== 'object' || field === null || typeof field.action !== 'string') {
    throw new GuardError('invalid-input', `line ${line}: missing "palisade" field (run palisade scan first)`);
  }
  return {
    action: field.action,
    score: typeof field.score === 'number' ? field.score : 0,
    latencyMs: typeof field.latencyMs === 'number' ? field.latencyMs : undefined,
    findings: Array.isArray(field.findings) ? field.findings : [],
  };
}

function readGold(value: unknown, line: number, field: string): TypedSpan[] {
  if (!Array.isArray(value)) throw new GuardError('invalid-input', `line ${line}: "${field}" must be an array`);
  return value.map((entity, index) => {
    const span = entity as Partial<TypedSpan>;
    if (typeof span.type !== 'string' || typeof span.start !== 'number' || typeof span.end !== 'number') {
      throw new GuardError('invalid-input', `line ${line}: ${field}[${index}] needs type, start and end`);
    }
    return { type: span.type, start: span.start, end: span.end };
  });
}

/** Runs the evaluation and returns the report object that is printed. */
export async function runEval(options: EvalOptions): Promise<Record<string, unknown>> {
  const positives = new Set(
    (options.positive ? options.positive.split(',') : defaultPositiveLabels).map((label) => label.trim().toLowerCase()),
  );
  const rows: ClassifiedRow[] = [];
  const spans = options.entitiesField ? new SpanEvaluator() : undefined;
  const latencies: number[] = [];
  for await (const { line, value } of readJsonLines(openInput(options.input))) {
    const palisade = readPalisade(value, line);
    if (palisade.latencyMs !== undefined) latencies.push(palisade.latencyMs);
    if (spans && options.entitiesField) {
      const gold = readGold(value[options.entitiesField] ?? [], line, options.entitiesField);
      const predicted = palisade.findings.flatMap((finding) =>
        typeof finding.start === 'number' && typeof finding.end === 'number'
          ? [{ type: finding.entity ?? finding.category, start: finding.start, end: finding.end }]
          : [],
      );
      spans.add(gold, predicted);
      continue;
    }
    const label = value[options.labelField];
    if (label === undefined || label === null) {
      throw new GuardError('invalid-input', `line ${line}: missing label field "${options.labelField}"`);
    }
    const group = options.groupField ? value[options.groupField] : undefined;
    rows.push({
      positive: positives.has(String(label).toLowerCase()),
      flagged: palisade.action !== 'allow',
      score: palisade.score,
      latencyMs: palisade.latencyMs,
      group: group === undefined || group === null ? undefined : String(group),
    });
  }
  if (spans) {
    const sorted = [...latencies].sort((a, b) => a - b);
    const at = (rank: number) =>
      sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((rank / 100) * sorted.length) - 1))] ?? 0;
    return {
      task: 'spans',
      ...spans.report(),
      latencyMs: sorted.length ? { p50: at(50), p95: at(95), p99: at(99) } : null,
    };
  }
  return { task: 'classification', ...classificationReport(rows) };
}

/**
 * `palisade eval`: metrics from a scanned, labelled JSONL file.
 *
 * @example
 * palisade eval --input scanned.jsonl --positive injection,jailbreak --group-field lang
 */
export function evalCommand(): Command {
  return new Command('eval')
    .description('precision, recall, F1, FPR, AUROC, per-group rates and latency from `palisade scan` output')
    .requiredOption('--input <file|->', 'scanned JSON Lines (output of palisade scan)')
    .option('--label-field <name>', 'gold label field', 'label')
    .option('--positive <labels>', `comma-separated positive labels (default: ${defaultPositiveLabels.join(',')})`)
    .option('--entities-field <name>', 'gold spans field [{type,start,end}]: span P/R/F1 per type, exact and overlap')
    .option('--group-field <name>', 'report recall and FPR per value of this field')
    .option('--json', 'print JSON instead of a table')
    .action(async (options: EvalOptions) => {
      const report = await runEval(options);
      process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatEvaluation(report));
    });
}
