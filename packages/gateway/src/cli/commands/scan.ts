import { once } from 'node:events';
import { createWriteStream, readFileSync, statSync } from 'node:fs';
import type { Writable } from 'node:stream';
import {
  builtinScanners,
  type ChatMessage,
  type ContextDocument,
  createGuard,
  createRegistry,
  type Decision,
  GuardError,
  type GuardRequest,
  loadPolicy,
  policyFromScanners,
  type Stage,
  stages,
} from '@palisade/guard';
import { Command } from 'commander';
import { openInput, readJsonLines } from '../../jsonl/read-json-lines.js';
import { createProgress } from '../progress.js';

interface ScanOptions {
  scanners?: string;
  policy?: string;
  input: string;
  output: string;
  textField: string;
  stage: string;
}

/** The `palisade` field added to every scanned row. */
export interface ScanRowResult {
  action: string;
  effective?: string;
  score: number;
  findings: {
    scanner: string;
    category: string;
    score?: number;
    start?: number;
    end?: number;
    entity?: string;
    documentId?: string;
  }[];
  errors?: { scanner: string; code: string }[];
  latencyMs: number;
}

function toDocuments(value: unknown, line: number): ContextDocument[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new GuardError('invalid-input', `line ${line}: "documents" must be an array`);
  return value.map((document, index) => {
    if (typeof document === 'string') return { id: String(index), text: document };
    const candidate = document as Partial<ContextDocument>;
    if (typeof candidate?.text !== 'string') {
      throw new GuardError('invalid-input', `line ${line}: documents[${index}] needs a string "text"`);
    }
    return {
      id: candidate.id === undefined ? String(index) : String(candidate.id),
      text: candidate.text,
      ...(typeof candidate.source === 'string' ? { source: candidate.source } : {}),
    };
  });
}

function toMessages(value: unknown, line: number): ChatMessage[] {
  if (!Array.isArray(value)) throw new GuardError('invalid-input', `line ${line}: "messages" must be an array`);
  return value.map((message, index) => {
    const candidate = message as { role?: unknown; content?: unknown };
    if (typeof candidate?.role !== 'string' || typeof candidate.content !== 'string') {
      throw new GuardError('invalid-input', `line ${line}: messages[${index}] needs string role and content`);
    }
    return { role: candidate.role as ChatMessage['role'], content: candidate.content };
  });
}

/** Builds the guard request for one row of the batch contract. */
export function requestForRow(
  row: Record<string, unknown>,
  line: number,
  stage: Stage,
  textField: string,
): GuardRequest {
  const text = row[textField];
  const documents = toDocuments(row.documents, line);
  const system = typeof row.system === 'string' ? row.system : undefined;
  if (stage === 'retrieval') {
    if (documents) return { stage, documents };
    if (typeof text !== 'string')
      throw new GuardError('invalid-input', `line ${line}: missing string field "${textField}" or "documents"`);
    return { stage, documents: [{ id: String(row.id ?? line), text }] };
  }
  if (stage === 'tool') {
    if (typeof text !== 'string')
      throw new GuardError('invalid-input', `line ${line}: missing string field "${textField}"`);
    const call = row.call as { name?: unknown; arguments?: unknown } | undefined;
    return {
      stage,
      result: text,
      ...(typeof row.tool === 'string' ? { toolName: row.tool } : {}),
      ...(call && typeof call.name === 'string'
        ? {
            call: {
              name: call.name,
              arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {}),
            },
          }
        : {}),
    };
  }
  if (typeof text !== 'string') {
    if (stage === 'input' && row.messages !== undefined) return { stage, messages: toMessages(row.messages, line) };
    throw new GuardError('invalid-input', `line ${line}: missing string field "${textField}"`);
  }
  return {
    stage,
    text,
    ...(system === undefined ? {} : { system }),
    ...(documents ? { documents } : {}),
    ...(typeof row.prompt === 'string' ? { prompt: row.prompt } : {}),
    ...(typeof row.canary === 'string' ? { canary: row.canary } : {}),
  };
}

