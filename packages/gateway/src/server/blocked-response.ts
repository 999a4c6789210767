import type { GatewayDecision } from './gateway-dependencies.js';
import type { RailStop } from './rails.js';
import { effectiveAction } from './request-guard.js';

/** The `palisade` object attached to blocked responses: ids, actions and findings, never the text. */
export interface DecisionSummary {
  readonly requestId: string;
  readonly stage: string;
  readonly action: string;
  readonly effective: string;
  readonly policyId?: string;
  readonly policyVersion?: string | number;
  readonly reason?: string;
  readonly findings: readonly {
    readonly scanner: string;
    readonly category: string;
    readonly severity: string;
    readonly score?: number;
  }[];
}

/** Summarises a decision for clients. */
export function decisionSummary(requestId: string, stage: string, decision: GatewayDecision): DecisionSummary {
  return {
    requestId,
    stage,
    action: decision.action,
    effective: effectiveAction(decision),
    ...(decision.policyId === undefined ? {} : { policyId: decision.policyId }),
    ...(decision.policyVersion === undefined ? {} : { policyVersion: decision.policyVersion }),
    ...(decision.reason === undefined ? {} : { reason: decision.reason }),
    findings: decision.findings.map((finding) => ({
      scanner: finding.scanner,
      category: finding.category,
      severity: finding.severity,
      ...(finding.score === undefined ? {} : { score: finding.score }),
    })),
  };
}

/** Status and OpenAI-shaped error body for a stopped request: 400 blocked, 403 held for review. */
export function railStopError(
  stop: RailStop,
  requestId: string,
  blockMessage?: string,
): { readonly status: 400 | 403; readonly body: Record<string, unknown> } {
  const categories = [...new Set(stop.decision.findings.map((finding) => finding.category))].slice(0, 5);
  const what =
    stop.stage === 'output'
      ? 'The answer'
      : stop.stage === 'retrieval'
        ? 'A context document'
        : stop.stage === 'tool'
          ? 'A tool call'
          : 'The request';
  const because = categories.length > 0 ? ` (${categories.join(', ')})` : '';
  if (stop.kind === 'review') {
    return {
      status: 403,
      body: {
        error: {
          message: `${what} was held for human review and not approved${because}.`,
          type: 'invalid_request_error',
          code: 'held-for-review',
        },
        palisade: decisionSummary(requestId, stop.stage, stop.decision),
      },
    };
  }
  return {
    status: 400,
    body: {
      error: {
        message:
          blockMessage === undefined
            ? `${what} was blocked by policy${because}.`
            : `${blockMessage.trim()}${categories.length > 0 ? ` [${categories.join(', ')}]` : ''}`,
        type: 'invalid_request_error',
        code: 'blocked-by-policy',
      },
      palisade: decisionSummary(requestId, stop.stage, stop.decision),
    },
  };
}

/** A normal chat completion carrying a configured safe reply instead of an error. */
export function safeChatCompletion(options: {
  readonly requestId: string;
  readonly model: string;
  readonly content: string;
  readonly n?: number;
  readonly palisade?: DecisionSummary;
}): Record<string, unknown> {
  return {
    id: `chatcmpl-palisade-${options.requestId}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: options.model,
    choices: Array.from({ length: options.n ?? 1 }, (_, index) => ({
      index,
      message: { role: 'assistant', content: options.content, refusal: null },
      logprobs: null,
      finish_reason: 'content_filter',
    })),
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
    ...(options.palisade === undefined ? {} : { palisade: options.palisade }),
  };
}

/** The same safe reply as chat completion chunks (for `stream: true`). */
export function safeChatChunks(options: {
  readonly requestId: string;
  readonly model: string;
  readonly content: string;
  readonly n?: number;
}): Record<string, unknown>[] {
  const base = {
    id: `chatcmpl-palisade-${options.requestId}`,
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model: options.model,
  };
  const indices = Array.from({ length: options.n ?? 1 }, (_, index) => index);
  return [
    {
      ...base,
      choices: indices.map((index) => ({
        index,
        delta: { role: 'assistant', content: options.content },
        finish_reason: null,
      })),
    },
    { ...base, choices: indices.map((index) => ({ index, delta: {}, finish_reason: 'content_filter' })) },
  ];
}

/** A legacy text completion carrying a safe reply. */
export function safeTextCompletion(options: {
  readonly requestId: string;
  readonly model: string;
  readonly content: string;
  readonly n?: number;
}): Record<string, unknown> {
  return {
    id: `cmpl-palisade-${options.requestId}`,
    object: 'text_completion',
    created: Math.floor(Date.now() / 1000),
    model: options.model,
    choices: Array.from({ length: options.n ?? 1 }, (_, index) => ({
      index,
      text: options.content,
      logprobs: null,
      finish_reason: 'content_filter',
    })),
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  };
}
