import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../storage/memory-storage.js';
import { createAnomalyDetector } from './create-anomaly-detector.js';
import { updateBand, upperEdge } from './ewma-band.js';
import { observeAudit } from './observe-audit.js';
import { signatureHeader, signWebhook, timestampHeader, verifyWebhook } from './sign-webhook.js';

const servers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of servers.splice(0)) await close();
});

async function webhookReceiver(): Promise<{
  url: string;
  received: Array<{ body: string; headers: Record<string, string | string[] | undefined> }>;
}> {
  const received: Array<{ body: string; headers: Record<string, string | string[] | undefined> }> = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      received.push({ body, headers: request.headers });
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

const injectionFinding = { scanner: 'prompt-injection', category: 'injection.override' };

describe('EWMA band', () => {
  it('tracks mean and variance and keeps a floor', () => {
    const band = { mean: 0, variance: 0, samples: 0 };
    for (const value of [10, 10, 10, 10]) updateBand(band, value, 0.3);
    expect(band.mean).toBeCloseTo(10);
    expect(band.variance).toBeCloseTo(0);
    expect(upperEdge(band, 4, 20)).toBe(20);
    updateBand(band, 20, 0.3);
    expect(band.mean).toBeCloseTo(13);
    expect(upperEdge(band, 4, 0)).toBeGreaterThan(13);
  });
});

describe('createAnomalyDetector', () => {
  it('stays quiet on a steady baseline and alerts on a burst, with signed webhooks and a metric', async () => {
    const storage = createMemoryStorage();
    const registry = new Registry();
    const hook = await webhookReceiver();
    let time = 1_000_000;
    const detector = createAnomalyDetector({
      storage,
      registry,
      bucketMs: 1000,
      webhooks: [{ url: hook.url, secret: 'hook-secret' }],
      now: () => time,
    });
    // Ten quiet buckets: 5 requests each, no rejections.
    for (let bucket = 0; bucket < 10; bucket += 1) {
      for (let index = 0; index < 5; index += 1) detector.observeRequest({ keyId: 'pal_key', clientIp: '10.0.0.1' });
      time += 1000;
    }
    await detector.flush();
    expect(await storage.listAlerts()).toHaveLength(0);
    // Attack burst: 200 injection attempts in one bucket.
    for (let index = 0; index < 200; index += 1) {
      const requestId = `attack-${index}`;
      detector.observeRequest({ requestId, keyId: 'pal_key', clientIp: '10.0.0.1' });
      observeAudit({ record: async () => {} }, detector).record({
        type: 'guard.decision',
        requestId,
        route: '/v1/chat/completions',
        stage: 'input',
        keyId: 'pal_key',
        action: 'block',
        effective: 'block',
        findings: [{ ...injectionFinding, severity: 'high' }],
        latencyMs: 1,
      });
    }
    await detector.flush();
    const alerts = await storage.listAlerts();
    const subjects = alerts.map((alert) => `${alert.kind} ${alert.subject}`).sort();
    expect(subjects).toEqual([
      'anomaly.hits scanner:prompt-injection',
      'anomaly.injections ip:10.0.0.1',
      'anomaly.injections key:pal_key',
      'anomaly.rejections ip:10.0.0.1',
      'anomaly.rejections key:pal_key',
      'anomaly.requests ip:10.0.0.1',
      'anomaly.requests key:pal_key',
    ]);
    expect(hook.received).toHaveLength(alerts.length);
    const first = hook.received[0]!;
    expect(
      verifyWebhook(
        'hook-secret',
        first.body,
        String(first.headers[timestampHeader]),
        String(first.headers[signatureHeader]),
        {
          nowSeconds: Math.floor(time / 1000),
        },
      ),
    ).toBe(true);
    expect(
      verifyWebhook(
        'other-secret',
        first.body,
        String(first.headers[timestampHeader]),
        String(first.headers[signatureHeader]),
        {
          nowSeconds: Math.floor(time / 1000),
        },
      ),
    ).toBe(false);
    const metric = await registry.getSingleMetricAsString('palisade_anomaly_alerts_total');
    expect(metric).toContain('dimension="key",series="injections"} 1');
  });

  it('quarantines a key that crosses the threshold, once', async () => {
    const storage = createMemoryStorage();
    await storage.createKey({
      id: 'pal_attacker0001',
      name: 'attacker',
      secretHash: 'a'.repeat(64),
      roles: ['app'],
      limits: {},
      createdAt: new Date().toISOString(),
    });
    const detector = createAnomalyDetector({ storage, quarantineThreshold: 8, floors: { injections: 100 } });
    for (let index = 0; index < 20; index += 1) {
      detector.observeDecision({
        requestId: `r${index}`,
        keyId: 'pal_attacker0001',
        action: 'block',
        findings: [injectionFinding],
      });
    }
    await detector.flush();
    expect((await storage.getKey('pal_attacker0001'))?.quarantinedAt).toBeDefined();
    const audit = await storage.listAudit();
    expect(audit.filter((event) => event.action === 'key.quarantine')).toHaveLength(1);
    expect((await storage.listAlerts()).filter((alert) => alert.severity === 'critical')).toHaveLength(1);
  });

  it('signs deterministically', () => {
    expect(signWebhook('s', '{}', 1)).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhook('s', '{}', '1', signWebhook('s', '{}', 1), { nowSeconds: 10_000 })).toBe(false);
  });
});
