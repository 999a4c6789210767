/**
 * Test helpers: temporary SQLite files, a shared PGlite instance and the real PostgreSQL server
 * named by `PALISADE_TEST_POSTGRES_URL`, each test in its own schema. Used by tests only.
 */

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { Redis } from 'ioredis';
import pg from 'pg';
import { openStorage } from './open-storage.js';
import { openPgliteExecutor } from './pglite-executor.js';
import { createSqlStorage } from './sql-storage.js';
import type { Storage } from './storage.js';

/** A storage for one test plus its cleanup. */
export interface TestStorage {
  readonly storage: Storage;
  readonly location: string;
  dispose(): Promise<void>;
}

/** A fresh SQLite file in a temporary folder. */
export async function openTestSqlite(): Promise<TestStorage> {
  const folder = mkdtempSync(join(tmpdir(), 'palisade-storage-'));
  const location = join(folder, 'test.db');
  const storage = await openStorage(`sqlite:${location}`);
  return {
    storage,
    location,
    async dispose() {
      await storage.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

let pglite: Promise<PGlite> | undefined;

/** A fresh schema in one PGlite instance shared by the whole test file. */
export async function openTestPglite(): Promise<TestStorage> {
  pglite ??= import('@electric-sql/pglite').then(({ PGlite }) => PGlite.create());
  const database = await pglite;
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const storage = await createSqlStorage(await openPgliteExecutor(database, schema));
  return {
    storage,
    location: schema,
    async dispose() {
      await storage.close();
      await database.exec(`DROP SCHEMA "${schema}" CASCADE`);
    },
  };
}

/** The real PostgreSQL URL when set and reachable, otherwise the reason it is skipped. */
export async function findTestPostgres(): Promise<{ url?: string; skipReason?: string }> {
  const url = process.env['PALISADE_TEST_POSTGRES_URL'];
  if (url === undefined || url === '') return { skipReason: 'PALISADE_TEST_POSTGRES_URL is not set' };
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { url };
  } catch {
    return { skipReason: 'PostgreSQL at PALISADE_TEST_POSTGRES_URL is unreachable' };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The real Redis URL when PALISADE_TEST_REDIS_URL is set and answers PING, otherwise undefined (tests skip). */
export async function findTestRedis(): Promise<string | undefined> {
  const url = process.env['PALISADE_TEST_REDIS_URL'];
  if (url === undefined || url === '') return undefined;
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0 });
  probe.on('error', () => undefined);
  const reachable = await probe
    .connect()
    .then(() => probe.ping())
    .then(
      () => true,
      () => false,
    );
  probe.disconnect();
  return reachable ? url : undefined;
}

/** The storage URL for a fresh schema on the real PostgreSQL server. */
export function postgresSchemaUrl(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('schema', schema);
  return parsed.toString();
}

/** A fresh schema on the real PostgreSQL server, dropped afterwards. */
export async function openTestPostgres(url: string): Promise<TestStorage> {
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const location = postgresSchemaUrl(url, schema);
  const storage = await openStorage(location);
  return {
    storage,
    location,
    async dispose() {
      await storage.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    },
  };
}
