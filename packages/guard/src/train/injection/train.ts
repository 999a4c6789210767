// Node-only: trains the prompt-injection model. Run: npx tsx packages/guard/src/train/injection/train.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultFeatureOptions, type FeatureOptions } from '../../models/shared/hashed-features.js';
import type { LinearClassifier } from '../../models/shared/linear-classifier.js';
import { createPromptInjectionDetector, PromptInjectionConfig } from '../../scanners/prompt-injection/index.js';
import { buildViews } from '../../text/build-views.js';
import { type FeaturizedExample, featurizeExamples } from '../shared/build-training-rows.js';
import { decisionScore, evaluateClassifier, evaluateScorer } from '../shared/evaluate-classifier.js';
import type { LabelledExample } from '../shared/labelled-example.js';
import { loadLabelledFiles, sharedDataDirectory } from '../shared/load-labelled-data.js';
import { type EvaluationRow, type ModelCard, renderModelCard } from '../shared/model-card.js';
import { stableHash } from '../shared/seeded-random.js';
import { lengthMatchedNegatives } from '../shared/split-examples.js';
import { trainCalibratedClassifier } from '../shared/train-calibrated-classifier.js';
import { writeModelFiles } from '../shared/write-model-files.js';
import {
  independentInjectionEvalFile,
  independentInjectionEvalFileV2,
  injectionDataSpecs,
  injectionHeldOutGroups,
  repositoryRoot,
} from './injection-data.js';

/** Options of {@link trainInjection} (the `palisade train injection` command). */
export interface TrainInjectionOptions {
  readonly seed?: number;
  /** Extra labelled JSONL files (`label` injection/jailbreak = positive), added to training. */
  readonly extraDataFiles?: readonly string[];
  /** Where artifacts, manifest and MODEL_CARD.md go (default: the shipped model folder). */
  readonly outputDirectory?: string;
  /** Run the source-held-out folds (slower; default true). */
  readonly evaluate?: boolean;
  readonly dataDirectory?: string;
  /** Progress lines (default: none). */
  readonly log?: (line: string) => void;
  /** L2 penalty (hyper-parameter; default 2e-6). */
  readonly l2?: number;
  readonly epochs?: number;
}

/** Result of a training run. */
export interface TrainInjectionResult {
  readonly classifier: LinearClassifier;
  readonly evaluations: ModelCard['evaluations'];
  readonly outputDirectory: string;
}

export const injectionFeatureOptions: FeatureOptions = { ...defaultFeatureOptions, dimensions: 1 << 18 };
export const injectionWindowSize = 1536;

function train(
  featurized: readonly FeaturizedExample[],
  seed: number,
  hyper: { l2?: number; epochs?: number } = {},
): LinearClassifier {
  return trainCalibratedClassifier(featurized, {
    features: injectionFeatureOptions,
    windowSize: injectionWindowSize,
    seed,
    epochs: hyper.epochs ?? 6,
    learningRate: 0.15,
    l2: hyper.l2 ?? 2e-6,
    targetFalsePositiveRate: 0.01,
  });
}

/** Model-only and full-scanner (views + signatures + model) rows for one example set. */
async function evaluateLayers(
  name: string,
  classifier: LinearClassifier,
  examples: readonly LabelledExample[],
  note?: string,
): Promise<EvaluationRow[]> {
  const detect = await createPromptInjectionDetector(PromptInjectionConfig.parse({}), classifier);
  const threshold = classifier.metadata.threshold;
  const { scores: _scores, ...scanner } = evaluateScorer(
    `${name} — scanner`,
    (text) => decisionScore(detect(text, buildViews(text)), threshold),
    examples,
    threshold,
    note,
  );
  return [evaluateClassifier(`${name} — model only`, classifier, examples, note), scanner];
}

function isNegativeTest(example: LabelledExample, seed: number): boolean {
  return example.label === 0 && stableHash(`negative-test:${seed}:${example.group}`) % 5 === 0;
}

/**
 * Trains, evaluates (source-held-out + length-matched + independent set) and writes the model.
 *
 * @example
 * await trainInjection({ seed: 42, outputDirectory: '/tmp/injection-model' });
 */
