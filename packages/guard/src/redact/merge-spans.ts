import type { Span } from '../scanner/types.js';

/** Anything with a span and an optional score. */
export interface SpanCandidate {
  readonly span?: Span;
  readonly score?: number;
}

/**
 * Resolves overlapping candidates: the higher score wins, then the longer span, then the earlier one.
 * Returns the kept candidates (those with a non-empty span) sorted by start. Candidates without a
 * score count as certain (1).
 *
 * @example
 * mergeSpans([{ span: { start: 0, end: 5 }, score: 0.9 }, { span: { start: 3, end: 9 }, score: 0.5 }]);
 * // → keeps only the first
 */
export function mergeSpans<Candidate extends SpanCandidate>(candidates: readonly Candidate[]): Candidate[] {
  const ranked = candidates
    .filter((candidate) => candidate.span !== undefined && candidate.span.end > candidate.span.start)
    .sort((left, right) => {
      const scoreDifference = (right.score ?? 1) - (left.score ?? 1);
      if (scoreDifference !== 0) return scoreDifference;
      const lengthDifference = spanLength(right) - spanLength(left);
      if (lengthDifference !== 0) return lengthDifference;
      return (left.span?.start ?? 0) - (right.span?.start ?? 0);
    });
  const kept: Candidate[] = [];
  for (const candidate of ranked) {
    const span = candidate.span as Span;
    const overlaps = kept.some((other) => {
      const otherSpan = other.span as Span;
      return span.start < otherSpan.end && otherSpan.start < span.end;
    });
    if (!overlaps) kept.push(candidate);
  }
  return kept.sort((left, right) => (left.span as Span).start - (right.span as Span).start);
}

function spanLength(candidate: SpanCandidate): number {
  return candidate.span ? candidate.span.end - candidate.span.start : 0;
}
