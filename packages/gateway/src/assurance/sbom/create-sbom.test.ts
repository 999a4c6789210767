import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { describe, expect, it } from 'vitest';
import { createSbom } from './create-sbom.js';

const repositoryRoot = join(import.meta.dirname, '../../../../..');

describe('createSbom', () => {
  it('describes this installation and validates against the official CycloneDX 1.6 JSON schema', async () => {
    const json = createSbom({ root: repositoryRoot, timestamp: new Date('2026-01-01T00:00:00Z') });
    const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);
    expect(await validator.validate(json)).toBeNull();
    const bom = JSON.parse(json) as {
      specVersion: string;
      components: {
        name: string;
        group?: string;
        purl?: string;
        hashes?: { alg: string; content: string }[];
        licenses?: unknown[];
      }[];
    };
    expect(bom.specVersion).toBe('1.6');
    const broken = JSON.stringify({ ...JSON.parse(json), components: [{ type: 'not-a-type', name: 'x' }] });
    expect(await validator.validate(broken)).not.toBeNull();
    const zod = bom.components.find((component) => component.name === 'zod');
    expect(zod?.purl).toMatch(/^pkg:npm\/zod@4\./);
    expect(zod?.hashes?.[0]?.alg).toBe('SHA-512');
    expect(zod?.hashes?.[0]?.content).toMatch(/^[a-f0-9]{128}$/);
    expect(zod?.licenses?.length).toBeGreaterThan(0);
    const scoped = bom.components.find((component) => component.group === '@hono' && component.name === 'node-server');
    expect(scoped?.purl).toMatch(/^pkg:npm\/%40hono\/node-server@/);
  });

  it('lists model artifacts and datasets with sha256', async () => {
    const root = mkdtempSync(join(tmpdir(), 'palisade-sbom-'));
    writeFileSync(
      join(root, 'package-lock.json'),
      JSON.stringify({ name: 'demo', lockfileVersion: 3, packages: { '': { version: '1.0.0' } } }),
    );
    mkdirSync(join(root, 'models/injection'), { recursive: true });
    writeFileSync(join(root, 'models/injection/weights.bin'), 'weights');
    writeFileSync(
      join(root, 'models/injection/manifest.json'),
      JSON.stringify({ artifacts: [{ path: 'weights.bin', sha256: 'a'.repeat(64) }] }),
    );
    mkdirSync(join(root, 'data'), { recursive: true });
    writeFileSync(join(root, 'data/attacks.jsonl'), '{"text":"x"}\n');
    const json = createSbom({ root, modelDirectories: [join(root, 'models')], dataDirectories: [join(root, 'data')] });
    expect(await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(json)).toBeNull();
    const bom = JSON.parse(json) as {
      components: { type: string; name: string; hashes: { alg: string; content: string }[] }[];
    };
    const model = bom.components.find((component) => component.type === 'machine-learning-model');
    expect(model?.hashes[0]).toEqual({ alg: 'SHA-256', content: 'a'.repeat(64) });
    const data = bom.components.find((component) => component.type === 'data');
    expect(data?.name).toBe('data/attacks.jsonl');
    expect(data?.hashes[0]?.content).toMatch(/^[a-f0-9]{64}$/);
  });
});
