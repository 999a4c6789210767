import type { Span } from '../scanner/types.js';
import type { TextView, TextViewKind } from './text-view.js';

/** One match found in some view, with its span on the original text. */
export interface ViewMatch {
  /** The view it was found in (the first one, when several views find the same original span). */
  readonly kind: TextViewKind;
  /** Span on the ORIGINAL text (smallest covering span). */
  readonly span: Span;
  /** Span on the view's text. */
  readonly viewSpan: Span;
  /** The matched text as it reads in the view (may be decoded or folded; may be sensitive). */
  readonly match: string;
}

/** Finds spans in a view's text; must be linear-time on adversarial input. */
export type ViewMatcher = (text: string, kind: TextViewKind) => Iterable<Span>;

/** Options for {@link findAll}. */
export interface FindAllOptions {
  /** Only search these view kinds. Default: every view. */
  readonly kinds?: readonly TextViewKind[];
  /** Stop after this many matches (default 10 000). */
  readonly limit?: number;
}

function* regexMatcher(pattern: RegExp, text: string): Iterable<Span> {
  const flags = pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`;
  const global = new RegExp(pattern.source, flags.replace('y', ''));
  for (const match of text.matchAll(global)) {
    if (match[0].length === 0) continue;
    yield { start: match.index, end: match.index + match[0].length };
  }
}

/**
 * Searches every view with a pattern and returns the matches mapped to the original text,
 * de-duplicated by original span (the earliest view wins: original, normalized, leet, spaced,
 * then decoded views). Empty matches are skipped. Patterns must be linear-time: pass a `RegExp`
 * without nested quantifiers, or a matcher function (e.g. wrapping re2js).
 *
 * @example
 * const views = buildViews('b@nned and b a n n e d');
 * findAll(views, /\bbanned\b/); // [{ kind: 'leet', span: { start: 0, end: 6 }, … }, { kind: 'spaced', span: { start: 11, end: 22 }, … }]
 */
export function findAll(
  views: readonly TextView[],
  pattern: RegExp | ViewMatcher,
  options: FindAllOptions = {},
): ViewMatch[] {
  const limit = options.limit ?? 10_000;
  const seen = new Set<string>();
  const matches: ViewMatch[] = [];
  for (const view of views) {
    if (options.kinds !== undefined && !options.kinds.includes(view.kind)) continue;
    const spans = typeof pattern === 'function' ? pattern(view.text, view.kind) : regexMatcher(pattern, view.text);
    for (const viewSpan of spans) {
      if (viewSpan.end <= viewSpan.start) continue;
      const span = view.toOriginal(viewSpan);
      const key = `${span.start}:${span.end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      matches.push({ kind: view.kind, span, viewSpan, match: view.text.slice(viewSpan.start, viewSpan.end) });
      if (matches.length >= limit) return matches;
    }
  }
  return matches;
}
