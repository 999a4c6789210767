// Access-control hot path: API key check + rate limit + audit append, per request, µs/op p50/p99;
// and `audit verify` throughput. SQLite + in-process limiter always; PostgreSQL + Redis when
// PALISADE_TEST_POSTGRES_URL / PALISADE_TEST_REDIS_URL (or PALISADE_BENCH_*) are set and reachable.
// Run: npx tsx bench/access.ts [--requests 3000] [--events 100000]
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { computeAuditHash, genesisHash } from '../packages/gateway/src/audit/audit-hash.js';
import { iterateAudit } from '../packages/gateway/src/audit/iterate-audit.js';
import { verifyAuditChain } from '../packages/gateway/src/audit/verify-audit-chain.js';
import { createApiKey, createApiKeyVerifier } from '../packages/gateway/src/auth/api-keys.js';
import { createMemoryRateLimiter } from '../packages/gateway/src/rate-limit/memory-rate-limiter.js';
import { perMinute, type RateLimiter } from '../packages/gateway/src/rate-limit/rate-limiter.js';
import { createRedisRateLimiter } from '../packages/gateway/src/rate-limit/redis-rate-limiter.js';
import { openStorage } from '../packages/gateway/src/storage/open-storage.js';
import type { AuditEvent, Storage } from '../packages/gateway/src/storage/storage.js';

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const requests = argument('requests', 3000);
const eventCount = argument('events', 100_000);

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}

interface Row {
  readonly scenario: string;
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
  /** CPU time of this process per operation: what the path costs on an idle core. */
  readonly cpu: number;
}

const rows: Row[] = [];

async function measure(scenario: string, iterations: number, operation: (index: number) => Promise<void>) {
  for (let index = 0; index < Math.min(200, iterations); index++) await operation(index);
  const samples: number[] = [];
  const cpuBefore = process.cpuUsage();
  for (let index = 0; index < iterations; index++) {
    const started = performance.now();
    await operation(index);
    samples.push((performance.now() - started) * 1000);
  }
  const cpuUsed = process.cpuUsage(cpuBefore);
  samples.sort((a, b) => a - b);
  const row = {
    cpu: (cpuUsed.user + cpuUsed.system) / iterations,
    scenario,
    p50: percentile(samples, 0.5),
    p99: percentile(samples, 0.99),
    mean: samples.reduce((sum, value) => sum + value, 0) / samples.length,
  };
  rows.push(row);
  console.log(
    `${scenario.padEnd(58)} p50 ${row.p50.toFixed(1).padStart(8)} µs   p99 ${row.p99.toFixed(1).padStart(8)} µs   cpu ${row.cpu.toFixed(1).padStart(7)} µs/op`,
  );
}

async function hotPath(label: string, storage: Storage, limiter: RateLimiter) {
  const { key } = await createApiKey(storage, { name: 'bench', roles: ['app'], limits: { rpm: 1_000_000_000 } });
  const uncached = createApiKeyVerifier(storage, { cacheTtlMs: 0 });
  const cached = createApiKeyVerifier(storage);
  const limit = perMinute(1_000_000_000);
  const request = async (verifier: typeof cached, index: number, durable = true) => {
    const principal = await verifier.verify(key);
    const decision = await limiter.consume(`key:${principal.id}:rpm`, limit);
    if (!decision.allowed) throw new Error('unexpected rate limit');
    await storage.appendAudit(
      {
        actor: `key:${principal.id}`,
        action: 'guard.decision',
        route: '/v1/chat/completions',
        method: 'POST',
        requestId: `request-${index}`,
        keyId: principal.id,
        policyId: 'default',
        decision: durable ? 'block' : 'allow',
        effective: durable ? 'block' : 'allow',
        findings: [
          { scanner: 'secrets', category: 'secret.aws', severity: 'critical', score: 0.99, start: 10, end: 30 },
        ],
        status: 400,
        latencyMs: 1.2,
      },
      { durable },
    );
  };
  await measure(`${label}: key check (no cache) + limit + audit`, requests, (index) => request(uncached, index));
  await measure(`${label}: key check (1 s cache) + limit + audit`, requests, (index) => request(cached, index));
  await measure(`${label}: same, allowed decision (relaxed flush)`, requests, (index) => request(cached, index, false));
  await measure(`${label}: audit append alone`, requests, async (index) => {
    await storage.appendAudit({ actor: 'bench', action: 'x', requestId: `r-${index}` });
  });
  await measure(`${label}: rate limit alone`, requests, async () => {
    await limiter.consume('bench:alone', limit);
  });
}

