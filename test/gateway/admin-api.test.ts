import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../packages/gateway/src/auth/api-keys.js';
import { GatewayConfig } from '../../packages/gateway/src/config/gateway-config.js';
import { createLogger } from '../../packages/gateway/src/logging/create-logger.js';
import { type RunningGateway, startGateway } from '../../packages/gateway/src/server/start-gateway.js';
import { openStorage } from '../../packages/gateway/src/storage/open-storage.js';
import type { Storage } from '../../packages/gateway/src/storage/storage.js';

let gateway: RunningGateway;
let storage: Storage;
const keys: Record<string, string> = {};

beforeAll(async () => {
  storage = await openStorage('memory:');
  for (const role of ['admin', 'operator', 'auditor', 'app'] as const)
    keys[role] = (await createApiKey(storage, { name: role, roles: [role] })).key;
  gateway = await startGateway({
    config: GatewayConfig.parse({ listen: { host: '127.0.0.1', port: 0 }, logging: { level: 'silent' }, demo: true }),
    baseDirectory: mkdtempSync(join(tmpdir(), 'palisade-admin-')),
    storage,
    logger: createLogger({ level: 'silent' }),
  });
}, 120_000);

afterAll(async () => {
  await gateway?.close();
  await storage?.close();
});

async function call(method: string, path: string, role?: string, body?: unknown): Promise<number> {
  const response = await fetch(`${gateway.url}${path}`, {
    method,
    headers: {
      ...(role ? { authorization: `Bearer ${keys[role]}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  await response.text();
  return response.status;
}

describe('admin REST API through the gateway', () => {
  it('serves keys and audit by role, with 401 without credentials and 403 for the wrong role', async () => {
    expect(await call('GET', '/admin/keys')).toBe(401);
    expect(await call('GET', '/admin/keys', 'admin')).toBe(200);
    expect(await call('GET', '/admin/keys', 'operator')).toBe(200);
    expect(await call('GET', '/admin/keys', 'app')).toBe(403);
    expect(await call('POST', '/admin/keys', 'operator', { name: 'app2', roles: ['app'] })).toBe(201);
    expect(await call('GET', '/admin/audit', 'auditor')).toBe(200);
    expect(await call('GET', '/admin/users', 'operator')).toBe(403);
  });

  it('starts, promotes and rolls back canary rollouts (admin only, audited)', async () => {
    const rollout = {
      policyId: 'default',
      canaryFile: '/etc/palisade/policy.v2.yaml',
      percent: 10,
      by: 'key',
      rest: 'shadow',
    };
    expect(await call('POST', '/admin/rollouts', 'app', rollout)).toBe(403);
    expect(await call('POST', '/admin/rollouts', 'admin', rollout)).toBe(201);
    expect(await call('GET', '/admin/rollouts', 'admin')).toBe(200);
    expect(await call('POST', '/admin/rollouts/default/promote', 'admin')).toBe(200);
    expect(await call('POST', '/admin/rollouts/default/rollback', 'admin')).toBe(200);
    expect(await call('POST', '/admin/rollouts/default/rollback', 'admin')).toBe(404);
    const actions = (await storage.listAudit())
      .map((event) => event.action)
      .filter((action) => action.startsWith('rollout.'));
    expect(actions).toEqual(['rollout.start', 'rollout.promote', 'rollout.rollback']);
  });
});
