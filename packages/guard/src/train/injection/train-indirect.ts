// Node-only: trains the indirect-injection (documents) model.
// Run: npx tsx packages/guard/src/train/injection/train-indirect.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultFeatureOptions, type FeatureOptions } from '../../models/shared/hashed-features.js';
import type { LinearClassifier } from '../../models/shared/linear-classifier.js';
import type { ScanOutcome } from '../../scanner/types.js';
import { buildViews } from '../../text/build-views.js';
import type { TextView } from '../../text/text-view.js';
import { type FeaturizedExample, featurizeExamples } from '../shared/build-training-rows.js';
import { thresholdAtFalsePositiveRate } from '../shared/classification-metrics.js';
import { decisionScore, evaluateScorer } from '../shared/evaluate-classifier.js';
import type { LabelledExample } from '../shared/labelled-example.js';
import { loadLabelledFiles, sharedDataDirectory } from '../shared/load-labelled-data.js';
import { type EvaluationRow, type ModelCard, renderModelCard } from '../shared/model-card.js';
import { stableHash } from '../shared/seeded-random.js';
import { trainCalibratedClassifier } from '../shared/train-calibrated-classifier.js';
import { writeModelFiles } from '../shared/write-model-files.js';
import { independentIndirectEvalFile, indirectHeldOutGroups, loadIndirectExamples } from './indirect-data.js';
import { repositoryRoot } from './injection-data.js';

/** Options of {@link trainIndirectInjection} (`palisade train indirect-injection`). */
export interface TrainIndirectInjectionOptions {
  readonly seed?: number;
  readonly extraDataFiles?: readonly string[];
  readonly outputDirectory?: string;
  readonly evaluate?: boolean;
  readonly dataDirectory?: string;
  readonly log?: (line: string) => void;
}

export const indirectFeatureOptions: FeatureOptions = { ...defaultFeatureOptions, dimensions: 1 << 18 };
export const indirectWindowSize = 512;

type Detector = (text: string, views: readonly TextView[]) => ScanOutcome;

function train(featurized: readonly FeaturizedExample[], seed: number): LinearClassifier {
  return trainCalibratedClassifier(featurized, {
    features: indirectFeatureOptions,
    windowSize: indirectWindowSize,
    seed,
    epochs: 6,
    learningRate: 0.15,
    l2: 2e-6,
    targetFalsePositiveRate: 0.02,
  });
}

async function detectorFor(classifier: LinearClassifier): Promise<Detector> {
  // Imported lazily: the scanner module loads the committed artifacts, which this script writes.
  const module = await import('../../scanners/indirect-injection/index.js');
  return module.createIndirectInjectionDetector(module.IndirectInjectionConfig.parse({}), classifier);
}

function recallAtCleanFalsePositiveRate(
  scores: readonly number[],
  examples: readonly LabelledExample[],
  rate: number,
): number {
  const negatives = scores.filter((_, index) => examples[index]!.label === 0);
  const positives = scores.filter((_, index) => examples[index]!.label === 1);
  if (negatives.length === 0 || positives.length === 0) return Number.NaN;
  const threshold = thresholdAtFalsePositiveRate(negatives, rate);
  return positives.filter((score) => score >= threshold).length / positives.length;
}

async function evaluateLayers(
  name: string,
  classifier: LinearClassifier,
  examples: readonly LabelledExample[],
  note = '',
): Promise<EvaluationRow[]> {
  const detect = await detectorFor(classifier);
  const threshold = classifier.metadata.threshold;
  const modelRow = evaluateScorer(
    `${name} — model only`,
    (text) => classifier.score(text).probability,
    examples,
    threshold,
  );
  const scannerRow = evaluateScorer(
    `${name} — scanner`,
    (text) => decisionScore(detect(text, buildViews(text)), threshold),
    examples,
    threshold,
  );
  const withRecall = (row: typeof modelRow): EvaluationRow => {
    const { scores, ...rest } = row;
    const recall = recallAtCleanFalsePositiveRate(scores, examples, 0.05);
    return {
      ...rest,
      note: `${note}${note ? '; ' : ''}recall at 5% clean FPR: ${Number.isFinite(recall) ? recall.toFixed(3) : 'n/a'}`,
    };
  };
  return [withRecall(modelRow), withRecall(scannerRow)];
}

/**
 * Trains, writes and evaluates the indirect-injection model.
 *
 * @example
 * await trainIndirectInjection({ seed: 42 });
 */
