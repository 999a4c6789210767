import { describe, expect, it } from 'vitest';
import type { ScanContext } from '../../scanner/types.js';
import { buildViews } from '../../text/build-views.js';
import { CompetitorsConfig, competitorsScanner } from './index.js';

function context(text: string): ScanContext {
  return { text, stage: 'output', signal: new AbortController().signal, views: () => buildViews(text) };
}

const config = CompetitorsConfig.parse({
  competitors: ['Globex', { name: 'Acme', aliases: ['Acme Corp', 'ACME Cloud'] }, 'Müller AG'],
});
const scanner = await competitorsScanner.create(config);

describe('competitorsScanner', () => {
  it('finds names and aliases whole-word and case-insensitively, with spans and entity', async () => {
    const text = 'Try acme corp or GLOBEX instead.';
    const { findings, score } = await scanner.scan(context(text));
    expect(score).toBe(1);
    expect(findings.map((finding) => text.slice(finding.span!.start, finding.span!.end))).toEqual([
      'acme corp',
      'GLOBEX',
    ]);
    expect(findings.map((finding) => finding.metadata?.['competitor'])).toEqual(['Acme', 'Globex']);
    expect(
      findings.every((finding) => finding.entity === 'COMPETITOR' && finding.category === 'competitors.mention'),
    ).toBe(true);
  });

  it('does not match inside other words', async () => {
    const { findings, score } = await scanner.scan(context('The acmes and globexian plans are fine; Acme-like.'));
    expect(findings.map((finding) => finding.metadata?.['competitor'])).toEqual(['Acme']);
    expect(score).toBe(1);
    expect((await scanner.scan(context('Nothing to see here.'))).findings).toEqual([]);
  });

  it('matches through homoglyphs, accents and zero-width characters', async () => {
    const text = 'Ask Glo\u200bbex or MULLER AG or Аcme.';
    const { findings } = await scanner.scan(context(text));
    expect(findings.map((finding) => finding.metadata?.['competitor']).sort()).toEqual(['Acme', 'Globex', 'Müller AG']);
  });

  it('keeps the regex linear on adversarial input', async () => {
    const text = `${'acme'.repeat(20_000)} ${'a '.repeat(20_000)}`;
    const { findings } = await scanner.scan(context(text));
    expect(findings).toEqual([]);
  });

  it('validates its configuration', () => {
    expect(() => CompetitorsConfig.parse({ competitors: [] })).toThrow();
    expect(() => CompetitorsConfig.parse({ competitors: ['x'], entity: 'lower' })).toThrow();
  });
});
