import {
  type FeatureOptions,
  featurize,
  normalizeForFeatures,
  type SparseVector,
} from '../../models/shared/hashed-features.js';
import type { LabelledExample } from './labelled-example.js';
import type { TrainingRow } from './train-logistic-regression.js';

/**
 * Splits a text into the windows the classifier scores at inference (half-overlapping, `windowSize`
 * normalised characters); short texts are one window.
 *
 * @example
 * windowsOf(longDocument, 1536).length
 */
export function windowsOf(text: string, windowSize: number): string[] {
  const normalized = normalizeForFeatures(text);
  if (normalized.length <= windowSize) return [normalized];
  const step = Math.ceil(windowSize / 2);
  const windows: string[] = [];
  for (let start = 0; start + step < normalized.length; start += step)
    windows.push(normalized.slice(start, start + windowSize));
  return windows;
}

/** An example with its window feature vectors computed once (reused across folds). */
export interface FeaturizedExample {
  readonly example: LabelledExample;
  readonly vectors: readonly SparseVector[];
}

/**
 * Featurises examples window by window.
 *
 * @example
 * const featurized = featurizeExamples(examples, defaultFeatureOptions, 1536);
 */
export function featurizeExamples(
  examples: readonly LabelledExample[],
  options: FeatureOptions,
  windowSize: number,
): FeaturizedExample[] {
  return examples.map((example) => ({
    example,
    vectors: windowsOf(example.text, windowSize).map((window) => featurize(window, options)),
  }));
}

/**
 * Turns featurised examples into weighted rows. Classes are balanced to equal total weight; a long
 * text contributes each window with weight 1/sqrt(windows); the mean row weight is 1.
 *
 * @example
 * const rows = assembleTrainingRows(featurized);
 */
export function assembleTrainingRows(featurized: readonly FeaturizedExample[]): TrainingRow[] {
  const raw: TrainingRow[] = [];
  const totals = [0, 0];
  for (const { example, vectors } of featurized) {
    const share = (example.weight ?? 1) / Math.sqrt(vectors.length);
    for (const vector of vectors) {
      raw.push({ vector, label: example.label, weight: share });
      totals[example.label]! += share;
    }
  }
  const total = totals[0]! + totals[1]!;
  const scale = [total / (2 * Math.max(totals[0]!, 1e-9)), total / (2 * Math.max(totals[1]!, 1e-9))];
  const mean = total / Math.max(raw.length, 1);
  return raw.map((row) => ({ ...row, weight: (row.weight * scale[row.label]!) / mean }));
}

/**
 * Featurises and assembles in one step.
 *
 * @example
 * const rows = buildTrainingRows(train, defaultFeatureOptions, 1536);
 */
export function buildTrainingRows(
  examples: readonly LabelledExample[],
  options: FeatureOptions,
  windowSize: number,
): TrainingRow[] {
  return assembleTrainingRows(featurizeExamples(examples, options, windowSize));
}
