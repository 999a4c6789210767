import { GuardError } from '@palisade/guard';
import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createAuditRecorder } from '../audit/create-audit-recorder.js';
import { iterateAudit } from '../audit/iterate-audit.js';
import { verifyAuditChain } from '../audit/verify-audit-chain.js';
import { isRole, type Role } from '../rbac/roles.js';
import type { ApiKeyRecord, KeyLimits, Storage, UserRecord } from '../storage/storage.js';
import { type ApiKeyVerifier, createApiKey, revokeApiKey, rotateApiKey } from './api-keys.js';
import { createUser, generatePassword } from './bootstrap-access.js';
import { parseDuration } from './parse-duration.js';
import { checkPasswordPolicy } from './passwords.js';
import type { Principal } from './principal.js';
import {
  completeSignIn,
  type IssuedSession,
  promoteSession,
  type SessionOptions,
  sessionCookieName,
  sessionCookieOptions,
  signIn,
  signOut,
} from './sessions.js';
import { beginTotpEnrolment, confirmTotpEnrolment } from './totp.js';

/** Options of {@link createAccessRoutes}. */
export interface AccessRoutesOptions {
  readonly storage: Storage;
  /** Invalidated after revoke/rotate/quarantine so this instance stops accepting a key at once. */
  readonly keys?: ApiKeyVerifier;
  readonly sessions?: SessionOptions;
}

type Variables = { principal?: Principal };

async function readBody(c: Context): Promise<Record<string, unknown>> {
  const type = c.req.header('content-type') ?? '';
  if (type.startsWith('application/json')) {
    const body: unknown = await c.req.json().catch((error: unknown) => {
      throw new GuardError('invalid-input', 'the body is not valid JSON', { cause: error });
    });
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new GuardError('invalid-input', 'expected a JSON object');
    }
    return body as Record<string, unknown>;
  }
  if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
    return (await c.req.parseBody()) as Record<string, unknown>;
  }
  return {};
}

function text(body: Record<string, unknown>, field: string, required: true): string;
function text(body: Record<string, unknown>, field: string, required?: false): string | undefined;
function text(body: Record<string, unknown>, field: string, required = false): string | undefined {
  const value = body[field];
  if (value === undefined || value === null || value === '') {
    if (required) throw new GuardError('invalid-input', `${field}: required`, { details: { field } });
    return undefined;
  }
  if (typeof value !== 'string')
    throw new GuardError('invalid-input', `${field}: expected a string`, { details: { field } });
  return value;
}

function rolesFrom(value: unknown, allowed: readonly Role[]): Role[] {
  const list = typeof value === 'string' ? value.split(',').map((item) => item.trim()) : value;
  if (!Array.isArray(list) || list.length === 0)
    throw new GuardError('invalid-input', 'roles: expected a non-empty list');
  return list.map((role) => {
    if (!isRole(role) || !allowed.includes(role)) {
      throw new GuardError('invalid-input', `roles: expected ${allowed.join(', ')}`, { details: { field: 'roles' } });
    }
    return role;
  });
}

function limitsFrom(value: unknown): KeyLimits {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null) throw new GuardError('invalid-input', 'limits: expected an object');
  return value as KeyLimits;
}

function integerQuery(value: string | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,15}$/.test(value)) throw new GuardError('invalid-input', `${field}: expected a non-negative integer`);
  return Number(value);
}

function keyView(key: ApiKeyRecord) {
  const { secretHash: _secretHash, ...view } = key;
  return view;
}

function userView(user: UserRecord) {
  const { passwordHash: _passwordHash, totpSecret: _totpSecret, ...view } = user;
  return view;
}

function requirePrincipal(c: Context<{ Variables: Variables }>): Principal {
  const principal = c.get('principal');
  if (principal === undefined) throw new GuardError('auth-missing', 'credentials are required for this route');
  return principal;
}

