import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { GatewayConfig } from '../../packages/gateway/src/config/gateway-config.js';
import { createLogger } from '../../packages/gateway/src/logging/create-logger.js';
import { startGateway } from '../../packages/gateway/src/server/start-gateway.js';
import { openStorage } from '../../packages/gateway/src/storage/open-storage.js';
import { testRegistry } from './gateway-harness.js';

/** An upstream that streams five words, one every 60 ms. */
async function slowUpstream(): Promise<{ url: string; close(): void }> {
  const app = new Hono();
  app.post('/v1/chat/completions', () => {
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        for (const word of ['one ', 'two ', 'three ', 'four ', 'five']) {
          const chunk = {
            id: 'c',
            object: 'chat.completion.chunk',
            created: 1,
            model: 'm',
            choices: [{ index: 0, delta: { content: word }, finish_reason: null }],
          };
          controller.enqueue(encoder.encode(`data: ${JSON.stringify(chunk)}\n\n`));
          await new Promise((resolve) => setTimeout(resolve, 60));
        }
        const end = {
          id: 'c',
          object: 'chat.completion.chunk',
          created: 1,
          model: 'm',
          choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
        };
        controller.enqueue(encoder.encode(`data: ${JSON.stringify(end)}\n\ndata: [DONE]\n\n`));
        controller.close();
      },
    });
    return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
  });
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    close: () => {
      if ('closeAllConnections' in server) server.closeAllConnections();
      server.close();
    },
  };
}

describe('graceful shutdown', () => {
  it('stops accepting but drains a stream in flight to its end', async () => {
    const upstream = await slowUpstream();
    const storage = await openStorage('memory:');
    const running = await startGateway({
      config: GatewayConfig.parse({
        listen: { host: '127.0.0.1', port: 0 },
        upstreams: [{ name: 'slow', baseUrl: upstream.url }],
        policies: [{ file: fileURLToPath(new URL('./permissive-policy.yaml', import.meta.url)) }],
        limits: { shutdownGraceMs: 10_000 },
      }),
      registry: testRegistry,
      storage,
      logger: createLogger({ level: 'silent' }),
      unauthenticated: true,
    });
    const response = await fetch(`${running.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: 'count' }] }),
    });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let wire = decoder.decode((await reader.read()).value);
    const closed = running.close();
    for (let next = await reader.read(); !next.done; next = await reader.read()) wire += decoder.decode(next.value);
    await closed;
    const text = wire
      .split('\n')
      .filter((line) => line.startsWith('data: {'))
      .map(
        (line) =>
          (JSON.parse(line.slice(6)) as { choices: Array<{ delta?: { content?: string } }> }).choices[0]?.delta
            ?.content ?? '',
      )
      .join('');
    expect(text).toBe('one two three four five');
    expect(wire).toContain('data: [DONE]');
    await expect(fetch(`${running.url}/healthz`)).rejects.toThrow();
    await storage.close();
    upstream.close();
  });
});
