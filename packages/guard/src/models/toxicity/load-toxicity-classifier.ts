import { createMemoryArtifactLoader } from '../shared/artifact-loader.js';
import { type LinearClassifier, loadLinearClassifier } from '../shared/linear-classifier.js';
import { embeddedArtifacts, embeddedManifest } from './embedded-artifacts.js';

const embeddedLoader = createMemoryArtifactLoader(embeddedArtifacts);

/**
 * Loads the shipped toxicity classifier (bundled bytes, sha256-verified against the manifest, cached).
 *
 * @example
 * const classifier = await loadToxicityClassifier();
 * classifier.score('you are a worthless idiot').probability
 */
export function loadToxicityClassifier(): Promise<LinearClassifier> {
  return loadLinearClassifier(embeddedLoader, embeddedManifest, 'toxicity.bin');
}
