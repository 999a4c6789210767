/** Precision/recall-style metrics at one threshold. */
export interface ThresholdMetrics {
  readonly threshold: number;
  readonly count: number;
  readonly positives: number;
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly falsePositiveRate: number;
}

/**
 * P/R/F1/FPR of scores against labels at a threshold (score ≥ threshold = positive).
 *
 * @example
 * metricsAtThreshold([0.9, 0.1], [1, 0], 0.5).f1 // 1
 */
export function metricsAtThreshold(
  scores: readonly number[],
  labels: readonly (0 | 1)[],
  threshold: number,
): ThresholdMetrics {
  let truePositives = 0;
  let falsePositives = 0;
  let positives = 0;
  for (let index = 0; index < scores.length; index += 1) {
    const predicted = scores[index]! >= threshold;
    if (labels[index] === 1) {
      positives += 1;
      if (predicted) truePositives += 1;
    } else if (predicted) falsePositives += 1;
  }
  const negatives = scores.length - positives;
  const precision = truePositives + falsePositives > 0 ? truePositives / (truePositives + falsePositives) : 0;
  const recall = positives > 0 ? truePositives / positives : 0;
  return {
    threshold,
    count: scores.length,
    positives,
    truePositives,
    falsePositives,
    precision,
    recall,
    f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
    falsePositiveRate: negatives > 0 ? falsePositives / negatives : 0,
  };
}

/**
 * Area under the ROC curve (ties count half), or NaN when a class is missing.
 *
 * @example
 * areaUnderRoc([0.9, 0.8, 0.1], [1, 0, 0]) // 1
 */
export function areaUnderRoc(scores: readonly number[], labels: readonly (0 | 1)[]): number {
  const order = scores
    .map((score, index) => ({ score, label: labels[index]! }))
    .sort((left, right) => left.score - right.score);
  let rankSum = 0;
  let positives = 0;
  let index = 0;
  while (index < order.length) {
    let end = index;
    while (end + 1 < order.length && order[end + 1]!.score === order[index]!.score) end += 1;
    const averageRank = (index + end) / 2 + 1;
    for (let position = index; position <= end; position += 1) {
      if (order[position]!.label === 1) {
        rankSum += averageRank;
        positives += 1;
      }
    }
    index = end + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * The lowest threshold whose false-positive rate on the negatives is at most `rate`.
 *
 * @example
 * thresholdAtFalsePositiveRate(negativeScores, 0.03)
 */
export function thresholdAtFalsePositiveRate(negativeScores: readonly number[], rate: number): number {
  const sorted = [...negativeScores].sort((left, right) => right - left);
  const allowed = Math.floor(sorted.length * rate);
  const boundary = sorted[allowed];
  return boundary === undefined ? 0 : boundary + 1e-9;
}

/**
 * Formats a metric for model cards (3 decimals, `n/a` for NaN).
 *
 * @example
 * formatMetric(0.91234) // '0.912'
 */
export function formatMetric(value: number): string {
  return Number.isFinite(value) ? value.toFixed(3) : 'n/a';
}
