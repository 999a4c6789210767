import { type OutputUnit, type Schema, Validator } from '@cfworker/json-schema';
import { RE2JS } from 're2js';
import { z } from 'zod';
import { GuardError } from '../../errors.js';
import { defineScanner } from '../../scanner/define-scanner.js';
import type { Finding, ScanOutcome, Span } from '../../scanner/types.js';
import { locateJsonValue } from './locate-json-value.js';
import { type RepairedJson, repairJson } from './repair-json.js';

/**
 * Config of the `json-schema` scanner.
 *
 * @example
 * JsonSchemaConfig.parse({ schema: { type: 'object', required: ['answer'] }, repair: true });
 */
export const JsonSchemaConfig = z
  .object({
    /** The JSON Schema the answer must match (object or boolean schema). */
    schema: z.union([z.boolean(), z.record(z.string(), z.unknown())]).optional(),
    /** Tool stage: a schema per tool name (`context.toolName`), e.g. for tool-call arguments. */
    tools: z.record(z.string(), z.union([z.boolean(), z.record(z.string(), z.unknown())])).default({}),
    /** JSON Schema draft of `schema`. */
    draft: z.enum(['4', '7', '2019-09', '2020-12']).default('2020-12'),
    /** Repair code fences, surrounding prose and trailing commas before giving up. */
    repair: z.boolean().default(false),
    /** At most this many `json.schema` findings per answer. */
    maxErrors: z.number().int().min(1).max(1000).default(20),
  })
  .strict()
  .refine((config) => config.schema !== undefined || Object.keys(config.tools).length > 0, {
    message: 'json-schema needs "schema" or "tools"',
  });
export type JsonSchemaConfig = z.infer<typeof JsonSchemaConfig>;

function compile(
  schema: boolean | Record<string, unknown>,
  draft: JsonSchemaConfig['draft'],
  where: string,
): Validator {
  checkPatterns(schema, where);
  try {
    // The validator annotates the schema object it is given; policies are deep-frozen, so it gets
    // its own copy.
    return new Validator(structuredClone(schema) as Schema | boolean, draft, false);
  } catch (error) {
    throw new GuardError('scanner-config-invalid', `json-schema: the schema at ${where} could not be compiled`, {
      cause: error,
    });
  }
}

// Errors that only say "a child failed": the child's own error is the useful one.
const containerKeywords = new Set([
  'properties',
  'items',
  'prefixItems',
  'additionalItems',
  'unevaluatedItems',
  '$ref',
  '$recursiveRef',
  '$dynamicRef',
  'allOf',
  'patternProperties',
  'dependentSchemas',
  'then',
  'else',
  'false',
]);
const numericKeywords = new Set(['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf']);

interface PatternGroup {
  /** The group holds a quantifier or an alternation. */
  ambiguous: boolean;
  /** Where each top-level alternative of the group starts. */
  readonly branches: number[];
}

/** Every alternative starts with its own unquantified literal: each repetition is unambiguous. */
function anchored(pattern: string, branches: readonly number[]): boolean {
  const firsts = new Set<string>();
  for (const start of branches) {
    if (!startsWithLiteral(pattern, start)) return false;
    const first = pattern[start] === '\\' ? pattern.slice(start, start + 2) : (pattern[start] ?? '');
    if (firsts.has(first.toLowerCase())) return false;
    firsts.add(first.toLowerCase());
  }
  return true;
}

function startsWithLiteral(pattern: string, contentStart: number): boolean {
  const first = pattern[contentStart] ?? '';
  let atomEnd = contentStart + 1;
  if (first === '\\') {
    const escaped = pattern[contentStart + 1] ?? '';
    if (/[A-Za-z0-9]/.test(escaped)) return false;
    atomEnd = contentStart + 2;
  } else if ('.[()|^$*+?{'.includes(first) || first === '') {
    return false;
  }
  return !'*+?{'.includes(pattern[atomEnd] ?? '');
}

/**
 * Rejects patterns that a backtracking engine could take exponential time on: the validator runs
 * `pattern` with RegExp on text the model wrote. Must compile in RE2 (no backreferences or
 * lookaround) and have no quantified group that holds a quantifier or alternation, unless every
 * repetition starts with a fixed literal (`(?:-[a-z]+)*` is fine, `(a+)+` and `(a|ab)*` are not).
 */
