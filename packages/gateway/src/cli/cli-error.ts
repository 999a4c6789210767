import { type GuardErrorCode, isGuardError } from '@palisade/guard';

const usageCodes: ReadonlySet<GuardErrorCode> = new Set([
  'invalid-input',
  'config-invalid',
  'policy-invalid',
  'scanner-unknown',
  'scanner-config-invalid',
  'pattern-unsafe',
  'input-too-large',
]);

/**
 * Prints one line `palisade: <code>: <message>` on stderr and returns the exit status:
 * 2 for usage and input errors, 1 for runtime failures.
 *
 * @example
 * process.exitCode = reportCliError(error);
 */
export function reportCliError(
  error: unknown,
  write: (line: string) => void = (line) => process.stderr.write(line),
): number {
  if (isGuardError(error)) {
    write(`palisade: ${error.code}: ${error.message.replace(/\s*\n\s*/g, ' ')}\n`);
    return usageCodes.has(error.code) ? 2 : 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  write(`palisade: internal: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
  return 1;
}
