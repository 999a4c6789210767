import { Hono } from 'hono';
import { Secret, TOTP } from 'otpauth';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AccessVariables, authMiddleware } from '../middleware/auth/auth.js';
import { errorHandler } from '../middleware/error-handler/error-handler.js';
import { rbacMiddleware } from '../middleware/rbac/rbac.js';
import { createMemoryStorage } from '../storage/memory-storage.js';
import type { Storage } from '../storage/storage.js';
import { createAccessRoutes } from './access-routes.js';
import { createApiKey, createApiKeyVerifier } from './api-keys.js';
import { bootstrapAccess } from './bootstrap-access.js';
import { sessionCookieName } from './sessions.js';

let storage: Storage;
let app: Hono<{ Variables: AccessVariables }>;
let adminPassword: string;
let appKey: string;

beforeAll(async () => {
  storage = createMemoryStorage();
  const keys = createApiKeyVerifier(storage);
  app = new Hono<{ Variables: AccessVariables }>();
  app.onError(errorHandler());
  app.use(authMiddleware({ keys, sessions: { storage, secureCookies: false } }), rbacMiddleware());
  app.route('/', createAccessRoutes({ storage, keys, sessions: { secureCookies: false } }));
  app.get('/v1/models', (c) => c.json({ data: [] }));
  const first = await bootstrapAccess(storage, { scrypt: { logN: 10, r: 8, p: 1 } });
  if (first === undefined) throw new Error('bootstrap did nothing');
  adminPassword = first.adminPassword;
  appKey = first.appKey;
});

function cookieFrom(response: Response): string {
  const header = response.headers.get('set-cookie') ?? '';
  const match = new RegExp(`${sessionCookieName(false)}=([^;]+)`).exec(header);
  if (match === null) throw new Error('no session cookie');
  return `${sessionCookieName(false)}=${match[1]}`;
}

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

