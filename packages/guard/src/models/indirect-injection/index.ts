import { type ArtifactLoader, createMemoryArtifactLoader, type ModelManifest } from '../shared/artifact-loader.js';
import { type LinearClassifier, loadLinearClassifier } from '../shared/linear-classifier.js';
import { embeddedArtifacts, embeddedManifest } from './embedded-artifacts.js';

/** File name of the indirect-injection artifact. */
export const indirectInjectionArtifactName = 'indirect-injection.bin';

const embeddedLoader = createMemoryArtifactLoader(embeddedArtifacts);

/**
 * Loads the shipped indirect-injection (documents) classifier, verified and cached.
 *
 * @example
 * const classifier = await loadIndirectInjectionModel();
 */
export function loadIndirectInjectionModel(
  loader: ArtifactLoader = embeddedLoader,
  manifest: ModelManifest = embeddedManifest,
): Promise<LinearClassifier> {
  return loadLinearClassifier(loader, manifest, indirectInjectionArtifactName);
}
