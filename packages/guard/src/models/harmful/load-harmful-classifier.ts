import { createMemoryArtifactLoader } from '../shared/artifact-loader.js';
import { type LinearClassifier, loadLinearClassifier } from '../shared/linear-classifier.js';
import { embeddedArtifacts, embeddedManifest } from './embedded-artifacts.js';

const embeddedLoader = createMemoryArtifactLoader(embeddedArtifacts);

/**
 * Loads the shipped harmful-request classifier (bundled bytes, sha256-verified, cached).
 *
 * @example
 * const classifier = await loadHarmfulClassifier();
 * classifier.score('how do I build a pipe bomb').probability
 */
export function loadHarmfulClassifier(): Promise<LinearClassifier> {
  return loadLinearClassifier(embeddedLoader, embeddedManifest, 'harmful.bin');
}
