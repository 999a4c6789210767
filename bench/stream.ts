// Streaming guard: throughput (MB/s) and added time-to-first-token for several window sizes,
// against a bare passthrough TransformStream. Run: npx tsx bench/stream.ts (results in bench/results/stream.json)
import { mkdirSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { createGuard, type Guard } from '../packages/guard/src/pipeline/create-guard.js';
import { loadPolicy } from '../packages/guard/src/policy/load-policy.js';
import { createRegistry } from '../packages/guard/src/scanner/create-registry.js';
import { defineScanner } from '../packages/guard/src/scanner/define-scanner.js';
import type { Finding } from '../packages/guard/src/scanner/types.js';
import { patternScanner } from '../packages/guard/src/testing/fake-scanners.js';

const emailScanner = defineScanner({
  id: 'email-regex',
  description: 'e-mail addresses by a simple linear regex',
  stages: ['output'],
  engine: 'pattern',
  configSchema: z.strictObject({}),
  create: () => ({
    scan: (context) => {
      const findings: Finding[] = [];
      for (const match of context.text.matchAll(/\b[a-z0-9._-]{1,64}@[a-z0-9-]{1,63}\.[a-z]{2,10}\b/gi)) {
        const start = match.index ?? 0;
        findings.push({
          scanner: 'email-regex',
          category: 'pii.email',
          entity: 'EMAIL',
          severity: 'medium',
          span: { start, end: start + match[0].length },
          message: 'e-mail address',
        });
      }
      return { findings };
    },
  }),
});
const registry = createRegistry([
  emailScanner,
  patternScanner({ id: 'keywords', words: ['BEGIN PRIVATE KEY', 'sk-live-', 'AKIA'], stages: ['output'] }),
]);

const answerChars = 64 * 1024;
const chunkChars = 16; // ≈ 4 tokens per SSE chunk
const paragraph =
  'Here is a summary of the design. The service keeps a queue per tenant and writes to storage in batches; ' +
  'questions go to ops@example.com. ';
const answer = paragraph.repeat(Math.ceil(answerChars / paragraph.length)).slice(0, answerChars);
const chunks: string[] = [];
for (let index = 0; index < answer.length; index += chunkChars) chunks.push(answer.slice(index, index + chunkChars));

/** Pipes every chunk through the stream (as a gateway pipes SSE deltas); total ms and ms to the first text. */
async function run(stream: TransformStream<string, unknown>): Promise<{ totalMs: number; firstMs: number }> {
  const started = performance.now();
  let firstMs = -1;
  let index = 0;
  const source = new ReadableStream<string>({
    pull(controller) {
      if (index < chunks.length) controller.enqueue(chunks[index++] as string);
      else controller.close();
    },
  });
  const reader = source.pipeThrough(stream).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (firstMs < 0 && typeof value === 'string' && value.length > 0) firstMs = performance.now() - started;
  }
  return { totalMs: performance.now() - started, firstMs };
}

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

interface Scenario {
  readonly name: string;
  readonly make: () => TransformStream<string, unknown>;
  readonly heldChars: number;
}

const scenarios: Scenario[] = [
  { name: 'passthrough TransformStream', make: () => new TransformStream<string, string>(), heldChars: 0 },
];
for (const windowChars of [64, 256, 1024]) {
  const policy = await loadPolicy(
    `version: 1\nid: bench\noutput:\n  scanners: [{ use: email-regex }, { use: keywords }]\n  rules: [{ when: { scanner: email-regex }, action: redact }]\n  stream: { windowChars: ${windowChars} }\n`,
    { registry },
  );
  const guard: Guard = await createGuard({ policy, registry });
  scenarios.push({
    name: `guardStream window ${windowChars}`,
    make: () => guard.stream({ emitDecision: false }),
    heldChars: windowChars + Math.min(16, Math.max(1, Math.floor(windowChars / 4))),
  });
}

// Rounds interleave the scenarios so that load changes on a shared machine hit all of them alike.
const totals = new Map<string, number[]>(scenarios.map((scenario) => [scenario.name, []]));
const firsts = new Map<string, number[]>(scenarios.map((scenario) => [scenario.name, []]));
for (const scenario of scenarios) await run(scenario.make());
for (let round = 0; round < 9; round += 1) {
  for (const scenario of scenarios) {
    const { totalMs, firstMs } = await run(scenario.make());
    totals.get(scenario.name)?.push(totalMs);
    firsts.get(scenario.name)?.push(firstMs);
  }
}
const baselineMs = median(totals.get(scenarios[0]?.name ?? '') ?? []);
const results = scenarios.map((scenario) => {
  const totalMs = median(totals.get(scenario.name) ?? []);
  const megabytesPerSecond = answer.length / 1e6 / (totalMs / 1000);
  // At 50 tokens/s × 4 characters, the first release waits for `heldChars` characters to arrive.
  const modelTtftMs = (scenario.heldChars / 200) * 1000;
  const result = {
    name: scenario.name,
    megabytesPerSecond,
    relativeToPassthrough: baselineMs / totalMs,
    cpuFirstTextMs: median(firsts.get(scenario.name) ?? []),
    heldChars: scenario.heldChars,
    modelTtftMs,
  };
  process.stdout.write(
    `${scenario.name.padEnd(30)} ${megabytesPerSecond.toFixed(2).padStart(7)} MB/s (${result.relativeToPassthrough
      .toFixed(2)
      .padStart(4)}x passthrough)   first text after ${result.cpuFirstTextMs.toFixed(2).padStart(6)} ms CPU, ${String(
      scenario.heldChars,
    ).padStart(5)} chars held (~ +${modelTtftMs.toFixed(0)} ms TTFT at 50 tok/s)\n`,
  );
  return result;
});

mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./results/stream.json', import.meta.url),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, answerChars, chunkChars, results }, null, 2)}\n`,
);
