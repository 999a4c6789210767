// Content-safety scanners: latency (µs per call on 1k-character texts and on the public rows as
// they are, p50/p99) and detection quality on the public held-out rows and the independent eval
// set (data/content/eval). Run: npx tsx bench/content.ts [--iterations 2000] [--quality-only|--latency-only]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createScanContext } from '../packages/guard/src/scanner/create-scan-context.js';
import type { ScanContext, Scanner, ScanOutcome } from '../packages/guard/src/scanner/types.js';
import { BiasConfig, biasScanner } from '../packages/guard/src/scanners/bias/index.js';
import { CompetitorsConfig, competitorsScanner } from '../packages/guard/src/scanners/competitors/index.js';
import { HarmfulRequestConfig, harmfulRequestScanner } from '../packages/guard/src/scanners/harmful-request/index.js';
import { TopicsConfig, topicsScanner } from '../packages/guard/src/scanners/topics/index.js';
import { ToxicityConfig, toxicityScanner } from '../packages/guard/src/scanners/toxicity/index.js';
import { buildViews } from '../packages/guard/src/text/build-views.js';

const dataDirectory = process.env['PALISADE_DATA_DIR'] ?? '/work/shared/data';
const contentDirectory = new URL('../data/content/', import.meta.url).pathname;
const iterationsIndex = process.argv.indexOf('--iterations');
const iterations = iterationsIndex >= 0 ? Number(process.argv[iterationsIndex + 1]) : 2000;

interface Row {
  readonly text: string;
  readonly label: string;
  readonly category?: string;
}

function readRows(path: string, filter: (row: Row) => boolean = () => true): Row[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Row)
    .filter(filter);
}

function context(text: string, stage: ScanContext['stage'] = 'input'): ScanContext {
  return createScanContext(text, { stage });
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}

const scanners: Record<
  string,
  { scanner: Scanner; stage: ScanContext['stage']; flagged: (outcome: ScanOutcome) => boolean }
> = {
  toxicity: {
    scanner: await toxicityScanner.create(ToxicityConfig.parse({})),
    stage: 'input',
    flagged: (outcome) => outcome.findings.length > 0,
  },
  'harmful-request': {
    scanner: await harmfulRequestScanner.create(HarmfulRequestConfig.parse({})),
    stage: 'input',
    flagged: (outcome) => outcome.findings.some((finding) => finding.category.startsWith('harmful.')),
  },
  bias: {
    scanner: await biasScanner.create(BiasConfig.parse({})),
    stage: 'output',
    flagged: (outcome) => outcome.findings.length > 0,
  },
  topics: {
    scanner: await topicsScanner.create(
      TopicsConfig.parse({
        banned: [
          {
            name: 'investment-advice',
            examples: [
              'Which stocks should I buy?',
              'Is now a good time to invest in crypto?',
              'What shares will rise?',
            ],
            keywords: ['stock tips'],
          },
          {
            name: 'politics',
            examples: ['Who should I vote for?', 'Is the president doing a good job?', 'Which party is better?'],
          },
        ],
        allowed: [
          {
            name: 'support',
            examples: ['How do I reset my password?', 'My order has not arrived', 'How do I cancel my subscription?'],
          },
        ],
      }),
    ),
    stage: 'input',
    flagged: (outcome) => outcome.findings.length > 0,
  },
  competitors: {
    scanner: await competitorsScanner.create(
      CompetitorsConfig.parse({
        competitors: [
          { name: 'Acme', aliases: ['Acme Corp', 'Acme Cloud'] },
          'Globex',
          'Initech',
          'Umbrella',
          'Hooli',
          'Stark Industries',
          'Wayne Enterprises',
          'Cyberdyne',
          'Soylent',
          'Tyrell',
        ],
      }),
    ),
    stage: 'output',
    flagged: (outcome) => outcome.findings.length > 0,
  },
};

const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };

