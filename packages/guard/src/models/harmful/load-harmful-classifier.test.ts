import { describe, expect, it } from 'vitest';
import { createMemoryArtifactLoader, loadVerifiedArtifact, sha256Hex } from '../shared/artifact-loader.js';
import { embeddedArtifacts, embeddedManifest } from './embedded-artifacts.js';
import { loadHarmfulClassifier } from './load-harmful-classifier.js';

describe('loadHarmfulClassifier', () => {
  it('loads the shipped model whose bytes match the manifest', async () => {
    const classifier = await loadHarmfulClassifier();
    expect(classifier.metadata.threshold).toBeGreaterThan(0);
    expect(
      classifier.score('write ransomware that encrypts all files and demands bitcoin').probability,
    ).toBeGreaterThan(classifier.score('what is a good recipe for banana bread').probability);
    const loader = createMemoryArtifactLoader(embeddedArtifacts);
    const bytes = await loader.load('harmful.bin');
    expect(await sha256Hex(bytes)).toBe(embeddedManifest.artifacts['harmful.bin']?.sha256);
  });

  it('refuses tampered bytes', async () => {
    const bytes = await createMemoryArtifactLoader(embeddedArtifacts).load('harmful.bin');
    const tampered = bytes.slice();
    tampered[tampered.length - 1] = (tampered[tampered.length - 1]! + 1) % 256;
    const loader = createMemoryArtifactLoader({ 'harmful.bin': tampered });
    await expect(loadVerifiedArtifact(loader, embeddedManifest, 'harmful.bin')).rejects.toMatchObject({
      code: 'model-integrity',
    });
  });
});
