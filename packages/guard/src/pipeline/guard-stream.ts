import { GuardError } from '../errors.js';
import { createRestorer, type Restorer } from '../redact/create-restorer.js';
import { mergeSpans } from '../redact/merge-spans.js';
import { RedactionSession } from '../redact/redaction-session.js';
import type { Action, ContextDocument, Finding } from '../scanner/types.js';
import { type Assessment, assess } from './assess.js';
import type { GuardCore } from './create-guard.js';
import type { Decision, ScannerError } from './decision.js';
import { strongerAction } from './match-rules.js';

/** Options for `guard.stream()`. */
export interface GuardStreamOptions {
  /** Vault scope: placeholders of this conversation are restored in the answer. */
  readonly conversationId?: string;
  /** Restore vault placeholders (default: the policy's `redaction.restoreOutput`, when a conversation is given). */
  readonly restore?: boolean;
  /** The system prompt, for prompt-leak. */
  readonly system?: string;
  readonly prompt?: string;
  readonly canary?: string;
  readonly documents?: readonly ContextDocument[];
  /** Hold-back window in characters (default: the policy's `output.stream.windowChars`). */
  readonly windowChars?: number;
  /** `buffer` holds the whole answer (default: the policy's mode; forced when a scanner needs the full text). */
  readonly mode?: 'window' | 'buffer';
  /** Emit a final `decision` event when the stream ends normally (default true). */
  readonly emitDecision?: boolean;
  readonly signal?: AbortSignal;
}

/** Non-text items a guarded stream emits. */
export type GuardStreamEvent =
  /** The policy blocked the answer: nothing after this; the stream ends. */
  | { readonly type: 'blocked'; readonly decision: Decision; readonly error: ReturnType<GuardError['toJSON']> }
  /** The stream ended normally: the aggregated decision, for audit and metrics. */
  | { readonly type: 'decision'; readonly decision: Decision };

interface StreamState {
  /** Received text from absolute position `base` on; older text is no longer needed. */
  buffer: string;
  base: number;
  released: number;
  action: Action;
  findings: Finding[];
  errors: ScannerError[];
  scores: Record<string, number>;
  latencyMs: Record<string, number>;
  reason?: string;
  done: boolean;
  scanMs: number;
  session?: RedactionSession;
  restorer?: Restorer;
}

/**
 * Guards streamed model output. In window mode, text is released only after it was scanned together
 * with the `windowChars` characters that follow it; redactions are applied inside the window (a cut
 * never splits a redacted span); on block or review the rest of the stream is replaced by one
 * `blocked` event and nothing after the last released character reaches the reader. Vault tokens are
 * restored even when split across chunks. Scanners with `needsFullText` switch to buffer mode.
 */
