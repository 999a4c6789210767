import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createAdaptiveLimiter } from './adaptive-limiter.js';
import { loadShedding } from './load-shedding.js';

/** A slow upstream with 4 workers: each request holds a worker for 40 ms; the rest queue behind them. */
function slowUpstream() {
  let busy = 0;
  const waiting: (() => void)[] = [];
  const call = async () => {
    if (busy >= 4) {
      call.maximumQueued = Math.max(call.maximumQueued, waiting.length + 1);
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    busy += 1;
    await new Promise((resolve) => setTimeout(resolve, 40));
    busy -= 1;
    waiting.shift()?.();
  };
  call.maximumQueued = 0;
  return call;
}

async function loadTest(withShedding: boolean) {
  const app = new Hono();
  if (withShedding)
    app.use('*', loadShedding({ initialLimit: 8, minimumLimit: 2, maximumQueue: 8, maximumWaitMs: 150 }));
  const upstream = slowUpstream();
  app.get('/work', async (c) => {
    await upstream();
    return c.text('ok');
  });
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/work`;
  const admitted: number[] = [];
  let shed = 0;
  let retryAfter = '';
  // Bounded: 240 requests from 48 concurrent clients, loopback only.
  const clients = Array.from({ length: 48 }, async () => {
    for (let index = 0; index < 5; index += 1) {
      const started = performance.now();
      const response = await fetch(url);
      await response.text();
      if (response.status === 200) admitted.push(performance.now() - started);
      else if (response.status === 503) {
        shed += 1;
        retryAfter = response.headers.get('retry-after') ?? '';
      }
    }
  });
  await Promise.all(clients);
  await new Promise((resolve) => server.close(resolve));
  admitted.sort((a, b) => a - b);
  return {
    admitted: admitted.length,
    shed,
    retryAfter,
    maximumQueued: upstream.maximumQueued,
    p95: admitted[Math.floor(admitted.length * 0.95)] ?? 0,
  };
}

describe('load shedding', () => {
  it('keeps the latency of admitted requests bounded under overload and sheds the rest with 503 + retry-after', async () => {
    const without = await loadTest(false);
    const shedding = await loadTest(true);
    expect(without.shed).toBe(0);
    expect(shedding.shed).toBeGreaterThan(0);
    expect(Number(shedding.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(shedding.admitted).toBeGreaterThan(20);
    // Without shedding every request queues behind the 4 slow workers (up to 44 waiting, ~48/4 × 40 ms);
    // with it, the queue in front of the upstream stays bounded by the adaptive limit, and so does the
    // latency of admitted requests (compared in the same run, so a loaded machine slows both alike).
    expect(without.maximumQueued).toBeGreaterThan(30);
    expect(shedding.maximumQueued).toBeLessThan(without.maximumQueued / 2);
    expect(shedding.p95).toBeLessThan(without.p95);
  }, 60_000);

  it('adapts the limit: grows when healthy, shrinks on congestion and failures', async () => {
    let now = 0;
    const limiter = createAdaptiveLimiter({ initialLimit: 4, minimumLimit: 2, clock: () => now });
    for (let index = 0; index < 40; index += 1) (await limiter.acquire())?.release({ latencyMs: 10 });
    expect(limiter.limit).toBeGreaterThan(4);
    const grown = limiter.limit;
    for (let index = 0; index < 5; index += 1) (await limiter.acquire())?.release({ latencyMs: 100 });
    expect(limiter.limit).toBeLessThan(grown);
    const congested = limiter.limit;
    (await limiter.acquire())?.release({ latencyMs: 10, failed: true });
    expect(limiter.limit).toBeLessThanOrEqual(Math.max(2, Math.floor(congested * 0.8)));
    now += 60_000;
    limiter.close();
  });

  it('sheds at once when the queue is full', async () => {
    const limiter = createAdaptiveLimiter({ initialLimit: 1, minimumLimit: 1, maximumQueue: 1, maximumWaitMs: 1000 });
    const first = await limiter.acquire();
    const queued = limiter.acquire();
    expect(await limiter.acquire()).toBeUndefined();
    first?.release({ latencyMs: 1 });
    expect(await queued).toBeDefined();
    limiter.close();
  });
});
