import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadPolicy } from '../policy/load-policy.js';
import { createMemoryVault } from '../redact/vault.js';
import { createRegistry } from '../scanner/create-registry.js';
import { defineScanner } from '../scanner/define-scanner.js';
import { patternScanner, throwingScanner } from '../testing/fake-scanners.js';
import { createGuard, type Guard } from './create-guard.js';
import type { GuardStreamEvent } from './guard-stream.js';

const registry = createRegistry([
  patternScanner({
    id: 'emails',
    words: ['bob@example.com', 'eve@example.com'],
    category: 'pii.email',
    entity: 'EMAIL',
  }),
  patternScanner({ id: 'bad-words', words: ['forbidden'], category: 'harm.word', severity: 'critical' }),
  patternScanner({ id: 'whole', words: ['forbidden'], category: 'harm.whole', needsFullText: true }),
  // Like a JWT recogniser: a token is only recognised once complete (followed by whitespace).
  defineScanner({
    id: 'long-token',
    description: 'complete SECRET tokens of 40+ characters',
    stages: ['output'],
    engine: 'pattern',
    configSchema: z.looseObject({}),
    create: () => ({
      scan: (context) => ({
        findings: [...context.text.matchAll(/SECRET[A-Za-z0-9]{34,200}(?=\s)/g)].map((match) => ({
          scanner: 'long-token',
          category: 'secret.token',
          severity: 'critical' as const,
          span: { start: match.index ?? 0, end: (match.index ?? 0) + match[0].length },
          message: 'token',
        })),
      }),
    }),
  }),
  throwingScanner({ id: 'broken', async: true }),
]);

async function guardFor(body: string, vault = createMemoryVault()): Promise<Guard> {
  const policy = await loadPolicy(`version: 1\nid: stream\n${body}`, { registry });
  return createGuard({ policy, registry, vault });
}

const redactingPolicy = [
  'input:',
  '  scanners: [{ use: emails }]',
  '  rules: [{ when: { scanner: emails }, action: redact }]',
  'output:',
  '  scanners: [{ use: emails }, { use: bad-words }]',
  '  rules: [{ when: { scanner: emails }, action: redact }]',
  '  stream: { windowChars: 16 }',
].join('\n');

const lenientPolicy = redactingPolicy.replace(
  '  rules: [{ when: { scanner: emails }, action: redact }]\n  stream',
  '  rules: [{ when: { scanner: emails }, action: redact }, { when: { scanner: bad-words }, action: allow }]\n  stream',
);

/** Writes the chunks one by one and collects everything the stream emits. */
async function runStream(
  stream: TransformStream<string, string | GuardStreamEvent>,
  chunks: readonly string[],
): Promise<(string | GuardStreamEvent)[]> {
  const writer = stream.writable.getWriter();
  const items: (string | GuardStreamEvent)[] = [];
  const reading = (async () => {
    const reader = stream.readable.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      items.push(value);
    }
  })();
  for (const chunk of chunks) {
    try {
      await writer.write(chunk);
    } catch {
      break;
    }
  }
  await writer.close().catch(() => undefined);
  await reading;
  return items;
}

function textOf(items: readonly (string | GuardStreamEvent)[]): string {
  return items.filter((item): item is string => typeof item === 'string').join('');
}

function chunk(text: string, cuts: readonly number[]): string[] {
  const positions = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((left, right) => left - right);
  const pieces: string[] = [];
  let previous = 0;
  for (const position of positions) {
    pieces.push(text.slice(previous, position));
    previous = position;
  }
  pieces.push(text.slice(previous));
  return pieces.filter((piece) => piece.length > 0);
}

const fragment = fc.constantFrom(
  'a',
  ' ',
  'lorem ipsum ',
  'bob@example.com',
  'eve@example.com',
  'bob@',
  'example.com',
  'é',
  '😀',
  '\n',
);
const cleanText = fc.array(fragment, { maxLength: 30 }).map((parts) => parts.join(''));
const cuts = fc.array(fc.nat({ max: 2000 }), { maxLength: 20 });

