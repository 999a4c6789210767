import type { ScannerDefinition } from './types.js';

/**
 * Declares a scanner type with full type inference for its config.
 *
 * @example
 * export const shoutScanner = defineScanner({
 *   id: 'shout', description: 'All-caps text', stages: ['input'], engine: 'heuristic',
 *   configSchema: z.object({ minLength: z.number().default(20) }),
 *   create: (config) => ({ scan: (context) => ({ findings: [] }) }),
 * });
 */
export function defineScanner<Config>(definition: ScannerDefinition<Config>): ScannerDefinition<Config> {
  return Object.freeze({ ...definition });
}