function assertSafePattern(pattern: string, where: string): void {
  try {
    RE2JS.compile(pattern);
  } catch (error) {
    throw new GuardError('pattern-unsafe', `${where}: pattern is not a linear-time regular expression`, {
      cause: error,
    });
  }
  const groups: PatternGroup[] = [];
  let inClass = false;
  for (let index = 0; index < pattern.length; index++) {
    const character = pattern[index] ?? '';
    if (character === '\\') {
      index++;
      continue;
    }
    if (inClass) {
      inClass = character !== ']';
      continue;
    }
    const current = groups[groups.length - 1];
    if (character === '[') inClass = true;
    else if (character === '(') {
      let contentStart = index + 1;
      if (pattern[contentStart] === '?') {
        const close = pattern[contentStart + 1] === '<' ? pattern.indexOf('>', contentStart) : contentStart + 1;
        contentStart = close + 1;
      }
      groups.push({ ambiguous: false, branches: [contentStart] });
      index = contentStart - 1;
    } else if (character === ')') {
      const group = groups.pop();
      const next = pattern[index + 1] ?? '';
      if (group?.ambiguous && '*+{'.includes(next) && !anchored(pattern, group.branches)) {
        throw new GuardError('pattern-unsafe', `${where}: nested quantifiers can backtrack exponentially`);
      }
      const parent = groups[groups.length - 1];
      if (parent && (group?.ambiguous || '*+?{'.includes(next))) parent.ambiguous = true;
    } else if (current && '*+?{|'.includes(character)) {
      current.ambiguous = true;
      if (character === '|') current.branches.push(index + 1);
    }
  }
}

function checkPatterns(schema: unknown, where: string): void {
  if (Array.isArray(schema)) {
    schema.forEach((item, index) => {
      checkPatterns(item, `${where}/${index}`);
    });
    return;
  }
  if (typeof schema !== 'object' || schema === null) return;
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'pattern' && typeof value === 'string') assertSafePattern(value, `${where}/pattern`);
    if (key === 'patternProperties' && typeof value === 'object' && value !== null) {
      for (const pattern of Object.keys(value)) assertSafePattern(pattern, `${where}/patternProperties`);
    }
    if (key !== 'const' && key !== 'enum' && key !== 'default' && key !== 'examples')
      checkPatterns(value, `${where}/${key}`);
  }
}