describe('guard.stream', () => {
  it('(a) the concatenated output equals the non-streamed result for every chunking', async () => {
    const guard = await guardFor(redactingPolicy);
    await fc.assert(
      fc.asyncProperty(cleanText, cuts, async (text, positions) => {
        const expected = (await guard.check({ stage: 'output', text })).text ?? text;
        const items = await runStream(guard.stream(), chunk(text, positions));
        expect(textOf(items)).toBe(expected);
        expect(items[items.length - 1]).toMatchObject({ type: 'decision' });
      }),
      { numRuns: 150 },
    );
  });

  it('(b) no character of blocked text is ever released, for every chunking', async () => {
    const guard = await guardFor(redactingPolicy);
    const lenient = await guardFor(lenientPolicy);
    const blockedText = fc.tuple(cleanText, cleanText).map(([before, after]) => `${before}forbidden${after}`);
    await fc.assert(
      fc.asyncProperty(blockedText, cuts, async (text, positions) => {
        const items = await runStream(guard.stream(), chunk(text, positions));
        const output = textOf(items);
        const safePrefix = text.slice(0, text.indexOf('forbidden'));
        const expectedPrefix = (await lenient.check({ stage: 'output', text: safePrefix })).text ?? safePrefix;
        expect(expectedPrefix.startsWith(output)).toBe(true);
        expect(output).not.toContain('forb');
        const last = items[items.length - 1];
        expect(last).toMatchObject({ type: 'blocked', error: { error: { code: 'blocked-by-policy' } } });
        expect(items.filter((item) => typeof item !== 'string')).toHaveLength(1);
      }),
      { numRuns: 150 },
    );
  });

  it('never releases part of a token longer than the window (property)', async () => {
    const guard = await guardFor('output:\n  scanners: [{ use: long-token }]\n  stream: { windowChars: 16 }\n');
    const token = `SECRET${'a1B2'.repeat(15)}`;
    await fc.assert(
      fc.asyncProperty(cleanText, cleanText, cuts, async (before, after, positions) => {
        const text = `${before} ${token} ${after}`;
        const items = await runStream(guard.stream(), chunk(text, positions));
        const output = textOf(items);
        expect(output).not.toContain('SECRET');
        expect(`${before} `.startsWith(output)).toBe(true);
        expect(items[items.length - 1]).toMatchObject({ type: 'blocked' });
      }),
      { numRuns: 100 },
    );
  });

  it('restores vault placeholders split across chunks (property)', async () => {
    const vault = createMemoryVault();
    const guard = await guardFor(redactingPolicy, vault);
    const input = await guard.check({ stage: 'input', text: 'I am bob@example.com', conversationId: 'c' });
    expect(input.text).toBe('I am <EMAIL_1>');
    const answer = 'Sure <EMAIL_1>, I will write to <EMAIL_1> and <EMAIL_2>. <EMAI';
    const expected = await guard.restore(answer, 'c');
    expect(expected).toBe('Sure bob@example.com, I will write to bob@example.com and <EMAIL_2>. <EMAI');
    await fc.assert(
      fc.asyncProperty(cuts, async (positions) => {
        const items = await runStream(guard.stream({ conversationId: 'c' }), chunk(answer, positions));
        expect(textOf(items)).toBe(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('does not restore what the output stage redacted itself', async () => {
    const vault = createMemoryVault();
    const guard = await guardFor(redactingPolicy, vault);
    const items = await runStream(guard.stream({ conversationId: 'd' }), ['mail eve@exam', 'ple.com now', ' ok']);
    expect(textOf(items)).toBe('mail <EMAIL_1> now ok');
    expect(await guard.restore('<EMAIL_1>', 'd')).toBe('<EMAIL_1>');
  });

  it('releases text before the end of the stream in window mode', async () => {
    const guard = await guardFor(redactingPolicy);
    const stream = guard.stream();
    const writer = stream.writable.getWriter();
    const reader = stream.readable.getReader();
    const firstRead = reader.read();
    await writer.write('lorem ipsum '.repeat(9));
    const first = await firstRead;
    expect(typeof first.value === 'string' && first.value.length > 0 && first.value.length <= 108 - 16).toBe(true);
    await writer.close();
  });

  it('switches to buffer mode when a scanner needs the full text', async () => {
    const guard = await guardFor('output:\n  scanners: [{ use: whole }]\n  stream: { windowChars: 8 }\n');
    expect(guard.outputNeedsFullText).toBe(true);
    const stream = guard.stream();
    const writer = stream.writable.getWriter();
    const reader = stream.readable.getReader();
    let released = false;
    const firstRead = reader.read().then((result) => {
      released = true;
      return result;
    });
    await writer.write('y'.repeat(200));
    await writer.write('forbidden');
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(released).toBe(false);
    await writer.close().catch(() => undefined);
    const first = await firstRead;
    expect(first.value).toMatchObject({ type: 'blocked' });
  });

  it('a failing scanner (fail-closed) ends the stream with a blocked event', async () => {
    const guard = await guardFor('output:\n  scanners: [{ use: broken }]\n  stream: { windowChars: 8 }\n');
    const items = await runStream(guard.stream(), ['hello ', 'world, this is long enough']);
    expect(textOf(items)).toBe('');
    expect(items[items.length - 1]).toMatchObject({ type: 'blocked', decision: { errors: [{ scanner: 'broken' }] } });
  });

  it('in shadow mode releases everything unchanged and reports what it would have done', async () => {
    const guard = await guardFor(`mode: shadow\n${redactingPolicy}`);
    const text = 'mail bob@example.com about the forbidden plan, then more text to fill the window';
    const items = await runStream(guard.stream(), chunk(text, [5, 17, 30, 44]));
    expect(textOf(items)).toBe(text);
    expect(items[items.length - 1]).toMatchObject({
      type: 'decision',
      decision: { action: 'block', effective: 'allow', mode: 'shadow' },
    });
  });

  it('passes text through unchanged without output scanners', async () => {
    const guard = await guardFor('input:\n  scanners: [{ use: emails }]\n');
    const items = await runStream(guard.stream({ emitDecision: false }), ['a', 'b', 'c']);
    expect(items).toEqual(['abc']);
  });

  it('reports an aggregated decision with findings on original offsets', async () => {
    const guard = await guardFor(redactingPolicy);
    const text = `${'z'.repeat(40)}bob@example.com${'z'.repeat(40)}`;
    const items = await runStream(guard.stream(), chunk(text, [7, 33, 50, 61]));
    const last = items[items.length - 1] as Extract<GuardStreamEvent, { type: 'decision' }>;
    expect(last.decision.action).toBe('redact');
    expect(last.decision.findings.map((finding) => finding.span)).toEqual([{ start: 40, end: 55 }]);
  });
});
