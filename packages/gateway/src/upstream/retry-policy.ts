/** Retry settings for one upstream. */
export interface RetryOptions {
  /** Retries after the first attempt (0 = no retry). */
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

const retryableStatuses = new Set([408, 409, 425, 429, 500, 502, 503, 504]);

/**
 * True for upstream statuses worth retrying: timeouts, rate limits, conflicts and 5xx gateway errors.
 * Client errors (400, 401, 403, 404, 422) are never retried.
 *
 * @example
 * isRetryableStatus(503); // true
 * isRetryableStatus(400); // false
 */
export function isRetryableStatus(status: number): boolean {
  return retryableStatuses.has(status);
}

/**
 * Delay before retry number `attempt` (0-based): exponential backoff with full jitter, capped, and
 * never shorter than the upstream's `retry-after` (itself capped at `maxDelayMs`).
 *
 * @example
 * backoffDelayMs(2, { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 2000 }); // 0..400
 */
export function backoffDelayMs(
  attempt: number,
  options: RetryOptions,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  const jittered = Math.floor(random() * ceiling);
  if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs > 0) {
    return Math.max(jittered, Math.min(retryAfterMs, options.maxDelayMs));
  }
  return jittered;
}

/**
 * Parses a `retry-after` header (seconds or HTTP date) into milliseconds.
 *
 * @example
 * parseRetryAfter('2'); // 2000
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Sleeps for `ms`, rejecting early when `signal` aborts.
 *
 * @example
 * await sleep(100, request.signal);
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
