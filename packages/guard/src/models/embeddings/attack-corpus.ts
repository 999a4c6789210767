import { GuardError } from '../../errors.js';
import type { Calibration } from '../shared/calibration.js';
import { decodeTensorArtifact, encodeTensorArtifact } from '../shared/tensor-artifact.js';

/** The shipped corpus of known attacks: ids and their embeddings, plus the similarity calibration. */
export interface AttackCorpus {
  readonly ids: readonly string[];
  /** Row-major `ids.length × dimensions` unit vectors. */
  readonly vectors: Float32Array;
  readonly dimensions: number;
  /** Maps the best cosine similarity to a calibrated probability. */
  readonly calibration: Calibration;
  /** Suggested threshold on the calibrated score. */
  readonly threshold: number;
  /** Queries with less embedding energy than this get proportionally lower similarity. */
  readonly minimumEnergy: number;
}

/**
 * Encodes a corpus (vectors int8-quantised).
 *
 * @example
 * const bytes = encodeAttackCorpus(corpus);
 */
export function encodeAttackCorpus(corpus: AttackCorpus): Uint8Array {
  return encodeTensorArtifact(
    'attack-corpus',
    {
      ids: corpus.ids,
      dimensions: corpus.dimensions,
      calibration: corpus.calibration,
      threshold: corpus.threshold,
      minimumEnergy: corpus.minimumEnergy,
    },
    [{ name: 'vectors', data: corpus.vectors, dtype: 'int8' }],
  );
}

/**
 * Decodes a corpus artifact.
 *
 * @example
 * const corpus = decodeAttackCorpus(bytes);
 */
export function decodeAttackCorpus(bytes: Uint8Array): AttackCorpus {
  const artifact = decodeTensorArtifact(bytes);
  const vectors = artifact.tensors.get('vectors');
  const ids = artifact.metadata['ids'];
  const dimensions = artifact.metadata['dimensions'];
  if (
    artifact.kind !== 'attack-corpus' ||
    vectors === undefined ||
    !Array.isArray(ids) ||
    typeof dimensions !== 'number'
  ) {
    throw new GuardError('model-integrity', 'Artifact is not an attack corpus.');
  }
  if (vectors.length !== ids.length * dimensions)
    throw new GuardError('model-integrity', 'Attack corpus shape mismatch.');
  return {
    ids: ids as string[],
    vectors,
    dimensions,
    calibration: artifact.metadata['calibration'] as Calibration,
    threshold: artifact.metadata['threshold'] as number,
    minimumEnergy: (artifact.metadata['minimumEnergy'] as number | undefined) ?? 0,
  };
}

/**
 * Similarity discounted for low-energy queries (texts the embedding space barely covers).
 *
 * @example
 * discountedSimilarity(0.9, 0.05, 0.1) // 0.45
 */
export function discountedSimilarity(cosine: number, energy: number, minimumEnergy: number): number {
  if (minimumEnergy <= 0 || energy >= minimumEnergy) return cosine;
  return cosine * (energy / minimumEnergy);
}
