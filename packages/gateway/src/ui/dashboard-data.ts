import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import type { Storage } from '../storage/storage.js';

/** Everything the dashboard charts, computed from the shared audit log, review queue and metrics. */
export interface DashboardData {
  readonly generatedAt: string;
  readonly windowMinutes: number;
  /** `HH:MM` (UTC) per bucket. */
  readonly labels: readonly string[];
  /** Guard decisions per bucket by effective action. */
  readonly decisions: Readonly<Record<'allow' | 'redact' | 'review' | 'block', readonly number[]>>;
  /** Guard latency per bucket (ms). */
  readonly latency: { readonly p50: readonly (number | null)[]; readonly p99: readonly (number | null)[] };
  readonly totals: { readonly requests: number; readonly rejected: number };
  readonly rejectionByKey: readonly { readonly key: string; readonly rate: number; readonly total: number }[];
  readonly rejectionByScanner: readonly { readonly scanner: string; readonly rate: number; readonly count: number }[];
  readonly topCategories: readonly { readonly category: string; readonly count: number }[];
  readonly review: {
    readonly pending: number;
    readonly decided: number;
    readonly medianSeconds: number | null;
    readonly p90Seconds: number | null;
  };
  readonly upstreams: readonly { readonly name: string; readonly state: string; readonly errors: number }[];
  readonly alerts: { readonly open: number };
  readonly killSwitches: number;
  /** True when the window held more audit events than were read. */
  readonly truncated: boolean;
}

/** Options of {@link computeDashboard}. */
export interface DashboardOptions {
  readonly storage: Storage;
  readonly metrics?: GatewayMetrics;
  /** Live circuit states of this instance's upstreams. */
  readonly circuitStates?: () => Readonly<Record<string, string>>;
  readonly windowMinutes?: number;
  readonly bucketMinutes?: number;
  readonly maxEvents?: number;
  readonly now?: number;
}

function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] ?? null;
}

const rejected = (effective: string | undefined): boolean => effective === 'block' || effective === 'review';

/**
 * Computes the dashboard over the last `windowMinutes` (default 60, 1-minute buckets): decisions
 * and latency over time, rejection rate by key and by scanner, top categories, review backlog and
 * time to decision, upstream errors and circuit states, open alerts and kill switches.
 *
 * @example
 * const data = await computeDashboard({ storage, metrics });
 */
