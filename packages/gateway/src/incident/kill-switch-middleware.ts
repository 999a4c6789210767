import { getConnInfo } from '@hono/node-server/conninfo';
import { GuardError } from '@palisade/guard';
import type { Context, MiddlewareHandler } from 'hono';
import type { KillSwitch } from './create-kill-switch.js';

/** One request as seen before the guard runs (for anomaly detection). */
export interface ObservedRequest {
  readonly requestId?: string;
  readonly route: string;
  readonly keyId?: string;
  readonly clientIp?: string;
}

/** Options of {@link killSwitchMiddleware}. */
export interface KillSwitchMiddlewareOptions {
  readonly killSwitch: KillSwitch;
  /** Name of the upstream that serves a model (for per-upstream switches). */
  readonly upstreamOf?: (model: string) => string | undefined;
  /** Told about every request that reaches the middleware (anomaly detection's request rate). */
  readonly observe?: (request: ObservedRequest) => void;
  /** Use the first `x-forwarded-for` address as the client IP (only behind your own proxy). */
  readonly trustProxy?: boolean;
}

/**
 * The client IP of a request: the socket address, or the first `x-forwarded-for` hop when trusted.
 *
 * @example
 * clientIpOf(c, false); // '203.0.113.7'
 */
export function clientIpOf(c: Context, trustProxy = false): string | undefined {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded !== undefined && forwarded !== '' && forwarded.length <= 64) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

/**
 * Applies kill switches before the guard and the upstream: a matching `block` switch answers 503
 * `kill-switch`; a `fallback` switch rewrites the request's `model` to the fallback model. Put it
 * after authentication (it reads the key id from `c.get('principal')`).
 *
 * @example
 * app.use('/v1/*', authMiddleware(...), killSwitchMiddleware({ killSwitch }));
 */
export function killSwitchMiddleware(options: KillSwitchMiddlewareOptions): MiddlewareHandler {
  return async (c, next) => {
    const principal = c.get('principal' as never) as { keyId?: string } | undefined;
    const keyId = principal?.keyId;
    const route = c.req.path;
    const clientIp = clientIpOf(c, options.trustProxy);
    const requestId = c.get('requestId' as never) as string | undefined;
    options.observe?.({
      route,
      ...(requestId === undefined ? {} : { requestId }),
      ...(keyId === undefined ? {} : { keyId }),
      ...(clientIp === undefined ? {} : { clientIp }),
    });
    if ((await options.killSwitch.list()).length === 0) return next();

    let body: Record<string, unknown> | undefined;
    let model: string | undefined;
    if (c.req.method === 'POST' && (c.req.header('content-type') ?? '').includes('json')) {
      try {
        const parsed: unknown = JSON.parse(await c.req.text());
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
          body = parsed as Record<string, unknown>;
          if (typeof body['model'] === 'string') model = body['model'];
        }
      } catch {
        // Not JSON: the route's own validation answers it.
      }
    }
    const upstream = model === undefined ? undefined : options.upstreamOf?.(model);
    const entry = await options.killSwitch.match({
      route,
      ...(keyId === undefined ? {} : { keyId }),
      ...(upstream === undefined ? {} : { upstream }),
    });
    if (entry === undefined) return next();
    if (entry.mode === 'fallback' && entry.fallbackModel !== undefined && body !== undefined && model !== undefined) {
      const fallbackUpstream = options.upstreamOf?.(entry.fallbackModel);
      if (!(entry.scope === 'upstream' && fallbackUpstream === entry.target)) {
        // Hono caches the body as a promise per type: the route handler reads this rewritten text.
        (c.req.bodyCache as Record<string, unknown>)['text'] = Promise.resolve(
          JSON.stringify({ ...body, model: entry.fallbackModel }),
        );
        c.header('x-palisade-kill-switch', `${entry.scope}:fallback`);
        return next();
      }
    }
    c.header('x-palisade-kill-switch', `${entry.scope}:block`);
    throw new GuardError(
      'kill-switch',
      `a ${entry.scope} kill switch is active: requests are refused until an operator clears it`,
      { details: { scope: entry.scope } },
    );
  };
}
