import { Hono } from 'hono';
import { formatServerSentEvent } from '../../upstream/server-sent-events.js';

/** What the fake upstream answers for one request. */
export interface FakeReply {
  readonly content?: string;
  readonly toolCalls?: readonly { readonly name: string; readonly arguments: string }[];
  readonly status?: number;
}

/** A fake OpenAI-compatible upstream: records requests and replies from a script or a function. */
export interface FakeUpstream {
  readonly app: Hono;
  readonly requests: Record<string, unknown>[];
  /** Sets how the next requests are answered. */
  reply(next: FakeReply | ((body: Record<string, unknown>) => FakeReply)): void;
  /** Queues statuses answered before the normal reply (e.g. [500, 500]). */
  failNext(...statuses: number[]): void;
}

const chunkSize = 7;

/**
 * Creates a fake upstream as a Hono app (use `app.request`, or serve it on a port for real clients).
 * Streams split the content into 7-character deltas so placeholders and secrets straddle chunks.
 *
 * @example
 * const upstream = createFakeUpstream();
 * upstream.reply({ content: 'Hello <EMAIL_1>' });
 */
export function createFakeUpstream(): FakeUpstream {
  const requests: Record<string, unknown>[] = [];
  let replier: (body: Record<string, unknown>) => FakeReply = (body) => ({ content: `echo: ${lastUserText(body)}` });
  const failures: number[] = [];
  const app = new Hono();

  app.get('/v1/models', (c) =>
    c.json({ object: 'list', data: [{ id: 'fake-model', object: 'model', created: 0, owned_by: 'fake' }] }),
  );
  app.post('/v1/embeddings', async (c) => {
    const body = (await c.req.json()) as Record<string, unknown>;
    requests.push(body);
    const failure = failures.shift();
    if (failure !== undefined)
      return c.json({ error: { message: `fake failure ${failure}`, type: 'server_error' } }, failure as 500);
    const inputs = Array.isArray(body['input']) ? body['input'] : [body['input']];
    return c.json({
      object: 'list',
      data: inputs.map((_, index) => ({
        object: 'embedding',
        index,
        // The openai SDK asks for base64 (little-endian float32) by default.
        embedding:
          body['encoding_format'] === 'base64'
            ? Buffer.from(new Float32Array([0.1, 0.2, 0.3]).buffer).toString('base64')
            : [0.1, 0.2, 0.3],
      })),
      model: body['model'],
      usage: { prompt_tokens: 3, total_tokens: 3 },
    });
  });
  app.post('/v1/completions', async (c) => {
    const body = (await c.req.json()) as Record<string, unknown>;
    requests.push(body);
    const reply = replier(body);
    const text = reply.content ?? '';
    if (body['stream'] === true) {
      let wire = '';
      for (let start = 0; start < text.length; start += chunkSize) {
        wire += formatServerSentEvent({
          data: JSON.stringify({
            id: 'cmpl-fake',
            object: 'text_completion',
            created: 1,
            model: body['model'],
            choices: [{ index: 0, text: text.slice(start, start + chunkSize), finish_reason: null }],
          }),
        });
      }
      wire += formatServerSentEvent({
        data: JSON.stringify({
          id: 'cmpl-fake',
          object: 'text_completion',
          created: 1,
          model: body['model'],
          choices: [{ index: 0, text: '', finish_reason: 'stop' }],
        }),
      });
      return c.body(`${wire}data: [DONE]\n\n`, 200, { 'content-type': 'text/event-stream' });
    }
    return c.json({
      id: 'cmpl-fake',
      object: 'text_completion',
      created: 1,
      model: body['model'],
      choices: [{ index: 0, text, logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 },
    });
  });
  app.post('/v1/chat/completions', async (c) => {
    const body = (await c.req.json()) as Record<string, unknown>;
    requests.push(body);
    const failure = failures.shift();
    if (failure !== undefined)
      return c.json({ error: { message: `fake failure ${failure}`, type: 'server_error' } }, failure as 500);
    const reply = replier(body);
    if (reply.status !== undefined && reply.status >= 400)
      return c.json({ error: { message: 'scripted error', type: 'invalid_request_error' } }, reply.status as 400);
    const n = typeof body['n'] === 'number' ? body['n'] : 1;
    const content = reply.content ?? null;
    const toolCalls = reply.toolCalls?.map((call, index) => ({
      id: `call_${index + 1}`,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
    const finish = toolCalls === undefined ? 'stop' : 'tool_calls';
    const model = body['model'];
    if (body['stream'] !== true) {
      return c.json({
        id: 'chatcmpl-fake',
        object: 'chat.completion',
        created: 1,
        model,
        choices: Array.from({ length: n }, (_, index) => ({
          index,
          message: {
            role: 'assistant',
            content,
            refusal: null,
            ...(toolCalls === undefined ? {} : { tool_calls: toolCalls }),
          },
          logprobs: null,
          finish_reason: finish,
        })),
        usage: { prompt_tokens: 10, completion_tokens: 20, total_tokens: 30 },
      });
    }
    const base = { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1, model };
    const events: Record<string, unknown>[] = [];
    for (let index = 0; index < n; index += 1) {
      events.push({ ...base, choices: [{ index, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
      const text = content ?? '';
      for (let start = 0; start < text.length; start += chunkSize) {
        events.push({
          ...base,
          choices: [{ index, delta: { content: text.slice(start, start + chunkSize) }, finish_reason: null }],
        });
      }
      for (const [position, call] of (toolCalls ?? []).entries()) {
        events.push({
          ...base,
          choices: [
            {
              index,
              delta: {
                tool_calls: [
                  {
                    index: position,
                    id: call.id,
                    type: 'function',
                    function: { name: call.function.name, arguments: '' },
                  },
                ],
              },
              finish_reason: null,
            },
          ],
        });
        const args = call.function.arguments;
        for (let start = 0; start < args.length; start += chunkSize) {
          events.push({
            ...base,
            choices: [
              {
                index,
                delta: {
                  tool_calls: [{ index: position, function: { arguments: args.slice(start, start + chunkSize) } }],
                },
                finish_reason: null,
              },
            ],
          });
        }
      }
      events.push({ ...base, choices: [{ index, delta: {}, finish_reason: finish }] });
    }
    const options = body['stream_options'] as { include_usage?: boolean } | undefined;
    if (options?.include_usage === true)
      events.push({ ...base, choices: [], usage: { prompt_tokens: 10, completion_tokens: 20, total_tokens: 30 } });
    const wire = events.map((event) => formatServerSentEvent({ data: JSON.stringify(event) })).join('');
    return c.body(`${wire}data: [DONE]\n\n`, 200, { 'content-type': 'text/event-stream' });
  });

  return {
    app,
    requests,
    reply(next) {
      replier = typeof next === 'function' ? next : () => next;
    },
    failNext(...statuses) {
      failures.push(...statuses);
    },
  };
}

function lastUserText(body: Record<string, unknown>): string {
  const messages = Array.isArray(body['messages'])
    ? (body['messages'] as Array<{ role?: unknown; content?: unknown }>)
    : [];
  const last = [...messages].reverse().find((message) => message.role === 'user');
  return typeof last?.content === 'string' ? last.content : '';
}
