import { type FeatureOptions, featurize, normalizeForFeatures } from '../../models/shared/hashed-features.js';
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

/**
 * Featurises examples into weighted training rows. Classes are balanced to equal total weight;
 * a long text contributes each window with weight 1/sqrt(windows).
 *
 * @example
 * const rows = buildTrainingRows(train, defaultFeatureOptions, 1536);
 */
export function buildTrainingRows(
  examples: readonly LabelledExample[],
  options: FeatureOptions,
  windowSize: number,
): TrainingRow[] {
  const raw: { vector: TrainingRow['vector']; label: 0 | 1; weight: number }[] = [];
  const totals = [0, 0];
  for (const example of examples) {
    const windows = windowsOf(example.text, windowSize);
    const share = (example.weight ?? 1) / Math.sqrt(windows.length);
    for (const window of windows) {
      raw.push({ vector: featurize(window, options), label: example.label, weight: share });
      totals[example.label]! += share;
    }
  }
  const total = totals[0]! + totals[1]!;
  const scale = [total / (2 * Math.max(totals[0]!, 1e-9)), total / (2 * Math.max(totals[1]!, 1e-9))];
  // Normalise so the mean row weight is 1 (keeps the learning rate meaningful).
  const mean = total / Math.max(raw.length, 1);
  return raw.map((row) => ({ ...row, weight: (row.weight * scale[row.label]!) / mean }));
}
