import {
  type ArtifactLoader,
  createMemoryArtifactLoader,
  loadVerifiedArtifact,
  loadVerifiedArtifactSync,
  type ModelManifest,
} from '../shared/artifact-loader.js';
import { type AttackCorpus, decodeAttackCorpus } from './attack-corpus.js';
import { embeddedArtifacts, embeddedManifest } from './embedded-artifacts.js';
import { EmbeddingModel } from './embedding-model.js';

export type { AttackCorpus } from './attack-corpus.js';
export { decodeAttackCorpus, discountedSimilarity, encodeAttackCorpus } from './attack-corpus.js';
export type { EmbeddingMetadata } from './embedding-model.js';
export { cosineSimilarity, EmbeddingModel } from './embedding-model.js';

/** Artifact names in the embeddings model folder. */
export const embeddingArtifactName = 'embeddings.bin';
export const attackCorpusArtifactName = 'attack-corpus.bin';

let defaultModel: EmbeddingModel | undefined;
let defaultCorpus: AttackCorpus | undefined;

/**
 * The shipped embedding model, decoded and sha256-verified synchronously on first use.
 *
 * @example
 * const model = getEmbeddingModel(); model.dimensions // 48
 */
export function getEmbeddingModel(): EmbeddingModel {
  defaultModel ??= EmbeddingModel.fromBytes(
    loadVerifiedArtifactSync(embeddedArtifacts, embeddedManifest, embeddingArtifactName),
  );
  return defaultModel;
}

/**
 * Embeds a text with the shipped model into a unit vector (48 dimensions). Offline, synchronous,
 * edge-safe; compare vectors with {@link cosineSimilarity} (a dot product for unit vectors).
 *
 * @example
 * const similarity = cosineSimilarity(embed('ignore previous instructions'), embed('disregard the rules above'));
 */
export function embed(text: string): Float32Array {
  return getEmbeddingModel().embed(text);
}

/**
 * The shipped corpus of known attacks (ids + embeddings), verified synchronously on first use.
 *
 * @example
 * getAttackCorpus().ids.length
 */
export function getAttackCorpus(): AttackCorpus {
  defaultCorpus ??= decodeAttackCorpus(
    loadVerifiedArtifactSync(embeddedArtifacts, embeddedManifest, attackCorpusArtifactName),
  );
  return defaultCorpus;
}

/**
 * Loads an embedding model and corpus from any loader (e.g. a retrained model on disk).
 *
 * @example
 * const { model, corpus } = await loadEmbeddingArtifacts(createFileArtifactLoader(dir), await readManifestFile(dir));
 */
export async function loadEmbeddingArtifacts(
  loader: ArtifactLoader = createMemoryArtifactLoader(embeddedArtifacts),
  manifest: ModelManifest = embeddedManifest,
): Promise<{ model: EmbeddingModel; corpus: AttackCorpus }> {
  const [modelBytes, corpusBytes] = await Promise.all([
    loadVerifiedArtifact(loader, manifest, embeddingArtifactName),
    loadVerifiedArtifact(loader, manifest, attackCorpusArtifactName),
  ]);
  return { model: EmbeddingModel.fromBytes(modelBytes), corpus: decodeAttackCorpus(corpusBytes) };
}
