import { describe, expect, it } from 'vitest';
import { isGuardError } from '../../errors.js';
import { loadPolicy } from '../../policy/load-policy.js';
import { createRegistry } from '../../scanner/create-registry.js';
import type { ScanContext, ScanOutcome } from '../../scanner/types.js';
import { buildViews } from '../../text/build-views.js';
import { RegexConfig, regexScanner } from './index.js';

async function scan(config: unknown, text: string): Promise<ScanOutcome> {
  const scanner = await regexScanner.create(RegexConfig.parse(config));
  const context: ScanContext = {
    text,
    stage: 'input',
    signal: new AbortController().signal,
    views: () => buildViews(text),
  };
  return scanner.scan(context);
}

async function createError(pattern: string): Promise<unknown> {
  try {
    // Bypasses schema validation on purpose: create() must refuse unsafe patterns on its own too.
    await regexScanner.create({
      patterns: [{ name: 'bad', pattern, flags: '', severity: 'medium', views: ['original'] }],
      maxMatches: 10,
    });
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('regexScanner', () => {
  it('reports matches with category, severity, entity and UTF-16 spans', async () => {
    const text = '😀 Employee EMP-123456 and emp-654321';
    const outcome = await scan(
      {
        patterns: [{ name: 'employee-id', pattern: 'EMP-\\d{6}', flags: 'i', entity: 'EMPLOYEE_ID', severity: 'high' }],
      },
      text,
    );
    expect(outcome.score).toBe(1);
    expect(outcome.findings.map((finding) => text.slice(finding.span?.start, finding.span?.end))).toEqual([
      'EMP-123456',
      'emp-654321',
    ]);
    expect(outcome.findings[0]).toMatchObject({
      scanner: 'regex',
      category: 'regex.employee-id',
      severity: 'high',
      entity: 'EMPLOYEE_ID',
      metadata: { pattern: 'employee-id', view: 'original' },
    });
    expect(outcome.findings[0]?.message).not.toContain('123456');
  });

  it('searches extra views when asked (homoglyph-folded, decoded)', async () => {
    const text = `Ρrojеct Τitan ${btoa('notes about project titan here')}`; // Greek Ρ, Cyrillic е, Greek Τ
    const original = await scan({ patterns: [{ name: 'codename', pattern: 'project titan', flags: 'i' }] }, text);
    expect(original.findings).toEqual([]);
    const folded = await scan(
      { patterns: [{ name: 'codename', pattern: 'project titan', views: ['normalized', 'base64'] }] },
      text,
    );
    expect(folded.findings.map((finding) => finding.metadata?.['view'])).toEqual(['normalized', 'base64']);
    expect(folded.findings[0]?.span).toEqual({ start: 0, end: 13 });
  });

  it('rejects backreferences and lookaround with pattern-unsafe at config time', async () => {
    for (const pattern of ['(a)\\1', '(?=admin)\\w+', '(?<=x)y', '(?!x)y', 'a++']) {
      const error = await createError(pattern);
      expect(isGuardError(error), pattern).toBe(true);
      expect((error as { code: string }).code).toBe('pattern-unsafe');
      expect((error as Error).message).toMatch(/regex pattern "bad".*RE2/);
    }
  });

  it('rejects unsafe patterns in the schema, so a policy fails when it loads', () => {
    const result = RegexConfig.safeParse({ patterns: [{ name: 'bad', pattern: '(?=admin)\\w+' }] });
    expect(result.success).toBe(false);
    const issue = result.error?.issues[0];
    expect(issue?.path).toEqual(['patterns', 0, 'pattern']);
    expect(issue?.message).toMatch(/linear-time engine \(RE2\) cannot run/);
    expect((issue as { params?: Record<string, unknown> } | undefined)?.params).toEqual({
      guardCode: 'pattern-unsafe',
    });
  });

  it('fails a policy at load time, naming file, line and column of the unsafe pattern', async () => {
    const source = [
      'version: 1',
      'id: p',
      'input:',
      '  scanners:',
      '    - use: regex',
      '      config:',
      '        patterns:',
      '          - name: admin',
      '            pattern: "(?=admin)\\\\w+"',
      '',
    ].join('\n');
    const error = await loadPolicy(source, { file: 'policy.yaml', registry: createRegistry([regexScanner]) }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(isGuardError(error)).toBe(true);
    expect((error as Error).message).toMatch(/policy\.yaml:9:\d+/);
    expect((error as Error).message).toMatch(/RE2/);
  });

  it('rejects malformed patterns with scanner-config-invalid', async () => {
    const error = await createError('[a-');
    expect((error as { code: string }).code).toBe('scanner-config-invalid');
  });

  it('runs patterns that backtrack catastrophically elsewhere in linear time', async () => {
    const outcome = await scan({ patterns: [{ name: 'evil', pattern: '(a+)+$x' }] }, `${'a'.repeat(20_000)}!`);
    expect(outcome).toEqual({ findings: [], score: 0 });
  });

  it('limits matches per pattern and validates the config', async () => {
    const outcome = await scan({ patterns: [{ name: 'digit', pattern: '\\d' }], maxMatches: 3 }, '1234567');
    expect(outcome.findings).toHaveLength(3);
    expect(() => RegexConfig.parse({ patterns: [] })).toThrow();
    expect(() => RegexConfig.parse({ patterns: [{ name: 'x', pattern: 'a', flags: 'g' }] })).toThrow(/flags/);
  });
});
