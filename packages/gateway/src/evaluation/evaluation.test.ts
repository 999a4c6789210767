import { describe, expect, it } from 'vitest';
import { auroc, binaryMetrics, classificationReport } from './classification-metrics.js';
import { percentile } from './percentile.js';
import { canonicalEntityType, SpanEvaluator } from './span-metrics.js';

describe('classification metrics', () => {
  it('computes the confusion matrix and rates', () => {
    const metrics = binaryMetrics([
      { positive: true, flagged: true, score: 0.9 },
      { positive: true, flagged: false, score: 0.4 },
      { positive: false, flagged: true, score: 0.6 },
      { positive: false, flagged: false, score: 0.1 },
      { positive: false, flagged: false, score: 0.2 },
    ]);
    expect(metrics).toMatchObject({ truePositives: 1, falseNegatives: 1, falsePositives: 1, trueNegatives: 2 });
    expect(metrics.precision).toBe(0.5);
    expect(metrics.recall).toBe(0.5);
    expect(metrics.f1).toBe(0.5);
    expect(metrics.falsePositiveRate).toBeCloseTo(1 / 3);
    expect(metrics.accuracy).toBe(0.6);
    expect(metrics.auroc).toBeCloseTo(5 / 6);
  });

  it('handles ties and single classes in AUROC', () => {
    expect(
      auroc([
        { positive: true, score: 0.5 },
        { positive: false, score: 0.5 },
      ]),
    ).toBe(0.5);
    expect(auroc([{ positive: true, score: 0.5 }])).toBeNull();
  });

  it('reports per-group recall/FPR and latency percentiles', () => {
    const report = classificationReport([
      { positive: true, flagged: true, score: 1, group: 'fr', latencyMs: 1 },
      { positive: false, flagged: true, score: 1, group: 'de', latencyMs: 3 },
      { positive: false, flagged: false, score: 0, group: 'de', latencyMs: 2 },
    ]);
    expect(report.groups).toEqual([
      { group: 'de', n: 2, positives: 0, negatives: 2, recall: null, falsePositiveRate: 0.5 },
      { group: 'fr', n: 1, positives: 1, negatives: 0, recall: 1, falsePositiveRate: null },
    ]);
    expect(report.latencyMs).toEqual({ p50: 2, p95: 3, p99: 3 });
  });

  it('uses nearest-rank percentiles', () => {
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(percentile([], 99)).toBe(0);
  });
});

describe('span metrics', () => {
  it('scores exact and overlap matches per type', () => {
    const evaluator = new SpanEvaluator();
    evaluator.add(
      [
        { type: 'EMAIL_ADDRESS', start: 0, end: 10 },
        { type: 'PERSON', start: 20, end: 30 },
      ],
      [
        { type: 'pii.email', start: 0, end: 10 },
        { type: 'pii.person', start: 22, end: 30 },
        { type: 'pii.phone', start: 40, end: 50 },
      ],
    );
    const report = evaluator.report();
    expect(report.exact.byType.EMAIL?.f1).toBe(1);
    expect(report.exact.byType.PERSON?.recall).toBe(0);
    expect(report.overlap.byType.PERSON?.recall).toBe(1);
    expect(report.overlap.micro.precision).toBeCloseTo(2 / 3);
    expect(report.overlap.micro.recall).toBe(1);
  });

  it('canonicalises entity types', () => {
    expect(canonicalEntityType('STREET_ADDRESS')).toBe('ADDRESS');
    expect(canonicalEntityType('pii.credit_card')).toBe('CREDIT_CARD');
  });
});
