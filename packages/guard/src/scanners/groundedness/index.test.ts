import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isGuardError } from '../../errors.js';
import { readFixtureRows } from '../urls/read-fixture-rows.js';
import { createScanContext, runBatchRow } from '../urls/run-batch-row.js';
import { GroundednessConfig, groundednessScanner } from './index.js';
import { createGroundednessJudge, GroundednessJudgeConfig } from './llm-judge.js';
import { prepareDocuments, sentenceSupport } from './support-scores.js';

const documents = [
  {
    id: 'kb-7',
    text:
      'The Eiffel Tower was completed in 1889 for the World Fair in Paris. It is 330 metres tall and was designed by ' +
      'the engineering firm of Gustave Eiffel. The tower receives about 6 million visitors every year.',
  },
];

describe('sentenceSupport', () => {
  const prepared = prepareDocuments(documents);

  it('ranks supported paraphrases above invented facts', () => {
    const supported = sentenceSupport('About six million people visit the tower each year.', prepared);
    const invented = sentenceSupport('The tower is painted gold every ten years by volunteers.', prepared);
    expect(supported.support).toBeGreaterThan(0.5);
    expect(invented.support).toBeLessThan(0.5);
    expect(supported.documentId).toBe('kb-7');
  });

  it('penalises numbers the documents do not contain', () => {
    const right = sentenceSupport('The Eiffel Tower was completed in 1889.', prepared);
    const wrong = sentenceSupport('The Eiffel Tower was completed in 1901.', prepared);
    expect(wrong.unsupportedNumbers).toBe(1);
    expect(wrong.support).toBeLessThan(0.5);
    expect(right.support).toBeGreaterThan(0.7);
  });

  it('supports CJK text through character bigrams', () => {
    const cjk = prepareDocuments([{ id: 'ja', text: '東京タワーは1958年に完成しました。高さは333メートルです。' }]);
    expect(sentenceSupport('東京タワーは1958年に完成しました。', cjk).support).toBeGreaterThan(0.7);
    expect(sentenceSupport('大阪城は毎年雪で覆われています。', cjk).support).toBeLessThan(0.5);
  });
});

describe('groundednessScanner (heuristic)', () => {
  it('reports only the unsupported sentences, with spans', async () => {
    const text =
      'Sure! The Eiffel Tower was completed in 1889. It was moved to Lyon in 1950 by helicopter. Any questions?';
    const result = await runBatchRow(groundednessScanner, {}, { text, documents });
    expect(result.findings).toHaveLength(1);
    const finding = result.findings[0];
    expect(text.slice(finding?.start, finding?.end)).toBe('It was moved to Lyon in 1950 by helicopter.');
    expect(result.score).toBe(finding?.score);
  });

  it('returns the highest raw score even when nothing crosses the threshold', async () => {
    const result = await runBatchRow(
      groundednessScanner,
      {},
      {
        text: "The tower, designed by Gustave Eiffel's firm, was finished in 1889.",
        documents,
      },
    );
    expect(result.findings).toEqual([]);
    expect(result.score).toBeGreaterThan(0);
    expect(result.score).toBeLessThan(0.5);
  });

  it('declares that it needs the full text', () => {
    expect(groundednessScanner.needsFullText).toBe(true);
  });

  it('passes its JSONL fixture through the batch contract', async () => {
    for (const row of readFixtureRows(new URL('./fixtures.jsonl', import.meta.url))) {
      const result = await runBatchRow(groundednessScanner, row.config ?? {}, row);
      expect([...new Set(result.findings.map((finding) => finding.category))], row.note ?? row.text).toEqual(
        row.expect,
      );
    }
  });
});

