import { builtinScanners, createRegistry, createScanContext, type Scanner, type Stage } from '@palisade/guard';

const registry = createRegistry(builtinScanners);
const cache = new Map<string, Promise<Scanner | undefined>>();

function scannerFor(id: string): Promise<Scanner | undefined> {
  let found = cache.get(id);
  if (!found) {
    found = registry.has(id)
      ? Promise.resolve(registry.get(id).create(registry.get(id).configSchema.parse({}) as never))
      : Promise.resolve(undefined);
    cache.set(id, found);
  }
  return found;
}

/**
 * Runs one built-in scanner with its default config and returns its raw score and whether it tripped,
 * or undefined when the scanner is not built in.
 *
 * @example
 * const refusal = await runBuiltinScanner('refusal', answer, 'output');
 */
export async function runBuiltinScanner(
  id: string,
  text: string,
  stage: Stage,
  context: { system?: string; canary?: string } = {},
): Promise<{ score: number; tripped: boolean } | undefined> {
  const scanner = await scannerFor(id);
  if (!scanner) return undefined;
  const outcome = await scanner.scan(createScanContext(text, { stage, ...context }));
  return { score: outcome.score ?? (outcome.findings.length ? 1 : 0), tripped: outcome.findings.length > 0 };
}

/** True when the scanner id is built in. */
export function hasBuiltinScanner(id: string): boolean {
  return registry.has(id);
}
