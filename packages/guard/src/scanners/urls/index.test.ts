import { describe, expect, it } from 'vitest';
import { decodePunycode, hostToUnicode } from './decode-punycode.js';
import { extractUrls } from './extract-urls.js';
import { hostSkeleton, labelScripts } from './host-skeleton.js';
import { hostMatches, UrlsConfig, urlsScanner } from './index.js';
import { readFixtureRows } from './read-fixture-rows.js';
import { runBatchRow } from './run-batch-row.js';

async function categories(text: string, config: unknown = {}): Promise<string[]> {
  const result = await runBatchRow(urlsScanner, config, { text });
  return result.findings.map((finding) => finding.category);
}

describe('decodePunycode', () => {
  it('round-trips hosts that the URL API encodes', () => {
    for (const label of ['münchen', 'аррӏе', 'bücher', '例え', 'παράδειγμα', 'pаypal', 'faß']) {
      const ascii = new URL(`http://${label}.com/`).hostname.split('.')[0] ?? '';
      expect(ascii.startsWith('xn--')).toBe(true);
      expect(decodePunycode(ascii.slice(4))).toBe(label.normalize('NFKC').toLowerCase().replace('ß', 'ß'));
    }
    expect(hostToUnicode('xn--mnchen-3ya.de')).toBe('münchen.de');
  });

  it('rejects malformed input', () => {
    expect(decodePunycode('é-abc')).toBeUndefined();
    expect(decodePunycode('zzzzzzzzzzzzzz')).toBeUndefined();
  });
});

describe('hostSkeleton', () => {
  it('folds look-alikes to the brand', () => {
    expect(hostSkeleton('аррӏе')).toBe(hostSkeleton('apple'));
    expect(hostSkeleton('g00gle')).toBe(hostSkeleton('google'));
    expect(hostSkeleton('rnicrosoft')).toBe(hostSkeleton('microsoft'));
    expect(labelScripts('pаypal')).toEqual(['latin', 'cyrillic']);
    expect(labelScripts('例え')).toEqual([]);
  });
});

describe('hostMatches', () => {
  it('distinguishes exact hosts and subdomain rules', () => {
    expect(hostMatches('example.com', ['example.com'])).toBe(true);
    expect(hostMatches('cdn.example.com', ['example.com'])).toBe(false);
    expect(hostMatches('cdn.example.com', ['*.example.com'])).toBe(true);
    expect(hostMatches('example.com', ['*.example.com'])).toBe(false);
    expect(hostMatches('evilexample.com', ['*.example.com'])).toBe(false);
    expect(hostMatches('EXAMPLE.com.', ['example.com'])).toBe(true);
  });
});

describe('extractUrls', () => {
  it('finds each URL once with its placement and exact span', () => {
    const text =
      'A ![logo](https://img.example/a.png) and [docs](https://docs.example/x) plus <img src="//cdn.example/p.gif"> ' +
      'and bare https://bare.example/path.\n[ref]: https://ref.example/r\n![pic][ref]';
    const urls = extractUrls(text);
    expect(urls.map((url) => url.placement)).toEqual([
      'markdown-image',
      'markdown-link',
      'html-image',
      'bare',
      'reference-image',
    ]);
    for (const url of urls) expect(text.slice(url.span.start, url.span.end)).toBe(url.raw);
    expect(urls[2]?.url?.hostname).toBe('cdn.example');
    expect(urls[3]?.raw).toBe('https://bare.example/path');
  });

  it('finds scheme-less domains in prose but keeps markdown targets relative', () => {
    const urls = extractUrls('Go to paypa1.com/login or see [docs](guide.com/x). Files: app.py, main.go.');
    expect(urls.map((url) => [url.raw, url.placement, url.url?.hostname])).toEqual([
      ['paypa1.com/login', 'bare', 'paypa1.com'],
      ['guide.com/x', 'markdown-link', undefined],
    ]);
  });

  it('decodes entity-obfuscated schemes in HTML attributes', () => {
    const [url] = extractUrls('<a href="&#106;ava&#x09;script:alert(1)">x</a>');
    expect(url?.target).toBe('javascript:alert(1)');
  });

  it('trims prose punctuation but keeps balanced parentheses', () => {
    const urls = extractUrls('(see https://en.wikipedia.org/wiki/Foo_(bar)), then go.');
    expect(urls[0]?.raw).toBe('https://en.wikipedia.org/wiki/Foo_(bar)');
  });

  it('terminates on adversarial input (bench/output-rails.ts measures the time)', () => {
    const text = `${'[!['.repeat(20_000)}${'<img '.repeat(5_000)}${'https://a '.repeat(2_000)}`;
    expect(extractUrls(text)).toHaveLength(2_000);
  });
});

