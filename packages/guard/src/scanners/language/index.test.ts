import { describe, expect, it } from 'vitest';
import type { ScanContext, ScanOutcome } from '../../scanner/types.js';
import { buildViews } from '../../text/build-views.js';
import { LanguageConfig, languageScanner } from './index.js';

async function scan(config: unknown, text: string): Promise<ScanOutcome> {
  const scanner = await languageScanner.create(LanguageConfig.parse(config));
  const context: ScanContext = {
    text,
    stage: 'input',
    signal: new AbortController().signal,
    views: () => buildViews(text),
  };
  return scanner.scan(context);
}

const french = 'Bonjour, je voudrais réserver une table pour deux personnes ce soir, si possible près de la fenêtre.';
const english = 'Hello, I would like to book a table for two people tonight, near the window if possible.';
const german = 'Guten Abend, ich möchte bitte einen Tisch für zwei Personen heute Abend reservieren.';

describe('languageScanner', () => {
  it('flags text in a language outside the allow list with the detector confidence', async () => {
    const outcome = await scan({ allow: ['en', 'de'] }, french);
    expect(outcome.findings).toHaveLength(1);
    expect(outcome.findings[0]).toMatchObject({
      scanner: 'language',
      category: 'language.disallowed',
      metadata: { language: 'fr' },
    });
    expect(outcome.score).toBeGreaterThan(0.6);
    expect(outcome.score).toBeLessThanOrEqual(1);
  });

  it('passes allowed languages', async () => {
    expect(await scan({ allow: ['en', 'de'] }, english)).toEqual({ findings: [], score: 0 });
    expect(await scan({ allow: ['en', 'de'] }, german)).toEqual({ findings: [], score: 0 });
  });

  it('flags denied languages only in deny mode', async () => {
    expect(
      (await scan({ deny: ['ru'] }, 'Привет, как у тебя дела? Давно не виделись, расскажи новости.')).findings,
    ).toHaveLength(1);
    expect((await scan({ deny: ['ru'] }, english)).findings).toEqual([]);
  });

  it('never flags short or letter-poor texts', async () => {
    for (const text of ['Merci !', 'ok', 'SELECT 1', 'https://exemple.fr/chemin/vers/la/page user@exemple.fr 12345']) {
      expect(await scan({ allow: ['en'] }, text), text).toEqual({ findings: [], score: 0 });
    }
  });

  it('does not flag mixed texts with a good share of an allowed non-Latin script', async () => {
    const text = 'شغِّل أغنية من فضلك All Things Must Pass';
    expect((await scan({ allow: ['ar'] }, text)).findings).toEqual([]);
    expect((await scan({ allow: ['ru'] }, text)).findings).toHaveLength(1);
  });

  it('judges long texts on start, middle and end windows', async () => {
    const text = `${english.repeat(15)} ${french.repeat(15)}`;
    const outcome = await scan({ allow: ['en'] }, text);
    expect(outcome.findings).toHaveLength(1);
    expect(outcome.findings[0]?.span).toEqual({ start: text.length - 1000, end: text.length });
  });

  it('keeps the raw score below the threshold', async () => {
    const outcome = await scan({ allow: ['en'], threshold: 0.99 }, french);
    expect(outcome.findings).toEqual([]);
    expect(outcome.score).toBeGreaterThan(0.5);
  });

  it('rejects configs without languages and unsupported codes', async () => {
    expect(() => LanguageConfig.parse({})).toThrow(/allow/);
    await expect(languageScanner.create(LanguageConfig.parse({ allow: ['xx'] }))).rejects.toMatchObject({
      code: 'scanner-config-invalid',
    });
  });
});
