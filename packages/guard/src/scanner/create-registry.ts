import { GuardError } from '../errors.js';
import type { ScannerDefinition } from './types.js';

/** An immutable lookup of scanner definitions by id. */
export interface Registry {
  get(id: string): ScannerDefinition<unknown>;
  has(id: string): boolean;
  ids(): readonly string[];
  definitions(): readonly ScannerDefinition<unknown>[];
}

/**
 * Builds a registry from an explicit list; nothing registers itself at import time.
 *
 * @example
 * const registry = createRegistry([...builtinScanners, myScanner]);
 */
export function createRegistry(definitions: readonly ScannerDefinition<unknown>[]): Registry {
  const byId = new Map<string, ScannerDefinition<unknown>>();
  for (const definition of definitions) {
    if (!/^[a-z][a-z0-9-]*$/.test(definition.id)) {
      throw new GuardError('invalid-input', `scanner id "${definition.id}" must be kebab-case`);
    }
    if (byId.has(definition.id)) {
      throw new GuardError('conflict', `scanner id "${definition.id}" is registered twice`);
    }
    byId.set(definition.id, definition);
  }
  const frozen = Object.freeze([...byId.values()]);
  return Object.freeze({
    get(id: string): ScannerDefinition<unknown> {
      const found = byId.get(id);
      if (!found) {
        throw new GuardError('scanner-unknown', `unknown scanner "${id}"; known: ${[...byId.keys()].join(', ')}`, {
          details: { scanner: id },
        });
      }
      return found;
    },
    has: (id: string) => byId.has(id),
    ids: () => [...byId.keys()],
    definitions: () => frozen,
  });
}
