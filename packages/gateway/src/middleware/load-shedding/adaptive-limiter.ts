import { monitorEventLoopDelay } from 'node:perf_hooks';

/** Options for {@link createAdaptiveLimiter}. */
export interface AdaptiveLimiterOptions {
  /** Concurrency allowed at start. */
  readonly initialLimit?: number;
  readonly minimumLimit?: number;
  readonly maximumLimit?: number;
  /** Requests that may wait for a slot; beyond this, requests are shed at once. */
  readonly maximumQueue?: number;
  /** Longest a queued request waits before it is shed. */
  readonly maximumWaitMs?: number;
  /** Latency above `tolerance ×` the observed minimum counts as congestion (gradient rule). */
  readonly tolerance?: number;
  /** Event-loop delay (p99, ms) above which the limit shrinks regardless of latency. */
  readonly maximumEventLoopDelayMs?: number;
  readonly clock?: () => number;
}

/** A granted slot; call `release` with the outcome when the request ends. */
export interface Permit {
  release(outcome: { readonly latencyMs: number; readonly failed?: boolean }): void;
}

/** Gradient/AIMD adaptive concurrency limiter with a bounded wait queue. */
export interface AdaptiveLimiter {
  /** Resolves with a permit, or with undefined when the request must be shed. */
  acquire(signal?: AbortSignal): Promise<Permit | undefined>;
  readonly limit: number;
  readonly inflight: number;
  readonly queued: number;
  /** Seconds a shed client should wait before retrying. */
  retryAfterSeconds(): number;
  close(): void;
}

/**
 * Adaptive concurrency limiting in the style of Netflix's gradient limiter: the limit grows by one per
 * window of healthy completions (additive increase) and shrinks multiplicatively when latency rises
 * above `tolerance ×` the best recent latency, when requests fail, or when the event loop lags. Requests
 * over the limit wait in a bounded queue for at most `maximumWaitMs`, then are shed: so the latency of
 * admitted requests stays bounded under overload instead of growing with the queue.
 *
 * @example
 * const limiter = createAdaptiveLimiter({ maximumQueue: 100, maximumWaitMs: 250 });
 * const permit = await limiter.acquire(); if (!permit) return overloaded(limiter.retryAfterSeconds());
 */
export function createAdaptiveLimiter(options: AdaptiveLimiterOptions = {}): AdaptiveLimiter {
  const minimumLimit = options.minimumLimit ?? 4;
  const maximumLimit = options.maximumLimit ?? 1000;
  const maximumQueue = options.maximumQueue ?? 256;
  const maximumWaitMs = options.maximumWaitMs ?? 500;
  const tolerance = options.tolerance ?? 2;
  const maximumDelay = options.maximumEventLoopDelayMs ?? 200;
  const clock = options.clock ?? (() => performance.now());
  let limit = Math.min(maximumLimit, Math.max(minimumLimit, options.initialLimit ?? 32));
  let inflight = 0;
  let healthySinceIncrease = 0;
  let minimumLatency = Number.POSITIVE_INFINITY;
  let minimumResetAt = clock() + 30_000;
  let smoothedLatency = 0;
  const queue: { resolve: (permit: Permit | undefined) => void; timer: ReturnType<typeof setTimeout> }[] = [];
  const delay = monitorEventLoopDelay({ resolution: 20 });
  delay.enable();

  const decrease = (factor: number) => {
    limit = Math.max(minimumLimit, Math.floor(limit * factor));
    healthySinceIncrease = 0;
  };

  const grant = (): Permit => {
    inflight += 1;
    let released = false;
    return {
      release(outcome) {
        if (released) return;
        released = true;
        inflight -= 1;
        const now = clock();
        if (now > minimumResetAt) {
          minimumLatency = Number.POSITIVE_INFINITY;
          minimumResetAt = now + 30_000;
        }
        if (!outcome.failed) minimumLatency = Math.min(minimumLatency, Math.max(outcome.latencyMs, 0.1));
        smoothedLatency = smoothedLatency === 0 ? outcome.latencyMs : smoothedLatency * 0.8 + outcome.latencyMs * 0.2;
        const lag = delay.percentile(99) / 1e6;
        if (outcome.failed || lag > maximumDelay) decrease(0.8);
        else if (smoothedLatency > minimumLatency * tolerance) decrease(0.9);
        else {
          healthySinceIncrease += 1;
          if (healthySinceIncrease >= limit && limit < maximumLimit) {
            limit += 1;
            healthySinceIncrease = 0;
          }
        }
        if (lag > maximumDelay) delay.reset();
        drain();
      },
    };
  };

  const drain = () => {
    while (queue.length > 0 && inflight < limit) {
      const next = queue.shift();
      if (!next) break;
      clearTimeout(next.timer);
      next.resolve(grant());
    }
  };

  return {
    acquire(signal) {
      if (inflight < limit && queue.length === 0) return Promise.resolve(grant());
      if (queue.length >= maximumQueue || signal?.aborted) return Promise.resolve(undefined);
      return new Promise((resolve) => {
        const entry = {
          resolve,
          timer: setTimeout(() => {
            const index = queue.indexOf(entry);
            if (index >= 0) queue.splice(index, 1);
            resolve(undefined);
          }, maximumWaitMs),
        };
        queue.push(entry);
        signal?.addEventListener(
          'abort',
          () => {
            const index = queue.indexOf(entry);
            if (index >= 0) {
              queue.splice(index, 1);
              clearTimeout(entry.timer);
              resolve(undefined);
            }
          },
          { once: true },
        );
      });
    },
    get limit() {
      return limit;
    },
    get inflight() {
      return inflight;
    },
    get queued() {
      return queue.length;
    },
    retryAfterSeconds() {
      return Math.max(1, Math.ceil(((queue.length + 1) * Math.max(smoothedLatency, 1)) / Math.max(limit, 1) / 1000));
    },
    close() {
      delay.disable();
      for (const entry of queue.splice(0)) {
        clearTimeout(entry.timer);
        entry.resolve(undefined);
      }
    },
  };
}
