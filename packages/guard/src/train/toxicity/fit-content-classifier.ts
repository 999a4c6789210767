import type { FeatureOptions } from '../../models/shared/hashed-features.js';
import { LinearClassifier } from '../../models/shared/linear-classifier.js';
import { buildTrainingRows } from '../shared/build-training-rows.js';
import { areaUnderRoc, metricsAtThreshold } from '../shared/classification-metrics.js';
import type { LabelledExample } from '../shared/labelled-example.js';
import type { EvaluationRow } from '../shared/model-card.js';
import { splitByGroup } from '../shared/split-examples.js';
import { fitPlatt, trainLogisticRegression } from '../shared/train-logistic-regression.js';

/** How a content classifier (toxicity, harmful request, bias) is fitted. */
export interface ContentClassifierOptions {
  readonly seed: number;
  readonly features: FeatureOptions;
  readonly windowSize: number;
  /** Share of the training groups kept aside for calibration and threshold choice. */
  readonly calibrationFraction?: number;
  /** Highest false-positive rate allowed on calibration hard negatives (`hardNegative(example)`). */
  readonly hardNegativeFalsePositiveRate?: number;
  /** Which calibration negatives count as hard negatives for the threshold rule. */
  readonly hardNegative?: (example: LabelledExample) => boolean;
  readonly epochs?: number;
  readonly l2?: number;
  /** Score used to pick the threshold (the full detector); defaults to the calibrated probability. */
  readonly thresholdScore?: (classifier: LinearClassifier, text: string) => number;
  /** Extra metadata stored in the artifact header. */
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** A fitted classifier with the threshold chosen on calibration data. */
export interface FittedContentClassifier {
  readonly classifier: LinearClassifier;
  readonly threshold: number;
  readonly calibrationSize: number;
  readonly trainingSize: number;
}

/**
 * Fits a hashed n-gram logistic regression on part of the examples, Platt-calibrates it on the
 * rest (split by group, so translations and duplicates never straddle), and picks the threshold
 * that maximises F1 on the calibration set while keeping the hard-negative false-positive rate
 * under the limit. Deterministic for a seed.
 *
 * @example
 * const { classifier, threshold } = fitContentClassifier(examples, { seed: 7, features, windowSize: 1024 });
 */
export function fitContentClassifier(
  examples: readonly LabelledExample[],
  options: ContentClassifierOptions,
): FittedContentClassifier {
  const { train, test: calibration } = splitByGroup(examples, options.calibrationFraction ?? 0.15, options.seed);
  const rows = buildTrainingRows(train, options.features, options.windowSize);
  const model = trainLogisticRegression(rows, {
    dimensions: options.features.dimensions,
    seed: options.seed,
    epochs: options.epochs ?? 8,
    l2: options.l2 ?? 1e-6,
  });
  const draft = new LinearClassifier(model.weights, {
    features: options.features,
    bias: model.bias,
    calibration: { method: 'sigmoid' },
    windowSize: options.windowSize,
    threshold: 0.5,
  });
  const margins = calibration.map((example) => draft.score(example.text).margin);
  const labels = calibration.map((example) => example.label);
  const platt = fitPlatt(margins, labels);
  const calibrated = new LinearClassifier(model.weights, {
    ...draft.metadata,
    calibration: { method: 'platt', slope: platt.slope, intercept: platt.intercept },
  });
  const thresholdScore = options.thresholdScore;
  const probabilities =
    thresholdScore === undefined
      ? margins.map((margin) => calibrated.probability(margin))
      : calibration.map((example) => thresholdScore(calibrated, example.text));
  const hardNegativeScores = calibration.flatMap((example, index) =>
    example.label === 0 && options.hardNegative?.(example) === true ? [probabilities[index]!] : [],
  );
  const limit = options.hardNegativeFalsePositiveRate ?? 0.05;
  // F1 at balanced prevalence with every source weighing the same inside its class, so the
  // threshold does not depend on how many rows one public source happens to contribute.
  const sourceCounts = new Map<string, number>();
  for (const example of calibration) {
    const key = `${example.label}:${example.source}`;
    sourceCounts.set(key, (sourceCounts.get(key) ?? 0) + 1);
  }
  const weightOf = calibration.map((example) => 1 / (sourceCounts.get(`${example.label}:${example.source}`) ?? 1));
  let positiveTotal = 0;
  let negativeTotal = 0;
  calibration.forEach((example, index) => {
    if (example.label === 1) positiveTotal += weightOf[index]!;
    else negativeTotal += weightOf[index]!;
  });
  let bestThreshold = 0.5;
  let bestF1 = -1;
  for (let step = 5; step <= 95; step += 1) {
    const threshold = step / 100;
    if (hardNegativeScores.length > 0) {
      const falsePositives = hardNegativeScores.filter((score) => score >= threshold).length;
      if (falsePositives / hardNegativeScores.length > limit) continue;
    }
    let truePositiveWeight = 0;
    let falsePositiveWeight = 0;
    probabilities.forEach((score, index) => {
      if (score < threshold) return;
      if (labels[index] === 1) truePositiveWeight += weightOf[index]!;
      else falsePositiveWeight += weightOf[index]!;
    });
    const truePositiveRate = truePositiveWeight / Math.max(1e-9, positiveTotal);
    const falsePositiveRate = falsePositiveWeight / Math.max(1e-9, negativeTotal);
    const precision =
      truePositiveRate + falsePositiveRate > 0 ? truePositiveRate / (truePositiveRate + falsePositiveRate) : 0;
    const f1 =
      precision + truePositiveRate > 0 ? (2 * precision * truePositiveRate) / (precision + truePositiveRate) : 0;
    if (f1 > bestF1 + 1e-9) {
      bestF1 = f1;
      bestThreshold = threshold;
    }
  }
  const classifier = new LinearClassifier(model.weights, {
    ...calibrated.metadata,
    ...options.metadata,
    threshold: bestThreshold,
  });
  return { classifier, threshold: bestThreshold, calibrationSize: calibration.length, trainingSize: train.length };
}

/**
 * Scores examples with a scoring function and summarises them as a model-card row.
 *
 * @example
 * evaluationRow('HateCheck (held out)', test, (text) => classifier.score(text).probability, threshold)
 */
export function evaluationRow(
  name: string,
  examples: readonly LabelledExample[],
  score: (text: string) => number,
  threshold: number,
  note?: string,
): EvaluationRow {
  const scores = examples.map((example) => score(example.text));
  const labels = examples.map((example) => example.label);
  const metrics = metricsAtThreshold(scores, labels, threshold);
  return {
    name,
    count: examples.length,
    positives: metrics.positives,
    auroc: areaUnderRoc(scores, labels),
    precision: metrics.precision,
    recall: metrics.recall,
    f1: metrics.f1,
    falsePositiveRate: metrics.falsePositiveRate,
    ...(note !== undefined ? { note } : {}),
  };
}
