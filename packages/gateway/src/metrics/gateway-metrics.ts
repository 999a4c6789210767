import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Every metric name and label the gateway exports, in one place. Names follow
 * `palisade_<noun>_<unit>`; labels are low-cardinality (never key secrets, prompts or request ids).
 */
export const metricNames = {
  httpRequests: 'palisade_http_requests_total',
  httpDuration: 'palisade_http_request_duration_seconds',
  guardChecks: 'palisade_guard_checks_total',
  guardDuration: 'palisade_guard_duration_seconds',
  decisions: 'palisade_decisions_total',
  findings: 'palisade_findings_total',
  scannerDuration: 'palisade_scanner_duration_seconds',
  scannerErrors: 'palisade_scanner_errors_total',
  inputRejections: 'palisade_input_rejections_total',
  upstreamDuration: 'palisade_upstream_request_duration_seconds',
  upstreamErrors: 'palisade_upstream_errors_total',
  circuitState: 'palisade_upstream_circuit_state',
  activeStreams: 'palisade_streams_active',
  policyReloads: 'palisade_policy_reloads_total',
  tokens: 'palisade_tokens_total',
} as const;

/** Label names per metric. */
export const metricLabels = {
  httpRequests: ['route', 'method', 'status'],
  httpDuration: ['route', 'method'],
  guardChecks: ['stage', 'policy'],
  guardDuration: ['stage'],
  decisions: ['stage', 'action', 'effective', 'policy'],
  findings: ['stage', 'scanner', 'category'],
  scannerDuration: ['scanner', 'stage'],
  scannerErrors: ['scanner', 'stage'],
  inputRejections: ['route', 'action'],
  upstreamDuration: ['upstream', 'operation', 'outcome'],
  upstreamErrors: ['upstream', 'outcome', 'status'],
  circuitState: ['upstream'],
  activeStreams: [],
  policyReloads: ['outcome'],
  tokens: ['direction', 'model'],
} as const;

const latencyBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const upstreamBuckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

type Labels<Key extends keyof typeof metricLabels> = (typeof metricLabels)[Key][number];

/** The gateway's Prometheus metrics on their own registry. */
export interface GatewayMetrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<Labels<'httpRequests'>>;
  readonly httpDuration: Histogram<Labels<'httpDuration'>>;
  readonly guardChecks: Counter<Labels<'guardChecks'>>;
  readonly guardDuration: Histogram<Labels<'guardDuration'>>;
  readonly decisions: Counter<Labels<'decisions'>>;
  readonly findings: Counter<Labels<'findings'>>;
  readonly scannerDuration: Histogram<Labels<'scannerDuration'>>;
  readonly scannerErrors: Counter<Labels<'scannerErrors'>>;
  readonly inputRejections: Counter<Labels<'inputRejections'>>;
  readonly upstreamDuration: Histogram<Labels<'upstreamDuration'>>;
  readonly upstreamErrors: Counter<Labels<'upstreamErrors'>>;
  readonly circuitState: Gauge<Labels<'circuitState'>>;
  readonly activeStreams: Gauge;
  readonly policyReloads: Counter<Labels<'policyReloads'>>;
  readonly tokens: Counter<Labels<'tokens'>>;
}

/**
 * Creates the metrics on a fresh registry (one per gateway, so tests do not share state).
 *
 * @example
 * const metrics = createGatewayMetrics({ defaultMetrics: true });
 * response.body = await metrics.registry.metrics();
 */
export function createGatewayMetrics(options: { readonly defaultMetrics?: boolean } = {}): GatewayMetrics {
  const registry = new Registry();
  if (options.defaultMetrics === true) collectDefaultMetrics({ register: registry, prefix: 'palisade_' });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({
      name: metricNames.httpRequests,
      help: 'HTTP requests by route, method and status.',
      labelNames: metricLabels.httpRequests,
      registers,
    }),
    httpDuration: new Histogram({
      name: metricNames.httpDuration,
      help: 'HTTP request duration until the response head (streams: first byte).',
      labelNames: metricLabels.httpDuration,
      buckets: upstreamBuckets,
      registers,
    }),
    guardChecks: new Counter({
      name: metricNames.guardChecks,
      help: 'Guard checks run, by stage and policy.',
      labelNames: metricLabels.guardChecks,
      registers,
    }),
    guardDuration: new Histogram({
      name: metricNames.guardDuration,
      help: 'Time spent in guard checks per request stage.',
      labelNames: metricLabels.guardDuration,
      buckets: latencyBuckets,
      registers,
    }),
    decisions: new Counter({
      name: metricNames.decisions,
      help: 'Guard decisions by stage, decided action, effective action (shadow mode) and policy.',
      labelNames: metricLabels.decisions,
      registers,
    }),
    findings: new Counter({
      name: metricNames.findings,
      help: 'Findings by stage, scanner and category.',
      labelNames: metricLabels.findings,
      registers,
    }),
    scannerDuration: new Histogram({
      name: metricNames.scannerDuration,
      help: 'Per-scanner latency when the pipeline reports it.',
      labelNames: metricLabels.scannerDuration,
      buckets: latencyBuckets,
      registers,
    }),
    scannerErrors: new Counter({
      name: metricNames.scannerErrors,
      help: 'Scanners that failed to run (timeouts, exceptions), distinct from findings.',
      labelNames: metricLabels.scannerErrors,
      registers,
    }),
    inputRejections: new Counter({
      name: metricNames.inputRejections,
      help: 'Requests stopped by input, retrieval or tool rails (blocked or held); divide by model-route requests for the rate.',
      labelNames: metricLabels.inputRejections,
      registers,
    }),
    upstreamDuration: new Histogram({
      name: metricNames.upstreamDuration,
      help: 'Upstream attempt latency (streams: until headers) by upstream, operation and outcome.',
      labelNames: metricLabels.upstreamDuration,
      buckets: upstreamBuckets,
      registers,
    }),
    upstreamErrors: new Counter({
      name: metricNames.upstreamErrors,
      help: 'Failed upstream attempts by upstream, outcome and HTTP status.',
      labelNames: metricLabels.upstreamErrors,
      registers,
    }),
    circuitState: new Gauge({
      name: metricNames.circuitState,
      help: 'Circuit breaker state per upstream: 0 closed, 1 open, 2 half-open.',
      labelNames: metricLabels.circuitState,
      registers,
    }),
    activeStreams: new Gauge({
      name: metricNames.activeStreams,
      help: 'Streaming responses in flight.',
      registers,
    }),
    policyReloads: new Counter({
      name: metricNames.policyReloads,
      help: 'Policy hot reloads by outcome (applied, rejected).',
      labelNames: metricLabels.policyReloads,
      registers,
    }),
    tokens: new Counter({
      name: metricNames.tokens,
      help: 'Tokens reported by upstream usage, by direction and model.',
      labelNames: metricLabels.tokens,
      registers,
    }),
  };
}
