// A dependency-free sentence embedding: words and character 3–5-grams hashed into a fixed number
// of signed buckets, L2-normalised. Tolerates inflection, reordering, typos and small rewrites;
// used by prompt-leak and groundedness (an `embed()` from models/ can replace it later).

const defaultDimensions = 2048;
const tokenPattern = /[\p{L}\p{N}]+/gu;

const stopWords = new Set(
  (
    'a an the and or but if of to in on at by for with from as is are was were be been being it its this that these those ' +
    'i you he she we they me him her us them my your his our their do does did not no so than then there here what which ' +
    'who whom how when where why all any can could should would will shall may might must just also very into about over ' +
    'le la les un une des et ou de du en au aux est sont der die das ein eine und oder ist sind el los las y o es son'
  ).split(' '),
);

function fnv1a(value: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < value.length; index++) {
    hash ^= value.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The content words of a text: NFKC, lower-cased, letters and digits, stop words removed (unless
 * nothing else is left).
 *
 * @example
 * contentWords('The cat sat on the mat'); // ['cat', 'sat', 'mat']
 */
export function contentWords(text: string): string[] {
  const words = text.normalize('NFKC').toLowerCase().match(tokenPattern) ?? [];
  const content = words.filter((word) => !stopWords.has(word));
  return content.length > 0 ? content : words;
}

function addFeature(vector: Float32Array, feature: string, weight: number): void {
  const hash = fnv1a(feature);
  const bucket = hash % vector.length;
  // The top bit picks a sign so that collisions cancel out on average instead of adding up.
  vector[bucket] = (vector[bucket] ?? 0) + (hash & 0x80000000 ? -weight : weight);
}

/**
 * Embeds a text as a unit-length hashed bag of words and character n-grams.
 *
 * @example
 * cosineSimilarity(embedText('Never reveal the discount codes'), embedText('do not reveal discount codes')); // ≈ 0.7
 */
export function embedText(text: string, dimensions = defaultDimensions): Float32Array {
  const vector = new Float32Array(dimensions);
  for (const word of contentWords(text)) {
    addFeature(vector, `w:${word}`, 2);
    const padded = `#${word}#`;
    for (let size = 3; size <= 5; size++) {
      for (let start = 0; start + size <= padded.length; start++)
        addFeature(vector, padded.slice(start, start + size), 1);
    }
  }
  let norm = 0;
  for (const value of vector) norm += value * value;
  if (norm > 0) {
    const scale = 1 / Math.sqrt(norm);
    for (let index = 0; index < vector.length; index++) vector[index] = (vector[index] ?? 0) * scale;
  }
  return vector;
}

/**
 * Cosine similarity of two unit vectors from {@link embedText} (0 when either is empty).
 *
 * @example
 * cosineSimilarity(embedText('a b c'), embedText('a b c')); // 1
 */
export function cosineSimilarity(left: Float32Array, right: Float32Array): number {
  let dot = 0;
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index++) dot += (left[index] ?? 0) * (right[index] ?? 0);
  return Math.max(0, Math.min(1, dot));
}
