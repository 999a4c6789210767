import type { Decision, Guard, GuardRequest } from '@palisade/guard';
import type { GatewayCheckRequest, GatewayDecision, GatewayGuard, GatewayStreamEvent } from './gateway-dependencies.js';

/**
 * Adapts a `Guard` from `createGuard()` to the gateway: one text per check (a chat message with its
 * role on input so the policy's per-role scanners apply; a tool call or tool result on the tool
 * stage; one document on retrieval), decisions mapped to what the gateway reads, and the policy's
 * response, review and canary settings exposed.
 *
 * @example
 * const guard = await createGuard({ policy, registry });
 * const app = createGateway(config, { guards: adaptGuard(guard), router });
 */
export function adaptGuard(guard: Guard): GatewayGuard {
  const { policy } = guard;
  return {
    settings: {
      response: {
        onBlock: policy.response.onBlock,
        safeCompletion: policy.response.safeCompletion,
        blockMessage: policy.response.blockMessage,
      },
      review: {
        mode: policy.review.mode,
        holdSeconds: policy.review.holdSeconds,
        onTimeout: policy.review.onTimeout,
        safeReply: policy.review.safeReply,
      },
      canary: policy.canary.enabled,
      audit: { storeText: policy.audit.storeText },
    },
    async check(request) {
      const decision = await guard.check(toGuardRequest(request));
      return fromDecision(decision, redactedText(request, decision));
    },
    restore: (text, conversationId) => guard.restore(text, conversationId),
    insertCanary: (system) => guard.insertCanary(system),
    stream(options) {
      const transform = guard.stream({
        conversationId: options.conversationId,
        ...(options.system === undefined ? {} : { system: options.system }),
        ...(options.prompt === undefined ? {} : { prompt: options.prompt }),
        ...(options.documents === undefined ? {} : { documents: options.documents }),
        ...(options.canary === undefined ? {} : { canary: options.canary }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
      const mapped = new TransformStream<string | { type: string; decision: Decision }, string | GatewayStreamEvent>({
        transform(item, controller) {
          if (typeof item === 'string') controller.enqueue(item);
          else if (item.type === 'blocked')
            controller.enqueue({ type: 'blocked', decision: fromDecision(item.decision) });
          else controller.enqueue({ type: 'decision', decision: fromDecision(item.decision) });
        },
      });
      return { writable: transform.writable, readable: transform.readable.pipeThrough(mapped) };
    },
  };
}

function toGuardRequest(request: GatewayCheckRequest): GuardRequest {
  const common = {
    ...(request.conversationId === undefined ? {} : { conversationId: request.conversationId }),
    ...(request.signal === undefined ? {} : { signal: request.signal }),
  };
  switch (request.stage) {
    case 'input':
      return request.role === undefined
        ? { stage: 'input', text: request.text, ...common }
        : { stage: 'input', messages: [{ role: request.role, content: request.text }], ...common };
    case 'retrieval':
      return {
        stage: 'retrieval',
        documents: [
          { id: 'document', text: request.text, ...(request.source === undefined ? {} : { source: request.source }) },
        ],
        ...common,
      };
    case 'tool':
      return request.toolDirection === 'call'
        ? { stage: 'tool', call: { name: request.toolName ?? '', arguments: request.text }, ...common }
        : {
            stage: 'tool',
            result: request.text,
            ...(request.toolName === undefined ? {} : { toolName: request.toolName }),
            ...common,
          };
    case 'output':
      return {
        stage: 'output',
        text: request.text,
        ...(request.system === undefined ? {} : { system: request.system }),
        ...(request.prompt === undefined ? {} : { prompt: request.prompt }),
        ...(request.documents === undefined ? {} : { documents: request.documents }),
        ...(request.canary === undefined ? {} : { canary: request.canary }),
        ...common,
      };
  }
}

function redactedText(request: GatewayCheckRequest, decision: Decision): string | undefined {
  if (request.stage === 'input' && request.role !== undefined) return decision.messages?.[0]?.content ?? decision.text;
  if (request.stage === 'retrieval') return decision.documents?.[0]?.text;
  if (request.stage === 'tool') return request.toolDirection === 'call' ? decision.call?.arguments : decision.result;
  return decision.text;
}

function fromDecision(decision: Decision, text?: string): GatewayDecision {
  let action = decision.action;
  // Retrieval: a dropped document reads as `drop` even when its findings mapped to a weaker action.
  if (
    decision.stage === 'retrieval' &&
    decision.documents?.[0]?.verdict === 'drop' &&
    action !== 'block' &&
    action !== 'review'
  ) {
    action = 'drop';
  }
  const effective = decision.mode === 'shadow' ? 'allow' : action;
  return {
    action,
    effective,
    mode: decision.mode,
    score: decision.score,
    findings: decision.findings,
    errors: decision.errors,
    latencyMs: decision.totalLatencyMs,
    timings: decision.latencyMs,
    ...(text === undefined ? {} : { text }),
    ...(decision.reason === undefined ? {} : { reason: decision.reason }),
    policyId: decision.policyId,
    policyVersion: decision.policyVersion,
  };
}
