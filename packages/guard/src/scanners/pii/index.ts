import { loadPiiTagger } from '../../models/pii/pii-tagger.js';
import { createPiiAnalyzer, createPiiScannerDefinition, type PiiAnalyzer, type PiiConfig } from './pii-scanner.js';
import { createTaggerRecognizer } from './tagger-recognizer.js';

export { CustomRecognizerConfig, createCustomRecognizer } from './custom-recognizer.js';
export type { PiiAnalyzer, PiiAnalyzerOptions } from './pii-scanner.js';
export { candidatesToFindings, createPiiAnalyzer, createPiiScannerDefinition, PiiConfig } from './pii-scanner.js';
export type { PiiCandidate, PiiEntity, Recognizer } from './recognizer.js';
export { piiEntities } from './recognizer.js';
export { createTaggerRecognizer } from './tagger-recognizer.js';

/**
 * The `pii` scanner: structured identifiers with validators, birth dates by context, and the
 * learned PERSON/ADDRESS tagger (loaded once, sha256-verified) when those entities are enabled.
 *
 * @example
 * const scanner = await piiScanner.create(piiScanner.configSchema.parse({ entities: ['EMAIL', 'PERSON'] }));
 * const { findings } = await scanner.scan(context);
 */
export const piiScanner = createPiiScannerDefinition(async (config) => {
  const entities = config.entities ?? ['PERSON', 'ADDRESS'];
  if (!entities.includes('PERSON') && !entities.includes('ADDRESS')) return [];
  return [createTaggerRecognizer(await loadPiiTagger())];
});

/**
 * Builds a PII analyzer with the shipped tagger (for batch tools and benchmarks).
 *
 * @example
 * const analyzer = await createDefaultPiiAnalyzer();
 * analyzer.analyze('Call Ana Souza on +351 912 345 678');
 */
export async function createDefaultPiiAnalyzer(config: PiiConfig = {}): Promise<PiiAnalyzer> {
  return createPiiAnalyzer(config, { extraRecognizers: [createTaggerRecognizer(await loadPiiTagger())] });
}
