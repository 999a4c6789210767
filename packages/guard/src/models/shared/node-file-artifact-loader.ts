// Node-only: reads model artifacts from a folder. Never imported by core/edge code.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GuardError } from '../../errors.js';
import type { ArtifactLoader, ModelManifest } from './artifact-loader.js';

/**
 * Loads artifacts from a directory on disk (Node only).
 *
 * @example
 * const loader = createFileArtifactLoader('/opt/models/injection');
 */
export function createFileArtifactLoader(directory: string): ArtifactLoader {
  return {
    load: async (name) => {
      if (name.includes('/') || name.includes('\\') || name.startsWith('.')) {
        throw new GuardError('invalid-input', 'Artifact names must be plain file names.');
      }
      try {
        return new Uint8Array(await readFile(join(directory, name)));
      } catch (error) {
        throw new GuardError('model-unavailable', `Model artifact ${name} could not be read.`, {
          cause: error,
          details: { artifact: name },
        });
      }
    },
  };
}

/**
 * Reads `manifest.json` from a model directory (Node only).
 *
 * @example
 * const manifest = await readManifestFile('/opt/models/injection');
 */
export async function readManifestFile(directory: string): Promise<ModelManifest> {
  try {
    return JSON.parse(await readFile(join(directory, 'manifest.json'), 'utf8')) as ModelManifest;
  } catch (error) {
    throw new GuardError('model-unavailable', 'Model manifest.json could not be read.', { cause: error });
  }
}
