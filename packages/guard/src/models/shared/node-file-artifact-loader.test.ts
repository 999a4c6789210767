import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isGuardError } from '../../errors.js';
import { sha256Hex } from './artifact-loader.js';
import { defaultFeatureOptions } from './hashed-features.js';
import { LinearClassifier, loadLinearClassifier } from './linear-classifier.js';
import { createFileArtifactLoader, readManifestFile } from './node-file-artifact-loader.js';

describe('file artifact loader', () => {
  it('loads a model from disk and refuses a tampered file', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'palisade-model-'));
    const features = { ...defaultFeatureOptions, dimensions: 1 << 10 };
    const bytes = new LinearClassifier(new Float32Array(features.dimensions).fill(0.01), {
      features,
      bias: 0,
      calibration: { method: 'sigmoid' },
      windowSize: 512,
      threshold: 0.5,
    }).toBytes();
    writeFileSync(join(directory, 'model.bin'), bytes);
    writeFileSync(
      join(directory, 'manifest.json'),
      JSON.stringify({
        model: 'm',
        version: '1',
        artifacts: { 'model.bin': { sha256: await sha256Hex(bytes), bytes: bytes.length } },
      }),
    );
    const manifest = await readManifestFile(directory);
    const classifier = await loadLinearClassifier(createFileArtifactLoader(directory), manifest, 'model.bin');
    expect(classifier.metadata.threshold).toBe(0.5);

    const tampered = bytes.slice();
    tampered[20] = tampered[20]! ^ 0xff;
    writeFileSync(join(directory, 'model.bin'), tampered);
    const error = await loadLinearClassifier(createFileArtifactLoader(directory), manifest, 'model.bin').catch(
      (caught: unknown) => caught,
    );
    expect(isGuardError(error) && error.code).toBe('model-integrity');

    await expect(createFileArtifactLoader(directory).load('../escape.bin')).rejects.toThrow(/plain file names/);
    const missing = await createFileArtifactLoader(directory)
      .load('missing.bin')
      .catch((caught: unknown) => caught);
    expect(isGuardError(missing) && missing.code).toBe('model-unavailable');
    await expect(readManifestFile(join(directory, 'nope'))).rejects.toThrow(/manifest/);
  });
});
