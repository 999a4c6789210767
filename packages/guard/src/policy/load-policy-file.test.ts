import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../scanner/create-registry.js';
import { fixedScanner } from '../testing/fake-scanners.js';
import { loadPolicyFile } from './load-policy-file.js';

const registry = createRegistry([fixedScanner({ id: 'words' })]);

describe('loadPolicyFile', () => {
  it('loads a file and names it in errors', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'palisade-policy-'));
    const good = join(directory, 'good.yaml');
    const bad = join(directory, 'bad.yaml');
    writeFileSync(good, 'version: 1\nid: good\ninput:\n  scanners: [{ use: words }]\n');
    writeFileSync(bad, 'version: 1\nid: bad\nmode: loud\n');
    expect((await loadPolicyFile(good, registry)).id).toBe('good');
    await expect(loadPolicyFile(bad, registry)).rejects.toThrow(`${bad}:3:7: mode: expected`);
    await expect(loadPolicyFile(join(directory, 'missing.yaml'), registry)).rejects.toMatchObject({
      code: 'policy-invalid',
      message: expect.stringContaining('no such file'),
    });
  });
});