async function reachablePostgres(): Promise<string | undefined> {
  const url = process.env['PALISADE_BENCH_POSTGRES_URL'] ?? process.env['PALISADE_TEST_POSTGRES_URL'];
  if (!url) return undefined;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return url;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const folder = mkdtempSync(join(tmpdir(), 'palisade-bench-'));
try {
  console.log(`access hot path, ${requests} sequential requests per scenario (Node ${process.version})`);
  const sqlite = await openStorage(`sqlite:${join(folder, 'bench.db')}`);
  const memoryLimiter = createMemoryRateLimiter();
  await hotPath('SQLite + in-process limiter', sqlite, memoryLimiter);
  await sqlite.close();

  const fullSqlite = await openStorage(`sqlite:${join(folder, 'bench-full.db')}?synchronous=full`);
  await measure('SQLite synchronous=full: audit append', requests, async (index) => {
    await fullSqlite.appendAudit({ actor: 'bench', action: 'x', requestId: `r-${index}` });
  });
  await fullSqlite.close();

  const postgresUrl = await reachablePostgres();
  const redisUrl = process.env['PALISADE_BENCH_REDIS_URL'] ?? process.env['PALISADE_TEST_REDIS_URL'];
  if (postgresUrl !== undefined && redisUrl) {
    const schema = `bench_${randomBytes(4).toString('hex')}`;
    const parsed = new URL(postgresUrl);
    parsed.searchParams.set('schema', schema);
    const postgres = await openStorage(parsed.toString());
    const redis = createRedisRateLimiter(redisUrl, { prefix: `palisade:bench:${schema}:` });
    try {
      await hotPath('PostgreSQL + Redis', postgres, redis);
    } finally {
      await postgres.close();
      await redis.close();
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(`DROP SCHEMA "${schema}" CASCADE`);
      await client.end();
    }
  } else {
    console.log('PostgreSQL + Redis: skipped (set PALISADE_TEST_POSTGRES_URL and PALISADE_TEST_REDIS_URL)');
  }

  // audit verify throughput: a chain built in memory, then the same chain read back from SQLite.
  const events: AuditEvent[] = [];
  let prevHash = genesisHash;
  const base = Date.parse('2026-01-01T00:00:00.000Z');
  for (let seq = 1; seq <= eventCount; seq++) {
    const event = {
      seq,
      id: `event-${seq}`,
      at: new Date(base + seq).toISOString(),
      actor: 'key:pal_bench0000000',
      action: 'guard.decision',
      route: '/v1/chat/completions',
      requestId: `request-${seq}`,
      decision: 'allow',
      effective: 'allow',
      findings: [{ scanner: 'pii', category: 'pii.email', severity: 'medium', start: 3, end: 20 }],
      latencyMs: 0.8,
      prevHash,
    };
    const hash = computeAuditHash(event);
    events.push({ ...event, hash });
    prevHash = hash;
  }
  const rate = (seconds: number) => Math.round(eventCount / seconds).toLocaleString('en-US');
  let started = performance.now();
  let cpuBefore = process.cpuUsage();
  const report = await verifyAuditChain(events);
  let seconds = (performance.now() - started) / 1000;
  let cpu = process.cpuUsage(cpuBefore);
  if (!report.valid) throw new Error('bench chain does not verify');
  const inMemoryRate = eventCount / seconds;
  const inMemoryCpuRate = eventCount / ((cpu.user + cpu.system) / 1e6);
  console.log(
    `audit verify (in memory): ${rate(seconds)} events/s wall, ${rate((cpu.user + cpu.system) / 1e6)} events per CPU-second`,
  );

  const verifyStorage = await openStorage(`sqlite:${join(folder, 'verify.db')}`);
  for (let index = 0; index < eventCount; index += 1) {
    await verifyStorage.appendAudit({
      actor: 'key:pal_bench0000000',
      action: 'guard.decision',
      route: '/v1/chat/completions',
      requestId: `request-${index}`,
      decision: 'allow',
      effective: 'allow',
      findings: [{ scanner: 'pii', category: 'pii.email', severity: 'medium', start: 3, end: 20 }],
      latencyMs: 0.8,
    });
  }
  started = performance.now();
  cpuBefore = process.cpuUsage();
  const stored = await verifyAuditChain(iterateAudit(verifyStorage));
  seconds = (performance.now() - started) / 1000;
  cpu = process.cpuUsage(cpuBefore);
  if (!stored.valid || stored.checked !== eventCount) throw new Error('stored chain does not verify');
  const sqliteRate = eventCount / seconds;
  const sqliteCpuRate = eventCount / ((cpu.user + cpu.system) / 1e6);
  console.log(
    `audit verify (read from SQLite, end to end): ${rate(seconds)} events/s wall, ${rate((cpu.user + cpu.system) / 1e6)} events per CPU-second`,
  );
  await verifyStorage.close();

  mkdirSync('bench/results', { recursive: true });
  writeFileSync(
    'bench/results/access.json',
    `${JSON.stringify({ at: new Date().toISOString(), node: process.version, requests, rows, verify: { events: eventCount, inMemoryPerSecond: inMemoryRate, inMemoryPerCpuSecond: inMemoryCpuRate, sqlitePerSecond: sqliteRate, sqlitePerCpuSecond: sqliteCpuRate } }, null, 2)}\n`,
  );
} finally {
  rmSync(folder, { recursive: true, force: true });
}
