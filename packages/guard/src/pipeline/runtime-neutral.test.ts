import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The pipeline, policy and redaction core must run on edge runtimes: no `node:` imports, no console,
// no process.exit. Node-only helpers live in clearly named files.
const nodeOnly = new Set(['policy/load-policy-file.ts', 'policy/write-policy-schema.ts']);
const root = fileURLToPath(new URL('../', import.meta.url));

describe('runtime-neutral core', () => {
  for (const folder of ['pipeline', 'policy', 'redact', 'testing']) {
    const files = readdirSync(`${root}${folder}`).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));
    for (const file of files) {
      const path = `${folder}/${file}`;
      if (nodeOnly.has(path)) continue;
      it(`${path} imports no node: modules and never logs or exits`, () => {
        const source = readFileSync(`${root}${path}`, 'utf8');
        expect(source).not.toMatch(/from ['"]node:/);
        expect(source).not.toMatch(/\bconsole\./);
        expect(source).not.toMatch(/process\.exit/);
      });
    }
  }
});
