import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildComplianceReport } from '../../cli/commands/report.js';
import { openStorage } from '../../storage/open-storage.js';
import { assessControls } from './compliance-controls.js';
import { renderComplianceHtml, renderComplianceMarkdown } from './render-compliance-report.js';

const policyYaml = `version: 1
id: guarded
mode: enforce
input:
  scanners:
    - use: prompt-injection
    - use: pii
    - use: secrets
  rules:
    - when: { scanner: prompt-injection }
      action: block
    - when: { scanner: prompt-injection, scoreBetween: [0.4, 0.6] }
      action: review
    - when: { entity: '*' }
      action: redact
output:
  scanners:
    - use: pii
    - use: secrets
    - use: prompt-leak
    - use: exfiltration
  rules:
    - when: { scanner: '*' }
      action: block
`;

describe('palisade report compliance', () => {
  it('maps policies, audit statistics and red-team results onto the frameworks', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'palisade-compliance-'));
    const policy = join(directory, 'policy.yaml');
    writeFileSync(policy, policyYaml);
    const storageUrl = `sqlite:${join(directory, 'palisade.db')}`;
    const storage = await openStorage(storageUrl);
    await storage.appendAudit({
      actor: 'key:k1',
      action: 'guard.decision',
      decision: 'block',
      effective: 'block',
      route: '/v1/chat/completions',
    });
    await storage.appendAudit({
      actor: 'key:k1',
      action: 'guard.decision',
      decision: 'allow',
      effective: 'allow',
      route: '/v1/chat/completions',
    });
    await storage.appendAudit({ actor: 'user:admin', action: 'key.create' });
    await storage.close();
    const redteam = join(directory, 'redteam.json');
    writeFileSync(
      redteam,
      JSON.stringify({
        schema: 'palisade.redteam/v1',
        target: 'http://127.0.0.1:8787/v1',
        finishedAt: '2026-11-23T07:00:00.000Z',
        totals: { attempts: 100, successes: 2, successRate: 0.02, errors: 60 },
        byOwasp: {
          LLM01: { attempts: 60, successes: 1, successRate: 1 / 60 },
          LLM07: { attempts: 20, successes: 1, successRate: 0.05 },
        },
        byPlugin: {},
      }),
    );
    const { evidence, controls } = await buildComplianceReport({
      policy: [policy],
      storage: storageUrl,
      redteam,
      out: join(directory, 'out'),
    });
    expect(evidence.audit).toMatchObject({ events: 3, decisions: 2, blocked: 1, adminActions: 1, chainValid: true });
    const byId = (id: string) => controls.find((control) => control.id === id);
    expect(byId('LLM07')?.status).toBe('covered');
    expect(byId('LLM01')?.status).toBe('partial');
    expect(byId('LLM01')?.evidence.join(' ')).toContain('no enforcing policy runs indirect-injection');
    expect(byId('LLM09')?.status).toBe('missing');
    expect(byId('Art. 12')?.status).toBe('covered');
    expect(byId('MEASURE')?.status).toBe('covered');
    expect(byId('Art. 14')?.evidence.join(' ')).toContain('uncertainty bands');
    expect(renderComplianceMarkdown(evidence, controls)).toContain('| LLM07 | System Prompt Leakage | ✅ covered |');
    expect(renderComplianceHtml(evidence, controls)).toContain('EU AI Act');
  });

  it('marks everything missing without evidence', () => {
    const controls = assessControls({
      generatedAt: new Date().toISOString(),
      policies: [],
      reviewers: 0,
      keys: 0,
      keysWithLimits: 0,
    });
    expect(
      controls
        .filter((control) => control.framework === 'OWASP LLM Top 10 (2025)')
        .every((control) => control.status === 'missing'),
    ).toBe(true);
  });
});