describe('access routes end to end', () => {
  it('bootstraps once: admin signs in, enrols TOTP, manages keys; every step audited', async () => {
    expect(await bootstrapAccess(storage)).toBeUndefined();
    expect((await app.request('/v1/models', { headers: { authorization: `Bearer ${appKey}` } })).status).toBe(200);

    const wrong = await app.request('/auth/login', json({ username: 'admin', password: 'not the password!' }));
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain('not the password');
    const pasted = await app.request('/auth/login', json({ username: 'hunter2-hunter2', password: 'x'.repeat(12) }));
    expect(pasted.status).toBe(401);
    expect(JSON.stringify(await storage.listAudit({ limit: 1000 }))).not.toContain('hunter2');

    const login = await app.request('/auth/login', json({ username: 'admin', password: adminPassword }));
    expect(login.status).toBe(200);
    expect(login.headers.get('set-cookie')).toMatch(/HttpOnly/);
    expect(login.headers.get('set-cookie')).toMatch(/SameSite=Strict/);
    const { csrfToken, enrolmentRequired } = (await login.json()) as { csrfToken: string; enrolmentRequired: boolean };
    expect(enrolmentRequired).toBe(true);
    const cookie = cookieFrom(login);
    const headers: Record<string, string> = { cookie, 'x-csrf-token': csrfToken };

    // Not fully signed in yet: admin routes refuse.
    expect((await app.request('/admin/keys', { headers })).status).toBe(401);
    const enrol = await app.request('/auth/totp/enrol', { method: 'POST', headers });
    const { secret } = (await enrol.json()) as { secret: string };
    const confirm = await app.request(
      '/auth/totp/confirm',
      json({ code: TOTP.generate({ secret: Secret.fromBase32(secret) }) }, headers),
    );
    expect(confirm.status).toBe(200);
    const confirmed = (await confirm.json()) as { recoveryCodes: string[]; csrfToken: string };
    expect(confirmed.recoveryCodes).toHaveLength(10);
    // The session id rotated on promotion: the pending cookie no longer works.
    expect((await app.request('/auth/me', { headers })).status).toBe(401);
    const promoted = cookieFrom(confirm);
    headers.cookie = promoted;
    headers['x-csrf-token'] = confirmed.csrfToken;

    const created = await app.request(
      '/admin/keys',
      json({ name: 'app2', roles: ['app'], limits: { rpm: 60 }, expires: '30d' }, headers),
    );
    expect(created.status).toBe(201);
    const key = (await created.json()) as { id: string; key: string; secretHash?: string };
    expect(key.secretHash).toBeUndefined();
    expect((await app.request('/v1/models', { headers: { authorization: `Bearer ${key.key}` } })).status).toBe(200);

    const noCsrf = await app.request('/admin/keys', json({ name: 'x' }, { cookie: promoted }));
    expect(noCsrf.status).toBe(403);

    const listed = (await (await app.request('/admin/keys', { headers })).json()) as { data: { id: string }[] };
    expect(listed.data.map((entry) => entry.id)).toContain(key.id);
    expect(JSON.stringify(listed)).not.toContain(key.key);

    const rotated = (await (await app.request(`/admin/keys/${key.id}/rotate`, { method: 'POST', headers })).json()) as {
      key: string;
      id: string;
    };
    expect((await app.request('/v1/models', { headers: { authorization: `Bearer ${key.key}` } })).status).toBe(401);
    await app.request(`/admin/keys/${rotated.id}/quarantine`, json({ reason: 'burst' }, headers));
    expect((await app.request('/v1/models', { headers: { authorization: `Bearer ${rotated.key}` } })).status).toBe(403);
    await app.request(`/admin/keys/${rotated.id}/release`, { method: 'POST', headers });
    expect((await app.request(`/admin/keys/${rotated.id}`, { method: 'DELETE', headers })).status).toBe(200);
    expect((await app.request('/v1/models', { headers: { authorization: `Bearer ${rotated.key}` } })).status).toBe(401);

    const person = await app.request('/admin/users', json({ username: 'olivia', roles: ['operator'] }, headers));
    expect(person.status).toBe(201);
    expect(((await person.json()) as { password: string }).password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect((await app.request('/admin/users', json({ username: 'x', roles: ['app'] }, headers))).status).toBe(400);
    expect((await app.request('/admin/audit?limit=abc', { headers })).status).toBe(400);

    const verify = (await (await app.request('/admin/audit/verify', { headers })).json()) as { valid: boolean };
    expect(verify.valid).toBe(true);
    const actions = (await storage.listAudit({ limit: 100 })).map((event) => event.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'user.create',
        'key.create',
        'auth.login.failed',
        'auth.login',
        'user.totp.enrol',
        'key.rotate',
        'key.quarantine',
        'key.release',
        'key.revoke',
      ]),
    );
    const exported = await app.request('/admin/audit/export', { headers });
    expect(exported.headers.get('content-type')).toContain('ndjson');
    expect(await exported.text()).not.toContain(adminPassword);

    const logout = await app.request('/auth/logout', { method: 'POST', headers });
    expect(logout.status).toBe(200);
    expect((await app.request('/admin/keys', { headers })).status).toBe(401);

    // Signing in again: password, then a recovery code (the current TOTP step is already used).
    const again = await app.request('/auth/login', json({ username: 'admin', password: adminPassword }));
    const pendingCookie = cookieFrom(again);
    const { csrfToken: pendingCsrf, enrolmentRequired: again2 } = (await again.json()) as {
      csrfToken: string;
      enrolmentRequired: boolean;
    };
    expect(again2).toBe(false);
    const pendingHeaders = { cookie: pendingCookie, 'x-csrf-token': pendingCsrf };
    const replay = await app.request('/auth/mfa', json({ code: '000000' }, pendingHeaders));
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ error: { code: 'mfa-invalid' } });
    const mfa = await app.request('/auth/mfa', json({ recoveryCode: confirmed.recoveryCodes[0] }, pendingHeaders));
    expect(mfa.status).toBe(200);
    const signedInHeaders = {
      cookie: cookieFrom(mfa),
      'x-csrf-token': ((await mfa.json()) as { csrfToken: string }).csrfToken,
    };
    expect((await app.request('/admin/keys', { headers: signedInHeaders })).status).toBe(200);
    const reused = await app.request('/auth/login', json({ username: 'admin', password: adminPassword }));
    const reusedHeaders = {
      cookie: cookieFrom(reused),
      'x-csrf-token': ((await reused.json()) as { csrfToken: string }).csrfToken,
    };
    expect(
      (await app.request('/auth/mfa', json({ recoveryCode: confirmed.recoveryCodes[0] }, reusedHeaders))).status,
    ).toBe(401);
  });

  it('lets operators mint app keys only', async () => {
    expect((await app.request('/v1/models')).status).toBe(401);
    const { key } = await createApiKey(storage, { name: 'ops', roles: ['operator'] });
    const headers = { authorization: `Bearer ${key}` };
    expect((await app.request('/admin/keys', json({ name: 'a', roles: ['app'] }, headers))).status).toBe(201);
    const escalate = await app.request('/admin/keys', json({ name: 'b', roles: ['admin'] }, headers));
    expect(escalate.status).toBe(400);
    expect((await app.request('/admin/users', { headers })).status).toBe(403);
    const malformed = await app.request('/admin/keys', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: '{"name": ',
    });
    expect(malformed.status).toBe(400);
    const hostile = await app.request(
      '/admin/keys',
      json({ name: "'; DROP TABLE api_keys; --", roles: 'app' }, headers),
    );
    expect(hostile.status).toBe(201);
    const huge = await app.request('/admin/keys', json({ name: 'n'.repeat(5000), roles: 'app' }, headers));
    expect(huge.status).toBe(413);
  });
});
