import { areaUnderRoc } from '@palisade/guard/train';
import { percentile } from './percentile.js';

/** One scored row for binary evaluation. */
export interface ClassifiedRow {
  readonly positive: boolean;
  readonly flagged: boolean;
  readonly score: number;
  readonly latencyMs?: number;
  readonly group?: string;
}

/** Confusion counts and derived rates. */
export interface BinaryMetrics {
  readonly n: number;
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly trueNegatives: number;
  readonly falseNegatives: number;
  readonly precision: number | null;
  readonly recall: number | null;
  readonly f1: number | null;
  readonly falsePositiveRate: number | null;
  readonly accuracy: number | null;
  /** Area under the ROC curve from the raw scores (null without both classes). */
  readonly auroc: number | null;
}

/** Per-group recall and false-positive rate. */
export interface GroupMetrics {
  readonly group: string;
  readonly n: number;
  readonly positives: number;
  readonly negatives: number;
  readonly recall: number | null;
  readonly falsePositiveRate: number | null;
}

/** Everything `palisade eval` prints for classification. */
export interface ClassificationReport {
  readonly overall: BinaryMetrics;
  readonly groups: readonly GroupMetrics[];
  readonly latencyMs: { readonly p50: number; readonly p95: number; readonly p99: number } | null;
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/**
 * AUROC by the rank-sum (Mann–Whitney U) statistic, ties counted as one half.
 *
 * @example
 * auroc([{ positive: true, score: 0.9 }, { positive: false, score: 0.1 }]) // 1
 */
export function auroc(rows: readonly { positive: boolean; score: number }[]): number | null {
  const value = areaUnderRoc(
    rows.map((row) => row.score),
    rows.map((row) => (row.positive ? 1 : 0)),
  );
  return Number.isNaN(value) ? null : value;
}

/**
 * Binary metrics over flagged/positive rows.
 *
 * @example
 * binaryMetrics([{ positive: true, flagged: true, score: 1 }]).recall // 1
 */
export function binaryMetrics(rows: readonly ClassifiedRow[]): BinaryMetrics {
  let truePositives = 0;
  let falsePositives = 0;
  let trueNegatives = 0;
  let falseNegatives = 0;
  for (const row of rows) {
    if (row.positive && row.flagged) truePositives += 1;
    else if (row.positive) falseNegatives += 1;
    else if (row.flagged) falsePositives += 1;
    else trueNegatives += 1;
  }
  const precision = ratio(truePositives, truePositives + falsePositives);
  const recall = ratio(truePositives, truePositives + falseNegatives);
  const f1 =
    precision === null || recall === null || precision + recall === 0
      ? precision === null || recall === null
        ? null
        : 0
      : (2 * precision * recall) / (precision + recall);
  return {
    n: rows.length,
    truePositives,
    falsePositives,
    trueNegatives,
    falseNegatives,
    precision,
    recall,
    f1,
    falsePositiveRate: ratio(falsePositives, falsePositives + trueNegatives),
    accuracy: ratio(truePositives + trueNegatives, rows.length),
    auroc: auroc(rows),
  };
}

/**
 * Overall metrics, per-group recall/FPR and latency percentiles.
 *
 * @example
 * classificationReport(rows).overall.f1
 */
export function classificationReport(rows: readonly ClassifiedRow[]): ClassificationReport {
  const byGroup = new Map<string, ClassifiedRow[]>();
  for (const row of rows) {
    if (row.group === undefined) continue;
    const list = byGroup.get(row.group) ?? [];
    list.push(row);
    byGroup.set(row.group, list);
  }
  const groups = [...byGroup.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([group, list]) => {
      const metrics = binaryMetrics(list);
      return {
        group,
        n: list.length,
        positives: metrics.truePositives + metrics.falseNegatives,
        negatives: metrics.falsePositives + metrics.trueNegatives,
        recall: metrics.recall,
        falsePositiveRate: metrics.falsePositiveRate,
      };
    });
  const latencies = rows.flatMap((row) => (row.latencyMs === undefined ? [] : [row.latencyMs]));
  return {
    overall: binaryMetrics(rows),
    groups,
    latencyMs:
      latencies.length === 0
        ? null
        : { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99) },
  };
}
