import { GuardError } from '../../errors.js';
import { type ArtifactLoader, loadVerifiedArtifact, type ModelManifest } from './artifact-loader.js';
import { type Calibration, calibrate } from './calibration.js';
import { type FeatureOptions, forEachFeature, normalizeForFeatures } from './hashed-features.js';
import { decodeTensorArtifact, encodeTensorArtifact } from './tensor-artifact.js';

/** Header metadata of a `linear-classifier` artifact. */
export interface LinearClassifierMetadata {
  readonly features: FeatureOptions;
  readonly bias: number;
  readonly calibration: Calibration;
  /** Texts longer than `windowSize` normalised chars are scored as overlapping windows (max wins). */
  readonly windowSize: number;
  /** Suggested decision threshold on the calibrated probability. */
  readonly threshold: number;
  readonly [key: string]: unknown;
}

/** The score of one text: calibrated probability, raw margin and the best window (normalised offsets). */
export interface ClassifierScore {
  readonly probability: number;
  readonly margin: number;
  /** Offsets of the highest-scoring window in the normalised text. */
  readonly windowStart: number;
  readonly windowEnd: number;
  /** True when the normalised text has the same length as the input (window offsets are then exact). */
  readonly offsetsExact: boolean;
}

/**
 * A hashed n-gram logistic-regression classifier. Scoring is one linear pass over the text with no
 * allocation per n-gram; long texts are scored as half-overlapping windows and the maximum wins, so
 * an attack buried in a long document is not diluted by the benign text around it.
 *
 * @example
 * const classifier = LinearClassifier.fromBytes(bytes);
 * classifier.score('Ignore all previous instructions').probability // ≈ 0.99
 */
export class LinearClassifier {
  readonly metadata: LinearClassifierMetadata;
  readonly weights: Float32Array;

  constructor(weights: Float32Array, metadata: LinearClassifierMetadata) {
    if (weights.length !== metadata.features.dimensions) {
      throw new GuardError('model-integrity', 'Classifier weights do not match the declared feature dimensions.');
    }
    this.weights = weights;
    this.metadata = metadata;
  }

  /** Decodes a `linear-classifier` artifact. */
  static fromBytes(bytes: Uint8Array): LinearClassifier {
    const artifact = decodeTensorArtifact(bytes);
    const weights = artifact.tensors.get('weights');
    if (artifact.kind !== 'linear-classifier' || weights === undefined) {
      throw new GuardError('model-integrity', 'Artifact is not a linear classifier.');
    }
    return new LinearClassifier(weights, artifact.metadata as LinearClassifierMetadata);
  }

  /** Encodes this classifier (weights int8-quantised). */
  toBytes(): Uint8Array {
    return encodeTensorArtifact('linear-classifier', { ...this.metadata }, [
      { name: 'weights', data: this.weights, dtype: 'int8' },
    ]);
  }

  /** Calibrated probability of a raw margin. */
  probability(margin: number): number {
    return calibrate(margin, this.metadata.calibration);
  }

  /** Raw margin of the whole text as one window (the quantity the model was trained on). */
  margin(text: string): number {
    return this.marginOfNormalized(normalizeForFeatures(text));
  }

  private marginOfNormalized(normalized: string): number {
    const weights = this.weights;
    let charSum = 0;
    let wordSum = 0;
    const [charCount, wordCount] = forEachFeature(normalized, this.metadata.features, (index, sign, group) => {
      if (group === 0) charSum += weights[index]! * sign;
      else wordSum += weights[index]! * sign;
    });
    const { charWeight, wordWeight } = this.metadata.features;
    return (
      this.metadata.bias +
      (charCount > 0 ? (charSum * charWeight) / Math.sqrt(charCount) : 0) +
      (wordCount > 0 ? (wordSum * wordWeight) / Math.sqrt(wordCount) : 0)
    );
  }

  /**
   * Scores a text: whole text when short, else the maximum over half-overlapping windows.
   * Runs in linear time and constant memory per block.
   */
  score(text: string): ClassifierScore {
    const normalized = normalizeForFeatures(text);
    const offsetsExact = normalized.length === text.length;
    const windowSize = Math.max(64, this.metadata.windowSize);
    if (normalized.length <= windowSize) {
      const margin = this.marginOfNormalized(normalized);
      return {
        probability: this.probability(margin),
        margin,
        windowStart: 0,
        windowEnd: normalized.length,
        offsetsExact,
      };
    }
    const blockSize = Math.ceil(windowSize / 2);
    const blockCount = Math.ceil(normalized.length / blockSize);
    const charSums = new Float64Array(blockCount);
    const wordSums = new Float64Array(blockCount);
    const charCounts = new Int32Array(blockCount);
    const wordCounts = new Int32Array(blockCount);
    const weights = this.weights;
    forEachFeature(normalized, this.metadata.features, (index, sign, group, position) => {
      const block = Math.min(blockCount - 1, Math.floor(position / blockSize));
      if (group === 0) {
        charSums[block]! += weights[index]! * sign;
        charCounts[block]! += 1;
      } else {
        wordSums[block]! += weights[index]! * sign;
        wordCounts[block]! += 1;
      }
    });
    const { charWeight, wordWeight } = this.metadata.features;
    let bestMargin = Number.NEGATIVE_INFINITY;
    let bestBlock = 0;
    for (let block = 0; block + 1 < blockCount; block += 1) {
      const charCount = charCounts[block]! + charCounts[block + 1]!;
      const wordCount = wordCounts[block]! + wordCounts[block + 1]!;
      const margin =
        this.metadata.bias +
        (charCount > 0 ? ((charSums[block]! + charSums[block + 1]!) * charWeight) / Math.sqrt(charCount) : 0) +
        (wordCount > 0 ? ((wordSums[block]! + wordSums[block + 1]!) * wordWeight) / Math.sqrt(wordCount) : 0);
      if (margin > bestMargin) {
        bestMargin = margin;
        bestBlock = block;
      }
    }
    return {
      probability: this.probability(bestMargin),
      margin: bestMargin,
      windowStart: bestBlock * blockSize,
      windowEnd: Math.min(normalized.length, (bestBlock + 2) * blockSize),
      offsetsExact,
    };
  }
}

const classifierCache = new WeakMap<ArtifactLoader, Map<string, Promise<LinearClassifier>>>();

/**
 * Loads (once per loader, artifact name and hash) a verified linear classifier.
 *
 * @example
 * const classifier = await loadLinearClassifier(loader, manifest, 'injection.bin');
 */
export function loadLinearClassifier(
  loader: ArtifactLoader,
  manifest: ModelManifest,
  name: string,
): Promise<LinearClassifier> {
  let byName = classifierCache.get(loader);
  if (byName === undefined) {
    byName = new Map();
    classifierCache.set(loader, byName);
  }
  const key = `${name}@${manifest.artifacts[name]?.sha256 ?? ''}`;
  const cached = byName.get(key);
  if (cached !== undefined) return cached;
  const loading = loadVerifiedArtifact(loader, manifest, name).then((bytes) => LinearClassifier.fromBytes(bytes));
  // A failed load is not cached, so a fixed file can be retried.
  loading.catch(() => byName.delete(key));
  byName.set(key, loading);
  return loading;
}
