import type { ScannerDefinition } from '../scanner/types.js';
import { exfiltrationScanner } from './exfiltration/index.js';
import { promptLeakScanner } from './prompt-leak/index.js';
import { refusalScanner } from './refusal/index.js';
import { urlsScanner } from './urls/index.js';

/**
 * Every scanner that ships with Palisade, for `createRegistry(builtinScanners)`.
 * Nothing registers itself: add your own definitions to the array you pass to createRegistry.
 *
 * @example
 * const registry = createRegistry([...builtinScanners, myScanner]);
 */
export const builtinScanners: readonly ScannerDefinition<unknown>[] = [
  exfiltrationScanner,
  promptLeakScanner,
  refusalScanner,
  urlsScanner,
];
