import { trace } from '@opentelemetry/api';
import { GuardError } from '@palisade/guard';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { timeout } from 'hono/timeout';
import type { GatewayConfig } from '../config/gateway-config.js';
import { bodyLimit } from '../middleware/body-limit/body-limit.js';
import { errorHandler, notFoundHandler } from '../middleware/error-handler/error-handler.js';
import { requestId } from '../middleware/request-id/request-id.js';
import { securityHeaders } from '../middleware/security-headers/security-headers.js';
import { formatServerSentEvent } from '../upstream/server-sent-events.js';
import {
  decisionSummary,
  railStopError,
  safeChatChunks,
  safeChatCompletion,
  safeTextCompletion,
} from './blocked-response.js';
import { createInflightTracker } from './create-inflight-tracker.js';
import { demoChatChunks, demoChatCompletion, demoModelId } from './demo-model.js';
import type {
  GatewayDependencies,
  GatewayGuard,
  GatewayPrincipal,
  GatewayRouteId,
  InflightTracker,
} from './gateway-dependencies.js';
import { guardEventStream } from './guard-event-stream.js';
import {
  ChatCompletionRequest,
  type ChatMessage,
  CompletionRequest,
  EmbeddingRequest,
  GuardScanRequest,
  parseBody,
} from './openai-schemas.js';
import {
  documentsMessage,
  guardDocuments,
  guardMessages,
  guardText,
  lastUserPrompt,
  type RailStop,
  railRole,
  systemPrompt,
} from './rails.js';
import { createRequestGuard, effectiveAction, type RequestGuard } from './request-guard.js';

/** The response header carrying the strongest effective action of the request. */
export const decisionHeader = 'x-palisade-decision';

type Variables = { requestId: string; routeLabel: string };
type GatewayContext = Context<{ Variables: Variables }>;
type Json = Record<string, unknown>;

/**
 * Builds the gateway as a Hono app (it never listens by itself; `palisade serve` does).
 *
 * @example
 * const app = createGateway(config, { guards: guard, router });
 * const response = await app.request('/v1/chat/completions', { method: 'POST', body: JSON.stringify(request) });
 */
