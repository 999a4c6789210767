import type { Hono, MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { type AlertWebhook, type AnomalyDetector, createAnomalyDetector } from '../anomaly/create-anomaly-detector.js';
import { observeAudit } from '../anomaly/observe-audit.js';
import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import { createReviewQueue, type ReviewQueue } from '../review/create-review-queue.js';
import type { GatewayAuditRecorder, GatewayRouteId } from '../server/gateway-dependencies.js';
import type { Storage } from '../storage/storage.js';
import { createOversightUi } from '../ui/create-oversight-ui.js';
import { createKillSwitch, type KillSwitch } from './create-kill-switch.js';
import { killSwitchMiddleware } from './kill-switch-middleware.js';
import { createKillSwitchNotifier, type KillSwitchNotifier } from './kill-switch-notifier.js';

/** Options of {@link createOversight}. */
export interface OversightOptions {
  readonly storage: Storage;
  readonly metrics?: GatewayMetrics;
  readonly logger?: Logger;
  /** Upstreams of this gateway: model patterns per name, for per-upstream kill switches. */
  readonly upstreams?: readonly { readonly name: string; readonly models: readonly string[] }[];
  readonly aliases?: Readonly<Record<string, string>>;
  readonly circuitStates?: () => Readonly<Record<string, string>>;
  /** `auth.secureCookies` of the config (default true). */
  readonly secureCookies?: boolean;
  readonly trustProxy?: boolean;
  /**
   * `PALISADE_REVIEW_STORE_TEXT` (`all` or comma-separated policy ids whose review items keep the
   * text), `PALISADE_ALERT_WEBHOOKS` (comma-separated URLs), `PALISADE_ALERT_WEBHOOK_SECRET`,
   * `PALISADE_QUARANTINE_THRESHOLD`, `PALISADE_ANOMALY_BUCKET_SECONDS`, `PALISADE_KILL_SWITCH_TTL_MS`.
   */
  readonly environment?: Readonly<Record<string, string | undefined>>;
}

/** Human oversight wired for one gateway instance. */
export interface Oversight {
  readonly review: ReviewQueue;
  readonly killSwitch: KillSwitch;
  readonly anomaly: AnomalyDetector;
  /** Kill switches and request observation for the model and guard routes (after auth). */
  routeMiddleware(route: GatewayRouteId): readonly MiddlewareHandler[];
  /** The audit recorder, observed by the anomaly detector. */
  observeAudit(recorder: GatewayAuditRecorder): GatewayAuditRecorder;
  /** Mounts the `/ui` pages. */
  mount(app: Hono): void;
  /** Waits for alerts and webhooks in flight. */
  close(): Promise<void>;
}

const guardedRoutes = new Set<GatewayRouteId>(['chat.completions', 'completions', 'embeddings', 'guard.scan']);

/**
 * Matches a model against upstream model patterns (`*` at the end matches any suffix).
 *
 * @example
 * modelPatternMatches('gpt-4o-mini', ['gpt-4o*']); // true
 */
export function modelPatternMatches(model: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) =>
    pattern.endsWith('*') ? model.startsWith(pattern.slice(0, -1)) : pattern === model,
  );
}

/**
 * Builds the review queue, kill switches, anomaly detection and the oversight UI for
 * `startGateway`, configured from the environment (see {@link OversightOptions.environment}).
 *
 * @example
 * const oversight = createOversight({ storage, metrics, logger, environment: process.env });
 * createGateway(config, { guards, review: oversight.review, audit: oversight.observeAudit(audit), mount: oversight.mount });
 */