/** The `palisade` field for a decision. */
export function rowResult(decision: Decision): ScanRowResult {
  return {
    action: decision.action,
    ...(decision.effective !== decision.action ? { effective: decision.effective } : {}),
    score: Math.round(decision.score * 1e6) / 1e6,
    findings: decision.findings.map((finding) => ({
      scanner: finding.scanner,
      category: finding.category,
      ...(finding.score === undefined ? {} : { score: Math.round(finding.score * 1e6) / 1e6 }),
      ...(finding.span ? { start: finding.span.start, end: finding.span.end } : {}),
      ...(finding.entity ? { entity: finding.entity } : {}),
      ...(typeof finding.metadata?.documentId === 'string' ? { documentId: finding.metadata.documentId } : {}),
    })),
    ...(decision.errors.length
      ? { errors: decision.errors.map((error) => ({ scanner: error.scanner, code: error.code })) }
      : {}),
    latencyMs: Math.round(decision.totalLatencyMs * 1000) / 1000,
  };
}

async function write(output: Writable, text: string): Promise<void> {
  if (!output.write(text)) await once(output, 'drain');
}

/**
 * Runs `palisade scan`: every input row is written back unchanged plus a `palisade` field, in order.
 *
 * @example
 * await runScan({ scanners: 'pii,secrets', input: 'rows.jsonl', output: '-', textField: 'text', stage: 'input' });
 */
export async function runScan(options: ScanOptions): Promise<void> {
  if (!stages.includes(options.stage as Stage)) {
    throw new GuardError('invalid-input', `--stage must be one of ${stages.join('|')}`);
  }
  const stage = options.stage as Stage;
  if (Boolean(options.scanners) === Boolean(options.policy)) {
    throw new GuardError('invalid-input', 'give exactly one of --scanners <id,...> or --policy <file>');
  }
  const registry = createRegistry(builtinScanners);
  const policy = options.policy
    ? await loadPolicy(readFileSync(options.policy, 'utf8'), { file: options.policy, registry })
    : policyFromScanners(
        (options.scanners ?? '')
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean),
        registry,
        stage,
      );
  const guard = await createGuard({ policy, registry });
  const output: Writable = options.output === '-' ? process.stdout : createWriteStream(options.output);
  const progress = createProgress('scan');
  const total = options.input === '-' ? 0 : statSync(options.input).size;
  if (total) progress.start(total);
  let bytes = 0;
  try {
    for await (const { line, value, length } of readJsonLines(openInput(options.input))) {
      const decision = await guard.check({
        ...requestForRow(value, line, stage, options.textField),
        conversationId: `row-${line}`,
      });
      await write(output, `${JSON.stringify({ ...value, palisade: rowResult(decision) })}\n`);
      bytes += length;
      progress.update(Math.min(bytes, total));
    }
  } finally {
    progress.stop();
    await guard.close();
    if (output !== process.stdout) {
      output.end();
      await once(output, 'finish');
    }
  }
}

/**
 * `palisade scan`: the batch contract over JSON Lines.
 *
 * @example
 * palisade scan --scanners prompt-injection --input prompts.jsonl --output scanned.jsonl
 */
export function scanCommand(): Command {
  return new Command('scan')
    .description(
      'scan JSON Lines rows; every row is written back unchanged plus a "palisade" field with action, score, findings and latency',
    )
    .option('--scanners <ids>', 'comma-separated scanner ids, default config (any finding blocks, entities redact)')
    .option('--policy <file>', 'a policy YAML file instead of --scanners')
    .option('--input <file|->', 'JSON Lines input (- for standard input)', '-')
    .option('--output <file|->', 'JSON Lines output (- for standard output)', '-')
    .option('--text-field <name>', 'field holding the text', 'text')
    .option(
      '--stage <stage>',
      'input | output | retrieval | tool (rows may carry system, documents, prompt, call)',
      'input',
    )
    .action(async (options: ScanOptions) => {
      await runScan(options);
    });
}
