// PII and secrets scanners: span quality (overlap matching, in-scope types) on Presidio's synthetic
// sets (never used for training; template-held-out subset reported separately), on the handwritten
// eval set and on lookalike-only text; latency per 1k characters (p50/p99 of scanner.scan).
// Run: npx tsx bench/pii.ts [--iterations 3000] [--quality-only|--latency-only]
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { ScanContext, Scanner } from '../packages/guard/src/scanner/types.js';
import { createDefaultPiiAnalyzer, PiiConfig, piiScanner } from '../packages/guard/src/scanners/pii/index.js';
import { SecretsConfig, secretsScanner } from '../packages/guard/src/scanners/secrets/index.js';
import { buildViews } from '../packages/guard/src/text/build-views.js';
import { evaluateSpans, readPiiRows, type SpanEvaluation } from '../packages/guard/src/train/pii/evaluate-pii.js';
import { isHeldOutTemplate } from '../packages/guard/src/train/pii/generate-examples.js';

const dataDirectory = process.env['PALISADE_DATA_DIR'] ?? '/work/shared/data';
const ownDirectory = new URL('../data/pii/', import.meta.url).pathname;
const iterationsIndex = process.argv.indexOf('--iterations');
const iterations = iterationsIndex >= 0 ? Number(process.argv[iterationsIndex + 1]) : 3000;

function context(text: string): ScanContext {
  let views: ReturnType<typeof buildViews> | undefined;
  return {
    text,
    stage: 'input',
    signal: new AbortController().signal,
    views: () => {
      views ??= buildViews(text);
      return views;
    },
  };
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}

function format(result: SpanEvaluation): string {
  const lines = [
    `  micro  P ${result.micro.precision.toFixed(3)}  R ${result.micro.recall.toFixed(3)}  F1 ${result.micro.f1.toFixed(3)}  (rows ${result.rows})`,
  ];
  for (const [entity, value] of Object.entries(result.perType)) {
    lines.push(
      `  ${entity.padEnd(15)} P ${value.precision.toFixed(3)}  R ${value.recall.toFixed(3)}  F1 ${value.f1.toFixed(3)}  gold ${value.gold}  fp ${value.falsePositives}`,
    );
  }
  return lines.join('\n');
}

const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };
const analyzer = await createDefaultPiiAnalyzer();

if (!process.argv.includes('--latency-only')) {
  const synth = readPiiRows(join(dataDirectory, 'pii', 'presidio_synth_dataset_v2.jsonl'));
  const sets: [string, ReturnType<typeof readPiiRows>][] = [
    ['presidio synth_dataset_v2 (all rows)', synth],
    [
      'presidio synth_dataset_v2 (rows from held-out templates)',
      synth.filter((row) => row.template_id !== undefined && isHeldOutTemplate(row.template_id)),
    ],
    ['presidio generated_large', readPiiRows(join(dataDirectory, 'pii', 'presidio_generated_large.jsonl'))],
    [
      'handwritten eval (data/pii/handwritten-eval.jsonl)',
      readPiiRows(join(ownDirectory, 'handwritten-eval.jsonl'), false),
    ],
  ];
  for (const [name, rows] of sets) {
    const result = evaluateSpans(analyzer, rows);
    results[name] = { micro: result.micro, perType: result.perType };
    process.stdout.write(`${name}\n${format(result)}\n`);
  }
  const lookalikes = readPiiRows(join(ownDirectory, 'lookalikes.jsonl'), false);
  const lookalikeFindings = lookalikes.reduce((sum, row) => sum + analyzer.analyze(row.text).length, 0);
  results['lookalike findings'] = { rows: lookalikes.length, findings: lookalikeFindings };
  process.stdout.write(`lookalike-only text: ${lookalikeFindings} findings on ${lookalikes.length} rows\n`);
}

if (!process.argv.includes('--quality-only')) {
  // 1k-character texts made of Presidio rows (realistic PII density), plus a PII-free prose text.
  const rows = readPiiRows(join(dataDirectory, 'pii', 'presidio_synth_dataset_v2.jsonl')).map((row) => row.text);
  const texts: string[] = [];
  let current = '';
  for (const text of rows) {
    current += `${text}\n`;
    if (current.length >= 1000) {
      texts.push(current.slice(0, 1000));
      current = '';
    }
  }
  const scanners: [string, Scanner][] = [
    ['pii (all entities)', await piiScanner.create(PiiConfig.parse({}))],
    [
      'pii (structured only, no tagger)',
      await piiScanner.create(
        PiiConfig.parse({ entities: ['EMAIL', 'PHONE', 'CREDIT_CARD', 'US_SSN', 'IBAN', 'IP_ADDRESS', 'URL'] }),
      ),
    ],
    ['secrets', await secretsScanner.create(SecretsConfig.parse({}))],
  ];
  for (const [name, scanner] of scanners) {
    for (let index = 0; index < 300; index += 1) await scanner.scan(context(texts[index % texts.length]!));
    const samples: number[] = [];
    const cpuBefore = process.cpuUsage();
    for (let index = 0; index < iterations; index += 1) {
      const text = texts[index % texts.length]!;
      const scanContext = context(text);
      const start = process.hrtime.bigint();
      await scanner.scan(scanContext);
      samples.push(Number(process.hrtime.bigint() - start) / 1000);
    }
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMean = (cpu.user + cpu.system) / iterations;
    samples.sort((left, right) => left - right);
    const p50 = percentile(samples, 0.5);
    const p99 = percentile(samples, 0.99);
    const load = loadavg()[0]!;
    results[`latency ${name}`] = {
      p50Microseconds: p50,
      p99Microseconds: p99,
      cpuMeanMicroseconds: cpuMean,
      loadAverage: load,
      textLength: 1000,
      iterations,
    };
    process.stdout.write(
      `${name}: ${p50.toFixed(1)} µs/op p50, ${p99.toFixed(1)} µs/op p99 per 1k chars (wall); ${cpuMean.toFixed(1)} µs/op mean CPU time; load average ${load.toFixed(1)} on ${cpus().length} cores\n`,
    );
  }
}

mkdirSync(new URL('results/', import.meta.url), { recursive: true });
writeFileSync(new URL('results/pii.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
