import { readFile } from 'node:fs/promises';
import { GuardError } from '@palisade/guard';

/** A secret reference: `env:NAME` or `file:/absolute/path`. Literal secrets are never accepted. */
export type SecretReference = `env:${string}` | `file:${string}`;

const referencePattern = /^(env:[A-Za-z_][A-Za-z0-9_]*|file:\/.+)$/;

/**
 * True when `value` is a well-formed secret reference (`env:NAME` or `file:/path`).
 *
 * @example
 * isSecretReference('env:OPENAI_API_KEY'); // true
 * isSecretReference('sk-live-123'); // false
 */
export function isSecretReference(value: string): value is SecretReference {
  return referencePattern.test(value);
}

/**
 * Resolves a secret reference to its value. Errors name the reference, never the value.
 *
 * @example
 * const apiKey = await resolveSecretReference('env:OPENAI_API_KEY');
 */
export async function resolveSecretReference(
  reference: string,
  environment: Readonly<Record<string, string | undefined>> = process.env,
): Promise<string> {
  if (!isSecretReference(reference)) {
    throw new GuardError('secret-unresolved', 'a secret must be a reference such as env:NAME or file:/path', {
      details: { reason: 'not-a-reference' },
    });
  }
  if (reference.startsWith('env:')) {
    const name = reference.slice(4);
    const value = environment[name];
    if (value === undefined || value.trim() === '') {
      throw new GuardError('secret-unresolved', `environment variable ${name} is not set or empty`, {
        details: { reference },
      });
    }
    return value.trim();
  }
  const path = reference.slice(5);
  try {
    const value = (await readFile(path, 'utf8')).trim();
    if (value === '') throw new Error('empty');
    return value;
  } catch (error) {
    throw new GuardError('secret-unresolved', `secret file ${path} cannot be read or is empty`, {
      details: { reference },
      cause: error,
    });
  }
}
