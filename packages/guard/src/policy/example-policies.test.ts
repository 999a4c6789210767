import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../scanner/create-registry.js';
import { builtinScanners } from '../scanners/builtin-scanners.js';
import { fixedScanner, referenceScannerIds } from '../testing/fake-scanners.js';
import { defaultPolicyYaml } from './default-policy.js';
import { loadPolicy } from './load-policy.js';

// The real built-in scanners (their stages and config schemas apply), plus stand-ins for ids not built yet.
const builtinIds = new Set(builtinScanners.map((definition) => definition.id));
const registry = createRegistry([
  ...builtinScanners,
  ...[...referenceScannerIds, 'urls', 'keywords', 'regex', 'json-schema', 'code']
    .filter((id) => !builtinIds.has(id))
    .map((id) => fixedScanner({ id })),
]);
const directory = fileURLToPath(new URL('../../../../examples/policies/', import.meta.url));

describe('examples/policies', () => {
  const files = readdirSync(directory).filter((file) => file.endsWith('.yaml'));

  it('has examples', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });

  for (const file of files) {
    it(`${file} loads`, async () => {
      const policy = await loadPolicy(readFileSync(`${directory}${file}`, 'utf8'), { file, registry });
      expect(`${policy.id}.yaml`).toBe(file);
    });
  }

  it('default.yaml is the policy `palisade init` writes', () => {
    expect(readFileSync(`${directory}default.yaml`, 'utf8')).toBe(defaultPolicyYaml);
  });
});
