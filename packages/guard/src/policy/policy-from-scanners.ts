import { GuardError } from '../errors.js';
import type { Registry } from '../scanner/create-registry.js';
import type { Stage } from '../scanner/types.js';
import { finalizePolicy, type Policy } from './policy.js';
import { PolicyDocument } from './policy-schema.js';

/**
 * A policy that runs the given scanners on one stage with their default config: findings of entities
 * with a span are redacted, any other finding blocks. Used by `palisade scan --scanners a,b`.
 *
 * @example
 * const policy = policyFromScanners(['pii', 'secrets'], registry, 'input');
 */
export function policyFromScanners(ids: readonly string[], registry: Registry, stage: Stage): Policy {
  if (ids.length === 0) throw new GuardError('invalid-input', 'name at least one scanner');
  const scanners = ids.map((id) => {
    if (!registry.has(id)) {
      throw new GuardError('scanner-unknown', `unknown scanner "${id}"; known: ${registry.ids().join(', ')}`, {
        details: { scanner: id },
      });
    }
    const definition = registry.get(id);
    const config = definition.configSchema.safeParse({});
    if (!config.success) {
      throw new GuardError(
        'scanner-config-invalid',
        `scanner "${id}" needs configuration; run it from a policy file instead`,
        { details: { scanner: id } },
      );
    }
    return { use: id, config: config.data as Record<string, unknown> };
  });
  const document = PolicyDocument.parse({
    version: 1,
    id: `scanners-${stage}`,
    mode: 'enforce',
    [stage]: {
      scanners,
      rules: [{ name: 'redact-entities', when: { entity: '*' }, action: 'redact' }],
      defaultAction: 'block',
    },
  });
  return finalizePolicy(document);
}
