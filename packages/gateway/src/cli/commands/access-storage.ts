import { userInfo } from 'node:os';
import { defaultStorageUrl, openStorage } from '../../storage/open-storage.js';
import type { Storage } from '../../storage/storage.js';

/** The storage URL for access commands: `--storage`, else `PALISADE_STORAGE`, else the SQLite default. */
export function storageUrl(option: string | undefined): string {
  return option ?? process.env['PALISADE_STORAGE'] ?? defaultStorageUrl;
}

/**
 * Opens the storage, runs `work`, always closes it.
 *
 * @example
 * await withStorage(options.storage, async (storage) => storage.listKeys());
 */
export async function withStorage<T>(option: string | undefined, work: (storage: Storage) => Promise<T>): Promise<T> {
  const storage = await openStorage(storageUrl(option));
  try {
    return await work(storage);
  } finally {
    await storage.close();
  }
}

/** The audit actor for CLI actions: `cli:<os user>`. */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`.slice(0, 200);
  } catch {
    return 'cli';
  }
}

/** Writes one line to stdout. */
export function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** Formats rows as an aligned plain-text table. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [index, cell] of row.entries()) widths[index] = Math.max(widths[index] ?? 0, cell.length);
  }
  return rows
    .map((row) =>
      row
        .map((cell, index) => cell.padEnd(widths[index] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
