import { GuardError } from '@palisade/guard';
import { Redis } from 'ioredis';
import type { BucketLimit, RateDecision, RateLimiter } from './rate-limiter.js';
import { decide } from './rate-limiter.js';

/**
 * The token bucket as one atomic Lua script. Redis's own clock (TIME) is used, so gateway instances
 * with skewed clocks still share one consistent bucket. Returns {allowed, tokens-as-string}.
 */
export const tokenBucketScript = `
local capacity = tonumber(ARGV[1])
local refill_per_ms = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local mode = ARGV[4]
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = capacity
  at = now
end
tokens = math.min(capacity, tokens + math.max(0, now - at) * refill_per_ms)
local allowed = 0
if mode == 'charge' then
  tokens = math.max(-capacity, tokens - cost)
  allowed = 1
elseif (cost == 0 and tokens > 0) or (cost > 0 and tokens >= cost) then
  tokens = tokens - cost
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / refill_per_ms) + 1000)
return {allowed, tostring(tokens)}
`;

type TokenBucketCommand = (
  key: string,
  capacity: number,
  refillPerMs: number,
  cost: number,
  mode: 'consume' | 'charge',
) => Promise<[number, string]>;

/** Options of the Redis limiter. */
export interface RedisRateLimiterOptions {
  /** Key prefix, e.g. per environment (default `palisade:rl:`). */
  readonly prefix?: string;
  /** What to do when Redis is unreachable: `closed` (default) refuses with 503, `open` lets traffic through. */
  readonly onError?: 'closed' | 'open';
}

/**
 * Shared token buckets in Redis (one atomic Lua script per call): all gateway instances pointing at
 * the same Redis enforce one global limit.
 *
 * @example
 * const limiter = createRedisRateLimiter(process.env.REDIS_URL!);
 */
export function createRedisRateLimiter(url: string, options: RedisRateLimiterOptions = {}): RateLimiter {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: true, lazyConnect: false });
  // Connection errors surface per call; without a listener ioredis would log them on its own.
  redis.on('error', () => undefined);
  redis.defineCommand('palisadeTokenBucket', { numberOfKeys: 1, lua: tokenBucketScript });
  const command = (redis as unknown as { palisadeTokenBucket: TokenBucketCommand }).palisadeTokenBucket.bind(redis);
  const prefix = options.prefix ?? 'palisade:rl:';

  async function run(
    bucket: string,
    limit: BucketLimit,
    cost: number,
    mode: 'consume' | 'charge',
  ): Promise<RateDecision> {
    try {
      const [allowed, tokens] = await command(
        `${prefix}${bucket}`,
        limit.capacity,
        limit.refillPerSecond / 1000,
        cost,
        mode,
      );
      return decide(allowed === 1, Number(tokens), limit, cost);
    } catch (error) {
      if (options.onError === 'open') return decide(true, limit.capacity, limit, cost);
      throw new GuardError('overloaded', 'the rate limiter is unavailable', {
        cause: error,
        details: { retryAfterSeconds: 1 },
      });
    }
  }

  return {
    kind: 'redis',
    consume: (bucket, limit, cost = 1) => run(bucket, limit, cost, 'consume'),
    charge: (bucket, limit, cost) => run(bucket, limit, cost, 'charge'),
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
