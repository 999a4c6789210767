import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../storage/memory-storage.js';
import { createAuditRecorder } from './create-audit-recorder.js';
import { verifyAuditChain } from './verify-audit-chain.js';

describe('createAuditRecorder', () => {
  it('records guard decisions and admin actions in one verifiable chain, without finding messages', async () => {
    const storage = createMemoryStorage();
    const audit = createAuditRecorder(storage);
    await audit.record({
      type: 'guard.decision',
      requestId: 'r1',
      route: '/v1/chat/completions',
      stage: 'input',
      keyId: 'pal_abc',
      policyId: 'default',
      policyVersion: 3,
      action: 'block',
      effective: 'allow',
      findings: [
        {
          scanner: 'secrets',
          category: 'secret.aws',
          severity: 'critical',
          score: 1,
          start: 1,
          end: 21,
          message: 'AKIA…',
        },
      ],
      latencyMs: 2.5,
      model: 'gpt-4o-mini',
    });
    const action = await audit.recordAction(
      { kind: 'user', id: 'user_1', name: 'alice', roles: ['operator'], tenant: 'acme' },
      'key.revoke',
      { keyId: 'pal_abc' },
    );
    expect(action).toMatchObject({ actor: 'user:user_1', action: 'key.revoke', tenant: 'acme', seq: 2 });
    const [decision] = await storage.listAudit();
    expect(decision).toMatchObject({
      actor: 'key:pal_abc',
      action: 'guard.decision',
      decision: 'block',
      effective: 'allow',
      details: { stage: 'input', policyVersion: 3, model: 'gpt-4o-mini' },
    });
    expect(JSON.stringify(decision)).not.toContain('AKIA');
    expect((await verifyAuditChain(await storage.listAudit())).valid).toBe(true);
  });
});
