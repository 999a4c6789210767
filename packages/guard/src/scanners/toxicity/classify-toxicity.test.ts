import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadToxicityClassifier } from '../../models/toxicity/load-toxicity-classifier.js';
import { buildViews } from '../../text/build-views.js';
import { analyzeToxicity, toxicityFindings } from './classify-toxicity.js';

const classifier = await loadToxicityClassifier();
const threshold = classifier.metadata.threshold;
const findingsOf = (text: string) => toxicityFindings(analyzeToxicity(text, buildViews(text), classifier), threshold);

describe('analyzeToxicity', () => {
  it('keeps every span inside the original text, for any input', () => {
    const pieces = fc.constantFrom(
      'you ',
      'f*ck ',
      'idiot',
      ' ',
      '\u200b',
      'ѕ',
      'h1t ',
      '.',
      '"',
      'I.D.I.O.T',
      '🙂',
      'é',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), pieces), { maxLength: 20 }), (parts) => {
        const text = parts.join('');
        const analysis = analyzeToxicity(text, buildViews(text), classifier);
        expect(analysis.score).toBeGreaterThanOrEqual(0);
        expect(analysis.score).toBeLessThanOrEqual(1);
        for (const item of analysis.evidence) {
          expect(item.span.start).toBeGreaterThanOrEqual(0);
          expect(item.span.end).toBeLessThanOrEqual(text.length);
          expect(item.span.start).toBeLessThanOrEqual(item.span.end);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('sees through zero-width characters and homoglyphs', () => {
    const text = 'you stu\u200bpid id\u0456ot'; // zero-width space, Cyrillic і
    const findings = findingsOf(text);
    expect(findings.length).toBeGreaterThan(0);
    const span = findings.find((finding) => finding.metadata?.['engine'] === 'lexicon')?.span;
    expect(span && text.slice(span.start, span.end)).toMatch(/id.ot|stu.pid/u);
  });

  it('handles long adversarial inputs (spaced letters, masks, repeats)', () => {
    for (const text of ['a '.repeat(20_000), 'f*'.repeat(10_000), 'you '.repeat(5_000), `${'x'.repeat(50_000)}!`]) {
      const analysis = analyzeToxicity(text, buildViews(text), classifier);
      expect(Number.isFinite(analysis.score)).toBe(true);
    }
  });
});
