import { createParser } from 'eventsource-parser';

/** One server-sent event. */
export interface ServerSentEvent {
  readonly event?: string;
  readonly data: string;
  readonly id?: string;
}

/**
 * Parses an SSE byte stream (an upstream `text/event-stream` body) into events.
 *
 * @example
 * const reader = parseServerSentEvents(response.body!).getReader();
 */
export function parseServerSentEvents(body: ReadableStream<Uint8Array>): ReadableStream<ServerSentEvent> {
  // One transform (decode + parse) instead of a chain of web streams: each stage costs per chunk.
  const decoder = new TextDecoder();
  let sink: TransformStreamDefaultController<ServerSentEvent> | undefined;
  const parser = createParser({
    onEvent(message) {
      const event: { event?: string; data: string; id?: string } = { data: message.data };
      if (message.event !== undefined) event.event = message.event;
      if (message.id !== undefined) event.id = message.id;
      sink?.enqueue(event);
    },
  });
  return body.pipeThrough(
    new TransformStream<Uint8Array, ServerSentEvent>({
      transform(chunk, controller) {
        sink = controller;
        parser.feed(decoder.decode(chunk, { stream: true }));
      },
      flush(controller) {
        sink = controller;
        parser.feed(decoder.decode());
        parser.reset({ consume: true });
      },
    }),
  );
}

/**
 * Serialises one event in SSE wire format (multi-line data split into several `data:` lines).
 *
 * @example
 * formatServerSentEvent({ data: JSON.stringify(chunk) }); // 'data: {...}\n\n'
 */
export function formatServerSentEvent(event: ServerSentEvent): string {
  let out = '';
  if (event.event !== undefined) out += `event: ${event.event}\n`;
  if (event.id !== undefined) out += `id: ${event.id}\n`;
  for (const line of event.data.split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  return `${out}\n`;
}
