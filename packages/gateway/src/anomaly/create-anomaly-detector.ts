import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import { quarantineKey } from '../incident/key-quarantine.js';
import type { AlertRecord, Storage } from '../storage/storage.js';
import { type EwmaBand, updateBand, upperEdge } from './ewma-band.js';
import { signatureHeader, signWebhook, timestampHeader } from './sign-webhook.js';

/** Who a series is about. */
export type AnomalyDimension = 'key' | 'ip' | 'scanner';
/** What a series counts per bucket. */
export type AnomalySeries = 'requests' | 'rejections' | 'injections' | 'hits';

/** A webhook that receives alerts as signed JSON. */
export interface AlertWebhook {
  readonly url: string;
  /** HMAC-SHA256 secret; without one the body is sent unsigned. */
  readonly secret?: string;
}

/** Options of {@link createAnomalyDetector}. */
export interface AnomalyDetectorOptions {
  readonly storage: Pick<Storage, 'createAlert' | 'updateKey' | 'appendAudit'>;
  /** Bucket length (default 10 s). */
  readonly bucketMs?: number;
  /** EWMA weight of the newest bucket (default 0.3). */
  readonly alpha?: number;
  /** Band width in standard deviations (default 4). */
  readonly sigmas?: number;
  /** Minimum count in one bucket before anything alerts, per series. */
  readonly floors?: Partial<Record<AnomalySeries, number>>;
  /** One alert per series at most this often (default 60 s). */
  readonly cooldownMs?: number;
  readonly webhooks?: readonly AlertWebhook[];
  /** Quarantine a key whose injection attempts in one bucket reach this count. */
  readonly quarantineThreshold?: number;
  /** Registers `palisade_anomaly_alerts_total` here. */
  readonly registry?: Registry;
  readonly logger?: Logger;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
  /** Most series tracked per dimension (oldest dropped first; default 10 000). */
  readonly maxSeries?: number;
}

/** A guard decision as the detector reads it (structurally the gateway's audit event). */
export interface ObservedDecision {
  readonly requestId: string;
  readonly keyId?: string;
  readonly clientIp?: string;
  readonly action: string;
  readonly effective?: string;
  readonly findings: readonly { readonly scanner: string; readonly category: string }[];
}

/** Rolling baselines with alerting. */
export interface AnomalyDetector {
  /** One request arrived (request rate per key and client IP). */
  observeRequest(request: { readonly requestId?: string; readonly keyId?: string; readonly clientIp?: string }): void;
  /** One guard decision (rejections and injection attempts per key and IP, hits per scanner). */
  observeDecision(decision: ObservedDecision): void;
  /** Resolves once alerts, webhooks and quarantines started so far are done (tests, shutdown). */
  flush(): Promise<void>;
}

interface SeriesState {
  readonly band: EwmaBand;
  bucketStart: number;
  count: number;
  alertedInBucket: boolean;
  lastAlertAt: number;
}

const defaultFloors: Record<AnomalySeries, number> = { requests: 60, rejections: 10, injections: 5, hits: 20 };
const injectionPattern = /injection|jailbreak/i;

/**
 * Anomaly detection over rolling EWMA baselines per key, per client IP and per scanner: request
 * rate, rejection rate and injection attempts (and findings per scanner) are counted in buckets;
 * a bucket above `mean + sigmas·sd` (and above a floor) raises an alert, stored, counted in
 * `palisade_anomaly_alerts_total`, POSTed to webhooks signed with HMAC-SHA256, and optionally
 * quarantines the key.
 *
 * @example
 * const detector = createAnomalyDetector({ storage, webhooks: [{ url, secret }], quarantineThreshold: 50 });
 * detector.observeRequest({ keyId: 'pal_x', clientIp: '203.0.113.7' });
 */
