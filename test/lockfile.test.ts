import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface LockEntry {
  optionalDependencies?: Record<string, string>;
}

describe('package-lock.json', () => {
  it('records every optional platform package so `npm ci` accepts it (run scripts/complete-lockfile.mjs)', () => {
    const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8')) as {
      packages: Record<string, LockEntry>;
    };
    const missing: string[] = [];
    for (const entry of Object.values(lock.packages)) {
      for (const dependency of Object.keys(entry.optionalDependencies ?? {})) {
        if (!lock.packages[`node_modules/${dependency}`] && /(darwin|win32|android|linux)-/.test(dependency)) {
          missing.push(dependency);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
