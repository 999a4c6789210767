import type { FeatureOptions } from '../../models/shared/hashed-features.js';
import { LinearClassifier } from '../../models/shared/linear-classifier.js';
import { assembleTrainingRows, type FeaturizedExample } from './build-training-rows.js';
import { thresholdAtFalsePositiveRate } from './classification-metrics.js';
import { stableHash } from './seeded-random.js';
import { fitPlatt, trainLogisticRegression } from './train-logistic-regression.js';

/** Options for {@link trainCalibratedClassifier}. */
export interface CalibratedClassifierOptions {
  readonly features: FeatureOptions;
  readonly windowSize: number;
  readonly seed: number;
  readonly epochs?: number;
  readonly learningRate?: number;
  readonly l2?: number;
  /** Share of groups held out for calibration and threshold choice (default 0.15). */
  readonly calibrationFraction?: number;
  /** Target false-positive rate on calibration negatives for the decision threshold (default 0.01). */
  readonly targetFalsePositiveRate?: number;
  readonly metadata?: Record<string, unknown>;
}

/**
 * Trains a logistic regression on most groups, fits Platt scaling on the held-out calibration
 * groups (class-balanced) and picks the decision threshold at the target FPR there.
 * Round-trips through the int8 artifact so reported numbers are those of the shipped model.
 *
 * @example
 * const classifier = trainCalibratedClassifier(featurized, { features, windowSize: 1536, seed: 42 });
 */
export function trainCalibratedClassifier(
  featurized: readonly FeaturizedExample[],
  options: CalibratedClassifierOptions,
): LinearClassifier {
  const fraction = options.calibrationFraction ?? 0.15;
  const fit: FeaturizedExample[] = [];
  const calibration: FeaturizedExample[] = [];
  for (const item of featurized) {
    const bucket = (stableHash(`calibration:${options.seed}:${item.example.group}`) % 10_000) / 10_000;
    (bucket < fraction ? calibration : fit).push(item);
  }
  const model = trainLogisticRegression(assembleTrainingRows(fit), {
    dimensions: options.features.dimensions,
    seed: options.seed,
    ...(options.epochs !== undefined ? { epochs: options.epochs } : {}),
    ...(options.learningRate !== undefined ? { learningRate: options.learningRate } : {}),
    ...(options.l2 !== undefined ? { l2: options.l2 } : {}),
  });
  const draft = new LinearClassifier(model.weights, {
    features: options.features,
    bias: model.bias,
    calibration: { method: 'sigmoid' },
    windowSize: options.windowSize,
    threshold: 0.5,
  });
  // Calibration margins use the same windowed scoring as inference.
  const margins: number[] = [];
  const labels: (0 | 1)[] = [];
  const positives = calibration.filter((item) => item.example.label === 1).length;
  const negatives = calibration.length - positives;
  for (const item of calibration) {
    margins.push(draft.score(item.example.text).margin);
    labels.push(item.example.label);
  }
  // Balance classes for Platt by resampling negatives' influence via repetition of positives.
  const repeat = Math.max(1, Math.round(negatives / Math.max(positives, 1)));
  const plattMargins: number[] = [];
  const plattLabels: (0 | 1)[] = [];
  for (let index = 0; index < margins.length; index += 1) {
    const copies = labels[index] === 1 ? repeat : 1;
    for (let copy = 0; copy < copies; copy += 1) {
      plattMargins.push(margins[index]!);
      plattLabels.push(labels[index]!);
    }
  }
  const platt = fitPlatt(plattMargins, plattLabels);
  const calibrated = new LinearClassifier(model.weights, {
    ...draft.metadata,
    calibration: { method: 'platt', slope: platt.slope, intercept: platt.intercept },
  });
  const negativeProbabilities = margins
    .filter((_, index) => labels[index] === 0)
    .map((margin) => calibrated.probability(margin));
  const threshold = Math.max(
    0.5,
    thresholdAtFalsePositiveRate(negativeProbabilities, options.targetFalsePositiveRate ?? 0.01),
  );
  const final = new LinearClassifier(model.weights, {
    ...calibrated.metadata,
    threshold: Math.min(0.99, threshold),
    ...(options.metadata ?? {}),
  });
  return LinearClassifier.fromBytes(final.toBytes());
}
