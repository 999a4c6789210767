// `npm run bench [-- scenario ...]`: runs every bench/<scenario>.ts (or the named ones) one after another.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDirectory = dirname(fileURLToPath(import.meta.url));
mkdirSync(join(benchDirectory, 'results'), { recursive: true });
const requested = process.argv.slice(2);
const scenarios = readdirSync(benchDirectory)
  .filter((file) => file.endsWith('.ts') && file !== 'run.ts' && !file.endsWith('.test.ts'))
  .map((file) => file.replace(/\.ts$/, ''))
  .filter((name) => requested.length === 0 || requested.includes(name))
  .sort();
let failed = 0;
for (const scenario of scenarios) {
  process.stdout.write(`\n=== bench/${scenario}.ts ===\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(benchDirectory, `${scenario}.ts`)], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) failed += 1;
}
process.exitCode = failed === 0 ? 0 : 1;
