import type { ScannerDefinition } from '../scanner/types.js';
import { attackSimilarityScanner } from './attack-similarity/index.js';
import { biasScanner } from './bias/index.js';
import { codeScanner } from './code/index.js';
import { competitorsScanner } from './competitors/index.js';
import { exfiltrationScanner } from './exfiltration/index.js';
import { groundednessScanner } from './groundedness/index.js';
import { harmfulRequestScanner } from './harmful-request/index.js';
import { indirectInjectionScanner } from './indirect-injection/index.js';
import { invisibleTextScanner } from './invisible-text/index.js';
import { jsonSchemaScanner } from './json-schema/index.js';
import { keywordsScanner } from './keywords/index.js';
import { languageScanner } from './language/index.js';
import { lengthScanner } from './length/index.js';
import { piiScanner } from './pii/index.js';
import { promptInjectionScanner } from './prompt-injection/index.js';
import { promptLeakScanner } from './prompt-leak/index.js';
import { refusalScanner } from './refusal/index.js';
import { regexScanner } from './regex/index.js';
import { secretsScanner } from './secrets/index.js';
import { topicsScanner } from './topics/index.js';
import { toxicityScanner } from './toxicity/index.js';
import { urlsScanner } from './urls/index.js';

/**
 * Every scanner that ships with Palisade, for `createRegistry(builtinScanners)`.
 * Nothing registers itself: add your own definitions to the array you pass to createRegistry.
 *
 * @example
 * const registry = createRegistry([...builtinScanners, myScanner]);
 */
export const builtinScanners: readonly ScannerDefinition<unknown>[] = [
  attackSimilarityScanner,
  biasScanner,
  codeScanner,
  competitorsScanner,
  exfiltrationScanner,
  groundednessScanner,
  harmfulRequestScanner,
  indirectInjectionScanner,
  invisibleTextScanner,
  jsonSchemaScanner,
  keywordsScanner,
  languageScanner,
  lengthScanner,
  piiScanner,
  promptInjectionScanner,
  promptLeakScanner,
  refusalScanner,
  regexScanner,
  secretsScanner,
  topicsScanner,
  toxicityScanner,
  urlsScanner,
];
