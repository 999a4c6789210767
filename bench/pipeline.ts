// Pipeline overhead: guard.check() with simple pattern scanners, µs/op p50/p99.
// Run: npx tsx bench/pipeline.ts   (results in bench/results/pipeline.json)
import { mkdirSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { createGuard, type Guard } from '../packages/guard/src/pipeline/create-guard.js';
import type { GuardRequest } from '../packages/guard/src/pipeline/decision.js';
import { loadPolicy } from '../packages/guard/src/policy/load-policy.js';
import { createRegistry } from '../packages/guard/src/scanner/create-registry.js';
import { defineScanner } from '../packages/guard/src/scanner/define-scanner.js';
import type { Finding } from '../packages/guard/src/scanner/types.js';
import { fixedScanner, patternScanner } from '../packages/guard/src/testing/fake-scanners.js';

const emailScanner = defineScanner({
  id: 'email-regex',
  description: 'e-mail addresses by a simple linear regex',
  stages: ['input', 'output', 'retrieval', 'tool'],
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
  patternScanner({ id: 'keywords', words: ['ignore previous instructions', 'jailbreak', 'DAN mode'] }),
  fixedScanner({ id: 'constant', score: 0.1 }),
]);

const policyYaml = `version: 1
id: bench
input:
  scanners: [{ use: email-regex }, { use: keywords }, { use: constant }]
  rules: [{ when: { scanner: email-regex }, action: redact }]
retrieval:
  scanners: [{ use: keywords }, { use: email-regex }]
  rules: [{ when: { scanner: email-regex }, action: redact }]
tool:
  scanners: [{ use: email-regex, targets: [arguments] }, { use: keywords, targets: [result] }]
  rules: [{ when: { scanner: email-regex }, action: redact }]
  tools:
    fetch: { allowedDomains: [docs.example.com] }
`;

const filler =
  'The quarterly report covers revenue, churn and hiring plans for the next two quarters across all regions. ';
const clean1k = filler.repeat(10).slice(0, 1000);
const withEmails1k = `${clean1k.slice(0, 400)} contact alice.smith@example.com or bob@corp.io ${clean1k.slice(450, 950)}`;

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
}

async function measure(name: string, guard: Guard, request: GuardRequest, iterations = 4000) {
  for (let index = 0; index < 300; index += 1) await guard.check(request);
  const samples: number[] = [];
  for (let index = 0; index < iterations; index += 1) {
    const started = performance.now();
    await guard.check(request);
    samples.push((performance.now() - started) * 1000);
  }
  samples.sort((left, right) => left - right);
  const result = { name, iterations, p50: percentile(samples, 0.5), p99: percentile(samples, 0.99) };
  process.stdout.write(
    `${name.padEnd(48)} p50 ${result.p50.toFixed(1).padStart(8)} µs/op   p99 ${result.p99.toFixed(1).padStart(8)} µs/op\n`,
  );
  return result;
}

const policy = await loadPolicy(policyYaml, { registry });
const guard = await createGuard({ policy, registry });
const empty = await createGuard({
  policy: await loadPolicy('version: 1\nid: empty\ninput: {}\n', { registry }),
  registry,
});

const results = [
  await measure('input, no scanners (floor)', empty, { stage: 'input', text: clean1k }),
  await measure('input, 3 scanners, 1k chars, clean', guard, { stage: 'input', text: clean1k }),
  await measure('input, 3 scanners, 1k chars, 2 redactions', guard, {
    stage: 'input',
    text: withEmails1k,
    conversationId: 'bench',
  }),
  await measure('input, 3 scanners, 4 messages of 250 chars', guard, {
    stage: 'input',
    messages: [0, 1, 2, 3].map((index) => ({
      role: index % 2 === 0 ? ('user' as const) : ('assistant' as const),
      content: clean1k.slice(index * 250, index * 250 + 250),
    })),
  }),
  await measure('retrieval, 2 scanners, 5 documents × 1k chars', guard, {
    stage: 'retrieval',
    documents: [0, 1, 2, 3, 4].map((index) => ({ id: `d${index}`, text: index === 2 ? withEmails1k : clean1k })),
  }),
  await measure('tool call with domain allow-list', guard, {
    stage: 'tool',
    call: { name: 'fetch', arguments: '{"url":"https://docs.example.com/a?q=1","note":"see https://evil.test"}' },
  }),
];

mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./results/pipeline.json', import.meta.url),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, results }, null, 2)}\n`,
);
