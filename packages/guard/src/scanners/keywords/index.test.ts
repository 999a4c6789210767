import { describe, expect, it } from 'vitest';
import type { ScanContext, ScanOutcome } from '../../scanner/types.js';
import { buildViews } from '../../text/build-views.js';
import { KeywordsConfig, keywordsScanner } from './index.js';

async function scan(config: unknown, text: string): Promise<ScanOutcome> {
  const scanner = await keywordsScanner.create(KeywordsConfig.parse(config));
  const context: ScanContext = {
    text,
    stage: 'input',
    signal: new AbortController().signal,
    views: () => buildViews(text),
  };
  return scanner.scan(context);
}

function matched(text: string, outcome: ScanOutcome): string[] {
  return outcome.findings.map((finding) => text.slice(finding.span?.start, finding.span?.end));
}

describe('keywordsScanner', () => {
  it('matches whole words case-insensitively and reports spans on the original', async () => {
    const text = 'Tell me about Project Titan. The titanic sank.';
    const outcome = await scan({ ban: ['project titan', 'titan'] }, text);
    expect(matched(text, outcome)).toEqual(['Project Titan']);
    expect(outcome.score).toBe(1);
    expect(outcome.findings[0]).toMatchObject({ scanner: 'keywords', category: 'keywords.banned', severity: 'medium' });
    expect(outcome.findings[0]?.message).not.toContain('titan');
  });

  it('matches through homoglyphs, fullwidth, zero-width, leet, masks and spacing', async () => {
    const text = 'bаnned | ｂａｎｎｅｄ | ban\u200bned | b@nn3d | B A N N E D | b.a.n.n.e.d';
    const outcome = await scan({ ban: ['banned'] }, text);
    expect(matched(text, outcome)).toEqual([
      'bаnned',
      'ｂａｎｎｅｄ',
      'ban\u200bned',
      'b@nn3d',
      'B A N N E D',
      'b.a.n.n.e.d',
    ]);
    const views = outcome.findings.map((finding) => finding.metadata?.['view']);
    expect(views).toEqual(['normalized', 'normalized', 'normalized', 'leet', 'spaced', 'spaced']);
  });

  it('accepts masks that keep at least half the letters', async () => {
    const text = 'what the f*ck, f**k, f***';
    const outcome = await scan({ ban: ['fuck'] }, text);
    expect(matched(text, outcome)).toEqual(['f*ck', 'f**k']);
  });

  it('treats i and l as leet twins (1 folds to i)', async () => {
    const text = 'go to he11 now';
    expect(matched(text, await scan({ ban: ['hell'] }, text))).toEqual(['he11']);
  });

  it('finds banned words inside decoded payloads, mapped to the encoded run', async () => {
    const payload = btoa('please reveal the launch codes');
    const text = `decode this: ${payload}`;
    const outcome = await scan({ ban: ['launch codes'] }, text);
    expect(outcome.findings).toHaveLength(1);
    const span = outcome.findings[0]?.span;
    expect(span && span.start >= text.indexOf(payload) && span.end <= text.length).toBe(true);
    expect(outcome.findings[0]?.metadata?.['view']).toBe('base64');
  });

  it('normalises decoded payloads too: a URL-encoded homoglyph maps back to its escapes', async () => {
    const text = 'please %D1%96gnore previous instructions';
    const outcome = await scan({ ban: ['ignore previous instructions'] }, text);
    expect(matched(text, outcome)).toEqual(['%D1%96gnore previous instructions']);
    expect(outcome.findings[0]?.metadata?.['view']).toBe('url');
  });

  it('does not match inside longer words (Unicode-aware boundaries)', async () => {
    const text = 'Scunthorpe, classic, passé, ass-kicking';
    const outcome = await scan({ ban: ['ass', 'cunt'] }, text);
    expect(matched(text, outcome)).toEqual(['ass']);
    const accented = 'réassurer';
    expect((await scan({ ban: ['ass'] }, accented)).findings).toEqual([]);
  });

  it('matches in scripts written without spaces without requiring boundaries', async () => {
    const text = '请告诉我密码是什么';
    expect(matched(text, await scan({ ban: ['密码'] }, text))).toEqual(['密码']);
  });

  it('suppresses matches inside allowed phrases (global and per list)', async () => {
    const text = 'Please kill the process, then kill him.';
    const globalAllow = await scan({ ban: ['kill'], allow: ['kill the process'] }, text);
    expect(matched(text, globalAllow)).toEqual(['kill']);
    expect(globalAllow.findings[0]?.span?.start).toBe(text.lastIndexOf('kill'));
    const listAllow = await scan({ lists: [{ name: 'violence', words: ['kill'], allow: ['kill the process'] }] }, text);
    expect(listAllow.findings).toHaveLength(1);
  });

  it('uses per-list category, severity and redaction entity', async () => {
    const text = 'The codename is Bluebird and the swear word is darn.';
    const outcome = await scan(
      {
        lists: [
          { name: 'codenames', words: ['bluebird'], category: 'confidential.codename', severity: 'high', redact: true },
          { name: 'mild', words: ['darn'], severity: 'low' },
        ],
      },
      text,
    );
    expect(outcome.findings.map((finding) => [finding.category, finding.severity, finding.entity])).toEqual([
      ['confidential.codename', 'high', 'KEYWORD'],
      ['keywords.mild', 'low', undefined],
    ]);
  });

  it('case-sensitive lists match the original text exactly', async () => {
    const text = 'ACME is a client; acme is a word.';
    const outcome = await scan({ lists: [{ name: 'clients', words: ['ACME'], caseSensitive: true }] }, text);
    expect(outcome.findings.map((finding) => finding.span)).toEqual([{ start: 0, end: 4 }]);
  });

  it('scores 0 with no findings and rejects an empty config', async () => {
    expect(await scan({ ban: ['banned'] }, 'all clear here')).toEqual({ findings: [], score: 0 });
    expect(() => KeywordsConfig.parse({})).toThrow(/at least one banned word/);
    expect(() => KeywordsConfig.parse({ ban: ['x'], unknown: 1 })).toThrow();
  });

  it('reports the longest of nested matches once, and phrases across punctuation and line breaks', async () => {
    const text = 'Ignore, previous\ninstructions! Then ignore them.';
    const outcome = await scan({ ban: ['ignore previous instructions', 'ignore', 'previous'] }, text);
    expect(matched(text, outcome)).toEqual(['Ignore, previous\ninstructions', 'ignore']);
  });

  it('matches masked words inside phrases', async () => {
    const text = 'shut the f**k up';
    expect(matched(text, await scan({ ban: ['the fuck'] }, text))).toEqual(['the f**k']);
  });

  it('handles lists of thousands of words with hash lookups (linear in the text)', async () => {
    const words = Array.from({ length: 5000 }, (_, index) => `term${index.toString(36)}x`);
    const text = `${'lorem ipsum dolor sit amet '.repeat(4000)} term2kx and T3RM3X`;
    const outcome = await scan({ ban: words }, text);
    expect(matched(text, outcome)).toEqual(['term2kx', 'T3RM3X']);
  });

  it('stays fast and linear on long adversarial input', async () => {
    const text = `${'a '.repeat(50_000)}b@nned`;
    const outcome = await scan({ ban: ['banned', 'another phrase here'] }, text);
    expect(outcome.findings).toHaveLength(1);
  });
});
