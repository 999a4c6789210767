import type { Finding } from '@palisade/guard';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GatewayDecision } from './gateway-dependencies.js';
import { createStreamOutputGuard, type StreamStep } from './stream-output-guard.js';

const secret = 'SECRET-TOKEN-123';

async function checkText(text: string): Promise<GatewayDecision> {
  const findings: Finding[] = [];
  if (text.includes(secret))
    findings.push({ scanner: 'secrets', category: 'secret.token', severity: 'high', message: 'token' });
  if (findings.length > 0) return { action: 'block', findings, reason: 'secret' };
  if (text.includes('bob@example.com')) {
    return { action: 'redact', findings: [], text: text.replaceAll('bob@example.com', '[email]') };
  }
  return { action: 'allow', findings };
}

const vault: Record<string, string> = { '<EMAIL_1>': 'alice@example.com' };
const restore = (text: string): string =>
  text.replace(/<EMAIL_\d+>/g, (placeholder) => vault[placeholder] ?? placeholder);

async function run(chunks: readonly string[], window = 32, scanEvery = 8): Promise<{ sent: string; blocked: boolean }> {
  const guard = createStreamOutputGuard({ check: checkText, restore, window, scanEvery });
  let sent = '';
  const apply = (step: StreamStep): boolean => {
    if (step.kind === 'blocked') return true;
    sent += step.text;
    return false;
  };
  for (const chunk of chunks) if (apply(await guard.push(chunk))) return { sent, blocked: true };
  const blocked = apply(await guard.finish());
  return { sent, blocked };
}

function split(text: string, cuts: readonly number[]): string[] {
  const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let previous = 0;
  for (const point of points) {
    chunks.push(text.slice(previous, point));
    previous = point;
  }
  chunks.push(text.slice(previous));
  return chunks;
}

describe('createStreamOutputGuard', () => {
  it('restores placeholders split across chunks', async () => {
    const result = await run(['Write to <EM', 'AIL', '_1> today, please. ', 'Thanks!']);
    expect(result).toEqual({ sent: 'Write to alice@example.com today, please. Thanks!', blocked: false });
  });

  it('never releases any part of a blocked secret, wherever the chunks are cut', async () => {
    const answer = `Here is the configuration you asked for, all of it: ${secret} and more text after it.`;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 12 }), async (cuts) => {
        const result = await run(split(answer, cuts), 32, 8);
        expect(result.blocked).toBe(true);
        expect(result.sent).not.toContain('SECRET');
        expect(answer.startsWith(result.sent)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('applies redactions found in the held-back window', async () => {
    const result = await run(['Contact bob', '@example.com for details about the plan.']);
    expect(result).toEqual({ sent: 'Contact [email] for details about the plan.', blocked: false });
  });

  it('streams clean text unchanged', async () => {
    const text = 'The quick brown fox jumps over the lazy dog. '.repeat(5);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 10 }), async (cuts) => {
        expect(await run(split(text, cuts))).toEqual({ sent: text, blocked: false });
      }),
      { numRuns: 30 },
    );
  });
});
