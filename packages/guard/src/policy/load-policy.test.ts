import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isGuardError } from '../errors.js';
import { createRegistry } from '../scanner/create-registry.js';
import { defineScanner } from '../scanner/define-scanner.js';
import type { ScannerDefinition } from '../scanner/types.js';
import { fixedScanner, patternScanner, referenceScanners } from '../testing/fake-scanners.js';
import { defaultPolicyYaml } from './default-policy.js';
import { loadPolicy } from './load-policy.js';
import { policyFromScanners } from './policy-from-scanners.js';
import { policyJsonSchemaText } from './policy-json-schema.js';
import { policySchemaPath } from './write-policy-schema.js';

const registry = createRegistry([
  ...referenceScanners(),
  patternScanner({ id: 'words', words: ['secret'] }),
  fixedScanner({ id: 'output-only', stages: ['output'] }),
]);

async function loadError(source: string) {
  try {
    await loadPolicy(source, { file: 'policy.yaml', registry });
  } catch (error) {
    if (isGuardError(error)) return error;
    throw error;
  }
  throw new Error('expected loadPolicy to fail');
}

describe('loadPolicy', () => {
  it('loads the default policy, fills defaults and freezes it deeply', async () => {
    const policy = await loadPolicy(defaultPolicyYaml, { registry });
    expect(policy.id).toBe('default');
    expect(policy.mode).toBe('enforce');
    expect(policy.input?.scanners.map((entry) => entry.use)).toContain('prompt-injection');
    expect(policy.output?.stream.windowChars).toBe(256);
    expect(policy.redaction.reversible).toBe(true);
    expect(policy.policyVersion).toMatch(/^sha-[0-9a-f]{8}$/);
    expect(Object.isFrozen(policy)).toBe(true);
    expect(Object.isFrozen(policy.input?.scanners[0])).toBe(true);
    expect(() => {
      (policy as { mode: string }).mode = 'shadow';
    }).toThrow(TypeError);
  });

  it('freezes plain config but leaves class instances a config schema produced usable', async () => {
    const compiling = defineScanner({
      id: 'compiling',
      description: 'compiles its pattern in the schema',
      stages: ['input'],
      engine: 'pattern',
      configSchema: z.object({ pattern: z.string().transform((source) => new RegExp(source, 'g')) }),
      create: (config) => ({ scan: () => ({ findings: [], score: config.pattern.test('aa') ? 1 : 0 }) }),
    });
    const compilingRegistry = createRegistry([compiling as ScannerDefinition<unknown>]);
    const policy = await loadPolicy(
      'version: 1\nid: p\ninput:\n  scanners: [{ use: compiling, config: { pattern: a } }]\n',
      {
        registry: compilingRegistry,
      },
    );
    const config = policy.input?.scanners[0]?.config as { pattern: RegExp };
    const pattern = config.pattern;
    expect(Object.isFrozen(policy.input?.scanners[0]?.config)).toBe(true);
    expect(Object.isFrozen(pattern)).toBe(false);
    expect(pattern.test('aa')).toBe(true);
  });

  it('uses the revision as policyVersion', async () => {
    const policy = await loadPolicy('version: 1\nid: p\nrevision: "2026-11-01"\n', { registry });
    expect(policy.policyVersion).toBe('2026-11-01');
  });

  it('names file, line, column, key, expectation and actual value for a wrong type', async () => {
    const error = await loadError('version: 1\nid: p\ninput:\n  timeoutMs: fast\n');
    expect(error.code).toBe('policy-invalid');
    expect(error.message).toBe('policy.yaml:4:14: input.timeoutMs: expected number, got "fast"');
    expect(error.details).toMatchObject({ file: 'policy.yaml', line: 4, column: 14, path: 'input.timeoutMs' });
  });

  it('locates list items and enum values', async () => {
    const source = [
      'version: 1',
      'id: p',
      'input:',
      '  scanners:',
      '    - use: words',
      '  rules:',
      '    - when: { scanner: words }',
      '      action: deny',
    ].join('\n');
    const error = await loadError(source);
    expect(error.message).toBe(
      'policy.yaml:8:15: input.rules[0].action: expected "allow" | "redact" | "drop" | "review" | "block", got "deny"',
    );
  });

  it('points at an unknown key itself', async () => {
    const error = await loadError('version: 1\nid: p\ninput:\n  onErorr: fail-open\n');
    expect(error.message).toBe('policy.yaml:4:3: input.onErorr: unknown key "onErorr"');
  });

  it('reports a missing required key', async () => {
    const error = await loadError('id: p\n');
    expect(error.message).toBe('policy.yaml:1:1: version: expected 1, got nothing');
  });

  it('rejects unknown scanner ids with their location', async () => {
    const error = await loadError(
      'version: 1\nid: p\ninput:\n  scanners:\n    - use: words\n    - use: no-such-scanner\n',
    );
    expect(error.code).toBe('scanner-unknown');
    expect(error.message).toMatch(/^policy\.yaml:6:12: input\.scanners\[1\]\.use: expected a registered scanner id/);
    expect(error.message).toContain('got "no-such-scanner"');
  });

  it("validates scanner config with the scanner's own schema", async () => {
    const source = 'version: 1\nid: p\ninput:\n  scanners:\n    - use: words\n      config:\n        words: oops\n';
    const error = await loadError(source);
    expect(error.code).toBe('scanner-config-invalid');
    expect(error.message).toBe('policy.yaml:7:16: input.scanners[0].config.words: expected array, got "oops"');
  });

  it('keeps the validated scanner config', async () => {
    const source = 'version: 1\nid: p\ninput:\n  scanners:\n    - use: words\n      config: { words: [alpha] }\n';
    const policy = await loadPolicy(source, { registry });
    expect(policy.input?.scanners[0]?.config).toEqual({ words: ['alpha'] });
  });

  it('rejects a scanner on a stage it does not support', async () => {
    const error = await loadError('version: 1\nid: p\ninput:\n  scanners:\n    - use: output-only\n');
    expect(error.message).toMatch(/^policy\.yaml:5:12: input\.scanners\[0\]\.use: expected a scanner for stage input/);
  });

  it('rejects rules naming a scanner the stage does not run', async () => {
    const source =
      'version: 1\nid: p\ninput:\n  scanners: [{ use: words }]\n  rules:\n    - when: { scanner: wrods }\n      action: block\n';
    const error = await loadError(source);
    expect(error.message).toMatch(
      /^policy\.yaml:6:24: input\.rules\[0\]\.when\.scanner: expected a scanner this stage runs/,
    );
  });

  it('rejects duplicate scanner names and bad uncertainty bands', async () => {
    const source = [
      'version: 1',
      'id: p',
      'input:',
      '  scanners: [{ use: words }, { use: words }]',
      '  rules:',
      '    - when: { scanner: words, scoreBetween: [0.8, 0.2] }',
      '      action: review',
    ].join('\n');
    const error = await loadError(source);
    expect(error.message).toContain('input.rules[0].when.scoreBetween: expected low < high, got [0.8, 0.2]');
  });

  it('requires an encryption key for the encrypt operator and secret references only', async () => {
    const missing = await loadError('version: 1\nid: p\nredaction:\n  operators:\n    EMAIL: { type: encrypt }\n');
    expect(missing.message).toContain('redaction.operators.EMAIL: expected redaction.encryptionKey to be set');
    const literal = await loadError('version: 1\nid: p\nredaction:\n  encryptionKey: hunter2hunter2\n');
    expect(literal.message).toContain('redaction.encryptionKey: expected a string matching');
  });

  it('reports YAML syntax errors with line and column', async () => {
    const error = await loadError('version: 1\nid: p\ninput: [unclosed\n');
    expect(error.code).toBe('policy-invalid');
    expect(error.message).toMatch(/^policy\.yaml:\d+:\d+: /);
    const duplicate = await loadError('version: 1\nid: p\nid: q\n');
    expect(duplicate.message).toMatch(/^policy\.yaml:3:1: /);
  });

  it('lists every problem, first one first', async () => {
    const error = await loadError('version: 2\nid: p\nmode: loud\n');
    const lines = error.message.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('policy.yaml:1:10: version: expected 1, got 2');
    expect(lines[1]).toMatch(/^policy\.yaml:3:7: mode: expected "enforce" \| "shadow", got "loud"$/);
    expect((error.details['issues'] as unknown[]).length).toBe(2);
  });
});

describe('policyFromScanners', () => {
  it('builds a frozen one-stage policy: entities redact, anything else blocks', () => {
    const policy = policyFromScanners(['words', 'pii'], registry, 'output');
    expect(policy.output?.scanners.map((entry) => entry.use)).toEqual(['words', 'pii']);
    expect(policy.output?.rules[0]).toMatchObject({ when: { entity: '*' }, action: 'redact' });
    expect(policy.output?.defaultAction).toBe('block');
    expect(policy.input).toBeUndefined();
    expect(Object.isFrozen(policy.output)).toBe(true);
  });

  it('rejects unknown ids', () => {
    expect(() => policyFromScanners(['nope'], registry, 'input')).toThrow(/unknown scanner "nope"/);
  });
});

describe('policy JSON Schema', () => {
  it('docs/policy-schema.json is up to date (regenerate: npx tsx packages/guard/src/policy/write-policy-schema.ts)', () => {
    expect(readFileSync(policySchemaPath, 'utf8')).toBe(policyJsonSchemaText());
  });
});