export async function computeDashboard(options: DashboardOptions): Promise<DashboardData> {
  const { storage } = options;
  const now = options.now ?? Date.now();
  const windowMinutes = options.windowMinutes ?? 60;
  const bucketMs = (options.bucketMinutes ?? 1) * 60_000;
  const end = Math.ceil(now / bucketMs) * bucketMs;
  const start = end - windowMinutes * 60_000;
  const buckets = Math.max(1, Math.round((end - start) / bucketMs));
  const labels = Array.from({ length: buckets }, (_, index) =>
    new Date(start + index * bucketMs).toISOString().slice(11, 16),
  );
  const decisions = {
    allow: new Array<number>(buckets).fill(0),
    redact: new Array<number>(buckets).fill(0),
    review: new Array<number>(buckets).fill(0),
    block: new Array<number>(buckets).fill(0),
  };
  const latencies: number[][] = Array.from({ length: buckets }, () => []);
  const byKey = new Map<string, { total: number; rejected: number }>();
  const byScanner = new Map<string, number>();
  const categories = new Map<string, number>();
  let requests = 0;
  let rejectedCount = 0;
  let truncated = false;
  const maxEvents = options.maxEvents ?? 20_000;
  let afterSeq = 0;
  let read = 0;
  for (;;) {
    const page = await storage.listAudit({ since: new Date(start).toISOString(), afterSeq, limit: 1000 });
    for (const event of page) {
      afterSeq = event.seq;
      read += 1;
      if (event.action !== 'guard.decision') continue;
      const bucket = Math.floor((Date.parse(event.at) - start) / bucketMs);
      if (bucket < 0 || bucket >= buckets) continue;
      const effective = event.effective ?? event.decision ?? 'allow';
      if (effective in decisions) decisions[effective as keyof typeof decisions][bucket]! += 1;
      if (event.latencyMs !== undefined) latencies[bucket]!.push(event.latencyMs);
      const stage = event.details?.['stage'];
      const isRejected = rejected(effective);
      // One request has an input decision (and maybe output ones): count requests on input.
      if (stage === undefined || stage === 'input' || isRejected) {
        requests += stage === undefined || stage === 'input' ? 1 : 0;
        const key = event.keyId ?? 'anonymous';
        const entry = byKey.get(key) ?? { total: 0, rejected: 0 };
        if (stage === undefined || stage === 'input') entry.total += 1;
        if (isRejected) entry.rejected += 1;
        byKey.set(key, entry);
      }
      if (isRejected) rejectedCount += 1;
      for (const finding of event.findings ?? [])
        categories.set(finding.category, (categories.get(finding.category) ?? 0) + 1);
      if (isRejected) {
        for (const scanner of new Set((event.findings ?? []).map((finding) => finding.scanner))) {
          byScanner.set(scanner, (byScanner.get(scanner) ?? 0) + 1);
        }
      }
    }
    if (page.length < 1000) break;
    if (read >= maxEvents) {
      truncated = true;
      break;
    }
  }
  const latency = {
    p50: latencies.map((values) =>
      quantile(
        [...values].sort((a, b) => a - b),
        0.5,
      ),
    ),
    p99: latencies.map((values) =>
      quantile(
        [...values].sort((a, b) => a - b),
        0.99,
      ),
    ),
  };

  const decidedTimes: number[] = [];
  for (const status of ['approved', 'rejected'] as const) {
    const items = await storage.listReviews({ status, createdAfter: new Date(start).toISOString(), limit: 5000 });
    for (const item of items) {
      if (item.decidedAt !== undefined)
        decidedTimes.push((Date.parse(item.decidedAt) - Date.parse(item.createdAt)) / 1000);
    }
  }
  decidedTimes.sort((a, b) => a - b);

  const errorsByUpstream = new Map<string, number>();
  if (options.metrics !== undefined) {
    const errors = await options.metrics.upstreamErrors.get();
    for (const value of errors.values) {
      const name = String(value.labels['upstream'] ?? 'unknown');
      errorsByUpstream.set(name, (errorsByUpstream.get(name) ?? 0) + value.value);
    }
  }
  const states = options.circuitStates?.() ?? {};
  const upstreamNames = new Set([...Object.keys(states), ...errorsByUpstream.keys()]);

  const [pending, openAlerts, switches] = await Promise.all([
    storage.countReviews('pending'),
    storage.listAlerts({ status: 'open', limit: 1000 }),
    storage.listSettings('kill-switch:'),
  ]);
  return {
    generatedAt: new Date(now).toISOString(),
    windowMinutes,
    labels,
    decisions,
    latency,
    totals: { requests, rejected: rejectedCount },
    rejectionByKey: [...byKey.entries()]
      .map(([key, entry]) => ({
        key,
        total: entry.total,
        rate: entry.total === 0 ? 0 : Math.min(1, entry.rejected / entry.total),
      }))
      .sort((a, b) => b.rate - a.rate || b.total - a.total)
      .slice(0, 10),
    rejectionByScanner: [...byScanner.entries()]
      .map(([scanner, count]) => ({ scanner, count, rate: requests === 0 ? 0 : Math.min(1, count / requests) }))
      .sort((a, b) => b.count - a.count)
      .slice(0, 10),
    topCategories: [...categories.entries()]
      .map(([category, count]) => ({ category, count }))
      .sort((a, b) => b.count - a.count)
      .slice(0, 10),
    review: {
      pending,
      decided: decidedTimes.length,
      medianSeconds: quantile(decidedTimes, 0.5),
      p90Seconds: quantile(decidedTimes, 0.9),
    },
    upstreams: [...upstreamNames].sort().map((name) => ({
      name,
      state: states[name] ?? 'unknown',
      errors: errorsByUpstream.get(name) ?? 0,
    })),
    alerts: { open: openAlerts.length },
    killSwitches: switches.length,
    truncated,
  };
}
