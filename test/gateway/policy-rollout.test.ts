import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinScanners, createRegistry } from '@palisade/guard';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../packages/gateway/src/auth/api-keys.js';
import { GatewayConfig } from '../../packages/gateway/src/config/gateway-config.js';
import { createLogger } from '../../packages/gateway/src/logging/create-logger.js';
import { promoteRollout, rollbackRollout, startRollout } from '../../packages/gateway/src/rollout/policy-rollout.js';
import { type RunningGateway, startGateway } from '../../packages/gateway/src/server/start-gateway.js';
import { openStorage } from '../../packages/gateway/src/storage/open-storage.js';
import type { Storage } from '../../packages/gateway/src/storage/storage.js';
import { type ServedUpstream, serveUpstream, waitFor } from './gateway-harness.js';

const stable = `version: 1
id: shop
input:
  scanners:
    - use: keywords
      config: { lists: [{ name: stable-ban, words: [forbidden-old] }] }
`;
const canary = stable.replace('forbidden-old', 'discount-code');

let upstream: ServedUpstream;
let storage: Storage;
let gateways: RunningGateway[] = [];
const keys: string[] = [];
let directory = '';

beforeAll(async () => {
  upstream = await serveUpstream();
  directory = mkdtempSync(join(tmpdir(), 'palisade-rollout-'));
  writeFileSync(join(directory, 'policy.yaml'), stable);
  writeFileSync(join(directory, 'policy.v2.yaml'), canary);
  storage = await openStorage(`sqlite:${join(directory, 'shared.db')}`);
  for (let index = 0; index < 40; index += 1)
    keys.push((await createApiKey(storage, { name: `app${index}`, roles: ['app'] })).key);
  const config = GatewayConfig.parse({
    listen: { host: '127.0.0.1', port: 0 },
    logging: { level: 'silent' },
    policies: [{ file: 'policy.yaml' }],
    upstreams: [{ name: 'fake', baseUrl: upstream.url, models: ['*'], retry: { maxRetries: 0 } }],
  });
  // Two gateway instances sharing one storage.
  for (let index = 0; index < 2; index += 1) {
    gateways.push(
      await startGateway({
        config,
        baseDirectory: directory,
        registry: createRegistry(builtinScanners),
        storage,
        logger: createLogger({ level: 'silent' }),
      }),
    );
  }
}, 120_000);

afterAll(async () => {
  for (const gateway of gateways) await gateway.close();
  gateways = [];
  await storage?.close();
  await upstream?.close();
});

async function ask(gateway: RunningGateway, key: string, text: string): Promise<number> {
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'fake-model', messages: [{ role: 'user', content: text }] }),
  });
  await response.text();
  return response.status;
}

async function blockedShare(gateway: RunningGateway): Promise<number> {
  const statuses = await Promise.all(keys.map((key) => ask(gateway, key, 'apply my discount-code please')));
  return statuses.filter((status) => status !== 200).length / statuses.length;
}

describe('policy canary rollout through the gateway', () => {
  it('enforces the canary on its share of keys on every instance, then promotes and rolls back', async () => {
    const [first, second] = gateways as [RunningGateway, RunningGateway];
    expect(await blockedShare(first)).toBe(0);
    await startRollout(
      storage,
      { policyId: 'shop', canaryFile: join(directory, 'policy.v2.yaml'), percent: 50, by: 'key', rest: 'stable' },
      'user:ops',
    );
    let share = 0;
    await waitFor(async () => {
      share = await blockedShare(first);
      return share > 0;
    }, 40);
    // The first batch may straddle the moment the canary finished loading: measure a full batch again.
    share = await blockedShare(first);
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.8);
    await promoteRollout(storage, 'shop', 'user:ops');
    await waitFor(async () => (await blockedShare(second)) === 1, 40);
    expect(await blockedShare(second)).toBe(1);
    await rollbackRollout(storage, 'shop', 'user:ops');
    await waitFor(async () => (await blockedShare(first)) === 0 && (await blockedShare(second)) === 0, 40);
    expect(await blockedShare(first)).toBe(0);
    expect(await blockedShare(second)).toBe(0);
    const audit = (await storage.listAudit())
      .map((event) => event.action)
      .filter((action) => action.startsWith('rollout.'));
    expect(audit).toEqual(['rollout.start', 'rollout.promote', 'rollout.rollback']);
  }, 120_000);
});
