import { describe, expect, it } from 'vitest';
import { isGuardError } from '../../errors.js';
import { readFixtureRows } from '../urls/read-fixture-rows.js';
import { createScanContext, runBatchRow } from '../urls/run-batch-row.js';
import { JsonSchemaConfig, jsonPath, jsonSchemaScanner } from './index.js';
import { locateJsonValue } from './locate-json-value.js';
import { repairJson } from './repair-json.js';

const personSchema = {
  type: 'object',
  required: ['name', 'age'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 2 },
    age: { type: 'integer', minimum: 0 },
    email: { type: 'string', format: 'email' },
    tags: { type: 'array', items: { enum: ['a', 'b'] } },
  },
};

async function scan(text: string, config: Record<string, unknown> = {}) {
  const scanner = await jsonSchemaScanner.create(JsonSchemaConfig.parse({ schema: personSchema, ...config }));
  return scanner.scan(createScanContext(text));
}

describe('repairJson', () => {
  it('removes fences, prose and trailing commas and maps positions back', () => {
    const original = 'Here you go:\n```json\n{"a": [1, 2,], "b": "x,]"}\n```\nThanks!';
    const repaired = repairJson(original);
    expect(repaired?.text).toBe('{"a": [1, 2], "b": "x,]"}');
    expect(repaired?.steps).toEqual(['code-fence', 'trailing-comma']);
    const quote = repaired?.text.indexOf('"b"') ?? -1;
    expect(original[repaired?.positions[quote] ?? -1]).toBe('"');
    expect(original.slice(repaired?.positions[quote], (repaired?.positions[quote + 2] ?? 0) + 1)).toBe('"b"');
  });

  it('extracts a value from prose and gives up on broken JSON', () => {
    expect(repairJson('The answer is {"ok": true} as requested.')?.steps).toEqual(['surrounding-prose']);
    expect(repairJson('{"ok": tru')).toBeUndefined();
    expect(repairJson('no json here')).toBeUndefined();
  });
});

describe('locateJsonValue', () => {
  it('finds nested values, empty containers and escaped keys', () => {
    const text = ' {"a": [1, {"b\\"c": "x"}, []], "d": {}, "e": "}"} ';
    const slice = (segments: string[]) => {
      const span = locateJsonValue(text, segments);
      return span ? text.slice(span.start, span.end) : undefined;
    };
    expect(slice(['a', '0'])).toBe('1');
    expect(slice(['a', '1', 'b"c'])).toBe('"x"');
    expect(slice(['a', '2'])).toBe('[]');
    expect(slice(['d'])).toBe('{}');
    expect(slice(['e'])).toBe('"}"');
    expect(slice([])).toBe('{"a": [1, {"b\\"c": "x"}, []], "d": {}, "e": "}"}');
    expect(slice(['a', '3'])).toBeUndefined();
    expect(slice(['missing'])).toBeUndefined();
  });

  it('handles very deep nesting without recursion', () => {
    const depth = 20_000;
    const text = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    expect(locateJsonValue(text, ['0', '0'])).toEqual({ start: 2, end: text.length - 2 });
  });
});

describe('jsonPath', () => {
  it('formats keys and indexes', () => {
    expect(jsonPath(['items', '0', 'first name'], { items: [{ 'first name': 1 }] })).toBe('$.items[0]["first name"]');
  });
});

