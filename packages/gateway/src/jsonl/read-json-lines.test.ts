import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readJsonLines } from './read-json-lines.js';

async function collect(text: string): Promise<{ rows: number[]; error?: string }> {
  const rows: number[] = [];
  try {
    for await (const row of readJsonLines(Readable.from([text]))) rows.push(row.line);
  } catch (error) {
    return { rows, error: (error as Error).message };
  }
  return { rows };
}

describe('readJsonLines', () => {
  it('yields objects with line numbers and skips blank lines', async () => {
    expect(await collect('{"a":1}\n\n{"b":2}\r\n')).toEqual({ rows: [1, 3] });
  });

  it('reports the first malformed line after yielding earlier rows', async () => {
    const result = await collect('{"a":1}\n{"b":\n{"c":3}\n');
    expect(result.rows).toEqual([1]);
    expect(result.error).toMatch(/^line 2: invalid JSON/);
  });

  it('rejects non-object rows', async () => {
    expect((await collect('[1,2]\n')).error).toBe('line 1: expected a JSON object');
  });
});
