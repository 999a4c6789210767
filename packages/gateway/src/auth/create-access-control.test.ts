import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../middleware/error-handler/error-handler.js';
import type { RateLimitVariables } from '../middleware/rate-limit/rate-limit.js';
import { createMemoryRateLimiter } from '../rate-limit/memory-rate-limiter.js';
import { createMemoryStorage } from '../storage/memory-storage.js';
import { createApiKey } from './api-keys.js';
import { type AccessControl, createAccessControl } from './create-access-control.js';

const created: AccessControl[] = [];
afterAll(async () => {
  await Promise.all(created.map((access) => access.close()));
});

function build(config: unknown) {
  const storage = createMemoryStorage();
  const access = createAccessControl({ storage, config, limiter: createMemoryRateLimiter() });
  created.push(access);
  const app = new Hono<{ Variables: RateLimitVariables }>();
  app.onError(errorHandler());
  app.use(...access.middleware);
  app.route('/', access.routes);
  app.post('/v1/guard/scan', (c) => c.json({ principal: c.get('principal')?.name ?? null }));
  app.post('/v1/chat/completions', (c) => c.json({ ok: true }));
  return { storage, access, app };
}

describe('createAccessControl', () => {
  it('wires auth, RBAC and limits from the config, with warnings for opened routes', async () => {
    const { storage, access, app } = build({ openRoutes: ['guard.scan'], defaultKeyRpm: 2, secureCookies: false });
    expect(access.warnings).toEqual([expect.stringContaining('guard.scan is open to anonymous callers')]);
    expect((await app.request('/v1/guard/scan', { method: 'POST' })).status).toBe(200);
    expect((await app.request('/v1/chat/completions', { method: 'POST' })).status).toBe(401);
    const { key } = await createApiKey(storage, { name: 'a', roles: ['app'] });
    const call = () =>
      app.request('/v1/chat/completions', { method: 'POST', headers: { authorization: `Bearer ${key}` } });
    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(429);
    expect((await app.request('/admin/keys', { headers: { authorization: `Bearer ${key}` } })).status).toBe(403);
  });

  it('refuses unknown, unsafe and malformed settings', () => {
    const storage = createMemoryStorage();
    expect(() => createAccessControl({ storage, config: { openRoutes: ['nope'] } })).toThrow(/unknown route id/);
    expect(() => createAccessControl({ storage, config: { openRoutes: ['admin.keys.list'] } })).toThrow(
      /cannot be opened/,
    );
    expect(() => createAccessControl({ storage, config: { ipRpm: -1 } })).toThrow(/auth\.ipRpm/);
    expect(() => createAccessControl({ storage, config: { jwt: { issuer: 'x' } } })).toThrow(/auth\.jwt/);
    expect(() =>
      createAccessControl({ storage, config: { jwt: { issuer: 'i', audience: 'a', roleMap: { g: 'root' } } } }),
    ).toThrow(/auth\.jwt\.roleMap/);
  });
});
