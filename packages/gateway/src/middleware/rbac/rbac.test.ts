import { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createApiKeyVerifier } from '../../auth/api-keys.js';
import { permissions } from '../../rbac/permissions.js';
import { type Role, roles } from '../../rbac/roles.js';
import { createMemoryStorage } from '../../storage/memory-storage.js';
import { authMiddleware } from '../auth/auth.js';
import { errorHandler } from '../error-handler/error-handler.js';
import { type RbacVariables, rbacMiddleware } from './rbac.js';

/** A concrete path for a pattern: `:id` → `x1`, trailing `*` → `app.css`. */
function concrete(path: string): string {
  return path.replace(/:[a-z]+/g, 'x1').replace(/\*$/, 'app.css');
}

const keyFor = new Map<Role, string>();
let app: Hono<{ Variables: RbacVariables }>;
let opened: Hono<{ Variables: RbacVariables }>;

beforeAll(async () => {
  const storage = createMemoryStorage();
  for (const role of roles) keyFor.set(role, (await createApiKey(storage, { name: role, roles: [role] })).key);
  const build = (openRoutes: readonly string[]) => {
    const built = new Hono<{ Variables: RbacVariables }>();
    built.onError(errorHandler());
    built.use(authMiddleware({ keys: createApiKeyVerifier(storage) }), rbacMiddleware({ openRoutes }));
    for (const permission of permissions) {
      built.on(permission.method, permission.path, (c) => c.json({ route: c.get('permission')?.id }));
    }
    built.get('/unlisted', (c) => c.json({ ok: true }));
    return built;
  };
  app = build([]);
  opened = build(['guard.scan']);
});

describe('route × role matrix over the permission table', () => {
  it('answers 2xx to allowed roles, 403 forbidden to the others and 401 without credentials', async () => {
    let checked = 0;
    for (const permission of permissions) {
      const path = concrete(permission.path);
      const anonymous = await app.request(path, { method: permission.method });
      if (permission.access === 'public') {
        expect(anonymous.status, `${permission.id} anonymous`).toBe(200);
        expect(await anonymous.json()).toEqual({ route: permission.id });
      } else {
        expect(anonymous.status, `${permission.id} anonymous`).toBe(401);
        expect(await anonymous.json()).toMatchObject({ error: { code: 'auth-missing', type: 'authentication_error' } });
      }
      for (const role of roles) {
        const response = await app.request(path, {
          method: permission.method,
          headers: { authorization: `Bearer ${keyFor.get(role)}` },
        });
        const allowed =
          permission.access === 'public' || permission.access === 'signed-in' || permission.access.includes(role);
        expect(response.status, `${permission.id} as ${role}`).toBe(allowed ? 200 : 403);
        if (!allowed) {
          expect(await response.json()).toMatchObject({
            error: { code: 'forbidden', type: 'permission_error', details: { route: permission.id } },
          });
        }
        checked++;
      }
    }
    expect(checked).toBe(permissions.length * roles.length);
  });

  it('admits only admin to routes missing from the table', async () => {
    expect(
      (await app.request('/unlisted', { headers: { authorization: `Bearer ${keyFor.get('admin')}` } })).status,
    ).toBe(200);
    expect(
      (await app.request('/unlisted', { headers: { authorization: `Bearer ${keyFor.get('operator')}` } })).status,
    ).toBe(403);
    expect((await app.request('/unlisted')).status).toBe(401);
  });

  it('opens only the routes configured with auth: none', async () => {
    expect((await opened.request('/v1/guard/scan', { method: 'POST' })).status).toBe(200);
    expect((await opened.request('/v1/chat/completions', { method: 'POST' })).status).toBe(401);
    expect((await app.request('/v1/guard/scan', { method: 'POST' })).status).toBe(401);
  });
});
