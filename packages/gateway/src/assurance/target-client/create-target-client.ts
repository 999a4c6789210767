import { GuardError } from '@palisade/guard';
import OpenAI from 'openai';
import pLimit from 'p-limit';

/** A chat message sent to the target. */
export interface TargetMessage {
  readonly role: 'system' | 'user' | 'assistant' | 'tool';
  readonly content: string;
  /** tool messages: the call they answer. */
  readonly toolCallId?: string;
  /** assistant messages: tool calls the assistant made. */
  readonly toolCalls?: readonly TargetToolCall[];
}

/** A tool call in either direction. */
export interface TargetToolCall {
  readonly id: string;
  readonly name: string;
  readonly arguments: string;
}

/** Per-call options. */
export interface TargetChatOptions {
  readonly signal?: AbortSignal;
  /** Tool names offered to the model (JSON Schema: any object). */
  readonly tools?: readonly string[];
}

/** What the target answered. A transport failure is a value, not an exception. */
export interface TargetAnswer {
  readonly content: string;
  /** Tools the model asked to call. */
  readonly toolCalls?: readonly TargetToolCall[];
  /** HTTP status (200 on success). */
  readonly status: number;
  /** Error code from the body (e.g. Palisade's `blocked-by-policy`), when the call failed. */
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly latencyMs: number;
}

/** Options for {@link createTargetClient}. */
export interface TargetClientOptions {
  /** OpenAI-compatible base URL, e.g. http://127.0.0.1:8787/v1 */
  readonly baseUrl: string;
  readonly model: string;
  readonly apiKey?: string;
  /** Parallel requests in flight. */
  readonly concurrency?: number;
  /** Retries on 429/5xx/network errors (exponential backoff with jitter, by the openai SDK). */
  readonly retries?: number;
  /** Upper bound on requests started per second. */
  readonly requestsPerSecond?: number;
  readonly timeoutMs?: number;
  readonly temperature?: number;
}

/** A bounded, rate-limited client for an OpenAI-compatible target under test. */
export interface TargetClient {
  chat(messages: readonly TargetMessage[], options?: TargetChatOptions | AbortSignal): Promise<TargetAnswer>;
}

function toOpenAiMessage(message: TargetMessage): OpenAI.Chat.Completions.ChatCompletionMessageParam {
  if (message.role === 'tool')
    return { role: 'tool', content: message.content, tool_call_id: message.toolCallId ?? 'call_0' };
  if (message.role === 'assistant' && message.toolCalls?.length) {
    return {
      role: 'assistant',
      content: message.content || null,
      tool_calls: message.toolCalls.map((call) => ({
        id: call.id,
        type: 'function' as const,
        function: { name: call.name, arguments: call.arguments },
      })),
    };
  }
  return { role: message.role, content: message.content } as OpenAI.Chat.Completions.ChatCompletionMessageParam;
}

/**
 * Creates the client that red-team and bias probes use (the official openai SDK underneath).
 *
 * @example
 * const target = createTargetClient({ baseUrl: 'http://127.0.0.1:8787/v1', model: 'gpt-4o-mini', concurrency: 4 });
 * const answer = await target.chat([{ role: 'user', content: 'hello' }]);
 */
export function createTargetClient(options: TargetClientOptions): TargetClient {
  let url: URL;
  try {
    url = new URL(options.baseUrl);
  } catch {
    throw new GuardError('invalid-input', 'target must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new GuardError('invalid-input', 'target must be http(s)');
  const client = new OpenAI({
    baseURL: url.toString().replace(/\/$/, ''),
    apiKey: options.apiKey ?? 'not-needed',
    maxRetries: options.retries ?? 2,
    timeout: options.timeoutMs ?? 60_000,
  });
  const limit = pLimit(Math.max(1, options.concurrency ?? 4));
  const spacingMs = options.requestsPerSecond ? 1000 / options.requestsPerSecond : 0;
  let nextStart = 0;
  const waitForSlot = async () => {
    if (!spacingMs) return;
    const now = Date.now();
    const start = Math.max(now, nextStart);
    nextStart = start + spacingMs;
    if (start > now) await new Promise((resolve) => setTimeout(resolve, start - now));
  };
  return {
    chat: (messages, chatOptions) =>
      limit(async () => {
        const { signal, tools } =
          chatOptions instanceof AbortSignal ? { signal: chatOptions, tools: undefined } : (chatOptions ?? {});
        await waitForSlot();
        const started = performance.now();
        try {
          const completion = await client.chat.completions.create(
            {
              model: options.model,
              messages: messages.map(toOpenAiMessage),
              temperature: options.temperature ?? 0,
              ...(tools?.length
                ? {
                    tools: tools.map((name) => ({
                      type: 'function' as const,
                      function: {
                        name,
                        description: `The ${name} tool`,
                        parameters: { type: 'object', properties: {}, additionalProperties: true },
                      },
                    })),
                  }
                : {}),
            },
            { signal },
          );
          const message = completion.choices[0]?.message;
          const toolCalls = (message?.tool_calls ?? []).flatMap((call) =>
            call.type === 'function'
              ? [{ id: call.id, name: call.function.name, arguments: call.function.arguments }]
              : [],
          );
          return {
            content: message?.content ?? '',
            ...(toolCalls.length ? { toolCalls } : {}),
            status: 200,
            latencyMs: performance.now() - started,
          };
        } catch (error) {
          if (error instanceof OpenAI.APIError) {
            const body = error.error as { code?: unknown; message?: unknown } | undefined;
            return {
              content: '',
              status: error.status ?? 0,
              errorCode: typeof body?.code === 'string' ? body.code : (error.code ?? undefined) || undefined,
              errorMessage: typeof body?.message === 'string' ? body.message : error.message,
              latencyMs: performance.now() - started,
            };
          }
          if (signal?.aborted) throw error;
          return {
            content: '',
            status: 0,
            errorCode: 'network',
            errorMessage: error instanceof Error ? error.message : 'request failed',
            latencyMs: performance.now() - started,
          };
        }
      }),
  };
}
