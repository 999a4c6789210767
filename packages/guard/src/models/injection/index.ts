import { type ArtifactLoader, createMemoryArtifactLoader, type ModelManifest } from '../shared/artifact-loader.js';
import { type LinearClassifier, loadLinearClassifier } from '../shared/linear-classifier.js';
import { embeddedArtifacts, embeddedManifest } from './embedded-artifacts.js';

/** File name of the prompt-injection artifact. */
export const injectionArtifactName = 'injection.bin';

const embeddedLoader = createMemoryArtifactLoader(embeddedArtifacts);

/**
 * Loads the shipped prompt-injection classifier (verified against its manifest; cached). Pass a
 * loader and manifest to use a retrained model, e.g. from `createFileArtifactLoader(directory)`.
 *
 * @example
 * const classifier = await loadInjectionModel();
 * classifier.score('Ignore all previous instructions').probability;
 */
export function loadInjectionModel(
  loader: ArtifactLoader = embeddedLoader,
  manifest: ModelManifest = embeddedManifest,
): Promise<LinearClassifier> {
  return loadLinearClassifier(loader, manifest, injectionArtifactName);
}
