import { describe, expect, it } from 'vitest';
import type { GatewayGuard } from '../server/gateway-dependencies.js';
import { openStorage } from '../storage/open-storage.js';
import {
  chooseVariant,
  listRollouts,
  promoteRollout,
  readRollout,
  rollbackRollout,
  startRollout,
} from './policy-rollout.js';
import { createRolloutResolver } from './rollout-resolver.js';

function fakeGuard(policyId: string, action: 'allow' | 'block'): GatewayGuard {
  return { check: async () => ({ action, findings: [], policyId }) };
}

describe('policy rollouts', () => {
  it('buckets keys deterministically at the requested share', async () => {
    const storage = await openStorage('memory:');
    const rollout = await startRollout(
      storage,
      { policyId: 'default', canaryFile: 'v2.yaml', percent: 20, by: 'key', rest: 'stable' },
      'user:alice',
    );
    const variants = Array.from({ length: 2000 }, (_, index) =>
      chooseVariant(rollout, { keyId: `key-${index}`, requestId: 'r' }),
    );
    const share = variants.filter((variant) => variant === 'canary').length / variants.length;
    expect(share).toBeGreaterThan(0.16);
    expect(share).toBeLessThan(0.24);
    expect(chooseVariant(rollout, { keyId: 'key-7', requestId: 'a' })).toBe(
      chooseVariant(rollout, { keyId: 'key-7', requestId: 'b' }),
    );
    await storage.close();
  });

  it('serves the canary to its share, labels decisions, promotes and rolls back across instances, audited', async () => {
    const storage = await openStorage('memory:');
    const stable = fakeGuard('default', 'allow');
    const canary = fakeGuard('default', 'block');
    const shadowed: string[] = [];
    const instance = () =>
      createRolloutResolver({
        base: () => ({ guard: stable, policyId: 'default' }),
        storage,
        loadGuard: async () => canary,
        refreshMs: 0,
        onShadowDecision: (_request, decision) => shadowed.push(decision.policyId ?? ''),
      });
    const first = instance();
    const second = instance();
    const decide = async (resolver: ReturnType<typeof instance>, keyId: string) =>
      (await resolver({ route: '/v1/chat/completions', principal: { keyId } })?.check({ stage: 'input', text: 'x' }))
        ?.policyId;

    await startRollout(
      storage,
      { policyId: 'default', canaryFile: 'v2.yaml', percent: 50, by: 'key', rest: 'shadow' },
      'user:alice',
    );
    await decide(first, 'warm-up');
    await first.refresh();
    const labels = await Promise.all(Array.from({ length: 200 }, (_, index) => decide(first, `key-${index}`)));
    const canaryCount = labels.filter((label) => label === 'default@canary').length;
    expect(canaryCount).toBeGreaterThan(60);
    expect(canaryCount).toBeLessThan(140);
    expect(labels.filter((label) => label === 'default').length).toBe(200 - canaryCount);
    expect(shadowed.filter((label) => label === 'default@canary-shadow').length).toBe(200 - canaryCount);

    await promoteRollout(storage, 'default', 'user:alice');
    await decide(second, 'warm-up');
    await second.refresh();
    expect(await decide(second, 'any-key')).toBe('default@canary');
    expect((await readRollout(storage, 'default'))?.state).toBe('promoted');

    await rollbackRollout(storage, 'default', 'user:bob');
    await first.refresh();
    await second.refresh();
    expect(await decide(first, 'any-key')).toBe('default');
    expect(await decide(second, 'any-key')).toBe('default');
    expect(await listRollouts(storage)).toEqual([]);
    const actions = (await storage.listAudit()).map((event) => event.action);
    expect(actions).toEqual(['rollout.start', 'rollout.promote', 'rollout.rollback']);
    await storage.close();
  });

  it('rejects bad percentages and unknown rollouts', async () => {
    const storage = await openStorage('memory:');
    await expect(
      startRollout(storage, { policyId: 'p', canaryFile: 'c', percent: 150, by: 'key', rest: 'stable' }, 'x'),
    ).rejects.toThrow(/percent/);
    await expect(promoteRollout(storage, 'missing', 'x')).rejects.toMatchObject({ code: 'not-found' });
    await storage.close();
  });
});
