import type { Span } from '../../scanner/types.js';
import { buildViews } from '../../text/build-views.js';
import { findAll } from '../../text/find-all.js';
import { leetClass, leetFold } from '../../text/leet-fold.js';
import { normalizeForMatching } from '../../text/normalize-for-matching.js';
import type { TextView, TextViewKind } from '../../text/text-view.js';

/** How a list matches. */
export interface KeywordMatcherOptions {
  /** Exact case on the original text only. */
  readonly caseSensitive: boolean;
  /** Whole words only (always the case for phrases in scripts written with spaces). */
  readonly wholeWords: boolean;
  /** Also match through leetspeak, masks, spaced letters and decoded payloads. */
  readonly obfuscation: boolean;
}

/** One match of a list. */
export interface KeywordMatch {
  readonly span: Span;
  readonly kind: TextViewKind;
}

/** Finds a list's words in the views of a text. */
export interface KeywordMatcher {
  find(views: readonly TextView[]): KeywordMatch[];
}

interface Phrase {
  /** Folded tokens, compared on the normalized view. */
  readonly exact: readonly string[];
  /** Leet-folded tokens with `l` → `i`, compared on the leet and spaced views. */
  readonly skeleton: readonly string[];
}

interface Token {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

const decodedKinds: ReadonlySet<TextViewKind> = new Set(['base64', 'hex', 'rot13', 'url', 'hidden']);
// Scripts written without spaces between words: such keywords are matched as substrings.
const spacelessScript =
  /[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]/u;
const letterOrNumber = /^[\p{L}\p{N}]$/u;

// Per BMP unit: 1 word character, 2 other, 0 not yet classified.
const wordTable = new Uint8Array(0x10000);

function isWordUnit(unit: number, withMask: boolean): boolean {
  if (unit < 0x80) {
    return (
      (unit >= 97 && unit <= 122) ||
      (unit >= 65 && unit <= 90) ||
      (unit >= 48 && unit <= 57) ||
      unit === 95 ||
      (withMask && unit === 42)
    );
  }
  let kind = wordTable[unit] ?? 0;
  if (kind === 0) {
    // Surrogates count as word characters: astral letters stay inside their word.
    kind = (unit >= 0xd800 && unit <= 0xdfff) || letterOrNumber.test(String.fromCharCode(unit)) ? 1 : 2;
    wordTable[unit] = kind;
  }
  return kind === 1;
}

/** Maximal runs of letters, digits and `_` (and `*` masks in leet views). Linear. */
function tokenize(text: string, withMask: boolean): Token[] {
  const tokens: Token[] = [];
  const length = text.length;
  let index = 0;
  while (index < length) {
    while (index < length && !isWordUnit(text.charCodeAt(index), withMask)) index++;
    const start = index;
    while (index < length && isWordUnit(text.charCodeAt(index), withMask)) index++;
    if (index > start) tokens.push({ start, end: index, text: text.slice(start, index) });
  }
  return tokens;
}

function skeletonOf(token: string): string {
  return leetFold(token).text.replaceAll('l', 'i');
}

/** A masked token (`f*ck`) matches a keyword token of its length: real letters equal, at most half masked. */
function maskMatches(token: string, keyword: string): boolean {
  if (token.length !== keyword.length || token.charCodeAt(0) === 42) return false;
  let masked = 0;
  for (let index = 0; index < token.length; index++) {
    const character = token[index] === 'l' ? 'i' : token[index];
    if (character === '*') masked++;
    else if (character !== keyword[index]) return false;
  }
  return masked * 2 <= token.length;
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

/** Maps spans of a view built on a decoded view's text back to the original text. */
function composeView(outer: TextView, inner: TextView): TextView {
  return {
    kind: outer.kind,
    text: inner.text,
    toOriginal: (span) => outer.toOriginal(inner.toOriginal(span)),
  };
}

/**
 * Builds a matcher for one list. Whole-word keywords are matched by tokenising each view once and
 * looking tokens up in hash maps, so the cost is linear in the text whatever the list size (a
 * 10,000-word list costs the same per character as a 1-word list). Masked tokens (`f*ck`) are
 * compared only with keywords of the same length and first letter. Keywords in scripts written
 * without spaces, keywords without letters and lists with `wholeWords: false` use one regex
 * alternation of escaped literals instead.
 *
 * @example
 * createKeywordMatcher(['banned'], { caseSensitive: false, wholeWords: true, obfuscation: true }).find(buildViews('b@nn3d'));
 */
export function createKeywordMatcher(words: readonly string[], options: KeywordMatcherOptions): KeywordMatcher {
  const fold = (word: string): string => (options.caseSensitive ? word.trim() : normalizeForMatching(word).trim());
  const exactIndex = new Map<string, Phrase[]>();
  const skeletonIndex = new Map<string, Phrase[]>();
  const maskIndex = new Map<string, Phrase[]>();
  const literals: string[] = [];
  const add = (index: Map<string, Phrase[]>, key: string, phrase: Phrase): void => {
    const bucket = index.get(key);
    if (bucket) bucket.push(phrase);
    else index.set(key, [phrase]);
  };
  for (const word of new Set(words.map(fold))) {
    if (word.length === 0) continue;
    const tokens = tokenize(word, false).map((token) => token.text);
    if (!options.wholeWords || tokens.length === 0 || spacelessScript.test(word)) {
      literals.push(word);
      continue;
    }
    const phrase: Phrase = { exact: tokens, skeleton: tokens.map(skeletonOf) };
    add(exactIndex, tokens[0] ?? '', phrase);
    add(skeletonIndex, phrase.skeleton[0] ?? '', phrase);
    const first = phrase.skeleton[0] ?? '';
    add(maskIndex, `${first.length}:${first[0]}`, phrase);
  }
  const literalPattern =
    literals.length === 0
      ? undefined
      : new RegExp(
          literals
            .sort((left, right) => right.length - left.length)
            .map((word) => word.split(/\s+/).map(escapeRegex).join('\\s+'))
            .join('|'),
          options.caseSensitive ? 'gu' : 'giu',
        );
  const literalLeetPattern =
    literals.length === 0 || options.caseSensitive || !options.obfuscation
      ? undefined
      : new RegExp(
          literals
            .map((word) =>
              word
                .split(/\s+/)
                .map((part) =>
                  Array.from(part)
                    .map((letter, index) => leetClass(letter, index > 0 && letterOrNumber.test(letter)))
                    .join(''),
                )
                .join('\\s+'),
            )
            .join('|'),
          'giu',
        );

  function matchTokens(view: TextView, obfuscated: boolean, found: KeywordMatch[]): void {
    const tokens = tokenize(view.text, !options.caseSensitive);
    for (let position = 0; position < tokens.length; position++) {
      const token = tokens[position] as Token;
      const masked = token.text.includes('*');
      let candidates: Phrase[] | undefined;
      if (masked) {
        const first = token.text[0] === 'l' ? 'i' : token.text[0];
        candidates = maskIndex.get(`${token.text.length}:${first}`);
      } else {
        candidates = obfuscated ? skeletonIndex.get(token.text.replaceAll('l', 'i')) : exactIndex.get(token.text);
      }
      if (!candidates) continue;
      for (const phrase of candidates) {
        const expected = obfuscated || masked ? phrase.skeleton : phrase.exact;
        if (position + expected.length > tokens.length) continue;
        let matches = true;
        for (let offset = 0; offset < expected.length && matches; offset++) {
          const actual = (tokens[position + offset] as Token).text;
          const wanted = expected[offset] ?? '';
          if (actual.includes('*')) matches = maskMatches(actual, wanted);
          else matches = (obfuscated || masked ? actual.replaceAll('l', 'i') : actual) === wanted;
        }
        if (!matches) continue;
        const last = tokens[position + expected.length - 1] as Token;
        found.push({ span: view.toOriginal({ start: token.start, end: last.end }), kind: view.kind });
      }
    }
  }

  function searchFamily(family: readonly TextView[], found: KeywordMatch[]): void {
    for (const view of family) {
      const obfuscated = view.kind !== 'normalized' && view.kind !== 'original';
      if (exactIndex.size > 0) matchTokens(view, obfuscated, found);
      const pattern = obfuscated ? literalLeetPattern : literalPattern;
      if (pattern) {
        for (const hit of findAll([view], pattern)) found.push({ span: hit.span, kind: view.kind });
      }
    }
  }

  return {
    find(views) {
      const found: KeywordMatch[] = [];
      if (options.caseSensitive) {
        searchFamily(
          views.filter((view) => view.kind === 'original'),
          found,
        );
      } else {
        const direct = views.filter(
          (view) =>
            view.kind === 'normalized' || (options.obfuscation && (view.kind === 'leet' || view.kind === 'spaced')),
        );
        searchFamily(direct, found);
        if (options.obfuscation) {
          for (const decoded of views.filter((view) => decodedKinds.has(view.kind))) {
            // Decoded text is raw: normalise it (and its leet/spaced forms), composing the span maps.
            const inner = buildViews(decoded.text, { kinds: ['normalized', 'leet', 'spaced'] }).filter(
              (view) => view.kind !== 'original',
            );
            searchFamily(
              inner.map((view) => composeView(decoded, view)),
              found,
            );
          }
        }
      }
      // Keep the longest match where matches nest ("project titan" over "titan"); drop duplicates.
      found.sort((left, right) => left.span.start - right.span.start || right.span.end - left.span.end);
      const kept: KeywordMatch[] = [];
      let coveredUntil = -1;
      let coveredFrom = -1;
      for (const match of found) {
        if (match.span.start >= coveredFrom && match.span.end <= coveredUntil) continue;
        kept.push(match);
        if (match.span.end > coveredUntil) {
          coveredFrom = match.span.start;
          coveredUntil = match.span.end;
        }
      }
      return kept;
    },
  };
}
