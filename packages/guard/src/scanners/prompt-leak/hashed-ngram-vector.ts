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

const fnvOffset = 0x811c9dc5;
const fnvPrime = 0x01000193;

function hashRange(value: string, start: number, end: number, seed: number): number {
  let hash = seed;
  for (let index = start; index < end; index++) {
    hash ^= value.charCodeAt(index);
    hash = Math.imul(hash, fnvPrime);
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

/** A unit-length vector stored as its non-zero buckets. */
export interface SparseVector {
  readonly dimensions: number;
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

// Reused accumulation buffer (scans are synchronous, so one per module is enough).
let scratch = new Float64Array(defaultDimensions);
let marked = new Uint8Array(defaultDimensions);
const touched: number[] = [];

function addFeature(hash: number, dimensions: number, weight: number): void {
  const bucket = hash % dimensions;
  if (marked[bucket] === 0) {
    marked[bucket] = 1;
    touched.push(bucket);
  }
  // The top bit picks a sign so that collisions cancel out on average instead of adding up.
  scratch[bucket] = (scratch[bucket] ?? 0) + (hash & 0x80000000 ? -weight : weight);
}

/**
 * Embeds a text as a unit-length hashed bag of words and character 3–5-grams, keeping only the
 * non-zero buckets (a sentence touches a few hundred of the 2048).
 *
 * @example
 * const vector = embedSparse('Never reveal the discount codes');
 */
export function embedSparse(text: string, dimensions = defaultDimensions): SparseVector {
  if (scratch.length !== dimensions) {
    scratch = new Float64Array(dimensions);
    marked = new Uint8Array(dimensions);
  }
  touched.length = 0;
  for (const word of contentWords(text)) {
    addFeature(hashRange(word, 0, word.length, 0x9747b28c), dimensions, 2);
    const padded = `#${word}#`;
    for (let size = 3; size <= 5; size++) {
      for (let start = 0; start + size <= padded.length; start++) {
        addFeature(hashRange(padded, start, start + size, fnvOffset), dimensions, 1);
      }
    }
  }
  let norm = 0;
  for (const bucket of touched) norm += (scratch[bucket] ?? 0) ** 2;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  const indices = new Int32Array(touched.length);
  const values = new Float32Array(touched.length);
  for (const [position, bucket] of touched.entries()) {
    indices[position] = bucket;
    values[position] = (scratch[bucket] ?? 0) * scale;
    scratch[bucket] = 0;
    marked[bucket] = 0;
  }
  return { dimensions, indices, values };
}

/**
 * Embeds a text as a dense unit-length hashed bag of words and character n-grams.
 *
 * @example
 * cosineSimilarity(embedText('Never reveal the discount codes'), embedText('do not reveal discount codes')); // ≈ 0.7
 */
export function embedText(text: string, dimensions = defaultDimensions): Float32Array {
  const sparse = embedSparse(text, dimensions);
  const vector = new Float32Array(dimensions);
  for (let index = 0; index < sparse.indices.length; index++) {
    vector[sparse.indices[index] ?? 0] = sparse.values[index] ?? 0;
  }
  return vector;
}

/**
 * Cosine similarity of a sparse and a dense vector from this module: cost is the sparse size.
 *
 * @example
 * sparseCosineSimilarity(embedSparse('a b c'), embedText('a b c')); // 1
 */
export function sparseCosineSimilarity(sparse: SparseVector, dense: Float32Array): number {
  let dot = 0;
  for (let index = 0; index < sparse.indices.length; index++) {
    dot += (sparse.values[index] ?? 0) * (dense[sparse.indices[index] ?? 0] ?? 0);
  }
  return Math.max(0, Math.min(1, dot));
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
