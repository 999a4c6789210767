import type { Span } from '../../scanner/types.js';
import type { TextView } from '../../text/text-view.js';

/** Where and how a canary was found. */
export interface CanaryHit {
  readonly span: Span;
  /** `exact`, a view kind (`base64`, `spaced`…), or `compact` / `reversed` / `rot13` / `base64` / `hex`. */
  readonly form: string;
}

const base64RunPattern = /[A-Za-z0-9+/_-]{8,}={0,2}/g;
const hexRunPattern = /(?:[0-9a-fA-F]{2}){8,}/g;

function compactForm(text: string): { compact: string; positions: number[] } {
  let compact = '';
  const positions: number[] = [];
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    const upper = code >= 65 && code <= 90;
    if (upper || (code >= 97 && code <= 122) || (code >= 48 && code <= 57)) {
      compact += String.fromCharCode(upper ? code + 32 : code);
      positions.push(index);
    }
  }
  return { compact, positions };
}

function rot13(value: string): string {
  return value.replace(/[a-z]/g, (letter) => String.fromCharCode(((letter.charCodeAt(0) - 97 + 13) % 26) + 97));
}

function tryBase64(value: string): string {
  try {
    const normalised = value.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
    return atob(normalised + '='.repeat((4 - (normalised.length % 4)) % 4));
  } catch {
    return '';
  }
}

function hexDecode(value: string): string {
  let decoded = '';
  for (let index = 0; index + 1 < value.length; index += 2) {
    decoded += String.fromCharCode(Number.parseInt(value.slice(index, index + 2), 16));
  }
  return decoded;
}

function indexesOf(haystack: string, needle: string): number[] {
  const found: number[] = [];
  if (needle.length === 0) return found;
  let from = haystack.indexOf(needle);
  while (from >= 0) {
    found.push(from);
    from = haystack.indexOf(needle, from + needle.length);
  }
  return found;
}

/**
 * Finds a canary token in a text, also when the model spaced it out, changed its case, reversed
 * it, or encoded it (base64, hex, rot13), and in every view the pipeline built. Spans are on the
 * original text.
 *
 * @example
 * findCanary('c a n a r y 1 2 3 4', 'canary1234', []); // [{ span: { start: 0, end: 19 }, form: 'compact' }]
 */
export function findCanary(text: string, canary: string, views: readonly TextView[]): readonly CanaryHit[] {
  const hits: CanaryHit[] = [];
  const seen = new Set<string>();
  const add = (span: Span, form: string): void => {
    const key = `${span.start}:${span.end}`;
    if (seen.has(key)) return;
    seen.add(key);
    hits.push({ span, form });
  };
  const lowerCanary = canary.toLowerCase();
  const lowerText = text.toLowerCase();
  for (const start of indexesOf(lowerText, lowerCanary)) add({ start, end: start + canary.length }, 'exact');
  for (const view of views) {
    if (view.kind === 'original') continue;
    for (const start of indexesOf(view.text.toLowerCase(), lowerCanary)) {
      add(view.toOriginal({ start, end: start + canary.length }), view.kind);
    }
  }

  const { compact, positions } = compactForm(text);
  const compactCanary = compactForm(canary).compact;
  // Short canaries would match by chance once punctuation is stripped.
  if (compactCanary.length >= 8) {
    const variants: readonly [string, string][] = [
      [compactCanary, 'compact'],
      [[...compactCanary].reverse().join(''), 'reversed'],
      [rot13(compactCanary), 'rot13'],
    ];
    for (const [needle, form] of variants) {
      for (const start of indexesOf(compact, needle)) {
        const first = positions[start] ?? 0;
        const last = positions[start + needle.length - 1] ?? first;
        add({ start: first, end: last + 1 }, form);
      }
    }
  }

  for (const match of text.matchAll(base64RunPattern)) {
    // Encoding needs at least 4/3 of the length; plain lower-case words are not worth decoding.
    if (match[0].length * 3 < canary.length * 4 || /^[a-z]+$/.test(match[0])) continue;
    if (tryBase64(match[0]).toLowerCase().includes(lowerCanary)) {
      add({ start: match.index, end: match.index + match[0].length }, 'base64');
    }
  }
  for (const match of text.matchAll(hexRunPattern)) {
    if (hexDecode(match[0]).toLowerCase().includes(lowerCanary)) {
      add({ start: match.index, end: match.index + match[0].length }, 'hex');
    }
  }
  // Several forms can cover the same occurrence: keep the outermost hit per region.
  return hits
    .sort((left, right) => left.span.start - right.span.start || right.span.end - left.span.end)
    .filter(
      (hit, index, sorted) =>
        !sorted.some(
          (other, otherIndex) =>
            otherIndex < index && other.span.start <= hit.span.start && other.span.end >= hit.span.end,
        ),
    );
}
