import { RE2JS } from 're2js';
import { z } from 'zod';
import { GuardError } from '../../errors.js';
import { defineScanner } from '../../scanner/define-scanner.js';
import type { Finding, ScanOutcome, Span } from '../../scanner/types.js';
import { findAll } from '../../text/find-all.js';
import type { TextViewKind } from '../../text/text-view.js';

const viewKinds = ['original', 'normalized', 'leet', 'spaced', 'base64', 'hex', 'rot13', 'url'] as const;

/** One user pattern. */
export const RegexPattern = z
  .object({
    /** Identifies the pattern in findings (`metadata.pattern`) and errors. */
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'kebab-case'),
    /** RE2 syntax (no lookaround, no backreferences): linear-time on any input. */
    pattern: z.string().min(1).max(10_000),
    /** `i` case-insensitive, `m` multi-line `^`/`$`, `s` dot matches newline; `u` is accepted (always on). */
    flags: z
      .string()
      .regex(/^[imsu]*$/, 'only the flags i, m, s and u')
      .default(''),
    /** Dotted finding category; default `regex.<name>`. */
    category: z
      .string()
      .regex(/^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*$/, 'dotted lowercase category')
      .optional(),
    severity: z.enum(['low', 'medium', 'high', 'critical']).default('medium'),
    /** Entity for redaction placeholders (`EMPLOYEE_ID` → `<EMPLOYEE_ID_1>`); omit to only report. */
    entity: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]*$/, 'UPPER_SNAKE entity name')
      .optional(),
    /** Views to search: `original` by default; add `normalized` to see through homoglyphs and case. */
    views: z.array(z.enum(viewKinds)).min(1).default(['original']),
  })
  .strict()
  .superRefine((entry, context) => {
    // Rejected when the policy loads (with file:line:col), not at the first scan.
    const problem = patternProblem(entry);
    if (problem) {
      context.addIssue({
        code: 'custom',
        path: ['pattern'],
        message: problem.message,
        params: { guardCode: problem.code },
      });
    }
  });
export type RegexPattern = z.infer<typeof RegexPattern>;

/** Config of the `regex` scanner. */
export const RegexConfig = z
  .object({
    patterns: z.array(RegexPattern).min(1).max(1000),
    /** Matches reported per pattern at most. */
    maxMatches: z.number().int().min(1).max(100_000).default(1000),
  })
  .strict();
export type RegexConfig = z.infer<typeof RegexConfig>;

// RE2 rejects these constructs: they need backtracking, which is what makes regexes exploitable.
const unsupportedFeature = /unsupported Perl syntax|invalid named capture|invalid escape sequence|nested repetition/;

function flagsOf(flags: string): number {
  let value = 0;
  if (flags.includes('i')) value |= RE2JS.CASE_INSENSITIVE;
  if (flags.includes('m')) value |= RE2JS.MULTILINE;
  if (flags.includes('s')) value |= RE2JS.DOTALL;
  return value;
}

/**
 * Compiles a user pattern with the linear-time RE2 engine; throws `pattern-unsafe` for
 * backreferences, lookaround and other backtracking-only syntax, `scanner-config-invalid` for
 * malformed patterns.
 *
 * @example
 * compilePattern({ name: 'ticket', pattern: 'TICKET-\\d+', flags: '' });
 */
export function compilePattern(entry: PatternSource): RE2JS {
  try {
    return RE2JS.compile(entry.pattern, flagsOf(entry.flags));
  } catch (error) {
    const problem = describeProblem(entry, error);
    throw new GuardError(problem.code, problem.message, { details: { pattern: entry.name }, cause: error });
  }
}

type PatternSource = Pick<RegexPattern, 'name' | 'pattern' | 'flags'>;

interface PatternProblem {
  readonly code: 'pattern-unsafe' | 'scanner-config-invalid';
  readonly message: string;
}

function describeProblem(entry: PatternSource, error: unknown): PatternProblem {
  const reason = error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : 'invalid pattern';
  if (unsupportedFeature.test(reason)) {
    return {
      code: 'pattern-unsafe',
      message:
        `regex pattern "${entry.name}" uses syntax the linear-time engine (RE2) cannot run: ${reason}. ` +
        'Backreferences, lookahead/lookbehind and possessive quantifiers can backtrack catastrophically; rewrite the pattern without them',
    };
  }
  return {
    code: 'scanner-config-invalid',
    message: `regex pattern "${entry.name}" is not a valid RE2 pattern: ${reason}`,
  };
}

function patternProblem(entry: PatternSource): PatternProblem | null {
  try {
    RE2JS.compile(entry.pattern, flagsOf(entry.flags));
    return null;
  } catch (error) {
    return describeProblem(entry, error);
  }
}

/**
 * User patterns from the policy, run on the linear-time RE2 engine (re2js) so no pattern can
 * backtrack catastrophically. Each pattern has its own category, severity and optional redaction
 * entity, and may search normalised or decoded views besides the original text.
 *
 * @example
 * const scanner = await regexScanner.create(RegexConfig.parse({
 *   patterns: [{ name: 'employee-id', pattern: 'EMP-\\d{6}', entity: 'EMPLOYEE_ID' }],
 * }));
 */
export const regexScanner = defineScanner<RegexConfig>({
  id: 'regex',
  description: 'User-defined patterns on the linear-time RE2 engine, with category, severity and redaction entity',
  stages: ['input', 'output', 'retrieval', 'tool'],
  engine: 'pattern',
  configSchema: RegexConfig,
  create(config) {
    const compiled = config.patterns.map((entry) => ({ entry, expression: compilePattern(entry) }));
    return {
      scan(context): ScanOutcome {
        const findings: Finding[] = [];
        const needsViews = compiled.some(({ entry }) => entry.views.some((kind) => kind !== 'original'));
        const views = needsViews
          ? context.views()
          : [{ kind: 'original' as const, text: context.text, toOriginal: (span: Span) => span }];
        for (const { entry, expression } of compiled) {
          const matcher = (text: string): Span[] => {
            const spans: Span[] = [];
            const match = expression.matcher(text);
            while (spans.length < config.maxMatches && match.find()) {
              if (match.end() > match.start()) spans.push({ start: match.start(), end: match.end() });
            }
            return spans;
          };
          const hits = findAll(views, matcher, { kinds: entry.views as TextViewKind[], limit: config.maxMatches });
          for (const hit of hits) {
            findings.push({
              scanner: 'regex',
              category: entry.category ?? `regex.${entry.name}`,
              severity: entry.severity,
              score: 1,
              span: hit.span,
              ...(entry.entity ? { entity: entry.entity } : {}),
              message: `matched pattern "${entry.name}"${hit.kind === 'original' ? '' : ` in the ${hit.kind} view`}`,
              metadata: { pattern: entry.name, view: hit.kind },
            });
          }
        }
        findings.sort((left, right) => (left.span?.start ?? 0) - (right.span?.start ?? 0));
        return { findings, score: findings.length > 0 ? 1 : 0 };
      },
    };
  },
});
