import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { isAbsolute, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { builtinScanners, createRegistry, type Registry } from '@palisade/guard';
import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import { createAccessRoutes } from '../auth/access-routes.js';
import { createApiKeyVerifier } from '../auth/api-keys.js';
import type { GatewayConfig } from '../config/gateway-config.js';
import { createOversight } from '../incident/create-oversight.js';
import { createLogger } from '../logging/create-logger.js';
import { createGatewayMetrics, type GatewayMetrics } from '../metrics/gateway-metrics.js';
import { authMiddleware } from '../middleware/auth/auth.js';
import { loadShedding } from '../middleware/load-shedding/load-shedding.js';
import { rateLimitMiddleware } from '../middleware/rate-limit/rate-limit.js';
import { rbacMiddleware } from '../middleware/rbac/rbac.js';
import { createRateLimiter } from '../rate-limit/create-rate-limiter.js';
import { createRolloutResolver } from '../rollout/rollout-resolver.js';
import { createRolloutRoutes } from '../rollout/rollout-routes.js';
import { openStorage } from '../storage/open-storage.js';
import type { Storage } from '../storage/storage.js';
import { startTelemetry } from '../telemetry/start-telemetry.js';
import { circuitStateValue } from '../upstream/circuit-breaker.js';
import { createNodeFetch } from '../upstream/create-node-fetch.js';
import { createUpstreamRouter, type UpstreamRouter } from '../upstream/create-upstream-router.js';
import { resolveSecretReference } from '../upstream/secret-reference.js';
import type { UpstreamSettings } from '../upstream/upstream-client.js';
import { createGateway } from './create-gateway.js';
import { createInflightTracker } from './create-inflight-tracker.js';
import { createPolicySet, type PolicySet } from './create-policy-set.js';
import type {
  GatewayAuditEvent,
  GatewayAuditRecorder,
  GatewayDependencies,
  GatewayReviewQueue,
} from './gateway-dependencies.js';

/** Options for {@link startGateway}. */
export interface StartGatewayOptions {
  readonly config: GatewayConfig;
  /** Relative policy files and `sqlite:` paths resolve against this (the config file's folder). */
  readonly baseDirectory?: string;
  readonly logger?: Logger;
  readonly registry?: Registry;
  /** An open storage (tests); otherwise `config.storage` is opened (and closed on shutdown). */
  readonly storage?: Storage;
  readonly fetch?: typeof fetch;
  readonly environment?: Readonly<Record<string, string | undefined>>;
  /** The review queue (issue 8); without one, `review` answers per the policy's safe reply or 403. */
  readonly review?: GatewayReviewQueue;
  /** Extra routes (admin API, review UI). */
  readonly mount?: GatewayDependencies['mount'];
  /** Skip auth, RBAC and rate limits entirely (benchmarks only). */
  readonly unauthenticated?: boolean;
}

/** A listening gateway. */
export interface RunningGateway {
  readonly url: string;
  readonly app: ReturnType<typeof createGateway>;
  readonly policies: PolicySet;
  readonly metrics: GatewayMetrics;
  readonly router?: UpstreamRouter;
  readonly storage: Storage;
  /** Stops accepting, drains in-flight requests and streams (up to the grace period), flushes audit, closes. */
  close(): Promise<void>;
}

/**
 * Starts the gateway on `config.listen` (HTTP, or HTTPS with `listen.tls`): policies with hot
 * reload, upstream router with secrets resolved, storage, auth/RBAC/rate limits, audit, metrics,
 * tracing. Port 0 picks a free port (see `url`).
 *
 * @example
 * const gateway = await startGateway({ config: await loadGatewayConfig({ flags: { port: 0, demo: true } }) });
 * console.log(gateway.url);
 * await gateway.close();
 */
export async function startGateway(options: StartGatewayOptions): Promise<RunningGateway> {
  const { config } = options;
  const baseDirectory = options.baseDirectory ?? process.cwd();
  const logger = options.logger ?? createLogger({ level: config.logging.level });
  const telemetry = startTelemetry({
    enabled: config.telemetry.enabled,
    serviceName: config.telemetry.serviceName,
    ...(config.telemetry.endpoint === undefined ? {} : { endpoint: config.telemetry.endpoint }),
  });
  const metrics = createGatewayMetrics({ defaultMetrics: true });
  const cleanup: Array<() => Promise<void>> = [() => telemetry.shutdown()];
  const closeAll = async (): Promise<void> => {
    for (const step of cleanup.reverse()) await step().catch(() => {});
  };
  try {
    const policies = await createPolicySet({
      bindings: config.policies,
      baseDirectory,
      registry: options.registry ?? createRegistry(builtinScanners),
      logger,
      metrics,
    });
    cleanup.push(() => policies.close());
    const router = await buildRouter(config, metrics, logger, options);
    const storage = options.storage ?? (await openStorage(resolveStorageUrl(config.storage, baseDirectory)));
    if (options.storage === undefined) cleanup.push(() => storage.close());
    const audit = createPendingAudit(storage, logger);
    cleanup.push(() => audit.flush());
    // Human oversight (issue 8): review queue, kill switches, anomaly alerts and the /ui pages.
    const oversight = createOversight({
      storage,
      metrics,
      logger,
      upstreams: config.upstreams,
      aliases: config.aliases,
      secureCookies: (config.auth as Record<string, unknown>)['secureCookies'] !== false,
      trustProxy: config.auth.trustProxy,
      environment: options.environment ?? process.env,
      ...(router === undefined ? {} : { circuitStates: () => router.circuitStates() }),
    });
    cleanup.push(() => oversight.close());

    // Issue 13: adaptive load shedding in front of the model routes (fast 503 + retry-after when overloaded).
    const shedding = loadShedding({ maximumQueue: 256, maximumWaitMs: 1000 });
    const modelRoutes: readonly string[] = ['chat.completions', 'completions', 'embeddings'];
    const shed = (route: string): MiddlewareHandler[] => (modelRoutes.includes(route) ? [shedding] : []);
    // Issue 13: canary rollouts of policy versions, shared through storage (`palisade rollout …`).
    const rollouts = createRolloutResolver({
      base: (request) => {
        const loaded = policies.resolvePolicy(request);
        return loaded === undefined ? undefined : { guard: loaded.guard, policyId: loaded.id };
      },
      storage,
      loadGuard: async (file) => (await policies.loadFile(file)).guard,
      onError: (error) =>
        logger.error({ error: error instanceof Error ? error.message : 'unknown' }, 'rollout refresh failed'),
      onShadowDecision: (request, decision) =>
        metrics.decisions.inc({
          stage: request.stage,
          action: decision.action,
          effective: 'allow',
          policy: decision.policyId ?? 'unknown',
        }),
    });

    let routeMiddleware: GatewayDependencies['routeMiddleware'] = shed;
    let adminAccess: MiddlewareHandler[] | undefined;
    const apiKeys = createApiKeyVerifier(storage);
    if (options.unauthenticated !== true) {
      for (const route of config.auth.openRoutes) {
        logger.warn({ route }, 'auth: none — this route accepts anonymous callers (configured in auth.openRoutes)');
      }
      const access: MiddlewareHandler[] = [
        authMiddleware({ keys: apiKeys, sessions: { storage } }) as unknown as MiddlewareHandler,
        rbacMiddleware({ openRoutes: config.auth.openRoutes }) as unknown as MiddlewareHandler,
        rateLimitMiddleware({
          limiter: createRateLimiter((options.environment ?? process.env)['REDIS_URL']),
          usage: storage,
          trustProxy: config.auth.trustProxy,
          ...(config.auth.ipRpm === undefined ? {} : { ipRpm: config.auth.ipRpm }),
          ...(config.auth.defaultKeyRpm === undefined ? {} : { defaultKeyRpm: config.auth.defaultKeyRpm }),
          ...(config.auth.defaultKeyTpm === undefined ? {} : { defaultKeyTpm: config.auth.defaultKeyTpm }),
        }) as unknown as MiddlewareHandler,
      ];
      routeMiddleware = (route) => [...shed(route), ...access, ...oversight.routeMiddleware(route)];
      adminAccess = access;
    }

    const inflight = createInflightTracker();
    const app = createGateway(config, {
      guards: rollouts,
      metrics,
      logger,
      audit: oversight.observeAudit(audit),
      inflight,
      ready: async () => {
        await storage.auditHead();
        return true;
      },
      ...(router === undefined ? {} : { router }),
      ...(routeMiddleware === undefined ? {} : { routeMiddleware }),
      review: options.review ?? oversight.review,
      mount: (app) => {
        options.mount?.(app);
        oversight.mount(app);
        // Admin REST API (keys, people, audit, usage, sign-in; rollouts): same auth, RBAC table and limits.
        if (adminAccess !== undefined) {
          for (const prefix of ['/admin/*', '/auth/*']) app.use(prefix, ...adminAccess);
          app.route('/', createAccessRoutes({ storage, keys: apiKeys }));
          app.route('/', createRolloutRoutes(storage));
        }
      },
    });

    const tls = config.listen.tls;
    const server = serve({
      fetch: app.fetch,
      hostname: config.listen.host,
      port: config.listen.port,
      ...(tls === undefined
        ? {}
        : {
            createServer: createHttpsServer,
            serverOptions: {
              cert: readFileSync(resolve(baseDirectory, tls.cert)),
              key: readFileSync(resolve(baseDirectory, tls.key)),
            },
          }),
    });
    await new Promise<void>((resolveListening, reject) => {
      if (server.listening) resolveListening();
      server.once('listening', () => resolveListening());
      server.once('error', reject);
    });
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const url = `${tls === undefined ? 'http' : 'https'}://${host}:${address.port}`;
    policies.watch();
    let closing: Promise<void> | undefined;
    return {
      url,
      app,
      policies,
      metrics,
      storage,
      ...(router === undefined ? {} : { router }),
      close() {
        closing ??= (async () => {
          const stopped = new Promise<void>((resolveClosed) => server.close(() => resolveClosed()));
          if ('closeIdleConnections' in server) server.closeIdleConnections();
          const drained = await inflight.drained(config.limits.shutdownGraceMs);
          if (!drained)
            logger.warn({ inflight: inflight.count() }, 'shutdown grace period over; closing open connections');
          // Finished responses may still be flushing: let connections go idle (and close) before forcing them.
          let stoppedYet = false;
          void stopped.then(() => {
            stoppedYet = true;
          });
          const flushed = await Promise.race([
            stopped.then(() => true),
            (async () => {
              for (let attempt = 0; attempt < 40 && !stoppedYet; attempt += 1) {
                if ('closeIdleConnections' in server) server.closeIdleConnections();
                await new Promise((resolveWait) => setTimeout(resolveWait, 50));
              }
              return stoppedYet;
            })(),
          ]);
          if (!flushed && 'closeAllConnections' in server) server.closeAllConnections();
          await stopped;
          await closeAll();
          logger.flush();
        })();
        return closing;
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

function resolveStorageUrl(url: string, baseDirectory: string): string {
  if (!url.startsWith('sqlite:')) return url;
  const location = url.slice('sqlite:'.length);
  if (location.startsWith('//') || isAbsolute(location) || location === ':memory:') return url;
  return `sqlite:${resolve(baseDirectory, location)}`;
}

async function buildRouter(
  config: GatewayConfig,
  metrics: GatewayMetrics,
  logger: Logger,
  options: StartGatewayOptions,
): Promise<UpstreamRouter | undefined> {
  if (config.upstreams.length === 0) return undefined;
  const upstreams: UpstreamSettings[] = [];
  for (const upstream of config.upstreams) {
    const apiKey =
      upstream.apiKey === undefined
        ? undefined
        : await resolveSecretReference(upstream.apiKey, options.environment ?? process.env);
    upstreams.push({
      name: upstream.name,
      type: upstream.type,
      baseUrl: upstream.baseUrl,
      models: upstream.models,
      timeoutMs: upstream.timeoutMs,
      retry: upstream.retry,
      fallbacks: upstream.fallbacks.map((fallback) =>
        typeof fallback === 'string' ? { upstream: fallback } : fallback,
      ),
      ...(apiKey === undefined ? {} : { apiKey }),
      ...(upstream.apiVersion === undefined ? {} : { apiVersion: upstream.apiVersion }),
      ...(upstream.headers === undefined ? {} : { headers: upstream.headers }),
    });
    metrics.circuitState.set({ upstream: upstream.name }, 0);
  }
  return createUpstreamRouter({
    upstreams,
    aliases: config.aliases,
    circuitBreaker: config.circuitBreaker,
    fetch: options.fetch ?? createNodeFetch(),
    observer: {
      attempt(attempt) {
        metrics.upstreamDuration.observe(
          { upstream: attempt.upstream, operation: attempt.operation, outcome: attempt.outcome },
          attempt.durationMs / 1000,
        );
        if (attempt.outcome !== 'success') {
          metrics.upstreamErrors.inc({
            upstream: attempt.upstream,
            outcome: attempt.outcome,
            status: String(attempt.status ?? 0),
          });
          logger.warn(
            { upstream: attempt.upstream, outcome: attempt.outcome, status: attempt.status },
            'upstream attempt failed',
          );
        }
      },
      circuit(upstream, state) {
        metrics.circuitState.set({ upstream }, circuitStateValue[state]);
        logger.warn({ upstream, state }, 'upstream circuit changed');
      },
    },
  });
}

/** Storage-backed audit that tracks writes in flight so shutdown can flush them. */
function createPendingAudit(storage: Storage, logger: Logger): GatewayAuditRecorder & { flush(): Promise<void> } {
  const pending = new Set<Promise<unknown>>();
  const write = (event: GatewayAuditEvent): Promise<unknown> =>
    storage.appendAudit({
      actor: event.keyId === undefined ? 'anonymous' : `key:${event.keyId}`,
      action: event.type,
      route: event.route,
      requestId: event.requestId,
      decision: event.action,
      effective: event.effective,
      latencyMs: event.latencyMs,
      findings: event.findings,
      ...(event.keyId === undefined ? {} : { keyId: event.keyId }),
      ...(event.policyId === undefined ? {} : { policyId: event.policyId }),
      details: {
        stage: event.stage,
        ...(event.policyVersion === undefined ? {} : { policyVersion: event.policyVersion }),
        ...(event.upstream === undefined ? {} : { upstream: event.upstream }),
        ...(event.model === undefined ? {} : { model: event.model }),
      },
    });
  return {
    async record(event) {
      const promise = write(event);
      pending.add(promise);
      try {
        await promise;
      } finally {
        pending.delete(promise);
      }
    },
    async flush() {
      const results = await Promise.allSettled([...pending]);
      const failed = results.filter((result) => result.status === 'rejected').length;
      if (failed > 0) logger.error({ failed }, 'audit events could not be written at shutdown');
    },
  };
}