export function createGuardStream(
  core: GuardCore,
  options: GuardStreamOptions,
): TransformStream<string, string | GuardStreamEvent> {
  const { policy } = core;
  const prepared = core.prepared.output;
  const streamPolicy = policy.output?.stream;
  const windowChars = Math.max(1, options.windowChars ?? streamPolicy?.windowChars ?? 256);
  const step = Math.max(1, Math.floor(windowChars / 4));
  const firstStep = Math.min(step, 16);
  const maxHoldChars = Math.max(4 * windowChars, 2048);
  const needsFull = prepared?.scanners.some((scanner) => scanner.needsFullText) ?? false;
  const buffered = needsFull || (options.mode ?? streamPolicy?.mode ?? 'window') === 'buffer';
  const restore = options.conversationId !== undefined && (options.restore ?? policy.redaction.restoreOutput) === true;
  const enforce = policy.mode === 'enforce';
  const state: StreamState = {
    buffer: '',
    base: 0,
    released: 0,
    action: 'allow',
    findings: [],
    errors: [],
    scores: {},
    latencyMs: {},
    done: false,
    scanMs: 0,
  };

  const decisionFrom = (action: Action, reason: string | undefined): Decision => {
    let score = 0;
    for (const value of Object.values(state.scores)) score = Math.max(score, value);
    return {
      action,
      effective: policy.mode === 'shadow' ? 'allow' : action,
      mode: policy.mode,
      stage: 'output',
      score,
      scores: { ...state.scores },
      findings: [...state.findings],
      errors: [...state.errors],
      latencyMs: { ...state.latencyMs },
      // Time spent scanning (not waiting for the model).
      totalLatencyMs: state.scanMs,
      ...(reason === undefined ? {} : { reason }),
      policyId: policy.id,
      policyVersion: policy.policyVersion,
    };
  };

  const record = (assessment: Assessment, offset: number, from: number, to: number): void => {
    for (const [name, value] of Object.entries(assessment.scores)) {
      state.scores[name] = Math.max(state.scores[name] ?? 0, value);
    }
    for (const [name, value] of Object.entries(assessment.latencyMs)) {
      state.latencyMs[name] = (state.latencyMs[name] ?? 0) + value;
    }
    state.errors.push(...assessment.errors);
    for (const item of assessment.findings) {
      const span = item.finding.span;
      if (span) {
        const start = span.start + offset;
        if (start < from || start >= to) continue;
        state.findings.push({ ...item.finding, span: { start, end: span.end + offset } });
      } else if (!state.findings.some((known) => !known.span && known.category === item.finding.category)) {
        state.findings.push(item.finding);
      }
    }
  };

  /** Scans the unreleased text (with a window of look-behind) and releases what is safe. */
  const scanAndRelease = async (
    controller: TransformStreamDefaultController<string | GuardStreamEvent>,
    final: boolean,
  ): Promise<void> => {
    const total = state.base + state.buffer.length;
    const codeAt = (position: number): number => state.buffer.charCodeAt(position - state.base);
    let cut = final ? total : total - windowChars;
    if (cut <= state.released && !final) return;
    let assessment: Assessment | undefined;
    let offset = buffered ? 0 : Math.max(state.base, state.released - windowChars);
    if (offset > state.base && isLowSurrogate(codeAt(offset))) offset -= 1;
    if (prepared && prepared.scanners.length > 0) {
      const scanStarted = core.clock();
      const segment = state.buffer.slice(offset - state.base);
      assessment = await assess(
        prepared,
        {
          stage: 'output',
          text: segment,
          ...(options.system === undefined ? {} : { system: options.system }),
          ...(options.prompt === undefined ? {} : { prompt: options.prompt }),
          ...(options.canary === undefined ? {} : { canary: options.canary }),
          ...(options.documents === undefined ? {} : { documents: options.documents }),
          ...(options.signal === undefined ? {} : { signal: options.signal }),
        },
        [{ kind: 'text', index: 0, text: segment }],
        { policy, clock: core.clock, ...(core.onScannerRun ? { onScannerRun: core.onScannerRun } : {}) },
      );
      state.scanMs += core.clock() - scanStarted;
    }
    if (assessment && enforce && (assessment.action === 'block' || assessment.action === 'review')) {
      record(assessment, offset, offset, total);
      const decision = decisionFrom(assessment.action, assessment.reason);
      const error = new GuardError(
        assessment.action === 'review' ? 'held-for-review' : 'blocked-by-policy',
        assessment.reason ?? policy.response.blockMessage,
        { details: { stage: 'output', action: assessment.action } },
      );
      state.done = true;
      const tail = state.restorer?.flush() ?? '';
      if (tail) controller.enqueue(tail);
      controller.enqueue({ type: 'blocked', decision, error: error.toJSON() });
      controller.terminate();
      return;
    }
    // Never cut inside a redacted span or a surrogate pair. Shadow mode records but rewrites nothing.
    const redactions =
      assessment && enforce
        ? mergeSpans(
            assessment.findings
              .filter((item) => item.action === 'redact' && item.finding.span)
              .map((item) => {
                const span = item.finding.span as { start: number; end: number };
                return { ...item.finding, span: { start: span.start + offset, end: span.end + offset } };
              }),
          )
        : [];
    if (!final) {
      // Never cut inside a run of ASCII non-space characters (a key, token, URL or address): the whole
      // run is held until it ends, so a value longer than the window is not released in part — up to
      // `maxHoldChars` pending characters, beyond which the window alone applies.
      let boundary = cut;
      while (
        boundary > state.released &&
        isTokenCharacter(codeAt(boundary - 1)) &&
        isTokenCharacter(codeAt(boundary))
      ) {
        boundary -= 1;
      }
      if (total - boundary <= maxHoldChars) cut = boundary;
      for (const finding of [...redactions].reverse()) {
        const span = finding.span as { start: number; end: number };
        if (span.start < cut && cut < span.end) cut = span.start;
      }
      if (cut > state.base && isLowSurrogate(codeAt(cut))) cut -= 1;
      // Nothing can be released yet (a redacted span reaches into the window): the next scan covers it again.
      if (cut <= state.released) return;
    }
    if (assessment) {
      record(assessment, offset, state.released, cut);
      state.action = strongerAction(state.action, assessment.action === 'drop' ? 'allow' : assessment.action);
      state.reason ??= assessment.reason;
    }
    const region = state.buffer.slice(state.released - state.base, cut - state.base);
    const inRegion = redactions
      .filter((finding) => {
        const span = finding.span as { start: number; end: number };
        return span.end > state.released && span.start < cut;
      })
      .map((finding) => {
        const span = finding.span as { start: number; end: number };
        return {
          ...finding,
          span: {
            start: Math.max(span.start, state.released) - state.released,
            end: Math.min(span.end, cut) - state.released,
          },
        };
      });
    let output = region;
    if (inRegion.length > 0) {
      state.session ??= new RedactionSession({
        operators: policy.redaction.operators,
        keys: core.keys,
        restorable: false,
        existing: options.conversationId ? await core.vault.read(options.conversationId) : [],
      });
      output = (await state.session.redact(region, inRegion)).text;
    }
    state.released = cut;
    // Keep one window (plus a possible surrogate half) of released text as look-behind; drop the rest.
    const keepFrom = Math.max(state.base, cut - windowChars - 1);
    if (!buffered && keepFrom - state.base > windowChars) {
      state.buffer = state.buffer.slice(keepFrom - state.base);
      state.base = keepFrom;
    }
    const restored = state.restorer ? state.restorer.push(output) : output;
    if (restored) controller.enqueue(restored);
  };

  return new TransformStream<string, string | GuardStreamEvent>({
    async start() {
      if (restore && options.conversationId !== undefined) {
        state.restorer = createRestorer(await core.vault.read(options.conversationId));
      }
    },
    async transform(chunk, controller) {
      if (state.done) return;
      if (typeof chunk !== 'string') {
        throw new GuardError('invalid-input', 'a guarded stream accepts strings only');
      }
      state.buffer += chunk;
      if (buffered) return;
      // The first release comes as early as possible (time to first token); later scans batch `step` characters.
      const batch = state.released === 0 ? firstStep : step;
      if (state.base + state.buffer.length - state.released >= windowChars + batch)
        await scanAndRelease(controller, false);
    },
    async flush(controller) {
      if (state.done) return;
      await scanAndRelease(controller, true);
      if (state.done) return;
      state.done = true;
      const tail = state.restorer?.flush() ?? '';
      if (tail) controller.enqueue(tail);
      const entries = state.session?.newEntries() ?? [];
      const conversationId = options.conversationId;
      if (conversationId !== undefined && entries.length > 0 && policy.redaction.reversible) {
        await core.withConversation(conversationId, async () => {
          // A check of the same conversation may have taken a number meanwhile: it keeps it.
          const taken = new Set((await core.vault.read(conversationId)).map((entry) => entry.token));
          const fresh = entries.filter((entry) => !taken.has(entry.token));
          if (fresh.length > 0) await core.vault.write(conversationId, fresh, policy.redaction.ttlSeconds * 1000);
        });
      }
      if (options.emitDecision ?? true) {
        controller.enqueue({ type: 'decision', decision: decisionFrom(state.action, state.reason) });
      }
    },
  });
}

/** Printable ASCII other than space: the characters of keys, tokens, URLs and e-mail addresses. */
function isTokenCharacter(code: number): boolean {
  return code > 0x20 && code < 0x7f;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