export async function trainInjection(options: TrainInjectionOptions = {}): Promise<TrainInjectionResult> {
  const seed = options.seed ?? 42;
  const log = options.log ?? (() => {});
  const hyper = {
    ...(options.l2 !== undefined ? { l2: options.l2 } : {}),
    ...(options.epochs !== undefined ? { epochs: options.epochs } : {}),
  };
  const outputDirectory = options.outputDirectory ?? join(repositoryRoot, 'packages/guard/src/models/injection');
  const specs = injectionDataSpecs(options.dataDirectory ?? sharedDataDirectory);
  for (const path of options.extraDataFiles ?? []) specs.push({ path, positiveLabels: ['injection', 'jailbreak'] });
  const examples = loadLabelledFiles(specs, seed);
  log(`loaded ${examples.length} examples (${examples.filter((example) => example.label === 1).length} attacks)`);
  const featurized = featurizeExamples(examples, injectionFeatureOptions, injectionWindowSize);
  log('featurised');
  const evaluations: ModelCard['evaluations'][number][] = [];

  if (options.evaluate ?? true) {
    const negativeTest = examples.filter((example) => isNegativeTest(example, seed));
    const heldOutRows: EvaluationRow[] = [];
    // In-distribution: 20% of attack groups and 20% of benign groups held out.
    const isPositiveTest = (example: LabelledExample) =>
      example.label === 1 && stableHash(`positive-test:${seed}:${example.group}`) % 5 === 0;
    const inDistribution = train(
      featurized.filter((item) => !isNegativeTest(item.example, seed) && !isPositiveTest(item.example)),
      seed,
      hyper,
    );
    const positiveTest = examples.filter(isPositiveTest);
    heldOutRows.push(
      ...(await evaluateLayers('random 20% split, all held-out benign', inDistribution, [
        ...positiveTest,
        ...negativeTest,
      ])),
      ...(await evaluateLayers('random 20% split, length-matched benign', inDistribution, [
        ...positiveTest,
        ...lengthMatchedNegatives(positiveTest, negativeTest, seed),
      ])),
    );
    log('in-distribution fold done');
    for (const group of injectionHeldOutGroups) {
      const held = new Set(group.sources);
      const model = train(
        featurized.filter((item) => !held.has(item.example.source) && !isNegativeTest(item.example, seed)),
        seed,
        hyper,
      );
      const heldExamples = examples.filter((example) => held.has(example.source));
      const positives = heldExamples.filter((example) => example.label === 1);
      const negatives = heldExamples.filter((example) => example.label === 0);
      if (positives.length > 0) {
        const matched = lengthMatchedNegatives(positives, negativeTest, seed);
        heldOutRows.push(
          ...(await evaluateLayers(
            `held out: ${group.name}, attacks vs length-matched benign`,
            model,
            [...positives, ...matched],
            'benign from the held-out 20% of other sources',
          )),
        );
      }
      if (negatives.length > 0) {
        heldOutRows.push(
          ...(await evaluateLayers(`held out: ${group.name}, benign only`, model, negatives, 'FPR is the metric here')),
        );
      }
      log(`held-out fold done: ${group.name}`);
    }
    evaluations.push({
      heading: 'Source-held-out and length-matched evaluation',
      description:
        'Each row trains a fresh model without the named sources (and without a fixed 20% of all benign groups), then tests on the held-out sources. Attacks are scored against benign text drawn from that untouched 20% with the same length distribution (log-length buckets), so "long = attack" cannot win. Threshold = the model\'s own calibrated threshold (1% FPR on its calibration split). Metrics are of the model alone (no signatures).',
      rows: heldOutRows,
    });
  }

  const classifier = train(featurized, seed, hyper);
  log('final model trained');
  const independentSets = [
    { name: 'independent v1', path: independentInjectionEvalFile },
    { name: 'independent v2', path: independentInjectionEvalFileV2 },
  ];
  const independentRows: EvaluationRow[] = [];
  for (const set of independentSets) {
    const rows = loadLabelledFiles(
      [{ path: set.path, source: set.name, positiveLabels: ['injection', 'jailbreak'] }],
      seed,
    );
    independentRows.push(
      ...(await evaluateLayers(`${set.name}, all`, classifier, rows)),
      ...(await evaluateLayers(
        `${set.name}, English`,
        classifier,
        rows.filter((example) => (example.language ?? 'en') === 'en'),
      )),
      ...(await evaluateLayers(
        `${set.name}, non-English`,
        classifier,
        rows.filter((example) => (example.language ?? 'en') !== 'en'),
      )),
    );
  }
  evaluations.push({
    heading: 'Independent evaluation (text written separately from every training source)',
    description:
      '`data/injection/independent-eval.jsonl` (v1, 172 rows) and `independent-eval-v2.jsonl` (v2, 145 rows): attacks and benign prompts (the hard negatives from the issue, 15+ languages, documents) written for evaluation only and never trained on. Honesty note: v1 was consulted during development (its category-level failures led to more hand-written training data and to the own-request rule), so it is optimistic; v2 was written afterwards and only its aggregate numbers were ever looked at. "model only" = classifier at its threshold; "scanner" = the shipped prompt-injection scanner (views + signatures + classifier) at the same threshold.',
    rows: independentRows,
  });
  const manifest = writeModelFiles(outputDirectory, 'injection', { 'injection.bin': classifier.toBytes() });
  const card = injectionModelCard(
    classifier,
    evaluations,
    examples,
    seed,
    manifest.artifacts['injection.bin']!.bytes,
    hyper,
  );
  writeFileSync(join(outputDirectory, 'MODEL_CARD.md'), renderModelCard(card));
  log(`wrote ${outputDirectory}`);
  return { classifier, evaluations, outputDirectory };
}

