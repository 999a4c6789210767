import { describe, expect, it } from 'vitest';
import { createMemoryArtifactLoader, loadVerifiedArtifact, sha256Hex } from '../shared/artifact-loader.js';
import { embeddedArtifacts, embeddedManifest } from './embedded-artifacts.js';
import { loadToxicityClassifier } from './load-toxicity-classifier.js';

describe('loadToxicityClassifier', () => {
  it('loads the shipped model whose bytes match the manifest', async () => {
    const classifier = await loadToxicityClassifier();
    expect(classifier.metadata.threshold).toBeGreaterThan(0);
    expect(classifier.score('you are a worthless idiot').probability).toBeGreaterThan(
      classifier.score('thank you for the lovely dinner').probability,
    );
    const loader = createMemoryArtifactLoader(embeddedArtifacts);
    const bytes = await loader.load('toxicity.bin');
    expect(await sha256Hex(bytes)).toBe(embeddedManifest.artifacts['toxicity.bin']?.sha256);
  });

  it('refuses tampered bytes', async () => {
    const bytes = await createMemoryArtifactLoader(embeddedArtifacts).load('toxicity.bin');
    const tampered = bytes.slice();
    tampered[tampered.length - 1] = (tampered[tampered.length - 1]! + 1) % 256;
    const loader = createMemoryArtifactLoader({ 'toxicity.bin': tampered });
    await expect(loadVerifiedArtifact(loader, embeddedManifest, 'toxicity.bin')).rejects.toMatchObject({
      code: 'model-integrity',
    });
  });
});
