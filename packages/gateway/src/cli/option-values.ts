import { GuardError } from '@palisade/guard';

/**
 * A comma-separated option as a list (undefined when absent).
 *
 * @example
 * listOption('a, b') // ['a', 'b']
 */
export function listOption(value: string | undefined): string[] | undefined {
  return value
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
    : undefined;
}

/**
 * Reads a secret from the environment variable an `--…-env NAME` option names; never from the command line.
 *
 * @example
 * const apiKey = secretFromEnvironment(options.apiKeyEnv);
 */
export function secretFromEnvironment(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const value = process.env[name];
  if (!value) throw new GuardError('invalid-input', `environment variable ${name} is not set`);
  return value;
}
