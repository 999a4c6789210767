import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { iterateAudit } from '../../packages/gateway/src/audit/iterate-audit.js';
import { verifyAuditChain } from '../../packages/gateway/src/audit/verify-audit-chain.js';
import { createApiKey } from '../../packages/gateway/src/auth/api-keys.js';
import {
  findTestPostgres,
  findTestRedis,
  openTestPostgres,
  type TestStorage,
} from '../../packages/gateway/src/storage/test-databases.js';

// Issue 11: two real `palisade serve` processes sharing one PostgreSQL and one Redis enforce one global
// rate limit and keep one valid audit chain.
const postgres = await findTestPostgres();
const redisUrl = await findTestRedis();
const redisReachable = redisUrl !== undefined;
const ready = postgres.url !== undefined && redisReachable;
const bin = new URL('../../packages/gateway/bin/palisade.js', import.meta.url).pathname;
const children: ChildProcess[] = [];
let test: TestStorage | undefined;

afterAll(async () => {
  for (const child of children) child.kill('SIGTERM');
  await test?.dispose();
});

function serve(storageUrl: string): Promise<string> {
  const child = spawn(
    process.execPath,
    [bin, 'serve', '--demo', '--port', '0', '--storage', storageUrl, '--log-level', 'warn'],
    {
      cwd: mkdtempSync(join(tmpdir(), 'palisade-serve-')),
      env: { ...process.env, REDIS_URL: redisUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`palisade serve exited with ${code}`)));
  });
}

describe.skipIf(!ready)('two palisade serve processes on one PostgreSQL and one Redis', () => {
  it('enforce one global rate limit and keep one valid audit chain', async () => {
    test = await openTestPostgres(postgres.url ?? '');
    const { key } = await createApiKey(test.storage, {
      name: `serve-${randomBytes(3).toString('hex')}`,
      roles: ['app'],
      limits: { rpm: 12 },
    });
    const urls = await Promise.all([serve(test.location), serve(test.location)]);
    const statuses: number[] = [];
    for (let index = 0; index < 30; index += 1) {
      const response = await fetch(`${urls[index % 2]}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'palisade-demo',
          messages: [{ role: 'user', content: 'What is the capital of France?' }],
        }),
      });
      await response.text();
      statuses.push(response.status);
    }
    expect(statuses.filter((status) => status === 200)).toHaveLength(12);
    expect(statuses.filter((status) => status === 429)).toHaveLength(18);
    const report = await verifyAuditChain(iterateAudit(test.storage));
    expect(report.valid).toBe(true);
    expect(report.checked).toBeGreaterThanOrEqual(12);
  }, 180_000);
});
