import {
  defaultFeatureOptions,
  type FeatureOptions,
  forEachFeature,
  normalizeForFeatures,
} from '../../models/shared/hashed-features.js';

/** A text embedded for topic similarity: a sparse, L2-normalised vector. */
export interface TopicVector {
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

/**
 * Embeds texts for the topics scanner and compares them. The default is a local vector space of
 * hashed word 1–2-grams and character 3–5-grams (the shared featuriser), L2-normalised, compared by
 * cosine: lexical and sub-word overlap, no learned semantics, but deterministic, dependency-free and
 * a few microseconds per sentence. A learned sentence embedding can be plugged in behind the same
 * interface.
 */
export interface TopicVectorSpace {
  embed(text: string): TopicVector;
  similarity(left: TopicVector, right: TopicVector): number;
}

const topicFeatureOptions: FeatureOptions = {
  ...defaultFeatureOptions,
  charMin: 3,
  charMax: 5,
  wordMax: 2,
  wordWeight: 1.5,
};

/** Cosine of two L2-normalised sparse vectors with sorted indices (a linear merge). */
function sparseCosine(left: TopicVector, right: TopicVector): number {
  let sum = 0;
  let leftIndex = 0;
  let rightIndex = 0;
  while (leftIndex < left.indices.length && rightIndex < right.indices.length) {
    const leftBucket = left.indices[leftIndex]!;
    const rightBucket = right.indices[rightIndex]!;
    if (leftBucket === rightBucket) {
      sum += left.values[leftIndex]! * right.values[rightIndex]!;
      leftIndex += 1;
      rightIndex += 1;
    } else if (leftBucket < rightBucket) leftIndex += 1;
    else rightIndex += 1;
  }
  return Math.max(0, Math.min(1, sum));
}

// Function words carry no topic: two unrelated questions share "how do i … the …".
const stopwords = new Set(
  (
    'a an the and or but if of to in on at by for with from about as into over after before is are was were be been ' +
    'being am do does did have has had i me my we our you your he she it its they them their this that these those ' +
    'what which who whom how why when where can could should would will shall may might must not no yes so than too ' +
    'very just also there here some any all more most such own same other only then once please tell give want need ' +
    'know like get got let make up out off again'
  ).split(' '),
);

/** Lower-cases and drops function words (topic words are what is left). */
export function topicText(text: string): string {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '' && !stopwords.has(word))
    .join(' ');
}

/**
 * The default local topic vector space (hashed n-grams over content words, cosine). Vectors are
 * accumulated in a reused dense scratch array and read back sparse, so embedding a sentence
 * allocates only its own vector.
 *
 * @example
 * const space = createHashedTopicSpace();
 * space.similarity(space.embed('stock tips'), space.embed('which stocks should I buy')) // 0..1
 */
export function createHashedTopicSpace(options: FeatureOptions = topicFeatureOptions): TopicVectorSpace {
  // Reused dense scratch sums per feature group; only touched buckets are read back and reset.
  const charSums = new Float32Array(options.dimensions);
  const wordSums = new Float32Array(options.dimensions);
  const seen = new Uint8Array(options.dimensions);
  let touched = new Int32Array(1024);
  return {
    embed: (text) => {
      const normalized = normalizeForFeatures(topicText(text));
      let touchedCount = 0;
      const [charCount, wordCount] = forEachFeature(normalized, options, (index, sign, group) => {
        if (seen[index] === 0) {
          seen[index] = 1;
          if (touchedCount === touched.length) {
            const grown = new Int32Array(touched.length * 2);
            grown.set(touched);
            touched = grown;
          }
          touched[touchedCount] = index;
          touchedCount += 1;
        }
        if (group === 0) charSums[index]! += sign;
        else wordSums[index]! += sign;
      });
      const charScale = charCount > 0 ? options.charWeight / Math.sqrt(charCount) : 0;
      const wordScale = wordCount > 0 ? options.wordWeight / Math.sqrt(wordCount) : 0;
      const indices = touched.slice(0, touchedCount).sort();
      const values = new Float32Array(touchedCount);
      let squared = 0;
      for (let position = 0; position < touchedCount; position += 1) {
        const index = indices[position]!;
        const value = charSums[index]! * charScale + wordSums[index]! * wordScale;
        charSums[index] = 0;
        wordSums[index] = 0;
        seen[index] = 0;
        values[position] = value;
        squared += value * value;
      }
      const norm = Math.sqrt(squared);
      if (norm > 0) for (let position = 0; position < touchedCount; position += 1) values[position]! /= norm;
      return { indices, values };
    },
    similarity: sparseCosine,
  };
}

/**
 * A topic vector space over the shared sentence embedding (`models/embeddings`, 48-dimensional LSA
 * fitted on the prompt-injection corpus), loaded on demand. Dense vectors are stored as sparse
 * vectors over all dimensions so both spaces share one similarity.
 *
 * @example
 * const space = await createEmbeddingTopicSpace();
 */
export async function createEmbeddingTopicSpace(): Promise<TopicVectorSpace> {
  const { embed } = await import('../../models/embeddings/index.js');
  return {
    embed: (text) => {
      const values = embed(text);
      const indices = new Int32Array(values.length);
      for (let index = 0; index < indices.length; index += 1) indices[index] = index;
      return { indices, values };
    },
    similarity: sparseCosine,
  };
}