// ---- Latency ---------------------------------------------------------------------------------
if (!process.argv.includes('--quality-only')) {
  const corpus = [
    ...readRows(join(dataDirectory, 'toxicity/surge_toxicity.jsonl')),
    ...readRows(join(dataDirectory, 'harmful/strongreject_prompts.jsonl')),
    ...readRows(join(dataDirectory, 'benign/oasst_eval_prompts.jsonl')),
  ].map((row) => row.text);
  const thousand: string[] = [];
  let buffer = '';
  for (const text of corpus) {
    buffer += `${text} `;
    if (buffer.length >= 1000) {
      thousand.push(buffer.slice(0, 1000));
      buffer = '';
    }
  }
  const latency: Record<string, unknown>[] = [];
  for (const [id, { scanner, stage }] of Object.entries(scanners)) {
    for (const [shape, texts] of [
      ['1k chars', thousand],
      ['public rows as-is', corpus],
    ] as const) {
      // The pipeline builds a text's views once and shares them with every scanner: build them
      // before timing (their own cost is the `views` row).
      const contexts = texts.map((text) => {
        const prepared = context(text, stage);
        prepared.views();
        return prepared;
      });
      for (let index = 0; index < 300; index += 1) await scanner.scan(contexts[index % contexts.length]!);
      const samples: number[] = [];
      let characters = 0;
      const cpuBefore = process.cpuUsage();
      for (let index = 0; index < iterations; index += 1) {
        const prepared = contexts[index % contexts.length]!;
        characters += prepared.text.length;
        const started = performance.now();
        await scanner.scan(prepared);
        samples.push((performance.now() - started) * 1000);
      }
      const cpuUsed = process.cpuUsage(cpuBefore);
      samples.sort((left, right) => left - right);
      const row = {
        // CPU time of this process per call: the cost on an idle core, less sensitive to a loaded VM.
        cpuMean: Math.round(((cpuUsed.user + cpuUsed.system) / iterations) * 10) / 10,
        scanner: id,
        input: shape,
        meanChars: Math.round(characters / iterations),
        p50: Math.round(percentile(samples, 0.5) * 10) / 10,
        p99: Math.round(percentile(samples, 0.99) * 10) / 10,
      };
      latency.push(row);
      console.log(
        `${id.padEnd(16)} ${shape.padEnd(18)} mean ${String(row.meanChars).padStart(5)} chars  p50 ${row.p50} µs  p99 ${row.p99} µs  cpu ${row.cpuMean} µs/call`,
      );
    }
  }
  {
    const samples: number[] = [];
    const cpuBefore = process.cpuUsage();
    for (let index = 0; index < iterations; index += 1) {
      const started = performance.now();
      buildViews(thousand[index % thousand.length]!);
      samples.push((performance.now() - started) * 1000);
    }
    const cpuUsed = process.cpuUsage(cpuBefore);
    samples.sort((left, right) => left - right);
    const row = {
      cpuMean: Math.round(((cpuUsed.user + cpuUsed.system) / iterations) * 10) / 10,
      scanner: 'views (shared, once per text)',
      input: '1k chars',
      meanChars: 1000,
      p50: Math.round(percentile(samples, 0.5) * 10) / 10,
      p99: Math.round(percentile(samples, 0.99) * 10) / 10,
    };
    latency.push(row);
    console.log(`views (shared)   1k chars  p50 ${row.p50} µs  p99 ${row.p99} µs  cpu ${row.cpuMean} µs/call`);
  }
  results['latency'] = latency;
}

