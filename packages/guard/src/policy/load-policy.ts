import { type Document, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { z } from 'zod';
import { GuardError, type GuardErrorCode } from '../errors.js';
import type { Registry } from '../scanner/create-registry.js';
import type { Stage } from '../scanner/types.js';
import { finalizePolicy, type Policy } from './policy.js';
import { PolicyDocument } from './policy-schema.js';

/** Options for {@link loadPolicy}. */
export interface LoadPolicyOptions {
  /** File name used in error messages (default `policy.yaml`). */
  file?: string;
  /** Scanner ids and configs are checked against this registry. */
  registry: Registry;
}

/** One validation problem with its location. */
export interface PolicyIssue {
  readonly code: GuardErrorCode;
  readonly path: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

type PathSegment = string | number;

/** Names of findings the pipeline itself produces; rules may name them although no scanner is configured. */
export const pipelineScannerNames: readonly string[] = ['tool-policy', 'source-trust'];

const policyStages: readonly Stage[] = ['input', 'output', 'retrieval', 'tool'];

/**
 * Parses and validates a YAML policy: zod schema, scanner ids and each scanner's own config schema.
 * Returns a deeply frozen {@link Policy}. Errors are `GuardError`s whose message lines read
 * `file:line:col: path.to.key: expected …, got …` (first problem first; all problems in `details.issues`).
 *
 * @example
 * const policy = await loadPolicy(await readFile('policy.yaml', 'utf8'), { file: 'policy.yaml', registry });
 */
export async function loadPolicy(source: string, options: LoadPolicyOptions): Promise<Policy> {
  const file = options.file ?? 'policy.yaml';
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    const issues = document.errors.map((error): PolicyIssue => {
      const position = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
      const firstLine = error.message.split('\n')[0] ?? error.code;
      return { code: 'policy-invalid', path: '', line: position.line, column: position.col, message: firstLine };
    });
    throw policyError(file, issues);
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new GuardError('policy-invalid', `${file}:1:1: the YAML could not be read (too many aliases?)`, {
      cause: error,
      details: { file, line: 1, column: 1 },
    });
  }
  const locate = createLocator(document, lineCounter);

  const parsed = PolicyDocument.safeParse(value ?? {});
  if (!parsed.success) {
    throw policyError(
      file,
      parsed.error.issues.map((issue) => toPolicyIssue('policy-invalid', issue, [], value, locate)),
    );
  }
  const policyDocument = parsed.data;

  const issues: PolicyIssue[] = [];
  for (const stage of policyStages) {
    const stagePolicy = policyDocument[stage];
    if (!stagePolicy) continue;
    const names = new Set<string>();
    stagePolicy.scanners.forEach((entry, index) => {
      const entryPath: PathSegment[] = [stage, 'scanners', index];
      const name = entry.name ?? entry.use;
      if (names.has(name)) {
        issues.push(
          locatedIssue(
            'policy-invalid',
            [...entryPath, entry.name === undefined ? 'use' : 'name'],
            `duplicate scanner name "${name}" in this stage; give one of them a distinct "name"`,
            locate,
          ),
        );
      }
      names.add(name);
      if (!options.registry.has(entry.use)) {
        const known = options.registry.ids().join(', ');
        issues.push(
          locatedIssue(
            'scanner-unknown',
            [...entryPath, 'use'],
            `expected a registered scanner id (${known}), got "${entry.use}"`,
            locate,
          ),
        );
        return;
      }
      const definition = options.registry.get(entry.use);
      if (!definition.stages.includes(stage)) {
        issues.push(
          locatedIssue(
            'policy-invalid',
            [...entryPath, 'use'],
            `expected a scanner for stage ${stage}, got "${entry.use}" (stages: ${definition.stages.join(', ')})`,
            locate,
          ),
        );
      }
      const configResult = definition.configSchema.safeParse(entry.config ?? {});
      if (!configResult.success) {
        const configValue = entry.config ?? {};
        for (const issue of configResult.error.issues) {
          issues.push(toPolicyIssue('scanner-config-invalid', issue, [...entryPath, 'config'], configValue, locate));
        }
        return;
      }
      (entry as { config?: unknown }).config = configResult.data;
    });
    stagePolicy.rules.forEach((rule, index) => {
      const scanner = rule.when.scanner;
      if (scanner === undefined || scanner.includes('*')) return;
      if (!names.has(scanner) && !pipelineScannerNames.includes(scanner)) {
        issues.push(
          locatedIssue(
            'policy-invalid',
            [stage, 'rules', index, 'when', 'scanner'],
            `expected a scanner this stage runs (${[...names].join(', ') || 'none'}), got "${scanner}"`,
            locate,
          ),
        );
      }
    });
  }
  if (issues.length > 0) throw policyError(file, issues);
  return finalizePolicy(policyDocument);
}

type Locator = (path: readonly PathSegment[], keyOnly?: boolean) => { line: number; column: number };

function createLocator(document: Document, lineCounter: LineCounter): Locator {
  return (path, keyOnly = false) => {
    let node: unknown = document.contents;
    let offset = rangeStart(node) ?? 0;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === segment);
        if (!pair) break;
        const keyStart = rangeStart(pair.key);
        offset = keyStart ?? offset;
        node = pair.value;
        if (segment === path[path.length - 1] && keyOnly) break;
        offset = rangeStart(node) ?? offset;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment];
        if (item === undefined) break;
        node = item;
        offset = rangeStart(node) ?? offset;
      } else {
        break;
      }
    }
    const position = lineCounter.linePos(offset);
    return { line: position.line, column: position.col };
  };
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}

