import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScanContext } from '../../scanner/types.js';
import type { TextView } from '../../text/text-view.js';
import { createDefaultPiiAnalyzer, piiScanner } from './index.js';
import { createPiiAnalyzer } from './pii-scanner.js';

function contextOf(
  text: string,
  views: readonly TextView[] = [{ kind: 'original', text, toOriginal: (span) => span }],
): ScanContext {
  return { text, stage: 'input', signal: new AbortController().signal, views: () => views };
}

describe('pii scanner', () => {
  it('returns findings with exact spans, entity, dotted category and no raw value in messages', async () => {
    const scanner = await piiScanner.create(piiScanner.configSchema.parse({}));
    const text = 'Hi, I am Maria Fernandez, mail maria.fernandez@example.org, card 4111 1111 1111 1111.';
    const { findings, score } = await scanner.scan(contextOf(text));
    const byEntity = Object.fromEntries(findings.map((finding) => [finding.entity, finding]));
    expect(text.slice(byEntity.EMAIL!.span!.start, byEntity.EMAIL!.span!.end)).toBe('maria.fernandez@example.org');
    expect(byEntity.EMAIL!.category).toBe('pii.email');
    expect(byEntity.CREDIT_CARD!.severity).toBe('high');
    expect(text.slice(byEntity.PERSON!.span!.start, byEntity.PERSON!.span!.end)).toBe('Maria Fernandez');
    for (const finding of findings) {
      expect(finding.scanner).toBe('pii');
      expect(finding.message).not.toContain('maria');
      expect(finding.message).not.toContain('4111');
    }
    expect(score).toBeGreaterThan(0.9);
  });

  it('reports only the configured entities and honours per-entity thresholds', async () => {
    const scanner = await piiScanner.create(
      piiScanner.configSchema.parse({ entities: ['PHONE'], thresholds: { PHONE: 0.99 } }),
    );
    const text = 'mail a.b@example.org, call +44 20 7946 0958, or 020 7946 0958';
    const { findings } = await scanner.scan(contextOf(text));
    expect(findings.map((finding) => finding.entity)).toEqual([]);
    const relaxed = await piiScanner.create(piiScanner.configSchema.parse({ entities: ['PHONE'] }));
    const result = await relaxed.scan(contextOf(text));
    expect(result.findings.map((finding) => text.slice(finding.span!.start, finding.span!.end))).toEqual([
      '+44 20 7946 0958',
      '020 7946 0958',
    ]);
  });

  it('skips values on the allow list', () => {
    const analyzer = createPiiAnalyzer({ allow: ['Support@Example.org'] });
    expect(analyzer.analyze('write to support@example.org')).toEqual([]);
  });

  it('maps findings from the normalised view back to the original text', async () => {
    const original = 'mail ana\u200b@example.org now';
    const normalized = original.replace('\u200b', '');
    const cut = original.indexOf('\u200b');
    const back = (offset: number) => (offset > cut ? offset + 1 : offset);
    const views: TextView[] = [
      { kind: 'original', text: original, toOriginal: (span) => span },
      {
        kind: 'normalized',
        text: normalized,
        toOriginal: (span) => ({ start: back(span.start), end: back(span.end) }),
      },
    ];
    const scanner = await piiScanner.create(piiScanner.configSchema.parse({ entities: ['EMAIL'] }));
    const { findings } = await scanner.scan(contextOf(original, views));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.metadata?.view).toBe('normalized');
    expect(original.slice(findings[0]!.span!.start, findings[0]!.span!.end)).toBe('ana\u200b@example.org');
  });
});

describe('custom recognizers from policy', () => {
  it('uses RE2 patterns, validators and context words', () => {
    const analyzer = createPiiAnalyzer({
      entities: ['EMAIL'],
      custom: [
        { entity: 'EMPLOYEE_ID', pattern: 'EMP-\\d{6}', context: ['employee'], score: 0.4, contextBoost: 0.3 },
        { entity: 'LOYALTY_CARD', pattern: '\\b\\d{16}\\b', validator: 'luhn', score: 0.7 },
        { entity: 'BRANCH', pattern: '\\bBR\\d{4}\\b', validator: { weights: [1, 2, 1, 2], modulus: 5 }, score: 0.8 },
      ],
    });
    const text =
      'employee EMP-123456. The rest of this long sentence separates the two identifiers: EMP-654321, cards 4111111111111111 and 4111111111111112, BR1234 BR1231';
    const found = analyzer
      .analyze(text)
      .map((candidate) => `${candidate.entity}:${text.slice(candidate.start, candidate.end)}`);
    expect(found).toContain('EMPLOYEE_ID:EMP-123456');
    expect(found).not.toContain('EMPLOYEE_ID:EMP-654321');
    expect(found).toContain('LOYALTY_CARD:4111111111111111');
    expect(found).not.toContain('LOYALTY_CARD:4111111111111112');
    expect(found).toContain('BRANCH:BR1231');
    expect(found).not.toContain('BRANCH:BR1234');
  });

  it('rejects patterns the linear-time engine cannot run', () => {
    expect(() => createPiiAnalyzer({ custom: [{ entity: 'BAD', pattern: '(a)\\1' }] })).toThrowError(
      expect.objectContaining({ code: 'pattern-unsafe' }),
    );
  });

  it('validates the config shape', () => {
    expect(piiScanner.configSchema.safeParse({ custom: [{ entity: 'lower', pattern: 'x' }] }).success).toBe(false);
    expect(piiScanner.configSchema.safeParse({ threshold: 2 }).success).toBe(false);
  });
});

describe('overlaps and spans', () => {
  it('prefers the higher score, then the longer span, and never cuts a word', () => {
    const analyzer = createPiiAnalyzer({ entities: ['US_SSN', 'PHONE', 'UK_NHS'] });
    const text = 'SSN: 536-22-1234 and NHS number 943 476 5919';
    expect(analyzer.analyze(text).map((candidate) => candidate.entity)).toEqual(['US_SSN', 'UK_NHS']);
  });
});

describe('lookalikes', () => {
  it('finds nothing in lookalike-only text (data/pii/lookalikes.jsonl)', async () => {
    const analyzer = await createDefaultPiiAnalyzer();
    const file = join(import.meta.dirname, '..', '..', '..', '..', '..', 'data', 'pii', 'lookalikes.jsonl');
    const rows = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as { text: string });
    expect(rows.length).toBeGreaterThan(50);
    const hits = rows.flatMap((row) =>
      analyzer
        .analyze(row.text)
        .map((candidate) => `${candidate.entity}:${row.text.slice(candidate.start, candidate.end)}`),
    );
    expect(hits).toEqual([]);
  });
});
