import { confusables } from './confusables.js';
import { invisibleKind } from './invisible-characters.js';
import { ViewWriter } from './view-writer.js';

const classUnknown = 0;
const classInvisible = 1;
const classMark = 2;
const classOther = 3;

// Lazily filled per-code-point class cache (1.1 MB), so each distinct character is classified once.
let classCache: Uint8Array | undefined;
const foldCache = new Map<number, string>();
const segmentCache = new Map<string, string>();
const foldCacheLimit = 65_536;
const markPattern = /^\p{M}$/u;
const asciiPattern = /^[\x00-\x7f]*$/;

function classOf(codePoint: number): number {
  classCache ??= new Uint8Array(0x110000);
  let found = classCache[codePoint] ?? classUnknown;
  if (found === classUnknown) {
    if (invisibleKind(codePoint) !== null) found = classInvisible;
    // Hangul medial/final jamo combine with the preceding syllable like marks do.
    else if ((codePoint >= 0x1160 && codePoint <= 0x11ff) || markPattern.test(String.fromCodePoint(codePoint)))
      found = classMark;
    else found = classOther;
    classCache[codePoint] = found;
  }
  return found;
}

/** Diacritics that decorate Latin/Greek/Cyrillic letters (and zalgo text); script-specific marks are kept. */
function isGenericDiacritic(codePoint: number): boolean {
  return (
    (codePoint >= 0x300 && codePoint <= 0x36f) ||
    (codePoint >= 0x1ab0 && codePoint <= 0x1aff) ||
    (codePoint >= 0x1dc0 && codePoint <= 0x1dff) ||
    (codePoint >= 0x20d0 && codePoint <= 0x20ff) ||
    (codePoint >= 0xfe20 && codePoint <= 0xfe2f)
  );
}

/** Scripts whose accents are folded away: Latin, Greek, Cyrillic and their extensions. */
function hasFoldableAccents(codePoint: number): boolean {
  return (codePoint >= 0xc0 && codePoint < 0x530) || (codePoint >= 0x1e00 && codePoint < 0x2000);
}

function caseFold(character: string): string {
  if (character === 'ß' || character === 'ẞ') return 'ss';
  return character.toLowerCase();
}

/** NFKC, case folding, accent stripping and confusable folding of one grapheme-ish segment. */
function foldSegment(segment: string): string {
  let folded = '';
  for (const character of segment.normalize('NFKC')) {
    for (const lower of caseFold(character)) {
      const lowerPoint = lower.codePointAt(0) ?? 0;
      if (lowerPoint < 0x80) {
        folded += lower;
        continue;
      }
      const parts = hasFoldableAccents(lowerPoint) ? lower.normalize('NFD') : lower;
      for (const part of parts) {
        const point = part.codePointAt(0) ?? 0;
        if (isGenericDiacritic(point) || invisibleKind(point) !== null) continue;
        folded += confusables.get(point) ?? part;
      }
    }
  }
  return folded;
}

function foldCachedSegment(segment: string): string {
  if (segment.length > 8) return foldSegment(segment);
  let folded = segmentCache.get(segment);
  if (folded === undefined) {
    folded = foldSegment(segment);
    if (segmentCache.size >= foldCacheLimit) segmentCache.clear();
    segmentCache.set(segment, folded);
  }
  return folded;
}

function foldCodePoint(codePoint: number): string {
  let folded = foldCache.get(codePoint);
  if (folded === undefined) {
    folded = foldSegment(String.fromCodePoint(codePoint));
    if (foldCache.size < foldCacheLimit) foldCache.set(codePoint, folded);
  }
  return folded;
}

// Per BMP code unit: 0 unknown, 1 combining mark, 2 invisible (dropped), 3 needs the general path,
// n ≥ 4 folds to the single unit n - 4. One table keeps the hot loop to a lookup per unit.
let unitFold: Uint32Array | undefined;
const foldMark = 1;
const foldInvisible = 2;
const foldGeneral = 3;
const foldOffset = 4;

function computeUnitFold(unit: number): number {
  let found: number;
  if (unit >= 0xd800 && unit <= 0xdfff) found = foldGeneral;
  else {
    const kind = classOf(unit);
    if (kind === classInvisible) found = foldInvisible;
    else if (kind === classMark) found = foldMark;
    else {
      const folded = foldCodePoint(unit);
      found = folded.length === 1 ? folded.charCodeAt(0) + foldOffset : foldGeneral;
    }
  }
  (unitFold as Uint32Array)[unit] = found;
  return found;
}

function isMarkAt(text: string, index: number, table: Uint32Array): boolean {
  const unit = text.charCodeAt(index);
  if (unit < 0x300) return false;
  if (unit >= 0xd800 && unit <= 0xdbff) return classOf(text.codePointAt(index) ?? unit) === classMark;
  return ((table[unit] || computeUnitFold(unit)) as number) === foldMark;
}

/**
 * Writes the normalised form of `text` into `writer`, each output unit mapped to the original
 * span it came from. Segments are a base character plus its combining marks, so NFKC composition
 * is exact; each segment maps to its own span. Linear time; per-character results are cached.
 */
export function writeNormalized(text: string, writer: ViewWriter): void {
  unitFold ??= new Uint32Array(0x10000);
  const table = unitFold;
  const length = text.length;
  let index = 0;
  while (index < length) {
    const unit = text.charCodeAt(index);
    const followedByMark = index + 1 < length && isMarkAt(text, index + 1, table);
    if (!followedByMark) {
      if (unit < 0x80) {
        writer.pushUnit(unit >= 65 && unit <= 90 ? unit + 32 : unit, index, index + 1);
        index++;
        continue;
      }
      const fast = (table[unit] || computeUnitFold(unit)) as number;
      if (fast >= foldOffset) {
        writer.pushUnit(fast - foldOffset, index, index + 1);
        index++;
        continue;
      }
      if (fast === foldInvisible) {
        index++;
        continue;
      }
    }
    const codePoint = text.codePointAt(index) ?? unit;
    const width = codePoint > 0xffff ? 2 : 1;
    if (classOf(codePoint) === classInvisible) {
      index += width;
      continue;
    }
    let end = index + width;
    while (end < length && isMarkAt(text, end, table)) end += (text.codePointAt(end) ?? 0) > 0xffff ? 2 : 1;
    const folded = end === index + width ? foldCodePoint(codePoint) : foldCachedSegment(text.slice(index, end));
    writer.pushString(folded, index, end);
    index = end;
  }
}

/**
 * The normalised form of a text, exactly the text of the `normalized` view: NFKC, confusable and
 * homoglyph folding, zero-width/bidi/tag/variation-selector/private-use removal, accent stripping
 * for Latin, Greek and Cyrillic, and case folding. Use it on keywords and patterns so they match
 * the `normalized` view. Linear time; ASCII text takes a fast path.
 *
 * @example
 * normalizeForMatching('Ｉɡnоre\u200b ÀLL'); // 'ignore all' (fullwidth I, Latin ɡ, Cyrillic о, zero-width space)
 */
export function normalizeForMatching(text: string): string {
  if (asciiPattern.test(text)) return text.toLowerCase();
  const writer = new ViewWriter(text.length + 16);
  writeNormalized(text, writer);
  return writer.text();
}

/** True when the text is pure ASCII (the normalised view is then its lowercase, unit for unit). */
export function isAscii(text: string): boolean {
  return asciiPattern.test(text);
}
