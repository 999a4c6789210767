import type { BucketLimit, RateLimiter } from './rate-limiter.js';
import { decide } from './rate-limiter.js';

/** Options of the in-process limiter. */
export interface MemoryRateLimiterOptions {
  /** Milliseconds clock (tests inject a fake one). */
  readonly now?: () => number;
  /** Bound on tracked buckets, so a flood of client IPs cannot exhaust memory (default 100,000). */
  readonly maxBuckets?: number;
}

/**
 * In-process token buckets: the single-machine default. Exact within one process; use the Redis
 * limiter to share limits across gateway instances.
 *
 * @example
 * const limiter = createMemoryRateLimiter();
 * const decision = await limiter.consume('ip:127.0.0.1', perMinute(600));
 */
export function createMemoryRateLimiter(options: MemoryRateLimiterOptions = {}): RateLimiter {
  const now = options.now ?? Date.now;
  const maxBuckets = options.maxBuckets ?? 100_000;
  const buckets = new Map<string, { tokens: number; at: number }>();

  function level(bucket: string, limit: BucketLimit, time: number): number {
    const state = buckets.get(bucket);
    if (state === undefined) return limit.capacity;
    return Math.min(limit.capacity, state.tokens + (Math.max(0, time - state.at) / 1000) * limit.refillPerSecond);
  }

  function store(bucket: string, tokens: number, time: number): void {
    if (!buckets.has(bucket) && buckets.size >= maxBuckets) {
      // Evict the oldest bucket (Map keeps insertion order); it has refilled the most.
      buckets.delete(buckets.keys().next().value as string);
    }
    buckets.delete(bucket);
    buckets.set(bucket, { tokens, at: time });
  }

  return {
    kind: 'memory',
    async consume(bucket, limit, cost = 1) {
      const time = now();
      const tokens = level(bucket, limit, time);
      const allowed = cost === 0 ? tokens > 0 : tokens >= cost;
      const after = allowed ? tokens - cost : tokens;
      store(bucket, after, time);
      return decide(allowed, after, limit, cost);
    },
    async charge(bucket, limit, cost) {
      const time = now();
      const after = Math.max(-limit.capacity, level(bucket, limit, time) - cost);
      store(bucket, after, time);
      return decide(true, after, limit, cost);
    },
    async close() {
      buckets.clear();
    },
  };
}