export async function trainIndirectInjection(options: TrainIndirectInjectionOptions = {}): Promise<{
  classifier: LinearClassifier;
  evaluations: ModelCard['evaluations'];
}> {
  const seed = options.seed ?? 42;
  const log = options.log ?? (() => {});
  const outputDirectory =
    options.outputDirectory ?? join(repositoryRoot, 'packages/guard/src/models/indirect-injection');
  const examples = loadIndirectExamples(options.dataDirectory ?? sharedDataDirectory, seed, options.extraDataFiles);
  log(`loaded ${examples.length} examples (${examples.filter((example) => example.label === 1).length} injected)`);
  const featurized = featurizeExamples(examples, indirectFeatureOptions, indirectWindowSize);
  log('featurised');
  const classifier = train(featurized, seed);
  const manifest = writeModelFiles(outputDirectory, 'indirect-injection', {
    'indirect-injection.bin': classifier.toBytes(),
  });
  log('final model written');
  const evaluations: ModelCard['evaluations'][number][] = [];
  if (options.evaluate ?? true) {
    const isTest = (example: LabelledExample) => stableHash(`indirect-test:${seed}:${example.group}`) % 5 === 0;
    const rows: EvaluationRow[] = [];
    const inDistribution = train(
      featurized.filter((item) => !isTest(item.example)),
      seed,
    );
    rows.push(
      ...(await evaluateLayers('random 20% split (by document group)', inDistribution, examples.filter(isTest))),
    );
    const cleanTest = examples.filter((example) => example.label === 0 && isTest(example));
    for (const group of indirectHeldOutGroups) {
      const held = new Set(group.sources);
      const model = train(
        featurized.filter((item) => !held.has(item.example.source) && !isTest(item.example)),
        seed,
      );
      const heldExamples = examples.filter((example) => held.has(example.source));
      const hasNegatives = heldExamples.some((example) => example.label === 0);
      rows.push(
        ...(await evaluateLayers(
          `held out: ${group.name}`,
          model,
          hasNegatives ? heldExamples : [...heldExamples, ...cleanTest],
          hasNegatives ? 'its own clean documents' : 'clean documents from the held-out 20%',
        )),
      );
      log(`held-out fold done: ${group.name}`);
    }
    evaluations.push({
      heading: 'Source-held-out evaluation',
      description:
        "Each row trains a fresh model without the named source (and without a fixed 20% of document groups) and tests on it. BIPIA positives are windows of ±240 characters around the inserted attack (located by diffing against the clean twin); negatives are whole clean documents, scored window by window like in production. Threshold = the model's own calibrated threshold (2% FPR on its calibration split); the note gives recall when the threshold is instead set at 5% FPR on the evaluated clean documents (the issue's target metric).",
      rows,
    });
  }
  const independent = loadLabelledFiles(
    [{ path: independentIndirectEvalFile, source: 'independent', positiveLabels: ['injection'] }],
    seed,
  );
  evaluations.push({
    heading: 'Independent evaluation (documents written separately, never trained on)',
    description:
      '`data/injection/indirect-eval.jsonl`: 39 injected and 32 clean documents (emails, reviews, READMEs, tool outputs, leaflets; 5 languages), with bodies and payloads written separately from the training generator. Whole documents are scored.',
    rows: await evaluateLayers('independent documents', classifier, independent),
  });
  const card: ModelCard = {
    title: 'Model card: indirect-injection classifier (`indirect-injection.bin`)',
    summary: `Hashed n-gram logistic regression for text that arrives as data (retrieved documents, emails, web pages, tool results), scored in ${indirectWindowSize}-character half-overlapping windows (max wins), Platt-calibrated, int8 (${Math.round(manifest.artifacts['indirect-injection.bin']!.bytes / 1024)} KiB). Used by the \`indirect-injection\` scanner beside document signatures (instructions addressed to the AI, hidden comments/CSS, exfiltration images, tool hijacks). Trained by \`palisade train indirect-injection\` (seed ${seed}).`,
    sections: [
      {
        heading: 'Training data',
        body: `${examples.length} examples: BIPIA train (email, table, code; injected windows vs clean documents), CyberSecEval indirect rows, hand-written injected/clean documents (\`data/injection/indirect-train.jsonl\`, 8 languages), hand-written direct attacks (weight 0.5), and long benign text (Arena-Hard, GPTeacher code, CounselChat, MMLU, Wikipedia talk, forum sentences, MITRE FRR, NotInject). Threshold ${classifier.metadata.threshold.toFixed(3)}.`,
      },
      {
        heading: 'Known limits',
        body: [
          '- BIPIA-style attacks that are ordinary tasks ("recommend a good book") are injections only because they are out of place; a bag of n-grams sees no discourse, so recall on them stays limited.',
          '- Clean documents that legitimately address an assistant ("Assistant manager wanted", chatbot documentation) can trip the signatures; the classifier is the tie-breaker.',
          '- Training documents are short; very long documents are scored by windows, so an attack split across window boundaries is seen in halves.',
        ].join('\n'),
      },
    ],
    evaluations,
  };
  writeFileSync(join(outputDirectory, 'MODEL_CARD.md'), renderModelCard(card));
  log(`wrote ${outputDirectory}`);
  return { classifier, evaluations };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = Date.now();
  trainIndirectInjection({
    evaluate: !process.argv.includes('--no-eval'),
    log: (line) => process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${line}\n`),
  }).then(
    (result) => {
      for (const evaluation of result.evaluations) {
        for (const row of evaluation.rows) {
          process.stdout.write(
            `${row.name}: n=${row.count} pos=${row.positives} auroc=${row.auroc.toFixed(3)} P=${row.precision.toFixed(3)} R=${row.recall.toFixed(3)} F1=${row.f1.toFixed(3)} FPR=${row.falsePositiveRate.toFixed(3)} ${row.note ?? ''}\n`,
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