describe('groundedness LLM judge', () => {
  let server: Server;
  let baseUrl: string;
  const requests: { authorization?: string; body: { model: string; messages: { content: string }[] } }[] = [];
  let mode: 'ok' | 'fenced' | 'error' | 'garbage' | 'slow' = 'ok';

  const readBody = (request: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      request.on('end', () => resolve(body));
    });

  beforeAll(async () => {
    server = createServer(async (request, response) => {
      const body = JSON.parse(await readBody(request)) as (typeof requests)[number]['body'];
      requests.push({
        ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
        body,
      });
      if (mode === 'error') {
        response.writeHead(500).end('{"error":{"message":"boom"}}');
        return;
      }
      if (mode === 'slow') {
        setTimeout(() => response.writeHead(200).end('{}'), 2_000);
        return;
      }
      const answer = body.messages[1]?.content ?? '';
      // The fake judge: a sentence is supported unless it mentions Lyon.
      const sentences = answer
        .split('ANSWER:\n')[1]
        ?.split('\n')
        .map((line) => ({
          index: Number(line.split(':')[0]),
          supported: !line.includes('Lyon'),
          score: line.includes('Lyon') ? 0.05 : 0.97,
        }));
      const content = mode === 'garbage' ? 'I think it is fine' : JSON.stringify({ sentences });
      response.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          choices: [
            {
              message: { role: 'assistant', content: mode === 'fenced' ? `\`\`\`json\n${content}\n\`\`\`` : content },
            },
          ],
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    process.env['PALISADE_TEST_JUDGE_KEY'] = 'test-key-123';
  });

  afterAll(async () => {
    delete process.env['PALISADE_TEST_JUDGE_KEY'];
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const judgeConfig = () => ({ url: baseUrl, model: 'judge-1', apiKeyRef: 'env:PALISADE_TEST_JUDGE_KEY' });

  it('uses the judge verdicts and sends the key, model and numbered sentences', async () => {
    mode = 'ok';
    const text = 'The Eiffel Tower is in Paris. It was moved to Lyon in 1950.';
    const result = await runBatchRow(groundednessScanner, { judge: judgeConfig() }, { text, documents });
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]?.score).toBe(0.95);
    expect(text.slice(result.findings[0]?.start, result.findings[0]?.end)).toBe('It was moved to Lyon in 1950.');
    const request = requests.at(-1);
    expect(request?.authorization).toBe('Bearer test-key-123');
    expect(request?.body.model).toBe('judge-1');
    expect(request?.body.messages[1]?.content).toContain('[document kb-7]');
    expect(request?.body.messages[1]?.content).toContain('1: It was moved to Lyon in 1950.');
  });

  it('accepts a fenced JSON reply', async () => {
    mode = 'fenced';
    const judge = createGroundednessJudge(
      GroundednessJudgeConfig.parse({ url: `${baseUrl}/chat/completions`, model: 'm' }),
    );
    const verdicts = await judge.judge(['Paris.', 'Lyon.'], documents, new AbortController().signal);
    expect(verdicts.map((verdict) => verdict.supported)).toEqual([true, false]);
  });

  it('turns HTTP errors, bad replies and timeouts into GuardErrors without the key', async () => {
    const expectCode = async (code: string, config: Record<string, unknown> = {}) => {
      const scanner = await groundednessScanner.create(
        GroundednessConfig.parse({ judge: { ...judgeConfig(), ...config } }),
      );
      try {
        await scanner.scan(createScanContext('The Eiffel Tower is in Paris and tall.', { documents }));
        expect.unreachable();
      } catch (error) {
        expect(isGuardError(error) && error.code).toBe(code);
        expect(String((error as Error).message)).not.toContain('test-key-123');
      }
    };
    mode = 'error';
    await expectCode('upstream-failed');
    mode = 'garbage';
    await expectCode('upstream-failed');
    mode = 'slow';
    await expectCode('upstream-timeout', { timeoutMs: 200 });
  });

  it('fails when the key reference is not set', async () => {
    expect(() =>
      groundednessScanner.create(
        GroundednessConfig.parse({ judge: { ...judgeConfig(), apiKeyRef: 'env:PALISADE_UNSET_VARIABLE' } }),
      ),
    ).toThrow(/PALISADE_UNSET_VARIABLE is not set/);
  });
});
