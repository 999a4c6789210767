import { GuardError, type GuardErrorCode, isGuardError } from '../errors.js';
import type { Finding, ScanContext, Scanner, ScanOutcome } from '../scanner/types.js';

/** What one scanner run on one text produced: an outcome, or an error value (never both). */
export type ScannerRun =
  | {
      readonly ok: true;
      readonly findings: readonly Finding[];
      readonly score: number;
      readonly startedAt: number;
      readonly latencyMs: number;
    }
  | {
      readonly ok: false;
      readonly error: { readonly code: GuardErrorCode; readonly message: string };
      readonly startedAt: number;
      readonly latencyMs: number;
    };

/** Options for {@link runScanner}. */
export interface RunScannerOptions {
  /** Name reported in findings and errors. */
  readonly name: string;
  readonly timeoutMs: number;
  /** The caller's cancellation. */
  readonly signal?: AbortSignal;
  readonly clock: () => number;
}

/**
 * Runs one scanner with a timeout: the scanner's AbortSignal fires at the deadline (or when the caller
 * cancels) and the run resolves at once with a `scanner-timeout` error value. Throws nothing.
 * Synchronous scanners take a fast path (no timer, no race): their work cannot be interrupted anyway,
 * and their result is used even when it came late.
 *
 * @example
 * const run = await runScanner(scanner, context, { name: 'pii', timeoutMs: 500, clock: Date.now });
 */
export async function runScanner(
  scanner: Scanner,
  context: Omit<ScanContext, 'signal'>,
  options: RunScannerOptions,
): Promise<ScannerRun> {
  const { clock, name } = options;
  // AbortControllers are costly to create: made only when the scanner reads its signal or a stop happens.
  let controller: AbortController | undefined;
  const controllerOf = (): AbortController => {
    controller ??= new AbortController();
    return controller;
  };
  const cancelled = (): GuardError => new GuardError('scanner-failed', `scanner "${name}" was cancelled by the caller`);
  const started = clock();
  const failure = (error: unknown): ScannerRun => ({
    ok: false,
    error: describeError(error, name),
    startedAt: started,
    latencyMs: clock() - started,
  });
  const success = (outcome: ScanOutcome, finished: number): ScannerRun => {
    try {
      const findings = normalizeFindings(outcome, name, context.text.length);
      return {
        ok: true,
        findings,
        score: rawScore(outcome, findings),
        startedAt: started,
        latencyMs: finished - started,
      };
    } catch (error) {
      return failure(error);
    }
  };
  if (options.signal?.aborted) {
    controllerOf().abort(cancelled());
    return failure(cancelled());
  }
  const scanContext = Object.defineProperty({ ...context }, 'signal', {
    enumerable: true,
    get: () => controllerOf().signal,
  }) as ScanContext;

  let result: ScanOutcome | Promise<ScanOutcome>;
  try {
    result = scanner.scan(scanContext);
  } catch (error) {
    return failure(error);
  }
  if (!isPromiseLike(result)) return success(result, clock());

  // Latency is taken when the scanner's promise settles, not when this function resumes: scanners of a
  // stage share one event loop, and one must not be charged for the others queued before it.
  let finished: number | undefined;
  const pending = Promise.resolve(result).then((outcome) => {
    finished ??= clock();
    return outcome;
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onCancel: (() => void) | undefined;
  const stopped = new Promise<never>((_resolve, reject) => {
    const remaining = Math.max(0, options.timeoutMs - (clock() - started));
    timer = setTimeout(() => {
      const error = new GuardError(
        'scanner-timeout',
        `scanner "${name}" did not finish within ${options.timeoutMs} ms`,
      );
      controllerOf().abort(error);
      reject(error);
    }, remaining);
    const requestSignal = options.signal;
    if (requestSignal) {
      onCancel = () => {
        const error = cancelled();
        controllerOf().abort(error);
        reject(error);
      };
      requestSignal.addEventListener('abort', onCancel, { once: true });
    }
  });
  try {
    const outcome = await Promise.race([pending, stopped]);
    return success(outcome, finished ?? clock());
  } catch (error) {
    return failure(error);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    if (onCancel) options.signal?.removeEventListener('abort', onCancel);
  }
}

function normalizeFindings(outcome: ScanOutcome, name: string, length: number): Finding[] {
  if (typeof outcome !== 'object' || outcome === null || !Array.isArray(outcome.findings)) {
    throw new GuardError('scanner-failed', `scanner "${name}" returned an invalid outcome`);
  }
  const findings: Finding[] = [];
  for (const finding of outcome.findings) {
    let normalized: Finding = finding.scanner === name ? finding : { ...finding, scanner: name };
    const span = finding.span;
    if (span) {
      const start = Math.max(0, Math.min(length, Math.trunc(span.start)));
      const end = Math.max(start, Math.min(length, Math.trunc(span.end)));
      if (start !== span.start || end !== span.end) normalized = { ...normalized, span: { start, end } };
    }
    findings.push(normalized);
  }
  return findings;
}

function rawScore(outcome: ScanOutcome, findings: readonly Finding[]): number {
  let score = typeof outcome.score === 'number' && Number.isFinite(outcome.score) ? outcome.score : 0;
  for (const finding of findings) score = Math.max(score, finding.score ?? 1);
  return Math.max(0, Math.min(1, score));
}

function describeError(error: unknown, name: string): { code: GuardErrorCode; message: string } {
  if (isGuardError(error)) {
    return { code: error.code === 'internal' ? 'scanner-failed' : error.code, message: error.message };
  }
  // Messages of foreign errors may quote the scanned text: report only the error's type.
  const kind = error instanceof Error ? error.name : typeof error;
  return { code: 'scanner-failed', message: `scanner "${name}" threw ${kind}` };
}

function isPromiseLike(value: unknown): value is PromiseLike<ScanOutcome> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
