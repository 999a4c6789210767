import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readModelManifests } from '../sbom/create-sbom.js';
import { verifyInstallation } from './verify-installation.js';

function fixture() {
  const root = mkdtempSync(join(tmpdir(), 'palisade-verify-'));
  mkdirSync(join(root, 'models/toxicity'), { recursive: true });
  writeFileSync(join(root, 'models/toxicity/weights.bin'), 'good weights');
  const sha256 = createHash('sha256').update('good weights').digest('hex');
  writeFileSync(
    join(root, 'models/toxicity/manifest.json'),
    JSON.stringify({ artifacts: [{ path: 'weights.bin', sha256 }] }),
  );
  const lock = { packages: { '': {}, 'node_modules/left-pad': { version: '1.3.0', integrity: 'sha512-abc' } } };
  writeFileSync(join(root, 'package-lock.json'), JSON.stringify(lock));
  mkdirSync(join(root, 'node_modules/left-pad'), { recursive: true });
  writeFileSync(join(root, 'node_modules/left-pad/package.json'), JSON.stringify({ version: '1.3.0' }));
  writeFileSync(join(root, 'node_modules/.package-lock.json'), JSON.stringify(lock));
  return root;
}

describe('verifyInstallation', () => {
  it('passes an untouched installation', () => {
    const root = fixture();
    const report = verifyInstallation({ root, modelDirectories: [join(root, 'models')] });
    expect(report).toEqual({ modelsChecked: 1, packagesChecked: 1, problems: [] });
  });

  it('names a tampered model and a swapped package', () => {
    const root = fixture();
    writeFileSync(join(root, 'models/toxicity/weights.bin'), 'evil weights');
    writeFileSync(join(root, 'node_modules/left-pad/package.json'), JSON.stringify({ version: '1.3.1' }));
    const report = verifyInstallation({ root, modelDirectories: [join(root, 'models')] });
    expect(report.problems.map((problem) => problem.kind)).toEqual(['model-hash', 'package-version']);
    expect(report.problems[0]?.subject).toContain('weights.bin');
  });

  it('verifies the real repository', () => {
    const root = join(import.meta.dirname, '../../../../..');
    const report = verifyInstallation({ root });
    expect(report.problems).toEqual([]);
    expect(report.packagesChecked).toBeGreaterThan(50);
    expect(report.modelsChecked).toBeGreaterThanOrEqual(6);
  });
});

describe('verifyEmbeddedArtifacts', () => {
  it('finds the bundled copies of every shipped model identical to their manifests', async () => {
    const { verifyEmbeddedArtifacts } = await import('./verify-installation.js');
    const root = join(import.meta.dirname, '../../../../..');
    const models = join(root, 'packages/guard/src/models');
    expect(readModelManifests([models]).length).toBeGreaterThanOrEqual(6);
    expect(await verifyEmbeddedArtifacts([models])).toEqual([]);
  });

  it('reports an embedded artifact that differs from manifest.json', async () => {
    const { verifyEmbeddedArtifacts } = await import('./verify-installation.js');
    const root = fixture();
    writeFileSync(
      join(root, 'models/toxicity/embedded-artifacts.ts'),
      `export const embeddedArtifacts = { 'weights.bin': '${Buffer.from('evil weights').toString('base64')}' };\n`,
    );
    const problems = await verifyEmbeddedArtifacts([join(root, 'models')]);
    expect(problems.map((problem) => problem.kind)).toEqual(['model-embedded']);
  });
});
