import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { iterateAudit } from '../audit/iterate-audit.js';
import { verifyAuditChain } from '../audit/verify-audit-chain.js';
import { findTestPostgres, findTestRedis, openTestPostgres, type TestStorage } from '../storage/test-databases.js';
import { createApiKey } from './api-keys.js';

const postgres = await findTestPostgres();
const redisUrl = await findTestRedis();
const redisReachable = redisUrl !== undefined;
const ready = postgres.url !== undefined && redisReachable;
const reason = postgres.url === undefined ? postgres.skipReason : 'Redis at PALISADE_TEST_REDIS_URL is unreachable';

const worker = fileURLToPath(new URL('./access-server-worker.ts', import.meta.url));
const children: ChildProcess[] = [];
let test: TestStorage | undefined;

afterAll(async () => {
  for (const child of children) child.kill('SIGTERM');
  await test?.dispose();
});

function start(storageUrl: string, instance: string): Promise<number> {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', worker, storageUrl, redisUrl!, instance],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split('\n')[0];
      if (buffered.includes('\n') && line !== undefined) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`worker ${instance} exited with ${code}`)));
  });
}

describe.skipIf(!ready)(
  `scale-out: two gateway processes on one PostgreSQL and one Redis${ready ? '' : ` (skipped: ${reason})`}`,
  () => {
    it('enforce one global rate limit and keep one valid audit chain', async () => {
      test = await openTestPostgres(postgres.url!);
      // A unique key per run, so Redis buckets from earlier runs never interfere.
      const { key } = await createApiKey(test.storage, {
        name: `scale-${randomBytes(3).toString('hex')}`,
        roles: ['app'],
        limits: { rpm: 12 },
      });
      const ports = await Promise.all([start(test.location, 'one'), start(test.location, 'two')]);
      // Alternate the two processes one request at a time: concurrent requests could all be admitted by
      // whichever worker answers first, and the test must show both sharing one limit.
      const responses: Response[] = [];
      for (let index = 0; index < 30; index += 1) {
        responses.push(
          await fetch(`http://127.0.0.1:${ports[index % 2]}/v1/chat/completions`, {
            method: 'POST',
            headers: { authorization: `Bearer ${key}` },
          }),
        );
      }
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(12);
      expect(statuses.filter((status) => status === 429)).toHaveLength(18);
      const served = await Promise.all(
        responses.filter((response) => response.status === 200).map((response) => response.json()),
      );
      expect(new Set(served.map((body) => (body as { instance: string }).instance))).toEqual(new Set(['one', 'two']));
      const report = await verifyAuditChain(iterateAudit(test.storage));
      expect(report).toMatchObject({ valid: true, checked: 12 });
      const instances = new Set<unknown>();
      for await (const event of iterateAudit(test.storage)) instances.add(event.details?.['model']);
      expect(instances).toEqual(new Set(['one', 'two']));
    }, 60_000);
  },
);