describe('jsonSchemaScanner', () => {
  it('declares that it needs the full text', () => {
    expect(jsonSchemaScanner.needsFullText).toBe(true);
  });

  it('reports each violation with path and span, never the values', async () => {
    const text = '{"name": "X", "age": -7, "tags": ["a", "zz"], "ssn": "123-45-6789"}';
    const outcome = await scan(text);
    const byPath = Object.fromEntries(
      outcome.findings.map((finding) => [
        finding.metadata?.['path'],
        text.slice(finding.span?.start, finding.span?.end),
      ]),
    );
    expect(byPath).toEqual({ '$.name': '"X"', '$.age': '-7', '$.tags[1]': '"zz"', '$.ssn': '"123-45-6789"' });
    const messages = outcome.findings.map((finding) => finding.message).join('\n');
    expect(messages).not.toContain('-7');
    expect(messages).not.toContain('123-45');
    expect(messages).toContain('$.age: value is less than 0.');
    expect(outcome.score).toBe(1);
  });

  it('reports parse errors with a position but no content', async () => {
    const outcome = await scan('{"name": "Ada", "secret": "hunter2" oops}');
    expect(outcome.findings).toHaveLength(1);
    expect(outcome.findings[0]?.category).toBe('json.parse');
    expect(outcome.findings[0]?.message).not.toContain('hunter2');
    expect(outcome.findings[0]?.message).not.toContain('oops');
  });

  it('returns the repaired text as a replacement over the whole answer', async () => {
    const text = 'Here it is:\n```json\n{"name": "Ada", "age": 36,}\n```';
    const outcome = await scan(text, { repair: true });
    expect(outcome.findings).toHaveLength(1);
    expect(outcome.findings[0]).toMatchObject({
      category: 'json.repaired',
      span: { start: 0, end: text.length },
      replacement: '{"name": "Ada", "age": 36}',
    });
    expect((await scan(text)).findings[0]?.category).toBe('json.parse');
  });

  it('maps spans of a repaired answer back to the original text', async () => {
    const text = 'Result:\n```json\n{"name": "Ada", "age": "old",}\n```';
    const outcome = await scan(text, { repair: true });
    const schemaFinding = outcome.findings.find((finding) => finding.category === 'json.schema');
    expect(text.slice(schemaFinding?.span?.start, schemaFinding?.span?.end)).toBe('"old"');
  });

  it('accepts a deep-frozen config, as loaded policies are', async () => {
    const freeze = (value: unknown): unknown => {
      if (typeof value === 'object' && value !== null) {
        for (const child of Object.values(value)) freeze(child);
        Object.freeze(value);
      }
      return value;
    };
    const config = freeze(JsonSchemaConfig.parse({ schema: { ...personSchema, $defs: { id: { type: 'string' } } } }));
    const scanner = await jsonSchemaScanner.create(config as JsonSchemaConfig);
    const outcome = await scanner.scan(createScanContext('{"name": "Ada", "age": 36}'));
    expect(outcome.findings).toEqual([]);
  });

  it('checks tool-call arguments against the schema of that tool', async () => {
    const scanner = await jsonSchemaScanner.create(
      JsonSchemaConfig.parse({
        tools: { get_weather: { type: 'object', required: ['city'], properties: { city: { type: 'string' } } } },
      }),
    );
    const call = (text: string, toolName: string) => scanner.scan(createScanContext(text, { stage: 'tool', toolName }));
    expect((await call('{"city": "Paris"}', 'get_weather')).findings).toEqual([]);
    expect((await call('{"town": "Paris"}', 'get_weather')).findings[0]?.message).toBe(
      '$: Instance does not have required property "city".',
    );
    expect(await call('anything', 'other_tool')).toEqual({ findings: [], score: 0 });
    expect(() => JsonSchemaConfig.parse({})).toThrow(/needs .{0,4}schema.{0,4} or .{0,4}tools/);
  });

  it('caps the number of findings', async () => {
    const outcome = await scan('{"name": 1, "age": "x", "a": 1, "b": 2, "c": 3}', { maxErrors: 2 });
    expect(outcome.findings).toHaveLength(2);
  });

  it('rejects unsafe or invalid schema patterns when the policy loads', () => {
    const create = (schema: Record<string, unknown>) => jsonSchemaScanner.create(JsonSchemaConfig.parse({ schema }));
    for (const pattern of ['(a+)+$', '(\\w*)*x', '(a)\\1', '(?=a)b', '^(a|ab)*$', '(?:(?:x+))+']) {
      try {
        create({ type: 'string', pattern });
        expect.unreachable(pattern);
      } catch (error) {
        expect(isGuardError(error) && error.code).toBe('pattern-unsafe');
      }
    }
    for (const pattern of [
      '^[a-z]+(?:-[a-z]+)*$',
      '^\\w+(?:,\\s*\\w+)*$',
      '^(?:get|head|put)+$',
      '^(?<year>\\d{4})-\\d{2}$',
    ]) {
      expect(() => create({ type: 'string', pattern }), pattern).not.toThrow();
    }
  });

  it('passes its JSONL fixture through the batch contract', async () => {
    for (const row of readFixtureRows(new URL('./fixtures.jsonl', import.meta.url))) {
      const result = await runBatchRow(jsonSchemaScanner, row.config ?? {}, row);
      expect([...new Set(result.findings.map((finding) => finding.category))], row.note ?? row.text).toEqual(
        row.expect,
      );
    }
  });
});
