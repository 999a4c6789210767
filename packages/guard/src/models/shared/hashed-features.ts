/**
 * Dependency-free text featurisation shared by every learned detector: word uni/bigrams and
 * character n-grams over a normalised copy of the text, hashed into a fixed number of buckets
 * (the "hashing trick") with a sign bit to cancel collision bias.
 *
 * Each feature group is scaled by 1/sqrt(occurrences in the group), so a score is a plain sum
 * over n-gram occurrences. That makes scoring streamable: {@link forEachFeature} visits every
 * occurrence once, without building a map, which keeps inference sub-millisecond per 1k chars and
 * lets sliding windows be scored with prefix sums (see `linear-classifier.ts`).
 */

/** How a text is turned into hashed features. Stored in every artifact header. */
export interface FeatureOptions {
  /** Number of hash buckets; a power of two. */
  readonly dimensions: number;
  /** Smallest and largest character n-gram length (e.g. 3 and 5). */
  readonly charMin: number;
  readonly charMax: number;
  /** Largest word n-gram length (1 = unigrams, 2 = uni+bigrams). */
  readonly wordMax: number;
  /** Weight of the character group relative to the word group. */
  readonly charWeight: number;
  readonly wordWeight: number;
}

/** Default featurisation: 2^18 buckets, char 3–5-grams, word 1–2-grams. */
export const defaultFeatureOptions: FeatureOptions = Object.freeze({
  dimensions: 1 << 18,
  charMin: 3,
  charMax: 5,
  wordMax: 2,
  charWeight: 1,
  wordWeight: 1,
});

/** A sparse feature vector: parallel arrays of bucket indices and values, indices unique. */
export interface SparseVector {
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

const fnvOffset = 0x811c9dc5;
const fnvPrime = 0x01000193;
const charSeed = 0x9e3779b1;
const wordSeed = 0x85ebca6b;
const bigramSeed = 0xc2b2ae35;

/**
 * The normalised text the featuriser reads: NFKC, lower-cased, whitespace runs collapsed.
 *
 * @example
 * normalizeForFeatures('  Ｉｇｎｏｒｅ\n\nALL ') // 'ignore all'
 */
export function normalizeForFeatures(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** True for code units that are each a "word" of their own (CJK ideographs, kana, hangul). */
function isIdeographic(code: number): boolean {
  return (
    (code >= 0x3040 && code <= 0x30ff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xac00 && code <= 0xd7af) ||
    (code >= 0xf900 && code <= 0xfaff)
  );
}

/** True for code units that belong to a word (letters, digits, marks; not punctuation or space). */
function isWordUnit(code: number): boolean {
  if (code < 0x80) {
    return (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
  }
  if (code >= 0x2000 && code <= 0x206f) return false; // general punctuation
  if (code >= 0x3000 && code <= 0x303f) return false; // CJK punctuation
  if (code >= 0xff00 && code <= 0xff0f) return false; // full-width punctuation
  if (code === 0xa0 || code === 0xab || code === 0xbb || code === 0xbf || code === 0xa1) return false;
  return true;
}

/** Called once per n-gram occurrence: bucket index, sign (+1/-1), group (0 char, 1 word), start offset. */
export type FeatureVisitor = (index: number, sign: number, group: 0 | 1, position: number) => void;

/**
 * Visits every hashed n-gram occurrence of an already normalised text, in text order.
 * Returns the number of occurrences per group as `[char, word]`.
 *
 * @example
 * const counts = forEachFeature(normalizeForFeatures(text), defaultFeatureOptions, (index, sign) => { sum += weights[index] * sign; });
 */
export function forEachFeature(
  normalized: string,
  options: FeatureOptions,
  visit: FeatureVisitor,
): readonly [number, number] {
  const mask = options.dimensions - 1;
  const length = normalized.length;
  let charCount = 0;
  let wordCount = 0;
  // Character n-grams over the text padded with a space on both sides.
  const padded = ` ${normalized} `;
  const paddedLength = padded.length;
  for (let start = 0; start + options.charMin <= paddedLength; start += 1) {
    let hash = fnvOffset ^ charSeed;
    const last = Math.min(options.charMax, paddedLength - start);
    for (let offset = 0; offset < last; offset += 1) {
      hash = Math.imul(hash ^ padded.charCodeAt(start + offset), fnvPrime);
      if (offset + 1 >= options.charMin) {
        const mixed = Math.imul(hash ^ (hash >>> 15) ^ (offset + 1), 0x2c1b3c6d);
        visit(mixed & mask, mixed < 0 ? -1 : 1, 0, Math.max(0, start - 1));
        charCount += 1;
      }
    }
  }
  // Word unigrams (and bigrams of consecutive words). Ideographs are single-character words.
  let previousWord = 0;
  let havePrevious = false;
  let index = 0;
  while (index < length) {
    const code = normalized.charCodeAt(index);
    if (!isWordUnit(code)) {
      // punctuation other than space breaks bigram chains only at sentence marks
      if (code === 0x2e || code === 0x21 || code === 0x3f || code === 0x0a || code === 0x3002) havePrevious = false;
      index += 1;
      continue;
    }
    const start = index;
    let hash = fnvOffset ^ wordSeed;
    if (isIdeographic(code)) {
      hash = Math.imul(hash ^ code, fnvPrime);
      index += 1;
    } else {
      while (index < length) {
        const unit = normalized.charCodeAt(index);
        if (!isWordUnit(unit) || isIdeographic(unit)) break;
        hash = Math.imul(hash ^ unit, fnvPrime);
        index += 1;
      }
    }
    const unigram = Math.imul(hash ^ (hash >>> 13), 0x5bd1e995);
    visit(unigram & mask, unigram < 0 ? -1 : 1, 1, start);
    wordCount += 1;
    if (options.wordMax >= 2 && havePrevious) {
      const bigram = Math.imul((previousWord ^ bigramSeed) + Math.imul(unigram, 0x27d4eb2d), 0x165667b1);
      const finalBigram = bigram ^ (bigram >>> 16);
      visit(finalBigram & mask, finalBigram < 0 ? -1 : 1, 1, start);
      wordCount += 1;
    }
    previousWord = unigram;
    havePrevious = true;
  }
  return [charCount, wordCount];
}

/**
 * The merged sparse feature vector of a text (used for training and embeddings).
 *
 * @example
 * const vector = featurize('Ignore previous instructions', defaultFeatureOptions);
 */
export function featurize(text: string, options: FeatureOptions): SparseVector {
  const normalized = normalizeForFeatures(text);
  const charSums = new Map<number, number>();
  const wordSums = new Map<number, number>();
  const [charCount, wordCount] = forEachFeature(normalized, options, (index, sign, group) => {
    const target = group === 0 ? charSums : wordSums;
    target.set(index, (target.get(index) ?? 0) + sign);
  });
  const merged = new Map<number, number>();
  const charScale = charCount > 0 ? options.charWeight / Math.sqrt(charCount) : 0;
  const wordScale = wordCount > 0 ? options.wordWeight / Math.sqrt(wordCount) : 0;
  for (const [index, sum] of charSums) merged.set(index, sum * charScale);
  for (const [index, sum] of wordSums) merged.set(index, (merged.get(index) ?? 0) + sum * wordScale);
  const indices = new Int32Array(merged.size);
  const values = new Float32Array(merged.size);
  let position = 0;
  for (const [index, value] of [...merged].sort((left, right) => left[0] - right[0])) {
    indices[position] = index;
    values[position] = value;
    position += 1;
  }
  return { indices, values };
}
