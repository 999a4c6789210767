import type { Span } from '../../scanner/types.js';

/** A bounded excerpt of a long text, with a map from excerpt offsets back to the original. */
export interface TextSample {
  readonly text: string;
  /** True when the original was longer than the budget. */
  readonly sampled: boolean;
  toOriginal(span: Span): Span;
}

const separator = '\n…\n';

/**
 * Keeps inputs within a character budget so adversarial megabyte inputs cost a bounded time:
 * the head (half the budget), the tail (a quarter) and evenly spaced slices of the middle (the
 * rest). Attacks are usually at the start or end of a prompt; evenly spaced slices still give a
 * chance on the middle. Short texts are returned unchanged.
 *
 * @example
 * const sample = sampleLongText(text, 32_768);
 * const span = sample.toOriginal({ start: 10, end: 20 });
 */
export function sampleLongText(text: string, budget: number): TextSample {
  if (text.length <= budget) return { text, sampled: false, toOriginal: (span) => span };
  const pieces: { start: number; end: number }[] = [];
  const head = Math.floor(budget / 2);
  const tail = Math.floor(budget / 4);
  pieces.push({ start: 0, end: head });
  const middleBudget = budget - head - tail;
  const sliceLength = 1024;
  const slices = Math.max(1, Math.floor(middleBudget / sliceLength));
  const middleStart = head;
  const middleEnd = text.length - tail;
  for (let index = 0; index < slices; index += 1) {
    const start = middleStart + Math.floor(((middleEnd - middleStart - sliceLength) * (index + 0.5)) / slices);
    pieces.push({ start: Math.max(middleStart, start), end: Math.min(middleEnd, start + sliceLength) });
  }
  pieces.push({ start: text.length - tail, end: text.length });
  const offsets: number[] = [];
  let sample = '';
  for (const [index, piece] of pieces.entries()) {
    if (index > 0) sample += separator;
    offsets.push(sample.length);
    sample += text.slice(piece.start, piece.end);
  }
  const toOriginal = (span: Span): Span => {
    const locate = (position: number, isEnd: boolean): number => {
      let piece = 0;
      while (piece + 1 < pieces.length && offsets[piece + 1]! <= position) piece += 1;
      const within = position - offsets[piece]!;
      const { start, end } = pieces[piece]!;
      return Math.min(end, Math.max(start, start + within + (isEnd ? 0 : 0)));
    };
    return { start: locate(span.start, false), end: Math.max(locate(span.start, false), locate(span.end, true)) };
  };
  return { text: sample, sampled: true, toOriginal };
}
