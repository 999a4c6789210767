import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The installation root: the nearest folder above this package that holds package-lock.json
 * (the repository root in a checkout), else the current directory.
 *
 * @example
 * createSbom({ root: installationRoot() });
 */
export function installationRoot(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(directory, 'package-lock.json'))) return directory;
    const parent = dirname(directory);
    if (parent === directory) return process.cwd();
    directory = parent;
  }
}
