import { GuardError } from '@palisade/guard';
import type { Context, MiddlewareHandler } from 'hono';
import type { RateDecision, RateLimiter } from '../../rate-limit/rate-limiter.js';
import { perMinute } from '../../rate-limit/rate-limiter.js';
import type { BudgetChecker } from '../../rate-limit/token-budget.js';
import type { Storage } from '../../storage/storage.js';
import type { RbacVariables } from '../rbac/rbac.js';

/** Lets the route report a request's token usage once known (charges tokens/min and records usage). */
export interface TokenMeter {
  charge(usage: { readonly promptTokens: number; readonly completionTokens: number }): Promise<void>;
}

/** Context variables set by {@link rateLimitMiddleware}. */
export interface RateLimitVariables extends RbacVariables {
  tokenMeter?: TokenMeter;
}

/** Options of {@link rateLimitMiddleware}. */
export interface RateLimitMiddlewareOptions {
  readonly limiter: RateLimiter;
  /** Requests per minute per client IP (all callers, before keys are considered). */
  readonly ipRpm?: number;
  /** Requests per minute for keys without their own `rpm`. */
  readonly defaultKeyRpm?: number;
  /** Tokens per minute for keys without their own `tpm`. */
  readonly defaultKeyTpm?: number;
  /** Daily/monthly budgets from usage records. */
  readonly budgets?: BudgetChecker;
  /** Where `TokenMeter.charge` records usage (for budgets and dashboards). */
  readonly usage?: Pick<Storage, 'recordUsage'>;
  /** The client address; default: the socket address (Node server), `x-forwarded-for` only when trusted. */
  readonly clientIp?: (c: Context) => string;
  /** Trust the first `x-forwarded-for` address (only behind your own proxy). */
  readonly trustProxy?: boolean;
}

function defaultClientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded !== undefined && forwarded.length > 0 && forwarded.length <= 64) return forwarded;
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}

function refuse(decision: RateDecision, scope: 'key' | 'ip', limit: 'requests' | 'tokens'): GuardError {
  return new GuardError(
    'rate-limited',
    `${limit} per minute limit of this ${scope === 'ip' ? 'client address' : 'key'} exceeded`,
    {
      details: { scope, limit: `${limit}-per-minute`, retryAfterSeconds: decision.retryAfterSeconds },
    },
  );
}

/**
 * Token-bucket limits per client IP and per API key (requests/min and tokens/min) plus daily and
 * monthly token budgets; 429 `rate-limited` / `budget-exceeded` with `retry-after`. Mount after the
 * auth and RBAC middlewares. Model routes get `c.get('tokenMeter')` to report token usage.
 *
 * @example
 * app.use(authMiddleware({ keys }), rbacMiddleware(), rateLimitMiddleware({ limiter: createRateLimiter(), ipRpm: 600 }));
 */
export function rateLimitMiddleware(
  options: RateLimitMiddlewareOptions,
): MiddlewareHandler<{ Variables: RateLimitVariables }> {
  const trustProxy = options.trustProxy ?? false;
  return async (c, next) => {
    if (c.get('permission')?.access === 'public' && c.get('principal') === undefined && options.ipRpm === undefined) {
      return next();
    }
    if (options.ipRpm !== undefined) {
      const ip = options.clientIp?.(c) ?? defaultClientIp(c, trustProxy);
      const decision = await options.limiter.consume(`ip:${ip}`, perMinute(options.ipRpm));
      if (!decision.allowed) throw refuse(decision, 'ip', 'requests');
    }
    const principal = c.get('principal');
    if (principal?.kind === 'key') {
      const rpm = principal.limits?.rpm ?? options.defaultKeyRpm;
      if (rpm !== undefined) {
        const decision = await options.limiter.consume(`key:${principal.id}:rpm`, perMinute(rpm));
        c.header('x-ratelimit-limit-requests', String(rpm));
        c.header('x-ratelimit-remaining-requests', String(Math.max(0, Math.floor(decision.remaining))));
        if (!decision.allowed) throw refuse(decision, 'key', 'requests');
      }
      const tpm = principal.limits?.tpm ?? options.defaultKeyTpm;
      if (tpm !== undefined && c.get('permission')?.model === true) {
        const decision = await options.limiter.consume(`key:${principal.id}:tpm`, perMinute(tpm), 0);
        c.header('x-ratelimit-limit-tokens', String(tpm));
        c.header('x-ratelimit-remaining-tokens', String(Math.max(0, Math.floor(decision.remaining))));
        if (!decision.allowed) throw refuse(decision, 'key', 'tokens');
      }
      await options.budgets?.check(principal.id, principal.limits);
      c.set('tokenMeter', {
        async charge(usage) {
          const tokens = usage.promptTokens + usage.completionTokens;
          if (tpm !== undefined && tokens > 0) {
            await options.limiter.charge(`key:${principal.id}:tpm`, perMinute(tpm), tokens);
          }
          await options.usage?.recordUsage({ keyId: principal.id, ...usage });
        },
      });
    }
    return next();
  };
}
