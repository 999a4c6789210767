import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRegistry } from '@palisade/guard';
import { patternScanner } from '@palisade/guard/testing';
import { describe, expect, it } from 'vitest';
import { createGatewayMetrics } from '../metrics/gateway-metrics.js';
import { createPolicySet } from './create-policy-set.js';

const registry = createRegistry([patternScanner({ id: 'words', words: ['forbidden'] })]);
const policy = (id: string, extra = '') => `version: 1\nid: ${id}\n${extra}input:\n  scanners: [{ use: words }]\n`;

async function waitFor(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 200 && !condition(); attempt += 1)
    await new Promise((resolve) => setTimeout(resolve, 25));
}

describe('createPolicySet', () => {
  it('binds policies by key, route and role, with a default', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'palisade-policies-'));
    writeFileSync(join(directory, 'default.yaml'), policy('base'));
    writeFileSync(join(directory, 'scan.yaml'), policy('scan-only', 'match:\n  routes: ["/v1/guard/*"]\n'));
    writeFileSync(join(directory, 'ops.yaml'), policy('ops'));
    const set = await createPolicySet({
      bindings: [{ file: 'default.yaml' }, { file: 'scan.yaml' }, { file: 'ops.yaml', match: { roles: ['operator'] } }],
      baseDirectory: directory,
      registry,
    });
    const idOf = async (route: string, principal?: { keyId?: string; roles?: string[]; policyId?: string }) => {
      const guard = set.resolve({ route, ...(principal === undefined ? {} : { principal }) });
      return guard === undefined ? undefined : (await guard.check({ stage: 'input', text: 'x' })).policyId;
    };
    expect(await idOf('/v1/chat/completions')).toBe('base');
    expect(await idOf('/v1/guard/scan')).toBe('scan-only');
    expect(await idOf('/v1/chat/completions', { roles: ['operator'] })).toBe('ops');
    expect(await idOf('/v1/guard/scan', { policyId: 'base' })).toBe('base');
    expect(await idOf('/v1/chat/completions', { policyId: 'gone' })).toBeUndefined();
    await set.close();
  });

  it('uses the embedded default policy when none is configured (or fails clearly without its scanners)', async () => {
    await expect(createPolicySet({ bindings: [], baseDirectory: '.', registry })).rejects.toThrow(
      /builtin:default:\d+:\d+/,
    );
  });

  it('hot-reloads on change, rejecting a bad policy while the old one keeps serving', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'palisade-reload-'));
    const file = join(directory, 'policy.yaml');
    writeFileSync(file, policy('first'));
    const metrics = createGatewayMetrics();
    const set = await createPolicySet({
      bindings: [{ file }],
      baseDirectory: directory,
      registry,
      metrics,
      retireAfterMs: 10,
    });
    set.watch();
    writeFileSync(file, `${policy('second')}  rules: [{ when: { scanner: nope }, action: bogus }]\n`);
    const rejected = await set.reload('test');
    expect(rejected.ok).toBe(false);
    expect(!rejected.ok && rejected.message).toMatch(/policy\.yaml:\d+:\d+/);
    expect(set.ids()).toEqual(['first']);
    const guard = set.resolve({ route: '/v1/chat/completions' });
    expect((await guard?.check({ stage: 'input', text: 'forbidden' }))?.action).toBe('block');
    writeFileSync(file, policy('third'));
    await waitFor(() => set.ids()[0] === 'third');
    expect(set.ids()).toEqual(['third']);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/palisade_policy_reloads_total\{outcome="rejected"\} [1-9]/);
    expect(text).toMatch(/palisade_policy_reloads_total\{outcome="applied"\} [1-9]/);
    await set.close();
  });
});