// ---- Quality ----------------------------------------------------------------------------------
if (!process.argv.includes('--latency-only')) {
  const quality: Record<string, unknown>[] = [];
  const sets: { scanner: string; name: string; rows: Row[]; positive: (row: Row) => boolean }[] = [
    {
      scanner: 'toxicity',
      name: 'surge_toxicity (public, never trained on)',
      rows: readRows(join(dataDirectory, 'toxicity/surge_toxicity.jsonl')),
      positive: (row) => row.label === 'toxic',
    },
    {
      scanner: 'toxicity',
      name: 'hatecheck_cases (public, never trained on)',
      rows: readRows(join(dataDirectory, 'toxicity/hatecheck_cases.jsonl')),
      positive: (row) => row.label === 'toxic',
    },
    {
      scanner: 'toxicity',
      name: 'independent eval set',
      rows: readRows(join(contentDirectory, 'eval/toxicity-eval.jsonl')),
      positive: (row) => row.label === 'toxic',
    },
    {
      scanner: 'harmful-request',
      name: 'SimpleSafetyTests + StrongREJECT + CoCoNot contrast eval (public, never trained on)',
      rows: [
        ...readRows(join(dataDirectory, 'harmful/simplesafetytests.jsonl')),
        ...readRows(join(dataDirectory, 'harmful/strongreject_prompts.jsonl')),
        ...readRows(join(dataDirectory, 'benign/coconot_contrast_prompts.jsonl'), (row) =>
          String(row.category).startsWith('coconot_contrast_eval'),
        ),
      ],
      positive: (row) => row.label === 'harmful',
    },
    {
      scanner: 'harmful-request',
      name: 'independent eval set (harmful vs benign lookalikes)',
      rows: readRows(join(contentDirectory, 'eval/harmful-eval.jsonl'), (row) => row.label !== 'self-harm.support'),
      positive: (row) => row.label === 'harmful',
    },
    {
      scanner: 'bias',
      name: 'independent eval set',
      rows: readRows(join(contentDirectory, 'eval/bias-eval.jsonl')),
      positive: (row) => row.label === 'biased',
    },
  ];
  for (const set of sets) {
    const { scanner, flagged, stage } = scanners[set.scanner]!;
    let truePositives = 0;
    let falsePositives = 0;
    let positives = 0;
    let hardNegatives = 0;
    let hardFalsePositives = 0;
    const categoryHits = new Map<string, [number, number]>();
    for (const row of set.rows) {
      const outcome = await scanner.scan(context(row.text, stage));
      const isFlagged = flagged(outcome);
      const isPositive = set.positive(row);
      if (isPositive) {
        positives += 1;
        if (isFlagged) truePositives += 1;
        if (row.category !== undefined && set.name.startsWith('independent')) {
          const hit = categoryHits.get(row.category) ?? [0, 0];
          hit[1] += 1;
          if (outcome.findings.some((finding) => finding.category === row.category)) hit[0] += 1;
          categoryHits.set(row.category, hit);
        }
      } else {
        if (isFlagged) falsePositives += 1;
        if (row.category?.startsWith('hard-negative') === true || row.category?.startsWith('benign.') === true) {
          hardNegatives += 1;
          if (isFlagged) hardFalsePositives += 1;
        }
      }
    }
    const negatives = set.rows.length - positives;
    const precision = truePositives / Math.max(1, truePositives + falsePositives);
    const recall = truePositives / Math.max(1, positives);
    const row = {
      scanner: set.scanner,
      set: set.name,
      n: set.rows.length,
      positives,
      precision: Math.round(precision * 1000) / 1000,
      recall: Math.round(recall * 1000) / 1000,
      f1: Math.round(((2 * precision * recall) / Math.max(1e-9, precision + recall)) * 1000) / 1000,
      falsePositiveRate: Math.round((falsePositives / Math.max(1, negatives)) * 1000) / 1000,
      ...(hardNegatives > 0
        ? { hardNegativeFalsePositiveRate: Math.round((hardFalsePositives / hardNegatives) * 1000) / 1000 }
        : {}),
      ...(categoryHits.size > 0
        ? {
            categoryRecall: Object.fromEntries(
              [...categoryHits].map(([category, [hits, total]]) => [category, `${hits}/${total}`]),
            ),
          }
        : {}),
    };
    quality.push(row);
    console.log(JSON.stringify(row));
  }
  // Help-seeking disclosures must come out as self-harm.support, not as a harmful.* block.
  const supportRows = readRows(
    join(contentDirectory, 'eval/harmful-eval.jsonl'),
    (row) => row.label === 'self-harm.support',
  );
  let supported = 0;
  let blocked = 0;
  for (const row of supportRows) {
    const outcome = await scanners['harmful-request']!.scanner.scan(context(row.text));
    if (outcome.findings.some((finding) => finding.category === 'self-harm.support')) supported += 1;
    if (outcome.findings.some((finding) => finding.category.startsWith('harmful.'))) blocked += 1;
  }
  const supportRow = {
    scanner: 'harmful-request',
    set: 'self-harm.support disclosures (independent eval)',
    n: supportRows.length,
    reportedAsSupport: supported,
    reportedAsHarmful: blocked,
  };
  quality.push(supportRow);
  console.log(JSON.stringify(supportRow));
  results['quality'] = quality;
}

mkdirSync(new URL('results/', import.meta.url), { recursive: true });
writeFileSync(new URL('results/content.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
