import { Hono } from 'hono';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { Secret, TOTP } from 'otpauth';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createApiKeyVerifier } from '../../auth/api-keys.js';
import { createJwtVerifier } from '../../auth/jwt-verifier.js';
import { hashPassword } from '../../auth/passwords.js';
import { completeSignIn, sessionCookieName, signIn } from '../../auth/sessions.js';
import { beginTotpEnrolment, confirmTotpEnrolment } from '../../auth/totp.js';
import { permissions } from '../../rbac/permissions.js';
import { type Role, roles } from '../../rbac/roles.js';
import { createMemoryStorage } from '../../storage/memory-storage.js';
import type { Storage } from '../../storage/storage.js';
import { errorHandler } from '../error-handler/error-handler.js';
import { rbacMiddleware } from '../rbac/rbac.js';
import { type AccessVariables, authMiddleware } from './auth.js';

let storage: Storage;
let app: Hono<{ Variables: AccessVariables }>;
const keyFor = new Map<Role, string>();
let jwtToken: (claims: Record<string, unknown>) => Promise<string>;

beforeAll(async () => {
  storage = createMemoryStorage();
  for (const role of roles) keyFor.set(role, (await createApiKey(storage, { name: role, roles: [role] })).key);
  const pair = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' };
  jwtToken = (claims) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer('https://idp.test/')
      .setAudience('palisade')
      .setSubject('sso-user')
      .setExpirationTime('5m')
      .sign(pair.privateKey);
  app = new Hono<{ Variables: AccessVariables }>();
  app.onError(errorHandler());
  app.use(
    authMiddleware({
      keys: createApiKeyVerifier(storage, { cacheTtlMs: 0 }),
      jwt: createJwtVerifier({ keys: { keys: [jwk] }, issuer: 'https://idp.test/', audience: 'palisade' }),
      sessions: { storage, secureCookies: false },
    }),
    rbacMiddleware({ openRoutes: [] }),
  );
  for (const permission of permissions) {
    app.on(permission.method, permission.path, (c) => c.json({ route: permission.id, who: c.get('principal')?.name }));
  }
  app.get('/unlisted', (c) => c.json({ ok: true }));
});

describe('credentials', () => {
  it('rejects malformed and unknown credentials with 401 and never echoes them', async () => {
    for (const authorization of [
      'Bearer pal_notakey',
      'Basic dXNlcjpwYXNz',
      "Bearer ' OR '1'='1",
      'Bearer a.b.c',
      `Bearer pal_${'a'.repeat(12)}_${'S3CRETS3CRET'.padEnd(43, 'x')}`,
    ]) {
      const response = await app.request('/v1/models', { headers: { authorization } });
      expect(response.status, authorization).toBe(401);
      const text = await response.text();
      expect(text).toContain('auth-invalid');
      expect(text).not.toContain('S3CRET');
      expect(text).not.toContain('dXNlcjpwYXNz');
    }
    const viaHeader = await app.request('/v1/models', { headers: { 'x-api-key': keyFor.get('app')! } });
    expect(viaHeader.status).toBe(200);
  });

  it('accepts JWTs and maps their roles', async () => {
    const token = await jwtToken({ roles: ['auditor'] });
    const allowed = await app.request('/admin/audit', { headers: { authorization: `Bearer ${token}` } });
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toMatchObject({ who: 'sso-user' });
    const denied = await app.request('/admin/keys', { headers: { authorization: `Bearer ${token}` } });
    expect(denied.status).toBe(403);
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(
      JSON.stringify({ roles: ['admin'], sub: 'x', iss: 'https://idp.test/', aud: 'palisade', exp: 9e9 }),
    ).toString('base64url')}.`;
    expect((await app.request('/admin/keys', { headers: { authorization: `Bearer ${unsigned}` } })).status).toBe(401);
  });
});

describe('cookie sessions with MFA and CSRF', () => {
  const password = 'correct horse battery staple';

  async function signedIn(): Promise<{ cookie: string; csrf: string }> {
    const user = await storage.createUser({
      id: `user_${Math.random().toString(36).slice(2)}`,
      username: `rev_${Math.random().toString(36).slice(2)}`,
      passwordHash: await hashPassword(password, { logN: 10, r: 8, p: 1 }),
      roles: ['reviewer'],
      totpEnabled: false,
      totpLastStep: 0,
      failedLogins: 0,
      createdAt: new Date().toISOString(),
    });
    const { secret } = await beginTotpEnrolment(storage, user);
    const before = Date.now() - 60_000;
    await confirmTotpEnrolment(
      storage,
      (await storage.getUser(user.id))!,
      TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: before }),
      before,
    );
    const result = await signIn(storage, user.username, password);
    const cookie = `${sessionCookieName(false)}=${result.sessionToken}`;
    // Before the second factor only the sign-in routes are reachable.
    const pending = await app.request('/review/items', { headers: { cookie } });
    expect(pending.status).toBe(401);
    expect(await pending.json()).toMatchObject({ error: { code: 'mfa-required' } });
    const mfaRoute = await app.request('/auth/mfa', {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': result.csrfToken },
    });
    expect(mfaRoute.status).toBe(200);
    const { session } = await completeSignIn(storage, result.sessionToken, {
      totp: TOTP.generate({ secret: Secret.fromBase32(secret) }),
    });
    return { cookie: `${sessionCookieName(false)}=${session.sessionToken}`, csrf: session.csrfToken };
  }

  it('lets a signed-in reviewer read and, with the CSRF token, write', async () => {
    const { cookie, csrf } = await signedIn();
    expect((await app.request('/review/items', { headers: { cookie } })).status).toBe(200);
    expect((await app.request('/admin/keys', { headers: { cookie } })).status).toBe(403);
    const noToken = await app.request('/review/items/x1/decision', { method: 'POST', headers: { cookie } });
    expect(noToken.status).toBe(403);
    expect(await noToken.json()).toMatchObject({ error: { code: 'csrf-invalid' } });
    const wrongToken = await app.request('/review/items/x1/decision', {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': 'forged' },
    });
    expect(wrongToken.status).toBe(403);
    const form = await app.request('/review/items/x1/decision', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, status: 'approved' }).toString(),
    });
    expect(form.status).toBe(200);
    const crossOrigin = await app.request('http://palisade.local/review/items/x1/decision', {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrf, origin: 'https://evil.example', host: 'palisade.local' },
    });
    expect(crossOrigin.status).toBe(403);
    const sameOrigin = await app.request('http://palisade.local/review/items/x1/decision', {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrf, origin: 'http://palisade.local', host: 'palisade.local' },
    });
    expect(sameOrigin.status).toBe(200);
  });

  it('rejects an unknown session cookie with 401', async () => {
    const response = await app.request('/review/items', { headers: { cookie: `${sessionCookieName(false)}=forged` } });
    expect(response.status).toBe(401);
  });
});
