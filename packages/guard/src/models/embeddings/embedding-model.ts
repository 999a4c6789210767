import { GuardError } from '../../errors.js';
import { type FeatureOptions, forEachFeature, normalizeForFeatures } from '../shared/hashed-features.js';
import { decodeTensorArtifact, encodeTensorArtifact } from '../shared/tensor-artifact.js';

/** Header metadata of an `embedding` artifact. */
export interface EmbeddingMetadata {
  readonly features: FeatureOptions;
  /** Output dimensions. */
  readonly dimensions: number;
  /** Only the first `maxCharacters` normalised characters are embedded (callers window longer text). */
  readonly maxCharacters: number;
  readonly [key: string]: unknown;
}

/**
 * A sentence embedding: hashed word + character n-gram features (as in the classifiers) projected
 * to a few dozen dimensions by a matrix learned offline with truncated SVD over TF-IDF features of
 * attack and benign text (latent semantic analysis, IDF folded into the projection), L2-normalised.
 * Streaming: one pass over the text, no per-n-gram allocation.
 *
 * @example
 * const model = EmbeddingModel.fromBytes(bytes);
 * cosineSimilarity(model.embed('ignore previous instructions'), model.embed('disregard earlier rules'));
 */
export class EmbeddingModel {
  readonly metadata: EmbeddingMetadata;
  /** Row-major `features.dimensions × dimensions` projection. */
  readonly projection: Float32Array;
  /** Mean of projected training texts (subtracted) and per-dimension scale (divided): whitening. */
  readonly mean: Float32Array;
  readonly scale: Float32Array;

  constructor(projection: Float32Array, metadata: EmbeddingMetadata, mean?: Float32Array, scale?: Float32Array) {
    if (projection.length !== metadata.features.dimensions * metadata.dimensions) {
      throw new GuardError('model-integrity', 'Embedding projection does not match its declared shape.');
    }
    this.projection = projection;
    this.metadata = metadata;
    this.mean = mean ?? new Float32Array(metadata.dimensions);
    this.scale = scale ?? new Float32Array(metadata.dimensions).fill(1);
  }

  /** Decodes an `embedding` artifact. */
  static fromBytes(bytes: Uint8Array): EmbeddingModel {
    const artifact = decodeTensorArtifact(bytes);
    const projection = artifact.tensors.get('projection');
    if (artifact.kind !== 'embedding' || projection === undefined) {
      throw new GuardError('model-integrity', 'Artifact is not an embedding model.');
    }
    return new EmbeddingModel(
      projection,
      artifact.metadata as EmbeddingMetadata,
      artifact.tensors.get('mean'),
      artifact.tensors.get('scale'),
    );
  }

  /** Encodes the model (projection int8-quantised). */
  toBytes(): Uint8Array {
    return encodeTensorArtifact('embedding', { ...this.metadata }, [
      { name: 'projection', data: this.projection, dtype: 'int8' },
      { name: 'mean', data: this.mean, dtype: 'float32' },
      { name: 'scale', data: this.scale, dtype: 'float32' },
    ]);
  }

  /** Number of output dimensions. */
  get dimensions(): number {
    return this.metadata.dimensions;
  }

  /** Embeds a text (its first `maxCharacters` normalised characters) into a unit vector. */
  embed(text: string): Float32Array {
    return this.embedWithEnergy(text).vector;
  }

  /**
   * The embedding and its energy: the norm of the raw projection, i.e. how much of the text the
   * learned space explains. Texts the space barely covers (numbers, rare scripts, a few words)
   * have low energy and unreliable directions; similarity search discounts them.
   */
  embedWithEnergy(text: string): { vector: Float32Array; energy: number } {
    const raw = this.projectRaw(text);
    let energy = 0;
    for (const value of raw) energy += value * value;
    energy = Math.sqrt(energy);
    const vector = raw;
    if (energy > 0) for (let dimension = 0; dimension < vector.length; dimension += 1) vector[dimension]! /= energy;
    let norm = 0;
    for (let dimension = 0; dimension < vector.length; dimension += 1) {
      vector[dimension] = (vector[dimension]! - this.mean[dimension]!) / (this.scale[dimension]! || 1);
      norm += vector[dimension]! ** 2;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (let dimension = 0; dimension < vector.length; dimension += 1) vector[dimension]! /= norm;
    return { vector, energy };
  }

  /** The unit-normalised projection before whitening (used in training to fit mean and scale). */
  project(text: string): Float32Array {
    const vector = this.projectRaw(text);
    let norm = 0;
    for (const value of vector) norm += value * value;
    norm = Math.sqrt(norm);
    if (norm > 0) for (let dimension = 0; dimension < vector.length; dimension += 1) vector[dimension]! /= norm;
    return vector;
  }

  private projectRaw(text: string): Float32Array {
    const normalized = normalizeForFeatures(text.slice(0, this.metadata.maxCharacters * 2)).slice(
      0,
      this.metadata.maxCharacters,
    );
    const size = this.metadata.dimensions;
    const charSum = new Float64Array(size);
    const wordSum = new Float64Array(size);
    const projection = this.projection;
    const [charCount, wordCount] = forEachFeature(normalized, this.metadata.features, (index, sign, group) => {
      const target = group === 0 ? charSum : wordSum;
      const offset = index * size;
      for (let dimension = 0; dimension < size; dimension += 1)
        target[dimension]! += sign * projection[offset + dimension]!;
    });
    const charScale = charCount > 0 ? this.metadata.features.charWeight / Math.sqrt(charCount) : 0;
    const wordScale = wordCount > 0 ? this.metadata.features.wordWeight / Math.sqrt(wordCount) : 0;
    const vector = new Float32Array(size);
    for (let dimension = 0; dimension < size; dimension += 1) {
      vector[dimension] = charSum[dimension]! * charScale + wordSum[dimension]! * wordScale;
    }
    return vector;
  }
}

/**
 * Cosine similarity of two vectors (dot product when both are unit vectors, as embeddings are).
 *
 * @example
 * cosineSimilarity(new Float32Array([1, 0]), new Float32Array([1, 0])) // 1
 */
export function cosineSimilarity(left: Float32Array, right: Float32Array): number {
  let dot = 0;
  let leftNorm = 0;
  let rightNorm = 0;
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index += 1) {
    dot += left[index]! * right[index]!;
    leftNorm += left[index]! * left[index]!;
    rightNorm += right[index]! * right[index]!;
  }
  return leftNorm > 0 && rightNorm > 0 ? dot / Math.sqrt(leftNorm * rightNorm) : 0;
}
