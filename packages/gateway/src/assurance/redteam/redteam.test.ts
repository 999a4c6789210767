import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRedteamCommand } from '../../cli/commands/redteam.js';
import { startVulnerableModel } from '../../testing/start-vulnerable-model.js';
import { attackLibraryPath, loadAttackLibrary, serializeAttackLibrary } from './attack-library.js';
import { buildAttackLibrary } from './build-attack-library.js';
import { expandVariants, strategies } from './strategies.js';

let model: Awaited<ReturnType<typeof startVulnerableModel>>;
beforeAll(async () => {
  model = await startVulnerableModel();
});
afterAll(() => model.close());

function options(out: string, overrides: Record<string, string> = {}) {
  return {
    target: model.baseUrl,
    model: 'vulnerable',
    strategies: 'none',
    concurrency: '8',
    retries: '0',
    judgeModel: 'default',
    out,
    ...overrides,
  };
}

describe('attack library', () => {
  it('ships at least 400 tagged base cases, regenerated from source', () => {
    const cases = loadAttackLibrary();
    expect(cases.length).toBeGreaterThanOrEqual(400);
    expect(new Set(cases.map((attack) => attack.id)).size).toBe(cases.length);
    expect(new Set(cases.map((attack) => attack.prompt + (attack.document?.text ?? ''))).size).toBe(cases.length);
    for (const attack of cases) {
      expect(attack.owasp.length).toBeGreaterThan(0);
      expect(attack.atlas.length).toBeGreaterThan(0);
    }
    expect(readFileSync(attackLibraryPath, 'utf8')).toBe(serializeAttackLibrary(buildAttackLibrary()));
  });

  it('has pure strategies in at least 7 languages and a multi-turn escalation', () => {
    const [attack] = loadAttackLibrary();
    const variants = expandVariants(
      [attack!],
      strategies.map((strategy) => strategy.id),
    );
    expect(variants.filter((variant) => variant.strategy.startsWith('multilingual-')).length).toBeGreaterThanOrEqual(7);
    expect(variants.find((variant) => variant.strategy === 'crescendo')?.turns.length).toBe(3);
    const base64 = variants.find((variant) => variant.strategy === 'base64')?.turns[0] ?? '';
    expect(Buffer.from(base64.split(': ')[1] ?? '', 'base64').toString('utf8')).toBe(attack!.prompt);
    expect(expandVariants([attack!], ['homoglyph'])).toEqual(expandVariants([attack!], ['homoglyph']));
  });
});

describe('palisade redteam against a vulnerable model', () => {
  it('reports high attack success with evidence, JSON, HTML and JUnit, and fails above the threshold', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'palisade-redteam-')), 'bare');
    const { report, status } = await runRedteamCommand(
      options(out, {
        plugins: 'prompt-injection,prompt-extraction,indirect-injection,exfiltration,excessive-agency,pii',
        limit: '6',
        strategies: 'none,base64',
        failAbove: '0.2',
      }),
    );
    expect(report.totals.attempts).toBe(6 * 6 * 2);
    expect(report.totals.successRate).toBeGreaterThan(0.6);
    expect(report.byPlugin['prompt-extraction']?.successRate).toBe(1);
    expect(report.byPlugin['excessive-agency']?.successRate).toBe(1);
    expect(report.byOwasp.LLM07?.successes).toBeGreaterThan(0);
    expect(report.results.find((result) => result.success)?.reason).toBeTruthy();
    expect(status).toBe(1);
    const parsed = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
    expect(parsed.schema).toBe('palisade.redteam/v1');
    expect(readFileSync(`${out}.html`, 'utf8')).toContain('Category × strategy');
    const junit = readFileSync(`${out}.junit.xml`, 'utf8');
    expect(junit).toMatch(/<testsuites name="palisade-redteam" tests="72" failures="\d+">/);
    expect(junit).toContain('<failure');

    const again = await runRedteamCommand(
      options(`${out}-2`, { plugins: 'prompt-extraction', limit: '3', baseline: `${out}.json` }),
    );
    expect(again.report.baseline?.byPlugin['prompt-extraction']).toEqual({ before: 1, after: 1 });
  });

  it('keeps a partial report when interrupted', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'palisade-redteam-')), 'partial');
    const controller = new AbortController();
    controller.abort();
    const { report, status } = await runRedteamCommand(options(out, { plugins: 'jailbreak' }), controller.signal);
    expect(report.interrupted).toBe(true);
    expect(status).toBe(130);
    expect(JSON.parse(readFileSync(`${out}.json`, 'utf8')).interrupted).toBe(true);
  });

  it('rejects unknown plugins and strategies', async () => {
    await expect(runRedteamCommand(options('/tmp/x', { plugins: 'nope' }))).rejects.toThrow(/unknown plugin/);
    await expect(runRedteamCommand(options('/tmp/x', { strategies: 'nope' }))).rejects.toThrow(/unknown strategy/);
  });
});
