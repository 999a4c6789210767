import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The output-rail scanners must run on edge runtimes: no `node:` imports, no console, no
// process.exit. The only Node-only file is the test-support fixture reader.
const nodeOnly = new Set(['urls/read-fixture-rows.ts']);
const root = fileURLToPath(new URL('../', import.meta.url));

describe('output-rail scanners are runtime-neutral', () => {
  for (const folder of ['prompt-leak', 'exfiltration', 'json-schema', 'refusal', 'groundedness', 'urls', 'code']) {
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
