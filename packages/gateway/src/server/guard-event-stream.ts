import type { ContextDocument } from '@palisade/guard';
import { formatServerSentEvent, type ServerSentEvent } from '../upstream/server-sent-events.js';
import { railStopError } from './blocked-response.js';
import type { GatewayDecision } from './gateway-dependencies.js';
import { guardText, type RailStop } from './rails.js';
import type { RequestGuard } from './request-guard.js';
import type { StreamOutputGuard, StreamStep } from './stream-output-guard.js';

/** Settings for {@link guardEventStream}. */
export interface GuardEventStreamOptions {
  /** `chat` reads `choices[].delta.content` and `tool_calls`; `completion` reads `choices[].text`. */
  readonly kind: 'chat' | 'completion';
  readonly requestGuard: RequestGuard;
  readonly window: number;
  readonly scanEvery: number;
  /** `error` ends the stream with an error event; `completion` ends it with a safe reply. */
  readonly blockResponse: 'error' | 'completion';
  readonly safeCompletion: string;
  readonly system?: string;
  readonly prompt?: string;
  readonly documents?: readonly ContextDocument[];
  readonly canary?: string;
  /** Called once when the stream ends (completed, blocked, failed or cancelled). */
  readonly onEnd?: (outcome: {
    readonly blocked: boolean;
    readonly usage?: Record<string, unknown>;
  }) => void | Promise<void>;
}

interface ToolCallState {
  id?: string;
  type?: string;
  name: string;
  arguments: string;
}

interface ChoiceState {
  readonly guard: StreamOutputGuard;
  readonly toolCalls: Map<number, ToolCallState>;
  finished: boolean;
}

type Json = Record<string, unknown>;

const encoder = new TextEncoder();

/**
 * Guards an upstream SSE stream of chat or text completion chunks and re-serialises it. Content goes
 * through a windowed output guard per choice (placeholders restored, nothing blocked released);
 * tool-call deltas are held until the call is complete, checked on the `tool` stage and sent whole.
 *
 * @example
 * return new Response(guardEventStream(upstream.events, { kind: 'chat', requestGuard, window: 128, scanEvery: 64,
 *   blockResponse: 'error', safeCompletion: 'Sorry.' }), { headers: { 'content-type': 'text/event-stream' } });
 */
