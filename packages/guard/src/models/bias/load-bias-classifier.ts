import { createMemoryArtifactLoader } from '../shared/artifact-loader.js';
import { type LinearClassifier, loadLinearClassifier } from '../shared/linear-classifier.js';
import { embeddedArtifacts, embeddedManifest } from './embedded-artifacts.js';

const embeddedLoader = createMemoryArtifactLoader(embeddedArtifacts);

/**
 * Loads the shipped stereotyping (bias) classifier (bundled bytes, sha256-verified, cached).
 *
 * @example
 * const classifier = await loadBiasClassifier();
 * classifier.score('women are bad at math').probability
 */
export function loadBiasClassifier(): Promise<LinearClassifier> {
  return loadLinearClassifier(embeddedLoader, embeddedManifest, 'bias.bin');
}
