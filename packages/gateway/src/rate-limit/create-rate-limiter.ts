import { createMemoryRateLimiter } from './memory-rate-limiter.js';
import type { RateLimiter } from './rate-limiter.js';
import { createRedisRateLimiter } from './redis-rate-limiter.js';

/**
 * The configured limiter: Redis when a URL is given (config or `REDIS_URL`), in-process otherwise.
 *
 * @example
 * const limiter = createRateLimiter(process.env.REDIS_URL);
 */
export function createRateLimiter(
  redisUrl: string | undefined = process.env['REDIS_URL'],
  options: { readonly redisOnError?: 'closed' | 'open' } = {},
): RateLimiter {
  if (redisUrl === undefined || redisUrl === '') return createMemoryRateLimiter();
  return createRedisRateLimiter(redisUrl, { onError: options.redisOnError ?? 'closed' });
}