export function createOversight(options: OversightOptions): Oversight {
  const environment = options.environment ?? {};
  const { storage } = options;
  const storeText = (environment['PALISADE_REVIEW_STORE_TEXT'] ?? '').trim();
  const storedPolicies = new Set(storeText.split(',').map((value) => value.trim()));
  const reviewMetrics =
    options.metrics === undefined ? undefined : registerReviewMetrics(options.metrics.registry, storage);
  const review = createReviewQueue({
    storage,
    onDecision: (item) => {
      reviewMetrics?.decisions.inc({ status: item.status });
      if (item.decidedAt !== undefined) {
        reviewMetrics?.timeToDecision.observe(
          Math.max(0, (Date.parse(item.decidedAt) - Date.parse(item.createdAt)) / 1000),
        );
      }
    },
    storeText: (policyId) => storeText === 'all' || (policyId !== undefined && storedPolicies.has(policyId)),
  });
  const ttl = Number(environment['PALISADE_KILL_SWITCH_TTL_MS'] ?? 1000);
  // With REDIS_URL, changes are announced over pub/sub and apply at once; storage stays the truth.
  const redisUrl = environment['REDIS_URL'];
  let notifier: KillSwitchNotifier | undefined;
  const killSwitch = createKillSwitch({
    storage,
    cacheTtlMs: Number.isFinite(ttl) && ttl >= 0 ? ttl : 1000,
    onChange: () => notifier?.publish(),
  });
  if (redisUrl !== undefined && redisUrl !== '') {
    notifier = createKillSwitchNotifier(redisUrl, () => killSwitch.invalidate(), options.logger);
  }
  const secret = environment['PALISADE_ALERT_WEBHOOK_SECRET'];
  const webhooks: AlertWebhook[] = (environment['PALISADE_ALERT_WEBHOOKS'] ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter((url) => /^https?:\/\//.test(url))
    .map((url) => ({ url, ...(secret === undefined || secret === '' ? {} : { secret }) }));
  const threshold = Number(environment['PALISADE_QUARANTINE_THRESHOLD'] ?? Number.NaN);
  const bucketSeconds = Number(environment['PALISADE_ANOMALY_BUCKET_SECONDS'] ?? 10);
  const anomaly = createAnomalyDetector({
    storage,
    webhooks,
    bucketMs: (Number.isFinite(bucketSeconds) && bucketSeconds > 0 ? bucketSeconds : 10) * 1000,
    ...(Number.isInteger(threshold) && threshold > 0 ? { quarantineThreshold: threshold } : {}),
    ...(options.metrics === undefined ? {} : { registry: options.metrics.registry }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  const upstreams = options.upstreams ?? [];
  const aliases = options.aliases ?? {};
  const middleware = killSwitchMiddleware({
    killSwitch,
    upstreamOf: (model) => {
      const resolved = aliases[model] ?? model;
      return upstreams.find((upstream) => modelPatternMatches(resolved, upstream.models))?.name;
    },
    observe: (request) => anomaly.observeRequest(request),
    ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
  });
  const mount = createOversightUi({
    storage,
    review,
    killSwitch,
    ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
    ...(options.circuitStates === undefined ? {} : { circuitStates: options.circuitStates }),
    ...(options.secureCookies === undefined ? {} : { secureCookies: options.secureCookies }),
  });
  return {
    review,
    killSwitch,
    anomaly,
    routeMiddleware: (route) => (guardedRoutes.has(route) ? [middleware] : []),
    observeAudit: (recorder) => observeAudit(recorder, anomaly),
    mount,
    async close() {
      await anomaly.flush();
      await notifier?.close();
    },
  };
}

/** Review metrics: decisions, time to decision, and the pending backlog (read from storage at scrape time). */
function registerReviewMetrics(registry: Registry, storage: Storage) {
  const existing = <T>(name: string): T | undefined => registry.getSingleMetric(name) as T | undefined;
  const decisions =
    existing<Counter>('palisade_review_decisions_total') ??
    new Counter({
      name: 'palisade_review_decisions_total',
      help: 'Human review decisions, by status',
      labelNames: ['status'],
      registers: [registry],
    });
  const timeToDecision =
    existing<Histogram>('palisade_review_decision_seconds') ??
    new Histogram({
      name: 'palisade_review_decision_seconds',
      help: 'Time from submission to a reviewer decision',
      buckets: [5, 15, 30, 60, 120, 300, 900, 3600, 14_400, 86_400],
      registers: [registry],
    });
  if (existing<Gauge>('palisade_review_pending') === undefined) {
    new Gauge({
      name: 'palisade_review_pending',
      help: 'Review items waiting for a decision (shared storage)',
      registers: [registry],
      async collect() {
        try {
          this.set(await storage.countReviews('pending'));
        } catch {
          // Storage down: keep the last value; readiness reports the outage.
        }
      },
    });
  }
  return { decisions, timeToDecision };
}
