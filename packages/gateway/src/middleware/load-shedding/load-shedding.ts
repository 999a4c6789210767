import { GuardError } from '@palisade/guard';
import type { Context, MiddlewareHandler } from 'hono';
import { type AdaptiveLimiter, type AdaptiveLimiterOptions, createAdaptiveLimiter } from './adaptive-limiter.js';

/** Options for {@link loadShedding}. */
export interface LoadSheddingOptions extends AdaptiveLimiterOptions {
  /** Separate limiters per key (e.g. per upstream or model); one global limiter when absent. */
  readonly key?: (c: Context) => string | Promise<string>;
  /** Called when a request is shed (metrics). */
  readonly onShed?: (key: string) => void;
}

/**
 * Hono middleware: adaptive concurrency limits with a bounded queue; overloaded requests get a fast
 * 503 `overloaded` with `retry-after`. Use one instance globally and one keyed by upstream.
 *
 * @example
 * app.use('/v1/*', loadShedding({ maximumQueue: 100, maximumWaitMs: 250 }));
 */
export function loadShedding(
  options: LoadSheddingOptions = {},
): MiddlewareHandler & { limiters: Map<string, AdaptiveLimiter> } {
  const limiters = new Map<string, AdaptiveLimiter>();
  const limiterFor = (key: string) => {
    let limiter = limiters.get(key);
    if (!limiter) {
      limiter = createAdaptiveLimiter(options);
      limiters.set(key, limiter);
    }
    return limiter;
  };
  const middleware: MiddlewareHandler = async (c, next) => {
    const key = options.key ? await options.key(c) : 'global';
    const limiter = limiterFor(key);
    const permit = await limiter.acquire(c.req.raw.signal);
    if (!permit) {
      options.onShed?.(key);
      const seconds = limiter.retryAfterSeconds();
      const error = new GuardError('overloaded', `the gateway is overloaded; retry after ${seconds}s`, {
        details: { retryAfter: seconds },
      });
      return c.json(error.toJSON(), 503, { 'retry-after': String(seconds) });
    }
    const started = performance.now();
    let failed = false;
    try {
      await next();
      failed = c.res.status >= 500;
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      permit.release({ latencyMs: performance.now() - started, failed });
    }
  };
  return Object.assign(middleware, { limiters });
}
