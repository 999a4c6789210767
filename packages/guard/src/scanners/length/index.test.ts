import { describe, expect, it } from 'vitest';
import type { ScanContext, ScanOutcome } from '../../scanner/types.js';
import { buildViews } from '../../text/build-views.js';
import { estimateTokens } from './estimate-tokens.js';
import { LengthConfig, lengthScanner } from './index.js';

async function scan(config: unknown, text: string): Promise<ScanOutcome> {
  const scanner = await lengthScanner.create(LengthConfig.parse(config));
  const context: ScanContext = {
    text,
    stage: 'input',
    signal: new AbortController().signal,
    views: () => buildViews(text),
  };
  return scanner.scan(context);
}

describe('estimateTokens', () => {
  it('approximates BPE token counts for prose, numbers and scripts', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('Hello, world!')).toBe(4);
    expect(estimateTokens('internationalization')).toBe(4);
    expect(estimateTokens('1234567')).toBe(3);
    expect(estimateTokens('你好世界')).toBe(4);
    expect(estimateTokens('Привет')).toBe(3);
    expect(estimateTokens('😀😀')).toBe(4);
    expect(estimateTokens('a\n\n\nb')).toBe(3);
  });

  it('lands near real tokenizer counts on English prose (cl100k: about 38 tokens)', () => {
    const prose =
      'The quick brown fox jumps over the lazy dog. Large language models read text as tokens, ' +
      'which are pieces of words; a limit in tokens is what the model provider bills and enforces.';
    const estimate = estimateTokens(prose);
    expect(estimate).toBeGreaterThanOrEqual(34);
    expect(estimate).toBeLessThanOrEqual(44);
  });
});

describe('lengthScanner', () => {
  it('reports characters beyond the limit, counting code points, with the overflow span', async () => {
    const text = '😀😀😀abc';
    const outcome = await scan({ maxCharacters: 4 }, text);
    expect(outcome.score).toBe(1);
    expect(outcome.findings).toEqual([
      expect.objectContaining({
        category: 'length.characters',
        span: { start: 7, end: 9 },
        metadata: { characters: 6, limit: 4 },
      }),
    ]);
  });

  it('returns the fraction of the limit as score below the limit', async () => {
    const outcome = await scan({ maxCharacters: 100 }, 'x'.repeat(25));
    expect(outcome).toEqual({ findings: [], score: 0.25 });
  });

  it('reports approximate tokens beyond the limit', async () => {
    const text = 'word '.repeat(200);
    const outcome = await scan({ maxTokens: 100, severity: 'high' }, text);
    expect(outcome.findings[0]).toMatchObject({
      category: 'length.tokens',
      severity: 'high',
      metadata: { tokens: 200, limit: 100, approximate: true },
    });
    expect(outcome.findings[0]?.span).toEqual({ start: 500, end: 1000 });
  });

  it('requires at least one limit', () => {
    expect(() => LengthConfig.parse({})).toThrow(/maxCharacters, maxTokens/);
    expect(() => LengthConfig.parse({ maxCharacters: 0 })).toThrow();
  });
});