export function createGateway(
  config: GatewayConfig,
  dependencies: GatewayDependencies,
): Hono<{ Variables: Variables }> {
  const { metrics, logger, router } = dependencies;
  const tracer = trace.getTracer('palisade-gateway');
  const inflight: InflightTracker = dependencies.inflight ?? createInflightTracker();
  const app = new Hono<{ Variables: Variables }>();

  app.onError(errorHandler(logger));
  app.notFound(notFoundHandler());
  app.use(requestId());
  app.use(securityHeaders());
  app.use(async (c, next) => {
    const started = performance.now();
    c.set('routeLabel', 'unmatched');
    await next();
    const route = c.get('routeLabel');
    metrics?.httpRequests.inc({ route, method: c.req.method, status: String(c.res.status) });
    metrics?.httpDuration.observe({ route, method: c.req.method }, (performance.now() - started) / 1000);
    if (c.res.status >= 500 || route === 'unmatched') return;
    logger?.debug(
      {
        requestId: c.get('requestId'),
        route,
        status: c.res.status,
        decision: c.res.headers.get(decisionHeader) ?? undefined,
      },
      'request',
    );
  });
  app.use('/v1/*', bodyLimit(config.limits.bodyBytes));
  app.use(
    '/v1/*',
    timeout(
      config.limits.requestTimeoutMs,
      () =>
        new HTTPException(504, { message: `the request did not complete within ${config.limits.requestTimeoutMs} ms` }),
    ),
  );
  app.use('/v1/*', async (_c, next) => {
    const done = inflight.begin();
    try {
      await next();
    } finally {
      done();
    }
  });

  const label =
    (route: string): MiddlewareHandler =>
    async (c, next) => {
      c.set('routeLabel', route);
      await next();
    };
  const guarded = (id: GatewayRouteId, path: string): string => {
    app.use(path, label(path), ...(dependencies.routeMiddleware?.(id) ?? []));
    return path;
  };

  const principalOf = (c: GatewayContext): GatewayPrincipal | undefined => {
    if (dependencies.principal !== undefined) return dependencies.principal(c);
    const value = c.get('principal' as never) as unknown;
    return typeof value === 'object' && value !== null ? (value as GatewayPrincipal) : undefined;
  };

  const guardFor = (c: GatewayContext, route: string): GatewayGuard => {
    const guards = dependencies.guards;
    const principal = principalOf(c);
    const guard =
      typeof guards === 'function' ? guards({ route, ...(principal === undefined ? {} : { principal }) }) : guards;
    if (guard === undefined) {
      throw new GuardError('policy-not-found', 'no policy is bound to this route, key or role', { status: 503 });
    }
    return guard;
  };

  // The client's disconnect cancels upstream calls; upstream attempts carry their own timeouts and the
  // whole request (until the response head) is capped by limits.requestTimeoutMs below.
  const signalFor = (c: GatewayContext): AbortSignal => c.req.raw.signal;

  const requestGuardFor = (c: GatewayContext, route: string, signal: AbortSignal): RequestGuard => {
    const principal = principalOf(c);
    return createRequestGuard({
      guard: guardFor(c, route),
      requestId: c.get('requestId'),
      route,
      signal,
      tracer,
      ...(principal === undefined ? {} : { principal }),
      ...(metrics === undefined ? {} : { metrics }),
      ...(dependencies.audit === undefined ? {} : { audit: dependencies.audit }),
      ...(logger === undefined ? {} : { logger }),
    });
  };

  const requireModelBackend = (model: string): void => {
    if (router !== undefined) return;
    if (config.demo && model === demoModelId) return;
    throw new GuardError(
      'upstream-missing',
      config.demo
        ? `no upstream is configured; only the demo model "${demoModelId}" is available (start with --upstream <url>)`
        : 'no upstream is configured: start the gateway with --upstream <base URL>, add upstreams to the config, or use --demo',
      { details: { model } },
    );
  };

  /**
   * Answers a stopped request: blocks → 400 (or a safe completion), reviews → hold for a human
   * (`null` when approved: go on) or a safe reply. Audit is durable before the answer.
   */
  const answerStop = async (
    c: GatewayContext,
    requestGuard: RequestGuard,
    stop: RailStop,
    shape: {
      readonly kind: 'chat' | 'completion' | 'embedding' | 'scan';
      readonly model: string;
      readonly stream: boolean;
      readonly n: number;
    },
    route: string,
  ): Promise<Response | null> => {
    const principal = principalOf(c);
    const reviewSettings = requestGuard.settings?.review ?? config.review;
    const response = requestGuard.settings?.response ?? {
      onBlock: config.rails.blockResponse === 'completion' ? ('safe-completion' as const) : ('error' as const),
      safeCompletion: config.rails.safeCompletion,
    };
    if (stop.stage !== 'output') metrics?.inputRejections.inc({ route, action: stop.kind });
    if (stop.kind === 'review' && dependencies.review !== undefined) {
      const item = await dependencies.review.submit({
        requestId: requestGuard.requestId,
        route,
        stage: stop.stage,
        findings: stop.decision.findings,
        text: stop.text,
        ...(requestGuard.settings?.audit === undefined ? {} : { storeText: requestGuard.settings.audit.storeText }),
        ...(principal?.keyId === undefined ? {} : { keyId: principal.keyId }),
        ...(stop.decision.policyId === undefined ? {} : { policyId: stop.decision.policyId }),
      });
      await requestGuard.flushAudit();
      if (reviewSettings.mode === 'hold') {
        const verdict = await dependencies.review.waitForDecision(item.id, {
          timeoutMs: reviewSettings.holdSeconds * 1000,
          signal: c.req.raw.signal,
        });
        if (verdict === 'approved') return null;
        if (verdict === 'pending' && 'onTimeout' in reviewSettings && reviewSettings.onTimeout === 'allow') return null;
      } else if (shape.kind !== 'embedding') {
        return safeReply(c, requestGuard, shape, reviewSettings.safeReply, stop);
      }
    } else if (
      stop.kind === 'review' &&
      reviewSettings.mode === 'safe-reply' &&
      shape.kind !== 'embedding' &&
      shape.kind !== 'scan'
    ) {
      logger?.warn({ requestId: requestGuard.requestId, route }, 'review requested but no review queue is configured');
      await requestGuard.flushAudit();
      return safeReply(c, requestGuard, shape, reviewSettings.safeReply, stop);
    } else if (stop.kind === 'review') {
      logger?.warn(
        { requestId: requestGuard.requestId, route },
        'review requested but no review queue is configured; refusing',
      );
    }
    await requestGuard.flushAudit();
    if (
      stop.kind === 'block' &&
      response.onBlock === 'safe-completion' &&
      shape.kind !== 'embedding' &&
      shape.kind !== 'scan'
    ) {
      return safeReply(c, requestGuard, shape, response.safeCompletion, stop);
    }
    const { status, body } = railStopError(
      stop,
      requestGuard.requestId,
      'blockMessage' in response ? response.blockMessage : undefined,
    );
    c.header(decisionHeader, stop.kind);
    return c.json(body, status);
  };

  const safeReply = (
    c: GatewayContext,
    requestGuard: RequestGuard,
    shape: { readonly kind: string; readonly model: string; readonly stream: boolean; readonly n: number },
    content: string,
    stop: RailStop,
  ): Response => {
    c.header(decisionHeader, stop.kind);
    const options = { requestId: requestGuard.requestId, model: shape.model, content, n: shape.n };
    if (shape.kind === 'completion') return c.json(safeTextCompletion(options));
    if (shape.stream) {
      const wire =
        safeChatChunks(options)
          .map((chunk) => formatServerSentEvent({ data: JSON.stringify(chunk) }))
          .join('') + 'data: [DONE]\n\n';
      return c.body(wire, 200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    }
    return c.json(
      safeChatCompletion({ ...options, palisade: decisionSummary(requestGuard.requestId, stop.stage, stop.decision) }),
    );
  };

  const streamResponse = (
    c: GatewayContext,
    requestGuard: RequestGuard,
    stream: ReadableStream<Uint8Array>,
  ): Response => {
    return new Response(stream, {
      status: 200,
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        'x-accel-buffering': 'no',
        [decisionHeader]: requestGuard.overall(),
        'x-palisade-request-id': requestGuard.requestId,
        ...Object.fromEntries(c.res.headers.entries()),
      },
    });
  };

  const blockSettings = (
    requestGuard: RequestGuard,
  ): { blockResponse: 'error' | 'completion'; safeCompletion: string } => {
    const response = requestGuard.settings?.response;
    if (response === undefined)
      return { blockResponse: config.rails.blockResponse, safeCompletion: config.rails.safeCompletion };
    return {
      blockResponse: response.onBlock === 'safe-completion' ? 'completion' : 'error',
      safeCompletion: response.safeCompletion,
    };
  };

  const beginStream = (): (() => void) => {
    const done = inflight.begin();
    metrics?.activeStreams.inc();
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      metrics?.activeStreams.dec();
      done();
    };
  };

  /** Returns a function that reports token usage to metrics and to the rate limiter's token meter. */
  const tokenCounter = (c: GatewayContext): ((usage: unknown, model: string) => void) => {
    const meter = c.get('tokenMeter' as never) as
      | { charge(usage: { promptTokens: number; completionTokens: number }): Promise<void> }
      | undefined;
    return (usage, model) => {
      if (typeof usage !== 'object' || usage === null) return;
      const { prompt_tokens: prompt, completion_tokens: completion } = usage as Json;
      const promptTokens = typeof prompt === 'number' ? prompt : 0;
      const completionTokens = typeof completion === 'number' ? completion : 0;
      metrics?.tokens.inc({ direction: 'prompt', model }, promptTokens);
      metrics?.tokens.inc({ direction: 'completion', model }, completionTokens);
      meter?.charge({ promptTokens, completionTokens }).catch((error: unknown) => {
        logger?.warn({ error: error instanceof Error ? error.message : 'unknown' }, 'token usage not recorded');
      });
    };
  };

  // ── POST /v1/chat/completions ────────────────────────────────────────────────────────────────
  app.post(guarded('chat.completions', '/v1/chat/completions'), async (c) => {
    const route = '/v1/chat/completions';
    const body = parseBody(await c.req.text(), ChatCompletionRequest);
    requireModelBackend(body.model);
    const signal = signalFor(c);
    const requestGuard = requestGuardFor(c, route, signal);
    const stream = body.stream === true;
    const n = body.n ?? 1;
    const shape = { kind: 'chat' as const, model: body.model, stream, n };

    const input = await guardMessages(requestGuard, body.messages, config.rails.inputRoles);
    if (input.stop !== undefined) return (await answerStop(c, requestGuard, input.stop, shape, route)) ?? c.json({});
    const retrieval = await guardDocuments(requestGuard, body.documents ?? []);
    if (retrieval.stop !== undefined)
      return (await answerStop(c, requestGuard, retrieval.stop, shape, route)) ?? c.json({});
    const review = input.review ?? retrieval.review;
    if (review !== undefined) {
      const answered = await answerStop(c, requestGuard, review, shape, route);
      if (answered !== null) return answered;
    }

    const messages: ChatMessage[] = [...input.messages];
    let canary: string | undefined;
    const guard = guardFor(c, route);
    if (requestGuard.settings?.canary === true && guard.insertCanary !== undefined) {
      const index = messages.findIndex(
        (message) => railRole(message.role) === 'system' && typeof message.content === 'string',
      );
      const target = messages[index];
      if (target !== undefined && typeof target.content === 'string') {
        const inserted = guard.insertCanary(target.content);
        canary = inserted.canary;
        messages[index] = { ...target, content: inserted.system };
      }
    }
    if (retrieval.documents.length > 0) {
      const lastSystem = messages.map((message) => railRole(message.role)).lastIndexOf('system');
      messages.splice(lastSystem + 1, 0, documentsMessage(retrieval.documents));
    }
    const { documents: _documents, ...forward } = body;
    const upstreamBody: Json = { ...forward, messages };
    const system = systemPrompt(body.messages);
    const prompt = lastUserPrompt(body.messages);
    const context = {
      ...(system === undefined ? {} : { system }),
      ...(prompt === undefined ? {} : { prompt }),
      ...(retrieval.documents.length > 0 ? { documents: retrieval.documents } : {}),
      ...(canary === undefined ? {} : { canary }),
    };

    if (stream) {
      const done = beginStream();
      let events: ReadableStream<import('../upstream/server-sent-events.js').ServerSentEvent>;
      let upstreamName = demoModelId;
      let model = body.model;
      try {
        if (router === undefined) {
          events = new ReadableStream({
            start(controller) {
              for (const chunk of demoChatChunks(body.model, messages, n))
                controller.enqueue({ data: JSON.stringify(chunk) });
              controller.enqueue({ data: '[DONE]' });
              controller.close();
            },
          });
        } else {
          const result = await router.stream('chat/completions', upstreamBody, signal);
          events = result.events;
          upstreamName = result.upstream;
          model = result.model;
        }
      } catch (error) {
        done();
        await requestGuard.flushAudit();
        throw error;
      }
      return streamResponse(
        c,
        requestGuard,
        guardEventStream(events, {
          kind: 'chat',
          requestGuard,
          window: config.rails.streamWindow,
          scanEvery: config.rails.streamScanEvery,
          ...blockSettings(requestGuard),
          ...context,
          onEnd: async ({ usage }) => {
            done();
            tokenCounter(c)(usage, model);
            await requestGuard.flushAudit({ upstream: upstreamName, model });
          },
        }),
      );
    }

    let answer: Json;
    let upstreamName = demoModelId;
    let model = body.model;
    if (router === undefined) answer = demoChatCompletion(body.model, messages, n);
    else {
      const result = await router.json('chat/completions', upstreamBody, signal);
      answer = result.body;
      upstreamName = result.upstream;
      model = result.model;
    }
    tokenCounter(c)(answer['usage'], model);
    const output = await guardChatChoices(requestGuard, answer, context);
    if (output.stop !== undefined) {
      const answered = await answerStop(c, requestGuard, output.stop, shape, route);
      if (answered !== null) return answered;
    }
    await requestGuard.flushAudit({ upstream: upstreamName, model });
    c.header(decisionHeader, requestGuard.overall());
    return c.json(output.body);
  });

  // ── POST /v1/completions ─────────────────────────────────────────────────────────────────────
  app.post(guarded('completions', '/v1/completions'), async (c) => {
    const route = '/v1/completions';
    const body = parseBody(await c.req.text(), CompletionRequest);
    if (router === undefined) requireModelBackend('');
    const signal = signalFor(c);
    const requestGuard = requestGuardFor(c, route, signal);
    const stream = body.stream === true;
    const shape = { kind: 'completion' as const, model: body.model, stream, n: body.n ?? 1 };
    const prompts = typeof body.prompt === 'string' ? [body.prompt] : body.prompt;
    const guardedPrompts: string[] = [];
    let review: RailStop | undefined;
    for (const text of prompts) {
      const result = await guardText(requestGuard, { stage: 'input', text, role: 'user' });
      if (result.stop !== undefined)
        return (await answerStop(c, requestGuard, result.stop, shape, route)) ?? c.json({});
      review ??= result.review;
      guardedPrompts.push(result.text);
    }
    if (review !== undefined) {
      const answered = await answerStop(c, requestGuard, review, shape, route);
      if (answered !== null) return answered;
    }
    const upstreamBody: Json = {
      ...body,
      prompt: typeof body.prompt === 'string' ? guardedPrompts[0] : guardedPrompts,
    };
    const prompt = prompts.join('\n');
    if (stream && router !== undefined) {
      const done = beginStream();
      let result: Awaited<ReturnType<typeof router.stream>>;
      try {
        result = await router.stream('completions', upstreamBody, signal);
      } catch (error) {
        done();
        await requestGuard.flushAudit();
        throw error;
      }
      return streamResponse(
        c,
        requestGuard,
        guardEventStream(result.events, {
          kind: 'completion',
          requestGuard,
          window: config.rails.streamWindow,
          scanEvery: config.rails.streamScanEvery,
          ...blockSettings(requestGuard),
          prompt,
          onEnd: async ({ usage }) => {
            done();
            tokenCounter(c)(usage, result.model);
            await requestGuard.flushAudit({ upstream: result.upstream, model: result.model });
          },
        }),
      );
    }
    if (router === undefined) throw new GuardError('upstream-missing', 'no upstream is configured');
    const result = await router.json('completions', upstreamBody, signal);
    tokenCounter(c)(result.body['usage'], result.model);
    const choices = Array.isArray(result.body['choices']) ? (result.body['choices'] as Json[]) : [];
    const out: Json[] = [];
    for (const choice of choices) {
      if (typeof choice['text'] !== 'string') {
        out.push(choice);
        continue;
      }
      const checked = await guardText(requestGuard, { stage: 'output', text: choice['text'], prompt });
      const stop = checked.stop ?? checked.review;
      if (stop !== undefined) {
        const answered = await answerStop(c, requestGuard, stop, shape, route);
        if (answered !== null) return answered;
      }
      out.push({
        ...choice,
        text: await requestGuard.restore(checked.stop === undefined ? checked.text : choice['text']),
      });
    }
    await requestGuard.flushAudit({ upstream: result.upstream, model: result.model });
    c.header(decisionHeader, requestGuard.overall());
    return c.json({ ...result.body, choices: out });
  });

  // ── POST /v1/embeddings ──────────────────────────────────────────────────────────────────────
  app.post(guarded('embeddings', '/v1/embeddings'), async (c) => {
    const route = '/v1/embeddings';
    const body = parseBody(await c.req.text(), EmbeddingRequest);
    if (router === undefined) requireModelBackend('');
    const signal = signalFor(c);
    const requestGuard = requestGuardFor(c, route, signal);
    const shape = { kind: 'embedding' as const, model: body.model, stream: false, n: 1 };
    const inputs = typeof body.input === 'string' ? [body.input] : body.input;
    const guardedInputs: string[] = [];
    let review: RailStop | undefined;
    for (const text of inputs) {
      const result = await guardText(requestGuard, { stage: 'input', text, role: 'user' });
      if (result.stop !== undefined)
        return (await answerStop(c, requestGuard, result.stop, shape, route)) ?? c.json({});
      review ??= result.review;
      guardedInputs.push(result.text);
    }
    if (review !== undefined) {
      const answered = await answerStop(c, requestGuard, review, shape, route);
      if (answered !== null) return answered;
    }
    if (router === undefined) throw new GuardError('upstream-missing', 'no upstream is configured');
    const result = await router.json(
      'embeddings',
      { ...body, input: typeof body.input === 'string' ? guardedInputs[0] : guardedInputs },
      signal,
    );
    tokenCounter(c)(result.body['usage'], result.model);
    await requestGuard.flushAudit({ upstream: result.upstream, model: result.model });
    c.header(decisionHeader, requestGuard.overall());
    return c.json(result.body);
  });

  // ── GET /v1/models ───────────────────────────────────────────────────────────────────────────
  app.get(guarded('models', '/v1/models'), async (c) => {
    const ids = router === undefined ? [] : [...(await router.models(signalFor(c)))];
    if (config.demo && router === undefined) ids.unshift(demoModelId);
    return c.json({
      object: 'list',
      data: ids.map((id) => ({
        id,
        object: 'model',
        created: 0,
        owned_by: id === demoModelId ? 'palisade-demo' : 'palisade',
      })),
    });
  });

  // ── POST /v1/guard/scan ──────────────────────────────────────────────────────────────────────
  app.post(guarded('guard.scan', '/v1/guard/scan'), async (c) => {
    const route = '/v1/guard/scan';
    const body = parseBody(await c.req.text(), GuardScanRequest);
    const requestGuard = requestGuardFor(c, route, signalFor(c));
    const results: Json[] = [];
    const summarise = (decision: Awaited<ReturnType<RequestGuard['check']>>, stage: string, extra: Json): Json => ({
      ...extra,
      ...decisionSummary(requestGuard.requestId, stage, decision),
      ...(decision.score === undefined ? {} : { score: decision.score }),
      findings: decision.findings.map((finding) => ({
        scanner: finding.scanner,
        category: finding.category,
        severity: finding.severity,
        ...(finding.score === undefined ? {} : { score: finding.score }),
        ...(finding.span === undefined ? {} : { start: finding.span.start, end: finding.span.end }),
        ...(finding.replacement === undefined ? {} : { replacement: finding.replacement }),
        message: finding.message,
      })),
      ...(decision.errors === undefined || decision.errors.length === 0
        ? {}
        : { errors: decision.errors.map((error) => ({ scanner: error.scanner, code: error.code })) }),
      ...(effectiveAction(decision) === 'redact' && decision.text !== undefined ? { text: decision.text } : {}),
      ...(decision.latencyMs === undefined ? {} : { latencyMs: decision.latencyMs }),
    });
    if (body.text !== undefined) {
      const stage = body.stage ?? 'input';
      const decision = await requestGuard.check({
        stage,
        text: body.text,
        ...(body.system === undefined ? {} : { system: body.system }),
        ...(body.toolName === undefined ? {} : { toolName: body.toolName }),
      });
      results.push(summarise(decision, stage, {}));
    } else if (body.messages !== undefined) {
      for (const [index, message] of body.messages.entries()) {
        const role = railRole(message.role);
        const stage = body.stage ?? (role === 'tool' ? 'tool' : 'input');
        const text =
          typeof message.content === 'string'
            ? message.content
            : (message.content ?? [])
                .map((part) => (part.type === 'text' ? String(part['text'] ?? '') : ''))
                .join('\n');
        const decision = await requestGuard.check({ stage, text, role });
        results.push(summarise(decision, stage, { index, role }));
      }
    } else {
      for (const [index, document] of (body.documents ?? []).entries()) {
        const stage = body.stage ?? 'retrieval';
        const decision = await requestGuard.check({
          stage,
          text: document.text,
          ...(document.source === undefined ? {} : { source: document.source }),
        });
        results.push(summarise(decision, stage, { index, id: document.id ?? `doc-${index + 1}` }));
      }
    }
    await requestGuard.flushAudit();
    c.header(decisionHeader, requestGuard.overall());
    return c.json({ id: requestGuard.requestId, action: requestGuard.overall(), results });
  });

  // ── operations ───────────────────────────────────────────────────────────────────────────────
  app.get(guarded('health', '/healthz'), (c) => c.json({ status: 'ok' }));
  app.get(guarded('ready', '/readyz'), async (c) => {
    let ready = true;
    let reason: string | undefined;
    try {
      if (
        typeof dependencies.guards === 'function' &&
        dependencies.guards({ route: '/v1/chat/completions' }) === undefined
      ) {
        ready = false;
        reason = 'no default policy loaded';
      }
      if (ready && dependencies.ready !== undefined && !(await dependencies.ready())) {
        ready = false;
        reason = 'a backend is not ready';
      }
    } catch {
      ready = false;
      reason = 'readiness check failed';
    }
    const upstreams = router?.circuitStates() ?? {};
    return c.json(
      {
        status: ready ? 'ready' : 'not-ready',
        ...(reason === undefined ? {} : { reason }),
        demo: config.demo,
        upstreams,
      },
      ready ? 200 : 503,
    );
  });
  app.get(guarded('metrics', '/metrics'), async (c) => {
    if (metrics === undefined) throw new GuardError('not-found', 'metrics are disabled');
    return c.body(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType });
  });

  dependencies.mount?.(app as unknown as Hono);
  return app;
}