export function guardEventStream(
  events: ReadableStream<ServerSentEvent>,
  options: GuardEventStreamOptions,
): ReadableStream<Uint8Array> {
  const reader = events.getReader();
  const choices = new Map<number, ChoiceState>();
  let template: Json = {};
  let ended = false;
  let usage: Record<string, unknown> | undefined;

  const end = async (blocked: boolean): Promise<void> => {
    if (ended) return;
    ended = true;
    await options.onEnd?.({ blocked, ...(usage === undefined ? {} : { usage }) });
  };

  const stateFor = (index: number): ChoiceState => {
    let state = choices.get(index);
    if (state === undefined) {
      state = {
        guard: options.requestGuard.outputGuard({
          window: options.window,
          scanEvery: options.scanEvery,
          ...(options.system === undefined ? {} : { system: options.system }),
          ...(options.prompt === undefined ? {} : { prompt: options.prompt }),
          ...(options.documents === undefined ? {} : { documents: options.documents }),
          ...(options.canary === undefined ? {} : { canary: options.canary }),
        }),
        toolCalls: new Map(),
        finished: false,
      };
      choices.set(index, state);
    }
    return state;
  };

  const releasedBeforeStop = (index: number, step: StreamStep): string[] => {
    if (step.kind !== 'blocked' || step.text === undefined || step.text === '') return [];
    const choice =
      options.kind === 'chat'
        ? { index, delta: { content: step.text }, finish_reason: null }
        : { index, text: step.text, finish_reason: null };
    return [formatServerSentEvent({ data: JSON.stringify({ ...template, choices: [choice] }) })];
  };

  const stopEvents = (stage: RailStop['stage'], decision: GatewayDecision): string[] => {
    const kind = (decision.effective ?? decision.action) === 'review' ? 'review' : 'block';
    if (options.blockResponse === 'completion') {
      const open = [...choices.entries()].filter(([, state]) => !state.finished).map(([index]) => index);
      const indices = open.length > 0 ? open : [0];
      const chunk = (delta: Json, finish: string | null): string =>
        formatServerSentEvent({
          data: JSON.stringify({
            ...template,
            choices: indices.map((index) =>
              options.kind === 'chat'
                ? { index, delta, finish_reason: finish }
                : { index, text: typeof delta['content'] === 'string' ? delta['content'] : '', finish_reason: finish },
            ),
          }),
        });
      return [
        chunk({ content: `\n\n${options.safeCompletion}` }, null),
        chunk({}, 'content_filter'),
        'data: [DONE]\n\n',
      ];
    }
    const { body } = railStopError({ kind, stage, decision, text: '' }, options.requestGuard.requestId);
    return [formatServerSentEvent({ data: JSON.stringify(body) })];
  };

  async function finishChoice(
    index: number,
    state: ChoiceState,
    choice: Json,
  ): Promise<{ choice?: Json; stop?: string[] }> {
    state.finished = true;
    const step = await state.guard.finish();
    if (step.kind === 'blocked')
      return { stop: [...releasedBeforeStop(index, step), ...stopEvents('output', step.decision)] };
    const toolCalls: Json[] = [];
    for (const [position, call] of [...state.toolCalls.entries()].sort(([a], [b]) => a - b)) {
      const restored = await options.requestGuard.restore(call.arguments);
      const result = await guardText(options.requestGuard, {
        stage: 'tool',
        text: restored,
        toolName: call.name,
        toolDirection: 'call',
      });
      if (result.stop !== undefined) return { stop: stopEvents('tool', result.stop.decision) };
      // A stream cannot wait for a human: review on the way out stops it like a block.
      if (result.review !== undefined) return { stop: stopEvents('tool', result.review.decision) };
      toolCalls.push({
        index: position,
        ...(call.id === undefined ? {} : { id: call.id }),
        type: call.type ?? 'function',
        function: { name: call.name, arguments: result.text },
      });
    }
    const delta: Json = {};
    if (step.text !== '') delta['content'] = step.text;
    if (toolCalls.length > 0) delta['tool_calls'] = toolCalls;
    return {
      choice:
        options.kind === 'chat'
          ? { ...choice, index, delta, finish_reason: choice['finish_reason'] ?? 'stop' }
          : { ...choice, index, text: step.text, finish_reason: choice['finish_reason'] ?? 'stop' },
    };
  }

  async function* run(): AsyncGenerator<string> {
    for (;;) {
      let next: ReadableStreamReadResult<ServerSentEvent>;
      try {
        next = await reader.read();
      } catch {
        yield formatServerSentEvent({
          data: JSON.stringify({
            error: { message: 'the upstream stream failed', type: 'server_error', code: 'upstream-failed' },
          }),
        });
        await end(false);
        return;
      }
      if (next.done || next.value.data === '[DONE]') break;
      let chunk: Json;
      try {
        chunk = JSON.parse(next.value.data) as Json;
      } catch {
        continue;
      }
      if (chunk['error'] !== undefined) {
        yield formatServerSentEvent({
          data: JSON.stringify({
            error: {
              message: 'the upstream reported an error mid-stream',
              type: 'server_error',
              code: 'upstream-failed',
            },
          }),
        });
        await end(false);
        return;
      }
      const { choices: rawChoices, usage: chunkUsage, ...rest } = chunk;
      template = { ...rest };
      if (typeof chunkUsage === 'object' && chunkUsage !== null) usage = chunkUsage as Record<string, unknown>;
      if (!Array.isArray(rawChoices) || rawChoices.length === 0) {
        yield formatServerSentEvent({ data: next.value.data });
        continue;
      }
      const out: Json[] = [];
      for (const raw of rawChoices as Json[]) {
        const index = typeof raw['index'] === 'number' ? raw['index'] : 0;
        const state = stateFor(index);
        const delta =
          options.kind === 'chat' && typeof raw['delta'] === 'object' && raw['delta'] !== null
            ? (raw['delta'] as Json)
            : {};
        const text = options.kind === 'chat' ? delta['content'] : raw['text'];
        let released = '';
        if (typeof text === 'string' && text !== '') {
          const step = await state.guard.push(text);
          if (step.kind === 'blocked') {
            for (const event of [...releasedBeforeStop(index, step), ...stopEvents('output', step.decision)])
              yield event;
            await end(true);
            return;
          }
          released = step.text;
        }
        if (Array.isArray(delta['tool_calls'])) {
          for (const callDelta of delta['tool_calls'] as Json[]) {
            const position = typeof callDelta['index'] === 'number' ? callDelta['index'] : 0;
            const call = state.toolCalls.get(position) ?? { name: '', arguments: '' };
            if (typeof callDelta['id'] === 'string') call.id = callDelta['id'];
            if (typeof callDelta['type'] === 'string') call.type = callDelta['type'];
            const fn = callDelta['function'] as Json | undefined;
            if (typeof fn?.['name'] === 'string') call.name += fn['name'];
            if (typeof fn?.['arguments'] === 'string') call.arguments += fn['arguments'];
            state.toolCalls.set(position, call);
          }
        }
        if (raw['finish_reason'] !== null && raw['finish_reason'] !== undefined) {
          const { content: _content, tool_calls: _toolCalls, ...otherDelta } = delta;
          const finished = await finishChoice(index, state, { ...raw, delta: otherDelta });
          if (finished.stop !== undefined) {
            for (const event of finished.stop) yield event;
            await end(true);
            return;
          }
          const choice = finished.choice ?? {};
          if (released !== '') {
            if (options.kind === 'chat') {
              const finishedDelta = choice['delta'] as Json;
              choice['delta'] = {
                ...finishedDelta,
                content: released + (typeof finishedDelta['content'] === 'string' ? finishedDelta['content'] : ''),
              };
            } else choice['text'] = released + String(choice['text'] ?? '');
          }
          out.push(choice);
          continue;
        }
        if (options.kind === 'chat') {
          const { content: _content, tool_calls: _toolCalls, ...otherDelta } = delta;
          if (released === '' && Object.keys(otherDelta).length === 0) continue;
          out.push({ ...raw, delta: released === '' ? otherDelta : { ...otherDelta, content: released } });
        } else if (released !== '') out.push({ ...raw, text: released });
      }
      if (out.length > 0)
        yield formatServerSentEvent({
          data: JSON.stringify({ ...rest, choices: out, ...(chunkUsage === undefined ? {} : { usage: chunkUsage }) }),
        });
    }
    const tail: Json[] = [];
    for (const [index, state] of choices) {
      if (state.finished) continue;
      const finished = await finishChoice(index, state, options.kind === 'chat' ? { delta: {} } : {});
      if (finished.stop !== undefined) {
        for (const event of finished.stop) yield event;
        await end(true);
        return;
      }
      if (finished.choice !== undefined) tail.push(finished.choice);
    }
    if (tail.length > 0) yield formatServerSentEvent({ data: JSON.stringify({ ...template, choices: tail }) });
    yield 'data: [DONE]\n\n';
    await end(false);
  }

  const iterator = run();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await iterator.next();
        if (next.done) {
          controller.close();
          await reader.cancel().catch(() => {});
        } else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        controller.enqueue(
          encoder.encode(
            formatServerSentEvent({
              data: JSON.stringify({
                error: {
                  message: 'the stream could not be guarded and was stopped',
                  type: 'server_error',
                  code: 'internal',
                },
              }),
            }),
          ),
        );
        controller.close();
        await reader.cancel(error).catch(() => {});
        await end(true);
      }
    },
    async cancel(reason) {
      await iterator.return(undefined);
      await reader.cancel(reason).catch(() => {});
      await end(false);
    },
  });
}
