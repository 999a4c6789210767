/** A token bucket: holds up to `capacity` tokens and refills `refillPerSecond` tokens per second. */
export interface BucketLimit {
  readonly capacity: number;
  readonly refillPerSecond: number;
}

/** The outcome of taking tokens from a bucket. */
export interface RateDecision {
  readonly allowed: boolean;
  /** Tokens left after this call (may be negative after `charge`). */
  readonly remaining: number;
  /** When not allowed: seconds until the request would pass (at least 1). 0 when allowed. */
  readonly retryAfterSeconds: number;
  readonly capacity: number;
}

/**
 * Token-bucket rate limiting behind one interface: in-process by default, Redis when shared by
 * several gateway instances. Bucket names are opaque strings (`key:<id>:rpm`, `ip:<address>`).
 */
export interface RateLimiter {
  readonly kind: 'memory' | 'redis';
  /**
   * Takes `cost` tokens if available (cost 0 = "is anything left?", used to pre-check token limits
   * before the token count of a request is known).
   */
  consume(bucket: string, limit: BucketLimit, cost?: number): Promise<RateDecision>;
  /** Takes `cost` tokens unconditionally, down to `-capacity` (debt delays later requests). */
  charge(bucket: string, limit: BucketLimit, cost: number): Promise<RateDecision>;
  close(): Promise<void>;
}

/**
 * A per-minute limit as a bucket: bursts up to the limit, refilling evenly over the minute.
 *
 * @example
 * await limiter.consume(`key:${id}:rpm`, perMinute(60));
 */
export function perMinute(limit: number): BucketLimit {
  return { capacity: limit, refillPerSecond: limit / 60 };
}

/** Builds the decision from a bucket's level after the operation. Shared by both limiters. */
export function decide(allowed: boolean, tokens: number, limit: BucketLimit, cost: number): RateDecision {
  if (allowed) return { allowed, remaining: tokens, retryAfterSeconds: 0, capacity: limit.capacity };
  const needed = Math.min(cost === 0 ? Number.MIN_VALUE : cost, limit.capacity) - tokens;
  return {
    allowed,
    remaining: tokens,
    retryAfterSeconds: Math.max(1, Math.ceil(needed / limit.refillPerSecond)),
    capacity: limit.capacity,
  };
}
