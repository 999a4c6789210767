// Node-only: reads a policy file from disk. The core loader (load-policy.ts) stays runtime-neutral.
import { readFile } from 'node:fs/promises';
import { GuardError } from '../errors.js';
import type { Registry } from '../scanner/create-registry.js';
import { loadPolicy } from './load-policy.js';
import type { Policy } from './policy.js';

/**
 * Reads and validates a YAML policy file; errors name the file as given.
 *
 * @example
 * const policy = await loadPolicyFile('policies/default.yaml', registry);
 */
export async function loadPolicyFile(path: string, registry: Registry): Promise<Policy> {
  let source: string;
  try {
    source = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as { code?: string }).code === 'ENOENT' ? 'no such file' : 'cannot be read';
    throw new GuardError('policy-invalid', `${path}: the policy file ${reason}`, {
      cause: error,
      details: { file: path },
    });
  }
  return loadPolicy(source, { file: path, registry });
}
