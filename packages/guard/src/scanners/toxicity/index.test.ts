import { describe, expect, it } from 'vitest';
import type { ScanContext } from '../../scanner/types.js';
import { buildViews } from '../../text/build-views.js';
import { findLexiconHits, tokenizeForLexicon } from './find-lexicon-hits.js';
import { findPhraseHits } from './find-phrase-hits.js';
import { ToxicityConfig, toxicityScanner } from './index.js';

function context(text: string): ScanContext {
  return { text, stage: 'input', signal: new AbortController().signal, views: () => buildViews(text) };
}

const scanner = await toxicityScanner.create(ToxicityConfig.parse({}));
const scan = async (text: string) => await scanner.scan(context(text));

describe('tokenizeForLexicon', () => {
  it('folds leet, masks, stretching and spaced or dotted letters', () => {
    const canonical = (text: string) => tokenizeForLexicon(text).map((token) => token.canonical);
    expect(canonical('you f*cking m0r0n')).toEqual(['you', 'fucking', 'moron']);
    expect(canonical('sh1t and $hit and sh!t')).toEqual(['shit', 'and', 'shit', 'and', 'shit']);
    expect(canonical('a s s h o l e')).toEqual(['asshole']);
    expect(canonical('f.u.c.k. y.o.u.')).toEqual(['fuck', 'you']);
    expect(canonical('fuuuuck')).toEqual(['fuck']);
    expect(canonical('@sshole')).toEqual(['asshole']);
  });

  it('keeps numbers and ordinary words as they are', () => {
    expect(tokenizeForLexicon('in 2024 we shipped 3 apps').map((token) => token.canonical)).toEqual([
      'in',
      '2024',
      'we',
      'shipped',
      '3',
      'apps',
    ]);
  });

  it('matches whole words only, so Scunthorpe, cocktail and cum laude are not hits', () => {
    for (const text of [
      'scunthorpe',
      'penistone',
      'a cocktail bar',
      "assassin's creed",
      'cumin',
      'dickens',
      'shuttlecock',
    ]) {
      expect(findLexiconHits(text, tokenizeForLexicon(text))).toEqual([]);
    }
  });

  it('marks quoted or discussed slurs as mentioned', () => {
    const text = 'the word "fag" is a slur';
    const [hit] = findLexiconHits(text, tokenizeForLexicon(text));
    expect(hit?.mentioned).toBe(true);
  });
});

describe('findPhraseHits', () => {
  it('finds threats against a person but not against processes', () => {
    expect(findPhraseHits(tokenizeForLexicon("i'm going to kill you")).map((hit) => hit.category)).toEqual(['threat']);
    expect(findPhraseHits(tokenizeForLexicon('i know where you live'))[0]?.category).toBe('threat');
    expect(findPhraseHits(tokenizeForLexicon("i'm going to kill the process"))).toEqual([]);
    expect(findPhraseHits(tokenizeForLexicon('my boss will kill me'))).toEqual([]);
    expect(findPhraseHits(tokenizeForLexicon('traitors should be hanged'))[0]?.category).toBe('threat');
    expect(findPhraseHits(tokenizeForLexicon('the picture should be hung on the wall'))).toEqual([]);
  });

  it('finds incitement to self-harm and sexual harassment', () => {
    expect(findPhraseHits(tokenizeForLexicon('just kill yourself'))[0]?.category).toBe('harassment');
    expect(findPhraseHits(tokenizeForLexicon('send me nudes'))[0]?.category).toBe('sexual');
  });
});

describe('toxicityScanner', () => {
  it('flags insults, threats, identity hate and obfuscated profanity with categories and spans', async () => {
    const insult = await scan('You are a worthless idiot and everyone knows it.');
    expect(insult.findings[0]?.category).toBe('toxicity.insult');
    const threat = await scan("I know where you live and I'm going to hurt you.");
    expect(threat.findings.map((finding) => finding.category)).toContain('toxicity.threat');
    const hate = await scan('Immigrants are vermin and should be wiped out.');
    expect(hate.findings.map((finding) => finding.category)).toContain('toxicity.identity-hate');
    const text = 'shut up you f*cking @sshole';
    const masked = await scan(text);
    expect(masked.findings.length).toBeGreaterThan(0);
    const span = masked.findings.find((finding) => finding.metadata?.['obfuscated'] === true)?.span;
    expect(span && text.slice(span.start, span.end)).toMatch(/f\*cking|@sshole/);
  });

  it('does not flag hard negatives', async () => {
    const negatives = [
      'I grew up in Scunthorpe and moved to Penistone later.',
      'She graduated summa cum laude and celebrated with a cocktail.',
      "Assassin's Creed is my favourite game series.",
      'How do I kill the process that is using port 8080?',
      'I could murder a pizza right now.',
      "I'm such an idiot, I left my keys in the car again.",
      'The doctor examined the patient for testicular cancer.',
    ];
    for (const negative of negatives) {
      const outcome = await scan(negative);
      expect(outcome.findings, negative).toEqual([]);
      expect(outcome.score).toBeGreaterThanOrEqual(0);
    }
  });

  it('does not flag counter-speech or moderation talk that quotes a slur', async () => {
    for (const text of [
      'Claiming that immigrants are vermin is hate speech and I reported it.',
      'Our guideline removes the word "faggot" when it is used as an insult.',
    ]) {
      expect((await scan(text)).findings, text).toEqual([]);
    }
  });

  it('reports the raw score even below the threshold, and respects a category filter', async () => {
    const strict = await toxicityScanner.create(ToxicityConfig.parse({ threshold: 0.99 }));
    const outcome = await strict.scan(context('You are a stupid clown.'));
    expect(outcome.score).toBeGreaterThan(0.3);
    const onlyThreats = await toxicityScanner.create(ToxicityConfig.parse({ categories: ['toxicity.threat'] }));
    expect((await onlyThreats.scan(context('You are a worthless idiot.'))).findings).toEqual([]);
  });

  it('rejects unknown config keys', () => {
    expect(() => ToxicityConfig.parse({ treshold: 0.5 })).toThrow();
  });
});
