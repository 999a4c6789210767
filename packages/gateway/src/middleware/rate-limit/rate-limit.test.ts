import { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createApiKeyVerifier } from '../../auth/api-keys.js';
import { createMemoryRateLimiter } from '../../rate-limit/memory-rate-limiter.js';
import { createBudgetChecker } from '../../rate-limit/token-budget.js';
import { createMemoryStorage } from '../../storage/memory-storage.js';
import type { Storage } from '../../storage/storage.js';
import { authMiddleware } from '../auth/auth.js';
import { errorHandler } from '../error-handler/error-handler.js';
import { rbacMiddleware } from '../rbac/rbac.js';
import { type RateLimitVariables, rateLimitMiddleware } from './rate-limit.js';

let storage: Storage;
let app: Hono<{ Variables: RateLimitVariables }>;

beforeAll(() => {
  storage = createMemoryStorage();
  app = new Hono<{ Variables: RateLimitVariables }>();
  app.onError(errorHandler());
  app.use(
    authMiddleware({ keys: createApiKeyVerifier(storage, { cacheTtlMs: 0 }) }),
    rbacMiddleware(),
    rateLimitMiddleware({
      limiter: createMemoryRateLimiter(),
      ipRpm: 20,
      trustProxy: true,
      budgets: createBudgetChecker(storage, { cacheTtlMs: 0 }),
      usage: storage,
    }),
  );
  app.post('/v1/chat/completions', async (c) => {
    const body = (await c.req.json()) as { tokens: number };
    await c.get('tokenMeter')?.charge({ promptTokens: body.tokens, completionTokens: 0 });
    return c.json({ ok: true });
  });
  app.get('/v1/models', (c) => c.json({ ok: true }));
  app.get('/healthz', (c) => c.text('ok'));
});

const call = (key: string, ip: string, tokens = 1) =>
  app.request('/v1/chat/completions', {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'x-forwarded-for': ip, 'content-type': 'application/json' },
    body: JSON.stringify({ tokens }),
  });

describe('rate-limit middleware', () => {
  it('limits requests per key with 429, retry-after and OpenAI-style headers', async () => {
    const { key } = await createApiKey(storage, { name: 'a', roles: ['app'], limits: { rpm: 3 } });
    for (let index = 0; index < 3; index++) {
      const response = await call(key, '10.0.0.1');
      expect(response.status).toBe(200);
      expect(response.headers.get('x-ratelimit-remaining-requests')).toBe(String(2 - index));
    }
    const refused = await call(key, '10.0.0.1');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({ error: { code: 'rate-limited', type: 'rate_limit_error' } });
  });

  it('limits requests per client IP across keys', async () => {
    const { key } = await createApiKey(storage, { name: 'b', roles: ['app'] });
    const statuses: number[] = [];
    for (let index = 0; index < 21; index++) statuses.push((await call(key, '10.0.0.2')).status);
    expect(statuses.slice(0, 20).every((status) => status === 200)).toBe(true);
    expect(statuses[20]).toBe(429);
    expect((await call(key, '10.0.0.3')).status).toBe(200);
  });

  it('limits tokens per minute once usage is charged, and records usage', async () => {
    const { key, record } = await createApiKey(storage, { name: 'c', roles: ['app'], limits: { tpm: 100 } });
    expect((await call(key, '10.0.1.1', 150)).status).toBe(200);
    const refused = await call(key, '10.0.1.2', 1);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({
      error: { code: 'rate-limited', details: { limit: 'tokens-per-minute' } },
    });
    const day = new Date().toISOString().slice(0, 10);
    expect((await storage.usageTotals(record.id, day, day)).promptTokens).toBe(150);
    // Token limits apply to model routes only.
    const models = await app.request('/v1/models', { headers: { authorization: `Bearer ${key}` } });
    expect(models.status).toBe(200);
  });

  it('refuses keys over their daily budget', async () => {
    const { key, record } = await createApiKey(storage, { name: 'd', roles: ['app'], limits: { dailyTokens: 50 } });
    await storage.recordUsage({ keyId: record.id, promptTokens: 50, completionTokens: 0 });
    const refused = await call(key, '10.0.2.1');
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: { code: 'budget-exceeded' } });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