function pointerSegments(pointer: string): string[] {
  return pointer
    .replace(/^#/, '')
    .split('/')
    .slice(1)
    .map((segment) => {
      let decoded = segment;
      try {
        decoded = decodeURI(segment);
      } catch {
        // keep the raw segment
      }
      return decoded.replace(/%23/g, '#').replace(/~1/g, '/').replace(/~0/g, '~');
    });
}

/**
 * Formats path segments as a JSONPath (`$.items[0].name`), using the parsed value to tell array
 * indexes from object keys.
 *
 * @example
 * jsonPath(['items', '0', 'name'], { items: [{ name: 'x' }] }); // '$.items[0].name'
 */
export function jsonPath(segments: readonly string[], value: unknown): string {
  let path = '$';
  let current: unknown = value;
  for (const segment of segments) {
    if (Array.isArray(current)) {
      path += `[${segment}]`;
      current = current[Number(segment)];
    } else {
      path += /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`;
      current =
        typeof current === 'object' && current !== null ? (current as Record<string, unknown>)[segment] : undefined;
    }
  }
  return path;
}

function safeMessage(unit: OutputUnit): string {
  // The validator's numeric messages start with the instance value: replace it.
  if (numericKeywords.has(unit.keyword)) return unit.error.replace(/^\S+ is/, 'value is');
  if (unit.keyword === 'additionalProperties' || unit.keyword === 'unevaluatedProperties') {
    return 'property is not allowed';
  }
  return unit.error;
}

function parseErrorPosition(error: unknown): number | undefined {
  const match = /position (\d+)/.exec(error instanceof Error ? error.message : '');
  return match ? Number(match[1]) : undefined;
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

/**
 * Checks that an answer is JSON matching a JSON Schema (drafts 4, 7, 2019-09, 2020-12, validated
 * by `@cfworker/json-schema`, edge-safe). Reports `json.parse` or one `json.schema` finding per
 * violated keyword with its JSONPath and span; messages never contain values from the answer.
 * With `repair: true`, an answer that only parses after removing a code fence, prose or trailing
 * commas gets a `json.repaired` finding whose `replacement` is the repaired JSON, so a policy
 * rule with action `redact` rewrites the answer to it.
 *
 * @example
 * const scanner = await jsonSchemaScanner.create(JsonSchemaConfig.parse({ schema: { type: 'object', required: ['id'] } }));
 * await scanner.scan(context); // { category: 'json.schema', message: '$: Instance does not have required property "id".' }
 */
export const jsonSchemaScanner = defineScanner<JsonSchemaConfig>({
  id: 'json-schema',
  description: 'The answer must be JSON matching a JSON Schema; optional repair of fences, prose and trailing commas',
  stages: ['output', 'tool'],
  engine: 'heuristic',
  needsFullText: true,
  configSchema: JsonSchemaConfig,
  create(config) {
    const defaultValidator = config.schema === undefined ? undefined : compile(config.schema, config.draft, '#');
    const toolValidators = new Map(
      Object.entries(config.tools).map(([tool, schema]) => [tool, compile(schema, config.draft, `tools.${tool}`)]),
    );
    return {
      scan(context): ScanOutcome {
        const validator =
          (context.toolName === undefined ? undefined : toolValidators.get(context.toolName)) ?? defaultValidator;
        // A tool without a schema of its own, and no default schema: nothing to check.
        if (!validator) return { findings: [], score: 0 };
        const original = context.text;
        let value: unknown;
        let repaired: RepairedJson | undefined;
        try {
          value = JSON.parse(original);
        } catch (error) {
          repaired = config.repair ? repairJson(original) : undefined;
          if (!repaired) {
            const position = parseErrorPosition(error);
            const finding: Finding = {
              scanner: 'json-schema',
              category: 'json.parse',
              severity: 'high',
              score: 1,
              message: `answer is not valid JSON${position === undefined ? '' : ` (${lineAndColumn(original, position)})`}`,
              ...(position === undefined
                ? {}
                : {
                    span: { start: Math.min(position, original.length), end: Math.min(position + 1, original.length) },
                  }),
            };
            return { findings: [finding], score: 1 };
          }
          value = JSON.parse(repaired.text);
        }
        const jsonText = repaired?.text ?? original;
        const toOriginal = (span: Span): Span =>
          repaired
            ? {
                start: repaired.positions[span.start] ?? 0,
                end: (repaired.positions[Math.max(span.start, span.end - 1)] ?? 0) + 1,
              }
            : span;

        const findings: Finding[] = [];
        if (repaired) {
          findings.push({
            scanner: 'json-schema',
            category: 'json.repaired',
            severity: 'low',
            score: 0.2,
            span: { start: 0, end: original.length },
            replacement: repaired.text,
            message: `answer parses as JSON after repair (${repaired.steps.join(', ')})`,
            metadata: { steps: repaired.steps.join(',') },
          });
        }
        const result = validator.validate(value);
        if (result.valid) return { findings, score: repaired ? 0.2 : 0 };

        const branchFailures = result.errors
          .filter((unit) => unit.keyword === 'anyOf' || unit.keyword === 'oneOf' || unit.keyword === 'not')
          .map((unit) => `${unit.keywordLocation}/`);
        const leaves = result.errors.filter(
          (unit) =>
            !containerKeywords.has(unit.keyword) &&
            !branchFailures.some((prefix) => unit.keywordLocation.startsWith(prefix)),
        );
        const units = leaves.length > 0 ? leaves : result.errors;
        const seen = new Set<string>();
        for (const unit of units) {
          let segments = pointerSegments(unit.instanceLocation);
          if (unit.keyword === 'additionalProperties' || unit.keyword === 'unevaluatedProperties') {
            const key = /^Property "(.*)" does not match/.exec(unit.error)?.[1];
            if (key !== undefined) segments = [...segments, key];
          }
          const path = jsonPath(segments, value);
          const dedupe = `${path}|${unit.keyword}|${unit.keywordLocation}`;
          if (seen.has(dedupe)) continue;
          seen.add(dedupe);
          if (findings.filter((finding) => finding.category === 'json.schema').length >= config.maxErrors) break;
          const span = locateJsonValue(jsonText, segments);
          findings.push({
            scanner: 'json-schema',
            category: 'json.schema',
            severity: 'high',
            score: 1,
            ...(span ? { span: toOriginal(span) } : {}),
            message: `${path}: ${safeMessage(unit)}`,
            metadata: { path, keyword: unit.keyword, schemaLocation: unit.keywordLocation },
          });
        }
        return { findings, score: 1 };
      },
    };
  },
});
