import { GuardError } from '@palisade/guard';
import { createMemoryStorage } from './memory-storage.js';
import { openPostgresExecutor } from './postgres-executor.js';
import { createSqlStorage } from './sql-storage.js';
import { openSqliteExecutor } from './sqlite-executor.js';
import type { Storage } from './storage.js';

/** The storage URL used when none is configured. */
export const defaultStorageUrl = 'sqlite:./palisade.db';

/**
 * Opens a storage by URL and runs pending migrations:
 * - `memory:` — in process, for tests and demos;
 * - `sqlite:<path>` — the embedded default (WAL); `?synchronous=full` also survives power loss;
 * - `postgres://user@host:5432/db` (or `postgresql://`) — `?schema=name` picks a schema (default `public`).
 *
 * @example
 * const storage = await openStorage(process.env.PALISADE_STORAGE ?? defaultStorageUrl);
 */
export async function openStorage(url: string = defaultStorageUrl): Promise<Storage> {
  if (url === 'memory:' || url === 'memory://') return createMemoryStorage();
  if (url.startsWith('sqlite:')) {
    const [location = '', query = ''] = url
      .slice('sqlite:'.length)
      .replace(/^\/\/(?=[./])/, '')
      .split('?', 2);
    if (location.length === 0) throw new GuardError('config-invalid', 'storage URL: sqlite: needs a file path');
    const synchronous = new URLSearchParams(query).get('synchronous');
    if (synchronous !== null && synchronous !== 'normal' && synchronous !== 'full') {
      throw new GuardError('config-invalid', 'storage URL: synchronous must be normal or full');
    }
    return createSqlStorage(openSqliteExecutor(location, { synchronous: synchronous ?? 'normal' }));
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch (error) {
      throw new GuardError('config-invalid', 'storage URL: malformed PostgreSQL URL', { cause: error });
    }
    const schema = parsed.searchParams.get('schema') ?? 'public';
    parsed.searchParams.delete('schema');
    const executor = await openPostgresExecutor(parsed.toString(), schema);
    try {
      return await createSqlStorage(executor);
    } catch (error) {
      await executor.close().catch(() => undefined);
      throw error;
    }
  }
  throw new GuardError('config-invalid', 'storage URL: expected memory:, sqlite:<path> or postgres://…');
}