function injectionModelCard(
  classifier: LinearClassifier,
  evaluations: ModelCard['evaluations'],
  examples: readonly LabelledExample[],
  seed: number,
  bytes: number,
  hyper: { l2?: number; epochs?: number },
): ModelCard {
  const bySource = new Map<string, [number, number]>();
  for (const example of examples) {
    const counts = bySource.get(example.source) ?? [0, 0];
    counts[example.label] += 1;
    bySource.set(example.source, counts);
  }
  const dataTable = [
    '| source | attacks | benign |',
    '|---|---|---|',
    ...[...bySource].map(([source, [benign, attacks]]) => `| ${source} | ${attacks} | ${benign} |`),
  ].join('\n');
  return {
    title: 'Model card: prompt-injection / jailbreak classifier (`injection.bin`)',
    summary: `Hashed word 1–2-gram + character ${injectionFeatureOptions.charMin}–${injectionFeatureOptions.charMax}-gram logistic regression (2^18 buckets, int8-quantised, ${Math.round(bytes / 1024)} KiB), Platt-calibrated. Used by the \`prompt-injection\` scanner beside precise signatures. Trained by \`palisade train injection\` (seed ${seed}); deterministic.`,
    sections: [
      {
        heading: 'Intended use',
        body: 'Score a user prompt (or any text addressed to an LLM) for instruction override, system-prompt extraction, persona/DAN jailbreaks, developer-mode, fictional framing, refusal suppression, transcript spoofing, payload splitting and obfuscated payloads (through the text views). The calibrated probability is the scanner score; the default threshold is stored in the artifact.',
      },
      {
        heading: 'Model',
        body: `Features: NFKC + lower-case + whitespace-collapsed text; character n-grams (${injectionFeatureOptions.charMin}–${injectionFeatureOptions.charMax}) and word uni/bigrams (each CJK/kana/hangul character is a word), signed feature hashing into 2^18 buckets; each group scaled by 1/sqrt(occurrences). Texts over ${injectionWindowSize} normalised characters are scored as half-overlapping windows and the maximum wins. Logistic regression, AdaGrad SGD (${hyper.epochs ?? 6} epochs, L2 ${hyper.l2 ?? 2e-6}), classes balanced by weight; Platt scaling fitted on a 15% group-held-out calibration split; threshold ${classifier.metadata.threshold.toFixed(3)} = 1% FPR on calibration negatives (min 0.5).`,
      },
      { heading: 'Training data', body: `Rows after deterministic capping (seed ${seed}):\n\n${dataTable}` },
      {
        heading: 'Known limits',
        body: [
          '- A bag of n-grams has no notion of who is addressed: an attack quoted inside a question about attacks can score high; the scanner lowers these with its meta-discussion rule, but wording it has never seen may still trip it.',
          '- Non-English attacks are learned from hand-written rows (≈35 per major language) and CyberSecEval machine translations; paraphrases far from those will be missed more often than English ones.',
          '- Subtle social-engineering attacks without override vocabulary (persuasion, long benign-looking role-play that turns harmful late) are the weakest category.',
          '- The hand-written training rows and the independent evaluation set were written by the same team; they use different wording but may share style.',
        ].join('\n'),
      },
    ],
    evaluations,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const flag = (name: string): string | undefined => {
    const index = process.argv.indexOf(`--${name}`);
    return index > 0 ? process.argv[index + 1] : undefined;
  };
  const seed = Number(flag('seed') ?? 42);
  const output = flag('output');
  const l2 = flag('l2');
  const epochs = flag('epochs');
  const started = Date.now();
  trainInjection({
    seed,
    ...(output !== undefined ? { outputDirectory: output } : {}),
    ...(l2 !== undefined ? { l2: Number(l2) } : {}),
    ...(epochs !== undefined ? { epochs: Number(epochs) } : {}),
    evaluate: !process.argv.includes('--no-eval'),
    log: (line) => process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${line}\n`),
  }).then(
    (result) => {
      for (const evaluation of result.evaluations) {
        for (const row of evaluation.rows) {
          process.stdout.write(
            `${row.name}: n=${row.count} pos=${row.positives} auroc=${row.auroc.toFixed(3)} P=${row.precision.toFixed(3)} R=${row.recall.toFixed(3)} F1=${row.f1.toFixed(3)} FPR=${row.falsePositiveRate.toFixed(3)}\n`,
          );
        }
      }
    },
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
