import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GatewayConfig } from '../config/gateway-config.js';
import { createGateway } from '../server/create-gateway.js';
import { createFakeGuard } from '../server/testing/create-fake-guard.js';
import { createFakeUpstream } from '../server/testing/create-fake-upstream.js';
import { createMemoryStorage } from '../storage/memory-storage.js';
import { openStorage } from '../storage/open-storage.js';
import type { Storage } from '../storage/storage.js';
import { createUpstreamRouter } from '../upstream/create-upstream-router.js';
import { createKillSwitch, killSwitchKey } from './create-kill-switch.js';
import { buildIncidentTimeline, formatTimelineMarkdown } from './incident-timeline.js';
import { quarantineKey, releaseKey } from './key-quarantine.js';
import { killSwitchMiddleware } from './kill-switch-middleware.js';

const directory = mkdtempSync(join(tmpdir(), 'palisade-incident-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function gatewayInstance(storage: Storage) {
  const upstream = createFakeUpstream();
  const router = createUpstreamRouter({
    upstreams: [
      {
        name: 'primary',
        type: 'openai',
        baseUrl: 'http://primary.test/v1',
        models: ['gpt-main'],
        timeoutMs: 5_000,
        retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 2 },
        fallbacks: [],
      },
      {
        name: 'backup',
        type: 'openai',
        baseUrl: 'http://backup.test/v1',
        models: ['gpt-small'],
        timeoutMs: 5_000,
        retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 2 },
        fallbacks: [],
      },
    ],
    circuitBreaker: { failureThreshold: 50, windowMs: 60_000, openMs: 1_000 },
    fetch: ((input: string | URL | Request, init?: RequestInit) =>
      upstream.app.request(String(input), init)) as typeof fetch,
  });
  const killSwitch = createKillSwitch({ storage, cacheTtlMs: 0 });
  const app = createGateway(GatewayConfig.parse({}), {
    guards: createFakeGuard(),
    router,
    routeMiddleware: () => [
      killSwitchMiddleware({
        killSwitch,
        upstreamOf: (model) => (model === 'gpt-main' ? 'primary' : model === 'gpt-small' ? 'backup' : undefined),
      }),
    ],
  });
  const chat = (model = 'gpt-main') =>
    app.request('/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hello' }] }),
    });
  return { app, killSwitch, chat };
}

describe('kill switch', () => {
  it('set through one instance blocks on a second instance sharing the SQLite storage', async () => {
    const url = `sqlite:${join(directory, 'shared.db')}`;
    const first = await openStorage(url);
    const second = await openStorage(url);
    try {
      const one = gatewayInstance(first);
      const two = gatewayInstance(second);
      expect((await two.chat()).status).toBe(200);
      await one.killSwitch.set({ scope: 'global', mode: 'block', reason: 'incident drill', setBy: 'user:alice' });
      const blocked = await two.chat();
      expect(blocked.status).toBe(503);
      expect(((await blocked.json()) as { error: { code: string } }).error.code).toBe('kill-switch');
      expect(await one.killSwitch.clear('global')).toBe(true);
      expect((await two.chat()).status).toBe(200);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('routes to the fallback model per upstream, and matches key and route switches', async () => {
    const storage = createMemoryStorage();
    const instance = gatewayInstance(storage);
    await instance.killSwitch.set({
      scope: 'upstream',
      target: 'primary',
      mode: 'fallback',
      fallbackModel: 'gpt-small',
      reason: 'primary leaks',
      setBy: 'user:alice',
    });
    const answered = await instance.chat('gpt-main');
    expect(answered.status).toBe(200);
    expect(answered.headers.get('x-palisade-kill-switch')).toBe('upstream:fallback');
    expect(((await answered.json()) as { model: string }).model).toBe('gpt-small');
    await instance.killSwitch.set({
      scope: 'route',
      target: '/v1/chat/completions',
      mode: 'block',
      reason: 'route off',
      setBy: 'user:alice',
    });
    expect((await instance.chat('gpt-small')).status).toBe(503);
    expect(await instance.killSwitch.match({ route: '/v1/embeddings', keyId: 'pal_x' })).toBeUndefined();
    await instance.killSwitch.set({ scope: 'key', target: 'pal_x', mode: 'block', reason: 'k', setBy: 'system' });
    expect((await instance.killSwitch.match({ route: '/v1/embeddings', keyId: 'pal_x' }))?.scope).toBe('key');
    expect(() => killSwitchKey('key')).toThrow();
    await expect(
      instance.killSwitch.set({ scope: 'global', mode: 'fallback', reason: 'x', setBy: 'system' }),
    ).rejects.toMatchObject({ code: 'invalid-input' });
  });
});

describe('incident response', () => {
  it('quarantines and releases keys, and exports a timeline as JSON and Markdown', async () => {
    const storage = createMemoryStorage();
    const from = new Date(Date.now() - 1000).toISOString();
    await storage.createKey({
      id: 'pal_incident0001',
      name: 'app',
      secretHash: 'b'.repeat(64),
      roles: ['app'],
      limits: {},
      createdAt: new Date().toISOString(),
    });
    await storage.appendAudit({
      actor: 'key:pal_incident0001',
      action: 'guard.decision',
      decision: 'allow',
      effective: 'allow',
      keyId: 'pal_incident0001',
    });
    await storage.appendAudit({
      actor: 'key:pal_incident0001',
      action: 'guard.decision',
      route: '/v1/chat/completions',
      decision: 'block',
      effective: 'block',
      keyId: 'pal_incident0001',
      requestId: 'req-1',
      findings: [{ scanner: 'prompt-injection', category: 'injection.override', severity: 'high' }],
    });
    await storage.createAlert({
      kind: 'anomaly.injections',
      subject: 'key:pal_incident0001',
      severity: 'high',
      message: 'burst | x',
    });
    const quarantined = await quarantineKey(storage, 'pal_incident0001', { reason: 'burst', actor: 'user:alice' });
    expect(quarantined.quarantinedAt).toBeDefined();
    const released = await releaseKey(storage, 'pal_incident0001', { actor: 'user:alice' });
    expect(released.quarantinedAt).toBeUndefined();
    const timeline = await buildIncidentTimeline(storage, { from, to: new Date(Date.now() + 1000).toISOString() });
    expect(timeline.summary).toMatchObject({ alerts: 1, actions: 2, decisions: { allow: 1, block: 1 } });
    expect(timeline.entries.map((entry) => entry.type).sort()).toEqual(['action', 'action', 'alert', 'decision']);
    expect(timeline.entries.find((entry) => entry.type === 'decision')?.details).toMatchObject({
      categories: ['injection.override'],
    });
    const markdown = formatTimelineMarkdown(timeline);
    expect(markdown).toContain('| action | user:alice | key.quarantine | pal_incident0001 |');
    expect(markdown).toContain('burst \\| x');
  });
});
