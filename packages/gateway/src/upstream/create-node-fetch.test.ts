import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeFetch } from './create-node-fetch.js';

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === '/stream') {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: one\n\n');
      // Never ends: the client aborts.
      return;
    }
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      response.writeHead(request.url === '/fail' ? 503 : 200, {
        'content-type': 'application/json',
        'x-echo': request.headers['authorization'] ?? '',
      });
      response.end(JSON.stringify({ method: request.method, body, length: request.headers['content-length'] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('createNodeFetch', () => {
  const nodeFetch = createNodeFetch();

  it('sends string bodies with headers and returns status, headers and body', async () => {
    const response = await nodeFetch(`${base}/echo`, {
      method: 'POST',
      headers: { authorization: 'Bearer k' },
      body: '{"é":1}',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-echo')).toBe('Bearer k');
    expect(await response.json()).toEqual({ method: 'POST', body: '{"é":1}', length: '8' });
    const failed = await nodeFetch(`${base}/fail`, { method: 'GET' });
    expect(failed.status).toBe(503);
    expect(failed.ok).toBe(false);
  });

  it('aborts before and during a streamed body', async () => {
    const early = new AbortController();
    early.abort(new Error('stop'));
    await expect(nodeFetch(`${base}/echo`, { signal: early.signal })).rejects.toThrow('stop');
    const controller = new AbortController();
    const response = await nodeFetch(`${base}/stream`, { signal: controller.signal });
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('data: one\n\n');
    controller.abort(new Error('client went away'));
    await expect(reader.read()).rejects.toThrow();
  });

  it('rejects on connection errors', async () => {
    await expect(nodeFetch('http://127.0.0.1:1/nothing')).rejects.toThrow();
  });
});
