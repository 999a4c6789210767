import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isGuardError } from '@palisade/guard';
import { describe, expect, it } from 'vitest';
import { migrations, runMigrations } from './migrations.js';
import { openStorage } from './open-storage.js';
import { openSqliteExecutor } from './sqlite-executor.js';

describe('migrations', () => {
  it('apply once, survive reopening and refuse a newer database', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'palisade-migrations-'));
    const path = join(folder, 'm.db');
    try {
      const executor = openSqliteExecutor(path);
      expect(await runMigrations(executor)).toEqual(migrations.map((migration) => migration.version));
      expect(await runMigrations(executor)).toEqual([]);
      await executor.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        999,
        'from the future',
        new Date().toISOString(),
      ]);
      await executor.close();
      const error = await openStorage(`sqlite:${path}`).catch((caught: unknown) => caught);
      expect(isGuardError(error) && error.code).toBe('storage-failed');
      expect(String((error as Error).message)).toMatch(/newer than this gateway/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('refuse malformed storage URLs with config errors', async () => {
    for (const url of ['mysql://x', './palisade.db', 'sqlite:', 'sqlite:./x.db?synchronous=off', 'postgres://a b']) {
      const error = await openStorage(url).catch((caught: unknown) => caught);
      expect(isGuardError(error) && error.code, url).toBe('config-invalid');
    }
  });
});