async function guardChatChoices(
  requestGuard: RequestGuard,
  answer: Json,
  context: {
    readonly system?: string;
    readonly prompt?: string;
    readonly documents?: readonly import('@palisade/guard').ContextDocument[];
  },
): Promise<{ readonly body: Json; readonly stop?: RailStop }> {
  const choices = Array.isArray(answer['choices']) ? (answer['choices'] as Json[]) : [];
  const out: Json[] = [];
  let review: RailStop | undefined;
  for (const choice of choices) {
    const message =
      typeof choice['message'] === 'object' && choice['message'] !== null
        ? { ...(choice['message'] as Json) }
        : undefined;
    if (message === undefined) {
      out.push(choice);
      continue;
    }
    if (typeof message['content'] === 'string') {
      // As guardStream does: output rails scan the model's own text (placeholders and all), their
      // redactions apply, and the input's placeholders are restored last.
      const result = await guardText(requestGuard, { stage: 'output', text: message['content'], ...context });
      if (result.stop !== undefined) return { body: answer, stop: result.stop };
      review ??= result.review;
      message['content'] = await requestGuard.restore(result.text);
    }
    if (Array.isArray(message['tool_calls'])) {
      const calls: Json[] = [];
      for (const call of message['tool_calls'] as Json[]) {
        const fn = (call['function'] ?? {}) as Json;
        const name = typeof fn['name'] === 'string' ? fn['name'] : '';
        const restored = await requestGuard.restore(typeof fn['arguments'] === 'string' ? fn['arguments'] : '');
        const result = await guardText(requestGuard, {
          stage: 'tool',
          text: restored,
          toolName: name,
          toolDirection: 'call',
        });
        if (result.stop !== undefined) return { body: answer, stop: result.stop };
        review ??= result.review;
        calls.push({ ...call, function: { ...fn, arguments: result.text } });
      }
      message['tool_calls'] = calls;
    }
    out.push({ ...choice, message });
  }
  const body = { ...answer, choices: out };
  return review === undefined ? { body } : { body, stop: review };
}