describe('urlsScanner', () => {
  it('reports IP literals in every numeric form with range-based severity', async () => {
    const result = await runBatchRow(urlsScanner, {}, { text: 'go to http://0177.0.0.1/ or http://[::1]:8080/x' });
    expect(result.findings.map((finding) => finding.category)).toEqual(['url.ip-literal', 'url.ip-literal']);
    const public4 = await runBatchRow(urlsScanner, {}, { text: 'http://8.8.8.8/' });
    expect(public4.findings[0]?.score).toBe(0.7);
  });

  it('flags homographs, brand look-alikes and deceptive subdomains', async () => {
    expect(await categories('https://xn--80ak6aa92e.com/')).toEqual(['url.homograph']);
    expect(await categories('https://g00gle.com/')).toEqual(['url.homograph']);
    expect(await categories('https://paypal.com.secure-login.io/')).toEqual(['url.deceptive-subdomain']);
    expect(await categories('https://acrne.io/', { brands: ['acme'] })).toEqual(['url.homograph']);
  });

  it('does not flag the real brands, their subdomains or country domains', async () => {
    expect(
      await categories('https://accounts.google.com/ https://www.paypal.com/ https://google.co.uk/ https://apple.com'),
    ).toEqual([]);
  });

  it('flags script schemes and executable data URIs, not image data URIs at high severity', async () => {
    const result = await runBatchRow(
      urlsScanner,
      {},
      {
        text: '[x](javascript:alert(1)) <iframe src="data:text/html;base64,PHNjcmlwdD4="></iframe> data:image/png;base64,iVBORw0KGgo=',
      },
    );
    expect(result.findings.map((finding) => [finding.category, finding.score])).toEqual([
      ['url.scheme', 0.95],
      ['url.scheme', 0.95],
      ['url.scheme', 0.6],
    ]);
  });

  it('reports credentials without echoing them', async () => {
    const scanner = await urlsScanner.create(UrlsConfig.parse({}));
    const { createScanContext } = await import('./run-batch-row.js');
    const outcome = await scanner.scan(createScanContext('clone https://bob:s3cretPass@git.example.com/repo.git'));
    expect(outcome.findings[0]?.category).toBe('url.credentials');
    expect(JSON.stringify(outcome.findings)).not.toContain('s3cretPass');
    expect(await categories('ssh to https://git@github.com/x')).toEqual([]);
  });

  it('honours allowed hosts and returns the raw score below threshold', async () => {
    expect(await categories('http://10.0.0.5/', { allowedHosts: ['10.0.0.5'] })).toEqual([]);
    const result = await runBatchRow(urlsScanner, { threshold: 0.8 }, { text: 'https://münchen.de/' });
    expect(result.findings).toEqual([]);
    expect(result.score).toBe(0.5);
  });

  it('passes its JSONL fixture through the batch contract', async () => {
    for (const row of readFixtureRows(new URL('./fixtures.jsonl', import.meta.url))) {
      const result = await runBatchRow(urlsScanner, row.config ?? {}, row);
      expect([...new Set(result.findings.map((finding) => finding.category))], row.note ?? row.text).toEqual(
        row.expect,
      );
      for (const finding of result.findings) expect(finding.end).toBeGreaterThan(finding.start ?? 0);
    }
  });
});
