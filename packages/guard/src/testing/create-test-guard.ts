import { type CreateGuardOptions, createGuard, type Guard } from '../pipeline/create-guard.js';
import { loadPolicy } from '../policy/load-policy.js';
import { createRegistry } from '../scanner/create-registry.js';
import type { ScannerDefinition } from '../scanner/types.js';

/** Options for {@link createTestGuard}. */
export interface TestGuardOptions extends Omit<CreateGuardOptions, 'policy' | 'registry'> {
  /** Policy YAML; `version: 1` and `id: test` are added when absent. */
  readonly policy: string;
  /** The scanner definitions the policy may use (fakes from this module, or real ones). */
  readonly scanners: readonly ScannerDefinition<unknown>[];
}

/**
 * A guard from a YAML snippet and a list of scanners, in one call, for tests.
 *
 * @example
 * const guard = await createTestGuard({
 *   scanners: [patternScanner({ id: 'emails', words: ['bob@example.com'], entity: 'EMAIL' })],
 *   policy: 'input:\n  scanners: [{ use: emails }]\n  rules: [{ when: { scanner: emails }, action: redact }]',
 * });
 */
export async function createTestGuard(options: TestGuardOptions): Promise<Guard> {
  const { policy: yaml, scanners, ...rest } = options;
  const registry = createRegistry(scanners);
  const header = `${/^version:/m.test(yaml) ? '' : 'version: 1\n'}${/^id:/m.test(yaml) ? '' : 'id: test\n'}`;
  const policy = await loadPolicy(`${header}${yaml}`, { file: 'test-policy.yaml', registry });
  return createGuard({ policy, registry, ...rest });
}