function toPolicyIssue(
  code: GuardErrorCode,
  issue: z.core.$ZodIssue,
  prefix: readonly PathSegment[],
  root: unknown,
  locate: Locator,
): PolicyIssue {
  const relative = issue.path.filter((segment): segment is PathSegment => typeof segment !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const path = [...prefix, ...relative, key];
    const more = issue.keys.length > 1 ? ` (and ${issue.keys.slice(1).join(', ')})` : '';
    return locatedIssue(code, path, `unknown key "${key}"${more}`, locate, true);
  }
  const actual = valueAt(root, relative);
  return locatedIssue(code, [...prefix, ...relative], describeIssue(issue, actual), locate);
}

function locatedIssue(
  code: GuardErrorCode,
  path: readonly PathSegment[],
  message: string,
  locate: Locator,
  keyOnly = false,
): PolicyIssue {
  const { line, column } = locate(path, keyOnly);
  return { code, path: formatPath(path), line, column, message };
}

function describeIssue(issue: z.core.$ZodIssue, actual: unknown): string {
  const got = `got ${describeValue(actual)}`;
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}, ${got}`;
    case 'invalid_value':
      return `expected ${issue.values.map((value) => JSON.stringify(value)).join(' | ')}, ${got}`;
    case 'invalid_union': {
      if ('options' in issue && Array.isArray(issue.options)) {
        return `expected ${(issue.options as unknown[]).map((value) => JSON.stringify(value)).join(' | ')}, ${got}`;
      }
      return `expected one of the allowed shapes, ${got}`;
    }
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const comparison = issue.code === 'too_small' ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
      const unit =
        issue.origin === 'string' ? ' characters' : issue.origin === 'array' || issue.origin === 'set' ? ' items' : '';
      const measured =
        issue.origin === 'string' && typeof actual === 'string'
          ? `${actual.length} characters`
          : issue.origin === 'array' && Array.isArray(actual)
            ? `${actual.length} items`
            : describeValue(actual);
      return `expected ${unit ? 'length ' : ''}${comparison} ${String(bound)}${unit}, got ${measured}`;
    }
    case 'invalid_format':
      if (issue.format === 'regex' && 'pattern' in issue) {
        return `expected a string matching ${String(issue.pattern)}, ${got}`;
      }
      return `expected ${issue.format}, ${got}`;
    case 'not_multiple_of':
      return `expected a multiple of ${String(issue.divisor)}, ${got}`;
    default: {
      const message = issue.message;
      return message.includes(' got ') ? message : `${message}, ${got}`;
    }
  }
}

/** Describes a value for an error message without echoing long strings. */
function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 37)}...` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let current = root;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PathSegment, unknown>)[segment];
  }
  return current;
}

function formatPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text === '' ? '(root)' : text;
}

function policyError(file: string, issues: readonly PolicyIssue[]): GuardError {
  const sorted = [...issues];
  const first = sorted[0];
  const code: GuardErrorCode = first?.code ?? 'policy-invalid';
  const lines = sorted.map((issue) =>
    issue.path === ''
      ? `${file}:${issue.line}:${issue.column}: ${issue.message}`
      : `${file}:${issue.line}:${issue.column}: ${issue.path}: ${issue.message}`,
  );
  return new GuardError(code, lines.join('\n'), {
    details: { file, line: first?.line ?? 1, column: first?.column ?? 1, path: first?.path ?? '', issues: sorted },
  });
}
