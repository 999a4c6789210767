import { describe, expect, it } from 'vitest';
import { createMemoryArtifactLoader, loadVerifiedArtifact, sha256Hex } from '../shared/artifact-loader.js';
import { embeddedArtifacts, embeddedManifest } from './embedded-artifacts.js';
import { loadBiasClassifier } from './load-bias-classifier.js';

describe('loadBiasClassifier', () => {
  it('loads the shipped model whose bytes match the manifest', async () => {
    const classifier = await loadBiasClassifier();
    expect(classifier.metadata.threshold).toBeGreaterThan(0);
    expect(classifier.score('women are naturally bad at math and too emotional to lead').probability).toBeGreaterThan(
      classifier.score('the meeting is at noon in room four').probability,
    );
    const loader = createMemoryArtifactLoader(embeddedArtifacts);
    const bytes = await loader.load('bias.bin');
    expect(await sha256Hex(bytes)).toBe(embeddedManifest.artifacts['bias.bin']?.sha256);
  });

  it('refuses tampered bytes', async () => {
    const bytes = await createMemoryArtifactLoader(embeddedArtifacts).load('bias.bin');
    const tampered = bytes.slice();
    tampered[tampered.length - 1] = (tampered[tampered.length - 1]! + 1) % 256;
    const loader = createMemoryArtifactLoader({ 'bias.bin': tampered });
    await expect(loadVerifiedArtifact(loader, embeddedManifest, 'bias.bin')).rejects.toMatchObject({
      code: 'model-integrity',
    });
  });
});
