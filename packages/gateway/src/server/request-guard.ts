import { type Span, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import { type Action, actionPrecedence, type ContextDocument, type Stage } from '@palisade/guard';
import type { Logger } from 'pino';
import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import type {
  AuditFinding,
  GatewayAuditRecorder,
  GatewayCheckRequest,
  GatewayDecision,
  GatewayGuard,
  GatewayGuardSettings,
  GatewayPrincipal,
} from './gateway-dependencies.js';
import { createStreamOutputGuard, createTransformOutputGuard, type StreamOutputGuard } from './stream-output-guard.js';

/** The effective action of a decision (shadow mode: what was enforced). */
export function effectiveAction(decision: GatewayDecision): Action {
  return decision.effective ?? decision.action;
}

/** The stronger of two actions by precedence (block > review > drop > redact > allow). */
export function strongerAction(first: Action, second: Action): Action {
  return actionPrecedence.indexOf(second) > actionPrecedence.indexOf(first) ? second : first;
}

/** Per-request guard wrapper: runs checks with metrics, spans and audit; remembers the strongest action. */
export interface RequestGuard {
  readonly requestId: string;
  readonly conversationId: string;
  /** The policy's response, review and canary settings, when the guard has them. */
  readonly settings?: GatewayGuardSettings;
  check(request: Omit<GatewayCheckRequest, 'conversationId' | 'signal'>): Promise<GatewayDecision>;
  restore(text: string): Promise<string>;
  /** Records a decision reached outside `check` (a guarded stream's final decision). */
  record(stage: Stage, decision: GatewayDecision): void;
  /** The output guard for one streamed answer: the guard's own stream when it has one. */
  outputGuard(options: {
    readonly window: number;
    readonly scanEvery: number;
    readonly system?: string;
    readonly prompt?: string;
    readonly documents?: readonly ContextDocument[];
    readonly canary?: string;
  }): StreamOutputGuard;
  /** Strongest effective action so far (the `x-palisade-decision` header). */
  overall(): Action;
  /** Writes one audit event per stage checked; awaited when anything was blocked or reviewed. */
  flushAudit(extra?: { readonly upstream?: string; readonly model?: string }): Promise<void>;
}

interface StageRecord {
  action: Action;
  effective: Action;
  findings: AuditFinding[];
  latencyMs: number;
  policyId?: string;
  policyVersion?: string | number;
}

/**
 * Creates the guard wrapper for one request.
 *
 * @example
 * const requestGuard = createRequestGuard({ guard, requestId, route: '/v1/chat/completions', signal, tracer });
 * const decision = await requestGuard.check({ stage: 'input', text, role: 'user' });
 */
export function createRequestGuard(options: {
  readonly guard: GatewayGuard;
  readonly requestId: string;
  readonly conversationId?: string;
  readonly route: string;
  readonly signal: AbortSignal;
  readonly tracer: Tracer;
  readonly principal?: GatewayPrincipal;
  readonly metrics?: GatewayMetrics;
  readonly audit?: GatewayAuditRecorder;
  readonly logger?: Logger;
}): RequestGuard {
  const conversationId = options.conversationId ?? options.requestId;
  const stages = new Map<Stage, StageRecord>();
  let overall: Action = 'allow';

  const record = (stage: Stage, decision: GatewayDecision, latencyMs: number): void => {
    const effective = effectiveAction(decision);
    overall = strongerAction(overall, effective);
    const policy = decision.policyId ?? 'unknown';
    const metrics = options.metrics;
    if (metrics !== undefined) {
      metrics.guardChecks.inc({ stage, policy });
      metrics.guardDuration.observe({ stage }, latencyMs / 1000);
      metrics.decisions.inc({ stage, action: decision.action, effective, policy });
      for (const finding of decision.findings) {
        metrics.findings.inc({ stage, scanner: finding.scanner, category: finding.category });
      }
      for (const error of decision.errors ?? []) metrics.scannerErrors.inc({ scanner: error.scanner, stage });
      for (const [scanner, milliseconds] of Object.entries(decision.timings ?? {})) {
        metrics.scannerDuration.observe({ scanner, stage }, milliseconds / 1000);
      }
    }
    const previous = stages.get(stage);
    const findings = decision.findings.map((finding) => {
      const entry: { -readonly [K in keyof AuditFinding]: AuditFinding[K] } = {
        scanner: finding.scanner,
        category: finding.category,
        severity: finding.severity,
      };
      if (finding.score !== undefined) entry.score = finding.score;
      if (finding.span !== undefined) {
        entry.start = finding.span.start;
        entry.end = finding.span.end;
      }
      return entry;
    });
    const next: StageRecord = {
      action: strongerAction(previous?.action ?? 'allow', decision.action),
      effective: strongerAction(previous?.effective ?? 'allow', effective),
      findings: [...(previous?.findings ?? []), ...findings],
      latencyMs: (previous?.latencyMs ?? 0) + latencyMs,
    };
    const policyId = decision.policyId ?? previous?.policyId;
    if (policyId !== undefined) next.policyId = policyId;
    const policyVersion = decision.policyVersion ?? previous?.policyVersion;
    if (policyVersion !== undefined) next.policyVersion = policyVersion;
    stages.set(stage, next);
  };

  const addScannerSpans = (parent: Span, decision: GatewayDecision, stage: Stage): void => {
    const end = Date.now();
    for (const [scanner, milliseconds] of Object.entries(decision.timings ?? {})) {
      options.tracer
        .startSpan(`scanner ${scanner}`, {
          startTime: end - milliseconds,
          attributes: { 'palisade.scanner': scanner, 'palisade.stage': stage },
        })
        .end(end);
    }
    parent.setAttributes({
      'palisade.action': decision.action,
      'palisade.effective': effectiveAction(decision),
      'palisade.findings': decision.findings.length,
    });
  };

  const self: RequestGuard = {
    requestId: options.requestId,
    conversationId,
    ...(options.guard.settings === undefined ? {} : { settings: options.guard.settings }),
    check(request) {
      return options.tracer.startActiveSpan(`guard ${request.stage}`, async (span) => {
        span.setAttributes({ 'palisade.stage': request.stage, 'palisade.request_id': options.requestId });
        const started = performance.now();
        try {
          const decision = await options.guard.check({ ...request, conversationId, signal: options.signal });
          const latencyMs = performance.now() - started;
          record(request.stage, decision, latencyMs);
          addScannerSpans(span, decision, request.stage);
          return decision;
        } catch (error) {
          span.setStatus({ code: SpanStatusCode.ERROR });
          throw error;
        } finally {
          span.end();
        }
      });
    },
    async restore(text) {
      if (options.guard.restore === undefined || text === '') return text;
      return options.guard.restore(text, conversationId);
    },
    record(stage, decision) {
      record(stage, decision, decision.latencyMs ?? 0);
    },
    outputGuard(streamOptions) {
      const context = {
        ...(streamOptions.system === undefined ? {} : { system: streamOptions.system }),
        ...(streamOptions.prompt === undefined ? {} : { prompt: streamOptions.prompt }),
        ...(streamOptions.documents === undefined ? {} : { documents: streamOptions.documents }),
        ...(streamOptions.canary === undefined ? {} : { canary: streamOptions.canary }),
      };
      const guard = options.guard;
      if (guard.stream !== undefined) {
        let recorded = false;
        return createTransformOutputGuard(
          guard.stream({ conversationId, signal: options.signal, ...context }),
          (decision) => {
            if (recorded) return;
            recorded = true;
            record('output', decision, decision.latencyMs ?? 0);
          },
        );
      }
      return createStreamOutputGuard({
        window: streamOptions.window,
        scanEvery: streamOptions.scanEvery,
        check: (text) => self.check({ stage: 'output', text, ...context }),
        restore: (text) => self.restore(text),
      });
    },
    overall: () => overall,
    async flushAudit(extra = {}) {
      const audit = options.audit;
      if (audit === undefined || stages.size === 0) return;
      const writes = [...stages.entries()].map(([stage, entry]) =>
        audit.record({
          type: 'guard.decision',
          requestId: options.requestId,
          route: options.route,
          stage,
          action: entry.action,
          effective: entry.effective,
          findings: entry.findings,
          latencyMs: Math.round(entry.latencyMs * 1000) / 1000,
          ...(options.principal?.keyId === undefined ? {} : { keyId: options.principal.keyId }),
          ...(entry.policyId === undefined ? {} : { policyId: entry.policyId }),
          ...(entry.policyVersion === undefined ? {} : { policyVersion: entry.policyVersion }),
          ...(extra.upstream === undefined ? {} : { upstream: extra.upstream }),
          ...(extra.model === undefined ? {} : { model: extra.model }),
        }),
      );
      stages.clear();
      const durable = overall === 'block' || overall === 'review';
      const all = Promise.all(writes).then(() => undefined);
      if (durable) {
        await all;
        return;
      }
      all.catch((error: unknown) =>
        options.logger?.error(
          { requestId: options.requestId, error: error instanceof Error ? error.message : 'unknown' },
          'audit write failed',
        ),
      );
    },
  };
  return self;
}
