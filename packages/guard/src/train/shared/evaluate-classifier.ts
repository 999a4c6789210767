import type { LinearClassifier } from '../../models/shared/linear-classifier.js';
import { areaUnderRoc, metricsAtThreshold } from './classification-metrics.js';
import type { LabelledExample } from './labelled-example.js';
import type { EvaluationRow } from './model-card.js';

/** A scoring function: calibrated probability of a text (a classifier, or a whole scanner). */
export type TextScorer = (text: string) => number;

/**
 * Scores examples and summarises them as a model-card row at `threshold`.
 *
 * @example
 * const row = evaluateScorer('independent', (text) => classifier.score(text).probability, examples, 0.5);
 */
export function evaluateScorer(
  name: string,
  scorer: TextScorer,
  examples: readonly LabelledExample[],
  threshold: number,
  note?: string,
): EvaluationRow & { readonly scores: readonly number[] } {
  const scores = examples.map((example) => scorer(example.text));
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
    scores,
    ...(note !== undefined ? { note } : {}),
  };
}

/**
 * Convenience: evaluates a classifier with its own threshold.
 *
 * @example
 * evaluateClassifier('held-out', classifier, examples)
 */
export function evaluateClassifier(
  name: string,
  classifier: LinearClassifier,
  examples: readonly LabelledExample[],
  note?: string,
): EvaluationRow {
  const { scores: _scores, ...row } = evaluateScorer(
    name,
    (text) => classifier.score(text).probability,
    examples,
    classifier.metadata.threshold,
    note,
  );
  return row;
}

/**
 * A scanner outcome as one number for threshold metrics: the raw score, nudged to the right side
 * of `threshold` so that "has findings" is exactly "score ≥ threshold" (AUROC keeps the raw order
 * except at the boundary).
 *
 * @example
 * evaluateScorer('scanner', (text) => decisionScore(scan(text), 0.8), examples, 0.8);
 */
export function decisionScore(
  outcome: { readonly findings: readonly unknown[]; readonly score?: number },
  threshold: number,
): number {
  const score = outcome.score ?? 0;
  if (outcome.findings.length > 0) return Math.max(score, threshold);
  return Math.min(score, threshold - 1e-6);
}