export function createAnomalyDetector(options: AnomalyDetectorOptions): AnomalyDetector {
  const bucketMs = options.bucketMs ?? 10_000;
  const alpha = options.alpha ?? 0.3;
  const sigmas = options.sigmas ?? 4;
  const cooldownMs = options.cooldownMs ?? 60_000;
  const floors = { ...defaultFloors, ...options.floors };
  const now = options.now ?? Date.now;
  const maxSeries = options.maxSeries ?? 10_000;
  const doFetch = options.fetch ?? fetch;
  const series = new Map<string, SeriesState>();
  const ipByRequest = new Map<string, string>();
  const pending = new Set<Promise<unknown>>();
  // Keys this instance quarantined, with the time: not quarantined again for 10 minutes (an operator
  // who released a key gets that long before automation steps in again).
  const quarantined = new Map<string, number>();
  const recentlyQuarantined = (subject: string): boolean => {
    const at = quarantined.get(subject);
    return at !== undefined && now() - at < 600_000;
  };
  const counter =
    options.registry === undefined
      ? undefined
      : ((options.registry.getSingleMetric('palisade_anomaly_alerts_total') as Counter | undefined) ??
        new Counter({
          name: 'palisade_anomaly_alerts_total',
          help: 'Anomaly alerts raised, by dimension and series',
          labelNames: ['dimension', 'series'],
          registers: [options.registry],
        }));

  const track = (work: Promise<unknown>): void => {
    const guarded = work.catch((error: unknown) => {
      options.logger?.error({ err: error }, 'anomaly alert handling failed');
    });
    pending.add(guarded);
    void guarded.finally(() => pending.delete(guarded));
  };

  const sendWebhooks = (alert: AlertRecord): Promise<unknown> =>
    Promise.allSettled(
      (options.webhooks ?? []).map(async (webhook) => {
        const body = JSON.stringify({ type: 'palisade.alert', alert });
        const timestamp = Math.floor(now() / 1000);
        const response = await doFetch(webhook.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [timestampHeader]: String(timestamp),
            ...(webhook.secret === undefined
              ? {}
              : { [signatureHeader]: signWebhook(webhook.secret, body, timestamp) }),
          },
          body,
          signal: AbortSignal.timeout(5000),
        });
        if (!response.ok) options.logger?.warn({ status: response.status }, 'alert webhook answered an error');
        await response.body?.cancel();
      }),
    );

  const raise = (
    dimension: AnomalyDimension,
    subject: string,
    name: AnomalySeries,
    state: SeriesState,
    edge: number,
  ): void => {
    counter?.inc({ dimension, series: name });
    const quarantine =
      dimension === 'key' &&
      name === 'injections' &&
      options.quarantineThreshold !== undefined &&
      state.count >= options.quarantineThreshold &&
      !recentlyQuarantined(subject);
    if (quarantine) quarantined.set(subject, now());
    const seconds = Math.round(bucketMs / 1000);
    const baseline = `${state.band.mean.toFixed(1)} ± ${Math.sqrt(state.band.variance).toFixed(1)}`;
    track(
      (async () => {
        const alert = await options.storage.createAlert({
          kind: `anomaly.${name}`,
          subject: `${dimension}:${subject}`,
          severity: quarantine ? 'critical' : state.count >= 3 * edge ? 'high' : 'medium',
          message: `${name} for ${dimension} ${subject}: ${state.count} in ${seconds} s (baseline ${baseline} per ${seconds} s)${quarantine ? '; key quarantined' : ''}`,
          details: {
            dimension,
            subject,
            series: name,
            count: state.count,
            mean: Number(state.band.mean.toFixed(3)),
            sd: Number(Math.sqrt(state.band.variance).toFixed(3)),
            edge: Number(edge.toFixed(3)),
            bucketSeconds: seconds,
            ...(quarantine ? { quarantined: true } : {}),
          },
        });
        if (quarantine) {
          await quarantineKey(options.storage, subject, {
            reason: `automatic: ${state.count} injection attempts in ${seconds} s`,
            actor: 'system:anomaly',
            details: { alertId: alert.id },
          });
        }
        await sendWebhooks(alert);
      })(),
    );
  };

  const count = (dimension: AnomalyDimension, subject: string | undefined, name: AnomalySeries): void => {
    if (subject === undefined || subject === '') return;
    const id = `${dimension}\u0000${name}\u0000${subject}`;
    const time = now();
    let state = series.get(id);
    if (state === undefined) {
      if (series.size >= maxSeries * 3) {
        const oldest = series.keys().next().value;
        if (oldest !== undefined) series.delete(oldest);
      }
      state = {
        band: { mean: 0, variance: 0, samples: 0 },
        bucketStart: time - (time % bucketMs),
        count: 0,
        alertedInBucket: false,
        lastAlertAt: Number.NEGATIVE_INFINITY,
      };
    } else {
      series.delete(id);
    }
    series.set(id, state);
    if (time >= state.bucketStart + bucketMs) {
      updateBand(state.band, state.count, alpha);
      const missed = Math.min(60, Math.floor((time - state.bucketStart) / bucketMs) - 1);
      for (let index = 0; index < missed; index += 1) updateBand(state.band, 0, alpha);
      state.bucketStart = time - (time % bucketMs);
      state.count = 0;
      state.alertedInBucket = false;
    }
    state.count += 1;
    const edge = upperEdge(state.band, sigmas, floors[name]);
    if (state.count > edge && !state.alertedInBucket && time - state.lastAlertAt >= cooldownMs) {
      state.alertedInBucket = true;
      state.lastAlertAt = time;
      raise(dimension, subject, name, state, edge);
    } else if (
      name === 'injections' &&
      dimension === 'key' &&
      options.quarantineThreshold !== undefined &&
      state.count === options.quarantineThreshold &&
      !recentlyQuarantined(subject)
    ) {
      raise(dimension, subject, name, state, edge);
    }
  };

  return {
    observeRequest(request) {
      count('key', request.keyId, 'requests');
      count('ip', request.clientIp, 'requests');
      if (request.requestId !== undefined && request.clientIp !== undefined) {
        if (ipByRequest.size >= 10_000) {
          const oldest = ipByRequest.keys().next().value;
          if (oldest !== undefined) ipByRequest.delete(oldest);
        }
        ipByRequest.set(request.requestId, request.clientIp);
      }
    },
    observeDecision(decision) {
      const clientIp = decision.clientIp ?? ipByRequest.get(decision.requestId);
      const effective = decision.effective ?? decision.action;
      if (effective === 'block' || effective === 'review') {
        count('key', decision.keyId, 'rejections');
        count('ip', clientIp, 'rejections');
      }
      const injection = decision.findings.some(
        (finding) => injectionPattern.test(finding.category) || injectionPattern.test(finding.scanner),
      );
      if (injection) {
        count('key', decision.keyId, 'injections');
        count('ip', clientIp, 'injections');
      }
      for (const scanner of new Set(decision.findings.map((finding) => finding.scanner)))
        count('scanner', scanner, 'hits');
    },
    async flush() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
