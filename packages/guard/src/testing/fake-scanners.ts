import { z } from 'zod';
import { GuardError } from '../errors.js';
import { defineScanner } from '../scanner/define-scanner.js';
import type { Finding, ScannerDefinition, Severity, Stage } from '../scanner/types.js';

const allStages: readonly Stage[] = ['input', 'output', 'retrieval', 'tool'];

/** Options for {@link fixedScanner}. */
export interface FixedScannerOptions {
  readonly id: string;
  /** Returned on every scan (the scanner name is rewritten by the pipeline). */
  readonly findings?: readonly Omit<Finding, 'scanner'>[];
  /** Raw score reported even without findings. */
  readonly score?: number;
  readonly stages?: readonly Stage[];
  readonly needsFullText?: boolean;
}

/**
 * A scanner that always reports the same findings and score. Its config is free-form.
 *
 * @example
 * const registry = createRegistry([fixedScanner({ id: 'always', findings: [{ category: 'test.hit', severity: 'high', message: 'hit' }] })]);
 */
export function fixedScanner(options: FixedScannerOptions): ScannerDefinition<unknown> {
  return defineScanner<unknown>({
    id: options.id,
    description: `test scanner ${options.id} with fixed findings`,
    stages: options.stages ?? allStages,
    engine: 'heuristic',
    ...(options.needsFullText ? { needsFullText: true } : {}),
    configSchema: z.looseObject({}),
    create: () => ({
      scan: () => ({
        findings: (options.findings ?? []).map((finding) => ({ ...finding, scanner: options.id })),
        ...(options.score === undefined ? {} : { score: options.score }),
      }),
    }),
  });
}

/** Options for {@link patternScanner}. */
export interface PatternScannerOptions {
  readonly id: string;
  /** Literal words to find (case-sensitive), each reported with its span. */
  readonly words: readonly string[];
  readonly category?: string;
  readonly entity?: string;
  readonly severity?: Severity;
  readonly score?: number;
  readonly stages?: readonly Stage[];
  readonly needsFullText?: boolean;
}

/**
 * A local, linear scanner that reports every occurrence of given literal words with exact spans.
 * Config `{ words?: string[] }` overrides the words.
 *
 * @example
 * patternScanner({ id: 'emails', words: ['bob@example.com'], category: 'pii.email', entity: 'EMAIL' });
 */
export function patternScanner(options: PatternScannerOptions): ScannerDefinition<{ words?: string[] | undefined }> {
  return defineScanner({
    id: options.id,
    description: `test scanner ${options.id} finding literal words`,
    stages: options.stages ?? allStages,
    engine: 'pattern',
    ...(options.needsFullText ? { needsFullText: true } : {}),
    configSchema: z.strictObject({ words: z.array(z.string().min(1)).optional() }),
    create: (config) => {
      const words = config.words ?? options.words;
      return {
        scan: (context) => {
          const findings: Finding[] = [];
          for (const word of words) {
            for (let index = context.text.indexOf(word); index >= 0; index = context.text.indexOf(word, index + 1)) {
              findings.push({
                scanner: options.id,
                category: options.category ?? `test.${options.id}`,
                severity: options.severity ?? 'high',
                ...(options.score === undefined ? {} : { score: options.score }),
                ...(options.entity === undefined ? {} : { entity: options.entity }),
                span: { start: index, end: index + word.length },
                message: `found a listed word`,
              });
            }
          }
          return { findings };
        },
      };
    },
  });
}

/** Options for {@link slowScanner}. */
export interface SlowScannerOptions {
  readonly id: string;
  readonly delayMs: number;
  /** Keep running after the abort signal fires (a badly behaved scanner). */
  readonly ignoreAbort?: boolean;
  readonly findings?: readonly Omit<Finding, 'scanner'>[];
  readonly stages?: readonly Stage[];
}

/**
 * A scanner that takes `delayMs` and honours its AbortSignal unless told not to.
 *
 * @example
 * slowScanner({ id: 'slow', delayMs: 10_000 }); // with timeoutMs: 20 in the policy → scanner-timeout
 */
export function slowScanner(options: SlowScannerOptions): ScannerDefinition<unknown> {
  return defineScanner<unknown>({
    id: options.id,
    description: `test scanner ${options.id} that takes ${options.delayMs} ms`,
    stages: options.stages ?? allStages,
    engine: 'remote',
    configSchema: z.looseObject({}),
    create: () => ({
      scan: (context) =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(
            () =>
              resolve({ findings: (options.findings ?? []).map((finding) => ({ ...finding, scanner: options.id })) }),
            options.delayMs,
          );
          if (!options.ignoreAbort) {
            context.signal.addEventListener(
              'abort',
              () => {
                clearTimeout(timer);
                reject(context.signal.reason);
              },
              { once: true },
            );
          }
        }),
    }),
  });
}

/** Options for {@link throwingScanner}. */
export interface ThrowingScannerOptions {
  readonly id: string;
  /** Throw a plain Error (default) or a GuardError with this code. */
  readonly guardErrorCode?: 'model-unavailable' | 'scanner-failed';
  /** Reject asynchronously instead of throwing synchronously. */
  readonly async?: boolean;
  readonly stages?: readonly Stage[];
}

/**
 * A scanner that fails every scan; its error message quotes the text to prove the pipeline never leaks it.
 *
 * @example
 * throwingScanner({ id: 'broken' });
 */
export function throwingScanner(options: ThrowingScannerOptions): ScannerDefinition<unknown> {
  const fail = (text: string): never => {
    if (options.guardErrorCode) throw new GuardError(options.guardErrorCode, `scanner ${options.id} is unavailable`);
    throw new TypeError(`cannot scan ${text}`);
  };
  return defineScanner<unknown>({
    id: options.id,
    description: `test scanner ${options.id} that always fails`,
    stages: options.stages ?? allStages,
    engine: 'heuristic',
    configSchema: z.looseObject({}),
    create: () => ({
      scan: (context) => (options.async ? Promise.resolve().then(() => fail(context.text)) : fail(context.text)),
    }),
  });
}

/** The scanner ids the default policy names. */
export const referenceScannerIds = [
  'prompt-injection',
  'indirect-injection',
  'pii',
  'secrets',
  'toxicity',
  'harmful-request',
  'exfiltration',
  'prompt-leak',
] as const;

/**
 * Stand-ins with the default policy's scanner ids (any config accepted, all stages, no findings), for
 * tests that load the default policy without the real detectors.
 *
 * @example
 * const registry = createRegistry(referenceScanners());
 * await loadPolicy(defaultPolicyYaml, { registry });
 */
export function referenceScanners(): ScannerDefinition<unknown>[] {
  return referenceScannerIds.map((id) => fixedScanner({ id }));
}
