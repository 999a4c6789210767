import { describe, expect, it } from 'vitest';
import type { ScanContext } from '../../scanner/types.js';
import { buildViews } from '../../text/build-views.js';
import { sentenceSpans } from './classify-bias.js';
import { BiasConfig, biasScanner } from './index.js';
import { findGroupMentions } from './protected-groups.js';

function context(text: string): ScanContext {
  return { text, stage: 'output', signal: new AbortController().signal, views: () => buildViews(text) };
}

const scanner = await biasScanner.create(BiasConfig.parse({}));

describe('protected groups and sentences', () => {
  it('finds group words whole-word with their type', () => {
    expect(findGroupMentions('Muslims and gay men, not Germanic tribes').map((mention) => mention.type)).toEqual([
      'religion',
      'sexual-orientation',
      'gender',
    ]);
    expect(findGroupMentions('Muslims and gay men')[1]).toMatchObject({ term: 'gay', weak: false });
    expect(findGroupMentions('He is old')).toEqual([
      expect.objectContaining({ term: 'he', weak: true }),
      expect.objectContaining({ term: 'old', weak: true }),
    ]);
  });

  it('splits sentences with exact spans', () => {
    const text = 'One. Two!\nThree';
    expect(sentenceSpans(text).map((span) => text.slice(span.start, span.end))).toEqual(
      ['One.', ' Two!', '\n', 'Three'].filter((part) => part.length > 1),
    );
  });
});

describe('biasScanner', () => {
  it('flags stereotyping generalisations with the group type and the sentence span', async () => {
    const text = 'Here is your summary. Women are naturally worse at math than men, so hire a man.';
    const { findings, score } = await scanner.scan(context(text));
    expect(findings[0]?.category).toBe('bias.gender');
    expect(text.slice(findings[0]!.span!.start, findings[0]!.span!.end)).toContain('Women are naturally worse');
    expect(score).toBeGreaterThan(0.5);
    const religion = await scanner.scan(context('Muslims are inherently violent.'));
    expect(religion.findings[0]?.category).toBe('bias.religion');
  });

  it('does not flag neutral or counter-stereotype statements', async () => {
    for (const text of [
      'Women make up 47 percent of the workforce.',
      'It is a stereotype that older people are bad with technology.',
      'The meeting moved to Thursday at noon.',
    ]) {
      expect((await scanner.scan(context(text))).findings, text).toEqual([]);
    }
  });

  it('filters by group type and rejects unknown types', async () => {
    const onlyAge = await biasScanner.create(BiasConfig.parse({ groups: ['age'] }));
    expect((await onlyAge.scan(context('Muslims are inherently violent.'))).findings).toEqual([]);
    expect(() => BiasConfig.parse({ groups: ['height'] })).toThrow();
  });
});