/**
 * The sign-in flow and the access-control admin REST API as a Hono app to mount on the gateway
 * (after `authMiddleware` and `rbacMiddleware`, which decide who may call what):
 * `/auth/login|mfa|totp/enrol|totp/confirm|logout|me`, `/admin/keys…`, `/admin/users…`,
 * `/admin/audit`, `/admin/audit/verify`, `/admin/audit/export`, `/admin/usage`. Every change is audited.
 *
 * @example
 * app.use(authMiddleware({ keys, sessions: { storage } }), rbacMiddleware());
 * app.route('/', createAccessRoutes({ storage, keys }));
 */
export function createAccessRoutes(options: AccessRoutesOptions): Hono<{ Variables: Variables }> {
  const { storage } = options;
  const secure = options.sessions?.secureCookies ?? true;
  const cookieName = sessionCookieName(secure);
  const audit = createAuditRecorder(storage);
  const app = new Hono<{ Variables: Variables }>();

  const currentUser = async (c: Context<{ Variables: Variables }>): Promise<{ user: UserRecord; token: string }> => {
    const token = getCookie(c, cookieName);
    const principal = requirePrincipal(c);
    if (token === undefined || principal.kind !== 'user') {
      throw new GuardError('auth-missing', 'this route needs a signed-in person (session cookie)');
    }
    const user = await storage.getUser(principal.id);
    if (user === undefined) throw new GuardError('auth-invalid', 'the session is invalid');
    return { user, token };
  };

  // Sign-in.
  app.post('/auth/login', async (c) => {
    const body = await readBody(c);
    const username = text(body, 'username', true);
    const result = await signIn(storage, username, text(body, 'password', true), options.sessions).catch(
      async (error: unknown) => {
        // Unknown names are not logged: a password typed into the username field must not reach the log.
        const known = username.length <= 200 && (await storage.getUserByName(username)) !== undefined;
        await storage.appendAudit({
          actor: 'anonymous',
          action: 'auth.login.failed',
          details: known ? { username } : { username: null, unknownUser: true },
        });
        throw error;
      },
    );
    setCookie(c, cookieName, result.sessionToken, sessionCookieOptions(result.expiresAt, secure));
    await audit.recordAction(
      { kind: 'user', id: result.user.id, name: username, roles: result.user.roles },
      'auth.login',
    );
    return c.json({
      csrfToken: result.csrfToken,
      mfaRequired: result.mfaRequired,
      enrolmentRequired: result.enrolmentRequired,
      expiresAt: result.expiresAt.toISOString(),
    });
  });

  app.post('/auth/mfa', async (c) => {
    const { token } = await currentUser(c);
    const body = await readBody(c);
    const code = text(body, 'code');
    const recoveryCode = text(body, 'recoveryCode');
    const principal = requirePrincipal(c);
    let issued: IssuedSession;
    try {
      ({ session: issued } = await completeSignIn(storage, token, {
        ...(code === undefined ? {} : { totp: code }),
        ...(recoveryCode === undefined ? {} : { recoveryCode }),
      }));
    } catch (error) {
      await audit.recordAction(principal, 'auth.mfa.failed');
      throw error;
    }
    setCookie(c, cookieName, issued.sessionToken, sessionCookieOptions(issued.expiresAt, secure));
    await audit.recordAction(principal, recoveryCode === undefined ? 'auth.mfa' : 'auth.mfa.recovery-code');
    return c.json({ signedIn: true, csrfToken: issued.csrfToken });
  });

  app.post('/auth/totp/enrol', async (c) => {
    const { user } = await currentUser(c);
    const enrolment = await beginTotpEnrolment(storage, user);
    await audit.recordAction(requirePrincipal(c), 'user.totp.begin');
    return c.json(enrolment);
  });

  app.post('/auth/totp/confirm', async (c) => {
    const { user, token } = await currentUser(c);
    const { recoveryCodes } = await confirmTotpEnrolment(storage, user, text(await readBody(c), 'code', true));
    // Enrolment proved possession of the authenticator: the session is promoted (with a new id).
    const issued = await promoteSession(storage, token);
    setCookie(c, cookieName, issued.sessionToken, sessionCookieOptions(issued.expiresAt, secure));
    await audit.recordAction(requirePrincipal(c), 'user.totp.enrol');
    return c.json({ recoveryCodes, csrfToken: issued.csrfToken });
  });

  app.post('/auth/logout', async (c) => {
    const token = getCookie(c, cookieName);
    if (token !== undefined) await signOut(storage, token);
    deleteCookie(c, cookieName, { path: '/', secure });
    await audit.recordAction(c.get('principal'), 'auth.logout');
    return c.json({ signedOut: true });
  });

  app.get('/auth/me', (c) => {
    const { kind, id, name, roles, tenant, policyId } = requirePrincipal(c);
    return c.json({ kind, id, name, roles, tenant, policyId });
  });

  // API keys.
  app.get('/admin/keys', async (c) => c.json({ data: (await storage.listKeys()).map(keyView) }));

  app.post('/admin/keys', async (c) => {
    const principal = requirePrincipal(c);
    const body = await readBody(c);
    // Operators manage application keys; only admins mint keys for people roles.
    const grantable: readonly Role[] = principal.roles.includes('admin')
      ? ['admin', 'operator', 'reviewer', 'auditor', 'app']
      : ['app'];
    const roles = rolesFrom(body['roles'] ?? 'app', grantable);
    const expires = text(body, 'expires');
    const policyId = text(body, 'policyId');
    const tenant = text(body, 'tenant');
    const { record, key } = await createApiKey(storage, {
      name: text(body, 'name', true),
      roles,
      limits: limitsFrom(body['limits']),
      createdBy: `${principal.kind}:${principal.id}`,
      ...(policyId === undefined ? {} : { policyId }),
      ...(tenant === undefined ? {} : { tenant }),
      ...(expires === undefined ? {} : { expiresAt: new Date(Date.now() + parseDuration(expires)) }),
    });
    await audit.recordAction(principal, 'key.create', {
      keyId: record.id,
      details: { roles: record.roles, limits: record.limits, policyId: record.policyId ?? null },
    });
    return c.json({ ...keyView(record), key }, 201);
  });

  app.get('/admin/keys/:id', async (c) => {
    const key = await storage.getKey(c.req.param('id'));
    if (key === undefined) throw new GuardError('not-found', 'no such key');
    return c.json(keyView(key));
  });

  app.delete('/admin/keys/:id', async (c) => {
    const record = await revokeApiKey(storage, c.req.param('id'));
    options.keys?.invalidate(record.id);
    await audit.recordAction(requirePrincipal(c), 'key.revoke', { keyId: record.id });
    return c.json(keyView(record));
  });

  app.post('/admin/keys/:id/rotate', async (c) => {
    const principal = requirePrincipal(c);
    const grace = text(await readBody(c), 'grace');
    const graceMs = grace === undefined ? 0 : parseDuration(grace);
    const { record, key, previous } = await rotateApiKey(storage, c.req.param('id'), {
      graceMs,
      by: `${principal.kind}:${principal.id}`,
    });
    options.keys?.invalidate(previous.id);
    await audit.recordAction(principal, 'key.rotate', {
      keyId: record.id,
      details: { previous: previous.id, graceMs },
    });
    return c.json({ ...keyView(record), key, previous: keyView(previous) }, 201);
  });

  app.post('/admin/keys/:id/quarantine', async (c) => {
    const reason = text(await readBody(c), 'reason') ?? 'quarantined by an operator';
    const record = await storage.updateKey(c.req.param('id'), {
      quarantinedAt: new Date().toISOString(),
      quarantineReason: reason,
    });
    options.keys?.invalidate(record.id);
    await audit.recordAction(requirePrincipal(c), 'key.quarantine', { keyId: record.id, details: { reason } });
    return c.json(keyView(record));
  });

  app.post('/admin/keys/:id/release', async (c) => {
    const record = await storage.updateKey(c.req.param('id'), { quarantinedAt: null, quarantineReason: null });
    options.keys?.invalidate(record.id);
    await audit.recordAction(requirePrincipal(c), 'key.release', { keyId: record.id });
    return c.json(keyView(record));
  });

  // People.
  app.get('/admin/users', async (c) => c.json({ data: (await storage.listUsers()).map(userView) }));

  app.post('/admin/users', async (c) => {
    const body = await readBody(c);
    const given = text(body, 'password');
    if (given !== undefined) checkPasswordPolicy(given);
    const password = given ?? generatePassword();
    const tenant = text(body, 'tenant');
    const user = await createUser(storage, {
      username: text(body, 'username', true),
      roles: rolesFrom(body['roles'], ['admin', 'operator', 'reviewer', 'auditor']),
      password,
      ...(tenant === undefined ? {} : { tenant }),
    });
    await audit.recordAction(requirePrincipal(c), 'user.create', { details: { userId: user.id, roles: user.roles } });
    return c.json({ ...userView(user), ...(given === undefined ? { password } : {}) }, 201);
  });

  app.patch('/admin/users/:id', async (c) => {
    const body = await readBody(c);
    const user = await storage.updateUser(c.req.param('id'), {
      ...(body['roles'] === undefined
        ? {}
        : { roles: rolesFrom(body['roles'], ['admin', 'operator', 'reviewer', 'auditor']) }),
      ...(body['disabled'] === undefined
        ? {}
        : { disabledAt: body['disabled'] === true ? new Date().toISOString() : null }),
    });
    if (user.disabledAt !== undefined) await storage.deleteUserSessions(user.id);
    await audit.recordAction(requirePrincipal(c), 'user.update', {
      details: { userId: user.id, roles: user.roles, disabled: user.disabledAt !== undefined },
    });
    return c.json(userView(user));
  });

  app.delete('/admin/users/:id', async (c) => {
    const user = await storage.updateUser(c.req.param('id'), { disabledAt: new Date().toISOString() });
    await storage.deleteUserSessions(user.id);
    await audit.recordAction(requirePrincipal(c), 'user.disable', { details: { userId: user.id } });
    return c.json(userView(user));
  });

  app.post('/admin/users/:id/reset-totp', async (c) => {
    const user = await storage.updateUser(c.req.param('id'), { totpSecret: null, totpEnabled: false });
    await storage.setRecoveryCodes(user.id, []);
    await storage.deleteUserSessions(user.id);
    await audit.recordAction(requirePrincipal(c), 'user.totp.reset', { details: { userId: user.id } });
    return c.json(userView(user));
  });

  // Audit and usage.
  app.get('/admin/audit', async (c) => {
    const afterSeq = integerQuery(c.req.query('afterSeq'), 'afterSeq');
    const limit = integerQuery(c.req.query('limit'), 'limit');
    const since = c.req.query('since');
    const events = await storage.listAudit({
      ...(afterSeq === undefined ? {} : { afterSeq }),
      limit: limit ?? 100,
      ...(since === undefined ? {} : { since }),
    });
    return c.json({ data: events });
  });

  app.get('/admin/audit/verify', async (c) => c.json(await verifyAuditChain(iterateAudit(storage))));

  app.get('/admin/audit/export', async (c) => {
    const since = c.req.query('since');
    const lines: string[] = [];
    for await (const event of iterateAudit(storage, since === undefined ? {} : { since })) {
      lines.push(JSON.stringify(event));
      if (lines.length > 100_000)
        throw new GuardError('input-too-large', 'narrow the export with ?since= or use the CLI');
    }
    await audit.recordAction(requirePrincipal(c), 'audit.export', { details: { since: since ?? null } });
    return c.body(lines.length === 0 ? '' : `${lines.join('\n')}\n`, 200, { 'content-type': 'application/x-ndjson' });
  });

  app.get('/admin/usage', async (c) => {
    const today = new Date().toISOString().slice(0, 10);
    const keyId = c.req.query('keyId');
    return c.json({
      data: await storage.listUsage(c.req.query('from') ?? `${today.slice(0, 8)}01`, c.req.query('to') ?? today, keyId),
    });
  });

  return app;
}
