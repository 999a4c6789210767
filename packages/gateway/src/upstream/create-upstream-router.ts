import { SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import { GuardError } from '@palisade/guard';
import { type CircuitBreaker, type CircuitState, createCircuitBreaker } from './circuit-breaker.js';
import { backoffDelayMs, isRetryableStatus, parseRetryAfter, sleep } from './retry-policy.js';
import { parseServerSentEvents, type ServerSentEvent } from './server-sent-events.js';
import {
  createUpstreamClient,
  modelMatches,
  type UpstreamClient,
  type UpstreamOperation,
  type UpstreamSettings,
} from './upstream-client.js';

/** How one attempt against one upstream ended. */
export type UpstreamOutcome = 'success' | 'http-error' | 'network-error' | 'timeout' | 'circuit-open';

/** One attempt, reported to metrics and logs (no request or response content). */
export interface UpstreamAttempt {
  readonly upstream: string;
  readonly model: string;
  readonly operation: UpstreamOperation;
  readonly outcome: UpstreamOutcome;
  readonly status?: number;
  readonly durationMs: number;
}

/** Receives attempts and circuit transitions (the metrics module implements it). */
export interface UpstreamObserver {
  attempt?(attempt: UpstreamAttempt): void;
  circuit?(upstream: string, state: CircuitState): void;
}

/** Router settings. */
export interface UpstreamRouterOptions {
  readonly upstreams: readonly UpstreamSettings[];
  /** Public model alias → model name (`fast: gpt-4o-mini`). */
  readonly aliases?: Readonly<Record<string, string>>;
  readonly circuitBreaker: { readonly failureThreshold: number; readonly windowMs: number; readonly openMs: number };
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
  readonly random?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly observer?: UpstreamObserver;
  readonly tracer?: Tracer;
}

/** Result metadata of a routed call. */
export interface UpstreamRoute {
  readonly upstream: string;
  readonly model: string;
  readonly attempts: number;
}

/** Routes by model name and alias, retries, falls back and trips circuit breakers. */
export interface UpstreamRouter {
  /** Non-streaming call; resolves with the upstream's JSON body. */
  json(
    operation: UpstreamOperation,
    body: Readonly<Record<string, unknown>>,
    signal: AbortSignal,
  ): Promise<UpstreamRoute & { readonly body: Record<string, unknown> }>;
  /** Streaming call; resolves once an upstream answered 2xx, with its parsed event stream. */
  stream(
    operation: UpstreamOperation,
    body: Readonly<Record<string, unknown>>,
    signal: AbortSignal,
  ): Promise<UpstreamRoute & { readonly events: ReadableStream<ServerSentEvent> }>;
  /** Model ids served (configured names and aliases, plus what wildcard upstreams list). */
  models(signal: AbortSignal): Promise<readonly string[]>;
  /** Resolves an alias to its model name. */
  resolveModel(model: string): string;
  circuitStates(): Readonly<Record<string, CircuitState>>;
  readonly upstreamNames: readonly string[];
}

interface Candidate {
  readonly client: UpstreamClient;
  readonly breaker: CircuitBreaker;
  readonly model: string;
}

interface Failure {
  readonly upstream: string;
  readonly outcome: UpstreamOutcome;
  readonly status?: number;
}

class AttemptError extends Error {
  constructor(
    readonly outcome: UpstreamOutcome,
    readonly status?: number,
    readonly retryAfterMs?: number,
    readonly upstreamMessage?: string,
  ) {
    super(outcome);
  }
}

/**
 * Creates the upstream router used by the gateway's model routes.
 *
 * @example
 * const router = createUpstreamRouter({
 *   upstreams: [{ name: 'openai', type: 'openai', baseUrl: 'https://api.openai.com/v1', apiKey, models: ['*'],
 *     timeoutMs: 60_000, retry: { maxRetries: 2, baseDelayMs: 200, maxDelayMs: 5_000 }, fallbacks: [] }],
 *   circuitBreaker: { failureThreshold: 5, windowMs: 30_000, openMs: 15_000 },
 * });
 * const { body } = await router.json('chat/completions', { model: 'gpt-4o', messages }, signal);
 */
export function createUpstreamRouter(options: UpstreamRouterOptions): UpstreamRouter {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const wait = options.sleep ?? sleep;
  const tracer = options.tracer ?? trace.getTracer('palisade-gateway');
  const aliases = options.aliases ?? {};
  const byName = new Map<string, { client: UpstreamClient; breaker: CircuitBreaker }>();
  for (const settings of options.upstreams) {
    if (byName.has(settings.name))
      throw new GuardError('config-invalid', `upstream "${settings.name}" is defined twice`);
    const breaker = createCircuitBreaker({
      ...options.circuitBreaker,
      now,
      onStateChange: (state) => options.observer?.circuit?.(settings.name, state),
    });
    byName.set(settings.name, { client: createUpstreamClient(settings, options.fetch), breaker });
  }
  for (const settings of options.upstreams) {
    for (const fallback of settings.fallbacks) {
      if (!byName.has(fallback.upstream)) {
        throw new GuardError(
          'config-invalid',
          `upstream "${settings.name}" falls back to unknown upstream "${fallback.upstream}"`,
        );
      }
    }
  }

  const resolveModel = (model: string): string => aliases[model] ?? model;

  const candidatesFor = (requested: string): Candidate[] => {
    const model = resolveModel(requested);
    const primary = options.upstreams.find((settings) => modelMatches(model, settings.models));
    if (primary === undefined) {
      throw new GuardError('upstream-missing', `no upstream serves model "${requested}"`, {
        details: { model: requested },
      });
    }
    const chain: Candidate[] = [];
    const seen = new Set<string>();
    const push = (name: string, modelName: string): void => {
      const key = `${name}\u0000${modelName}`;
      const entry = byName.get(name);
      if (entry === undefined || seen.has(key)) return;
      seen.add(key);
      chain.push({ client: entry.client, breaker: entry.breaker, model: modelName });
    };
    push(primary.name, model);
    for (const fallback of primary.fallbacks) push(fallback.upstream, fallback.model ?? model);
    return chain;
  };

  async function attemptOnce<T>(
    candidate: Candidate,
    operation: UpstreamOperation,
    body: Readonly<Record<string, unknown>>,
    clientSignal: AbortSignal,
    consume: (response: Response, clearTimer: () => void) => Promise<T>,
    attemptNumber: number,
  ): Promise<T> {
    const settings = candidate.client.settings;
    const started = now();
    const report = (outcome: UpstreamOutcome, status?: number): void => {
      const attempt: { -readonly [K in keyof UpstreamAttempt]: UpstreamAttempt[K] } = {
        upstream: settings.name,
        model: candidate.model,
        operation,
        outcome,
        durationMs: now() - started,
      };
      if (status !== undefined) attempt.status = status;
      options.observer?.attempt?.(attempt);
    };
    return tracer.startActiveSpan(`upstream ${operation}`, async (span) => {
      span.setAttributes({
        'palisade.upstream': settings.name,
        'gen_ai.request.model': candidate.model,
        'palisade.upstream.attempt': attemptNumber,
      });
      const controller = new AbortController();
      const onClientAbort = (): void => controller.abort(clientSignal.reason);
      clientSignal.addEventListener('abort', onClientAbort, { once: true });
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort(new Error('upstream timeout'));
      }, settings.timeoutMs);
      const clearTimer = (): void => {
        clearTimeout(timer);
        clientSignal.removeEventListener('abort', onClientAbort);
      };
      try {
        const response = await candidate.client.send(operation, { ...body, model: candidate.model }, controller.signal);
        span.setAttribute('http.response.status_code', response.status);
        if (!response.ok) {
          const text = await response.text().catch(() => '');
          clearTimer();
          report('http-error', response.status);
          throw new AttemptError(
            'http-error',
            response.status,
            parseRetryAfter(response.headers.get('retry-after'), now()),
            upstreamErrorMessage(text),
          );
        }
        const result = await consume(response, clearTimer);
        report('success', response.status);
        span.setStatus({ code: SpanStatusCode.OK });
        return result;
      } catch (error) {
        clearTimer();
        if (error instanceof AttemptError) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: `HTTP ${error.status}` });
          throw error;
        }
        if (clientSignal.aborted) throw clientSignal.reason ?? error;
        const outcome: UpstreamOutcome = timedOut ? 'timeout' : 'network-error';
        report(outcome);
        span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
        throw new AttemptError(outcome);
      } finally {
        span.end();
      }
    });
  }

  async function run<T>(
    operation: UpstreamOperation,
    body: Readonly<Record<string, unknown>>,
    signal: AbortSignal,
    consume: (response: Response, clearTimer: () => void) => Promise<T>,
  ): Promise<UpstreamRoute & { readonly value: T }> {
    const requested = typeof body['model'] === 'string' ? body['model'] : '';
    const chain = candidatesFor(requested);
    const failures: Failure[] = [];
    let attempts = 0;
    for (const candidate of chain) {
      const settings = candidate.client.settings;
      for (let retry = 0; retry <= settings.retry.maxRetries; retry += 1) {
        if (!candidate.breaker.tryAcquire()) {
          failures.push({ upstream: settings.name, outcome: 'circuit-open' });
          options.observer?.attempt?.({
            upstream: settings.name,
            model: candidate.model,
            operation,
            outcome: 'circuit-open',
            durationMs: 0,
          });
          break;
        }
        attempts += 1;
        try {
          const value = await attemptOnce(candidate, operation, body, signal, consume, attempts);
          candidate.breaker.recordSuccess();
          return { value, upstream: settings.name, model: candidate.model, attempts };
        } catch (error) {
          if (!(error instanceof AttemptError)) {
            candidate.breaker.release();
            throw error;
          }
          const retryable = error.outcome !== 'http-error' || isRetryableStatus(error.status ?? 0);
          if (!retryable) {
            // The upstream is healthy; the request itself is wrong. No retry, no fallback.
            candidate.breaker.recordSuccess();
            throw new GuardError(
              'upstream-failed',
              `upstream ${settings.name} rejected the request (HTTP ${error.status}): ${error.upstreamMessage ?? 'no message'}`,
              { status: error.status ?? 502, details: { upstream: settings.name, upstreamStatus: error.status ?? 0 } },
            );
          }
          candidate.breaker.recordFailure();
          failures.push({
            upstream: settings.name,
            outcome: error.outcome,
            ...(error.status === undefined ? {} : { status: error.status }),
          });
          if (retry < settings.retry.maxRetries) {
            await wait(backoffDelayMs(retry, settings.retry, error.retryAfterMs, random), signal);
          }
        }
      }
    }
    throw exhausted(requested, failures, chain, attempts);
  }

  const exhausted = (
    model: string,
    failures: readonly Failure[],
    chain: readonly Candidate[],
    attempts: number,
  ): GuardError => {
    const summary = failures
      .map(
        (failure) =>
          `${failure.upstream}: ${failure.outcome}${failure.status === undefined ? '' : ` ${failure.status}`}`,
      )
      .join('; ');
    const details = { model, attempts, failures: failures.map((failure) => ({ ...failure })) };
    if (failures.every((failure) => failure.outcome === 'circuit-open')) {
      const retryAfterMs = Math.min(...chain.map((candidate) => candidate.breaker.retryAfterMs()));
      return new GuardError('circuit-open', `every upstream for model "${model}" has an open circuit; retry later`, {
        details: { ...details, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) },
      });
    }
    const last = failures.at(-1);
    if (last?.outcome === 'timeout') {
      return new GuardError('upstream-timeout', `upstream timed out for model "${model}" (${summary})`, { details });
    }
    return new GuardError(
      'upstream-failed',
      `upstream failed for model "${model}" after ${attempts} attempts (${summary})`,
      {
        details,
      },
    );
  };

  return {
    upstreamNames: [...byName.keys()],
    resolveModel,
    async json(operation, body, signal) {
      const result = await run(operation, body, signal, async (response, clearTimer) => {
        try {
          return (await response.json()) as Record<string, unknown>;
        } finally {
          clearTimer();
        }
      });
      return { upstream: result.upstream, model: result.model, attempts: result.attempts, body: result.value };
    },
    async stream(operation, body, signal) {
      const result = await run(operation, body, signal, async (response, clearTimer) => {
        clearTimer();
        if (response.body === null) throw new AttemptError('network-error');
        return parseServerSentEvents(response.body);
      });
      return { upstream: result.upstream, model: result.model, attempts: result.attempts, events: result.value };
    },
    async models(signal) {
      const names = new Set<string>();
      for (const settings of options.upstreams) {
        for (const pattern of settings.models) if (!pattern.endsWith('*')) names.add(pattern);
      }
      for (const alias of Object.keys(aliases)) names.add(alias);
      await Promise.all(
        options.upstreams
          .filter((settings) => settings.models.some((pattern) => pattern.endsWith('*')))
          .map(async (settings) => {
            const entry = byName.get(settings.name);
            if (entry === undefined || entry.breaker.state() === 'open') return;
            try {
              const response = await entry.client.send(
                'models',
                undefined,
                AbortSignal.any([signal, AbortSignal.timeout(Math.min(settings.timeoutMs, 5_000))]),
              );
              if (!response.ok) return;
              const listed = (await response.json()) as { data?: Array<{ id?: unknown }> };
              for (const model of listed.data ?? []) {
                if (typeof model.id === 'string' && modelMatches(model.id, settings.models)) names.add(model.id);
              }
            } catch {
              // Listing is best-effort; the configured names are still returned.
            }
          }),
      );
      return [...names].sort();
    },
    circuitStates() {
      const states: Record<string, CircuitState> = {};
      for (const [name, entry] of byName) states[name] = entry.breaker.state();
      return states;
    },
  };
}

function upstreamErrorMessage(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    const message =
      typeof parsed.error === 'string'
        ? parsed.error
        : typeof parsed.error?.message === 'string'
          ? parsed.error.message
          : typeof parsed.message === 'string'
            ? parsed.message
            : undefined;
    return message === undefined ? undefined : message.slice(0, 300);
  } catch {
    return undefined;
  }
}
