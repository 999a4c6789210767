import { GuardError } from '../errors.js';

/** Turns a secret reference (`env:NAME`, `file:/path`) into its value. */
export type SecretResolver = (reference: string) => Promise<string>;

/**
 * The runtime-neutral resolver: `env:NAME` from `process.env` where a process exists. `file:` references
 * need a resolver from the host (the gateway passes one that reads files).
 *
 * @example
 * const guard = await createGuard({ policy, registry, resolveSecret: defaultResolveSecret });
 */
export const defaultResolveSecret: SecretResolver = async (reference) => {
  if (reference.startsWith('env:')) {
    const name = reference.slice(4);
    const environment = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
    const value = environment?.[name];
    if (value === undefined || value === '') {
      throw new GuardError('secret-unresolved', `environment variable ${name} is not set`, { details: { name } });
    }
    return value;
  }
  throw new GuardError(
    'secret-unresolved',
    'this secret reference needs a resolver from the host (createGuard resolveSecret)',
    {
      details: { scheme: reference.split(':')[0] ?? '' },
    },
  );
};
