import { describe, expect, it } from 'vitest';
import { formatServerSentEvent, parseServerSentEvents, type ServerSentEvent } from './server-sent-events.js';

async function collect(stream: ReadableStream<ServerSentEvent>): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) events.push(next.value);
  return events;
}

describe('server-sent events', () => {
  it('parses events split at arbitrary byte boundaries, CRLF and comments included', async () => {
    const wire = ': keep-alive\r\ndata: {"a":1}\r\n\r\nevent: done\ndata: line1\ndata: line2\n\ndata: [DONE]\n\n';
    const bytes = new TextEncoder().encode(wire);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let index = 0; index < bytes.length; index += 3) controller.enqueue(bytes.slice(index, index + 3));
        controller.close();
      },
    });
    const events = await collect(parseServerSentEvents(body));
    expect(events.map((event) => event.data)).toEqual(['{"a":1}', 'line1\nline2', '[DONE]']);
    expect(events[1]?.event).toBe('done');
  });

  it('round-trips through formatServerSentEvent', async () => {
    const wire = formatServerSentEvent({ event: 'x', data: 'a\nb' }) + formatServerSentEvent({ data: '[DONE]' });
    expect(wire).toBe('event: x\ndata: a\ndata: b\n\ndata: [DONE]\n\n');
    const body = new Response(wire).body!;
    expect(await collect(parseServerSentEvents(body))).toEqual([{ event: 'x', data: 'a\nb' }, { data: '[DONE]' }]);
  });
});
