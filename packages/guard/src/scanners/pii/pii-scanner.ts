import { z } from 'zod';
import { defineScanner } from '../../scanner/define-scanner.js';
import type { Finding, Severity } from '../../scanner/types.js';
import { patternRecognizers } from './builtin-recognizers.js';
import { CustomRecognizerConfig, createCustomRecognizer } from './custom-recognizer.js';
import { dateOfBirthRecognizer } from './date-of-birth-recognizer.js';
import { type PiiCandidate, piiEntities, type Recognizer } from './recognizer.js';
import { resolveOverlaps, snapToWords } from './resolve-overlaps.js';

const severityOf: Readonly<Record<string, Severity>> = {
  CREDIT_CARD: 'high',
  US_SSN: 'high',
  IBAN: 'high',
  US_PASSPORT: 'high',
  DRIVER_LICENSE: 'high',
  UK_NINO: 'high',
  UK_NHS: 'high',
  IN_PAN: 'high',
  IN_AADHAAR: 'high',
  ES_NIF: 'high',
  ES_NIE: 'high',
  IT_FISCAL_CODE: 'high',
  CA_SIN: 'high',
  DE_TAX_ID: 'high',
  EMAIL: 'medium',
  PHONE: 'medium',
  PERSON: 'medium',
  ADDRESS: 'medium',
  DATE_OF_BIRTH: 'medium',
  IP_ADDRESS: 'low',
  URL: 'low',
};

const entityName = z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'entity must be UPPER_SNAKE_CASE');

/** Configuration of the `pii` scanner. */
export const PiiConfig = z
  .object({
    /** Entity types to report; default: all built-in types. Custom recognizers' entities are always on. */
    entities: z
      .array(entityName)
      .min(1)
      .default([...piiEntities]),
    /** Minimum score to report, for every entity without its own threshold. */
    threshold: z.number().min(0).max(1).default(0.5),
    /** Per-entity minimum scores, e.g. `{ PERSON: 0.7 }`. */
    thresholds: z.record(entityName, z.number().min(0).max(1)).default({}),
    /** Per-entity severities overriding the defaults. */
    severities: z.record(entityName, z.enum(['low', 'medium', 'high', 'critical'])).default({}),
    /** Recognizers declared in the policy (regex + validators + context), no code. */
    custom: z.array(CustomRecognizerConfig).max(100).default([]),
    /** Exact values never reported (e.g. the support address); compared case-insensitively. */
    allow: z.array(z.string().min(1).max(512)).max(1000).default([]),
    /** Also scan the normalised view (NFKC, zero-width removed) to catch obfuscated PII. */
    scanNormalized: z.boolean().default(true),
  })
  .strict();
export type PiiConfig = z.input<typeof PiiConfig>;

/** Extra recognizers (e.g. the learned PERSON/ADDRESS recognizer) supplied by a loaded model. */
export interface PiiAnalyzerOptions {
  readonly extraRecognizers?: readonly Recognizer[];
}

/** A configured, synchronous PII analyzer: text in, resolved candidates out. */
export interface PiiAnalyzer {
  /** Resolved, thresholded candidates, sorted by start. */
  analyze(text: string): PiiCandidate[];
  /** Resolved candidates with the highest raw score seen (also below thresholds). */
  analyzeWithScore(text: string): { candidates: PiiCandidate[]; maxScore: number };
}

/**
 * Builds the analyzer the scanner uses; exported for the benchmark and evaluation tools.
 *
 * @example
 * const analyzer = createPiiAnalyzer({ entities: ['EMAIL', 'PHONE'] });
 * analyzer.analyze('mail me at ana@example.org'); // [{ entity: 'EMAIL', start: 11, end: 26, … }]
 */
export function createPiiAnalyzer(input: PiiConfig = {}, options: PiiAnalyzerOptions = {}): PiiAnalyzer {
  const config = PiiConfig.parse(input);
  const custom = config.custom.map((recognizer, index) => createCustomRecognizer(recognizer, index));
  const enabled = new Set<string>([...config.entities, ...custom.flatMap((recognizer) => recognizer.entities)]);
  const recognizers = [
    ...patternRecognizers,
    dateOfBirthRecognizer,
    ...(options.extraRecognizers ?? []),
    ...custom,
  ].filter((recognizer) => recognizer.entities.some((entity) => enabled.has(entity)));
  const allow = new Set(config.allow.map((value) => value.toLowerCase()));

  function analyzeWithScore(text: string): { candidates: PiiCandidate[]; maxScore: number } {
    const lower = text.toLowerCase();
    const all: PiiCandidate[] = [];
    let maxScore = 0;
    for (const recognizer of recognizers) {
      for (const candidate of recognizer.find(text, lower)) {
        if (!enabled.has(candidate.entity)) continue;
        if (candidate.score > maxScore) maxScore = candidate.score;
        const threshold = config.thresholds[candidate.entity] ?? config.threshold;
        if (candidate.score < threshold) continue;
        const span = snapToWords(text, candidate.start, candidate.end);
        if (allow.size > 0 && allow.has(text.slice(span.start, span.end).toLowerCase())) continue;
        all.push(span.start === candidate.start && span.end === candidate.end ? candidate : { ...candidate, ...span });
      }
    }
    return { candidates: resolveOverlaps(all, text), maxScore };
  }

  return { analyze: (text) => analyzeWithScore(text).candidates, analyzeWithScore };
}

/** Turns resolved candidates into findings (never echoing the value). */
export function candidatesToFindings(
  candidates: readonly PiiCandidate[],
  severities: Readonly<Record<string, Severity>> = {},
  view = 'original',
): Finding[] {
  return candidates.map((candidate) => ({
    scanner: 'pii',
    category: `pii.${candidate.entity.toLowerCase()}`,
    severity: severities[candidate.entity] ?? severityOf[candidate.entity] ?? 'medium',
    score: candidate.score,
    span: { start: candidate.start, end: candidate.end },
    entity: candidate.entity,
    message: `${candidate.entity} detected (score ${candidate.score.toFixed(2)})`,
    metadata: { recognizer: candidate.recognizer, view },
  }));
}

/**
 * Builds a `pii` scanner definition around a set of extra recognizers (used to plug the learned
 * PERSON/ADDRESS recognizer in; tests can pass none).
 *
 * @example
 * const scanner = createPiiScannerDefinition(async () => []);
 */
export function createPiiScannerDefinition(loadRecognizers: (config: PiiConfig) => Promise<readonly Recognizer[]>) {
  return defineScanner<PiiConfig>({
    id: 'pii',
    description:
      'Personal data: email, phone, cards, SSN, IBAN, IP, URL, birth dates, names, street addresses and national IDs, with exact spans',
    stages: ['input', 'output', 'retrieval', 'tool'],
    engine: 'model',
    configSchema: PiiConfig as z.ZodType<PiiConfig>,
    async create(input) {
      const config = PiiConfig.parse(input);
      const analyzer = createPiiAnalyzer(config, { extraRecognizers: await loadRecognizers(config) });
      return {
        scan(context) {
          const { candidates, maxScore } = analyzer.analyzeWithScore(context.text);
          let merged = candidates;
          let normalizedFindings: PiiCandidate[] = [];
          if (config.scanNormalized) {
            for (const view of context.views()) {
              if (view.kind !== 'normalized' || view.text === context.text) continue;
              normalizedFindings = analyzer.analyze(view.text).map((candidate) => {
                const span = view.toOriginal({ start: candidate.start, end: candidate.end });
                return { ...candidate, ...span, recognizer: `${candidate.recognizer}@normalized` };
              });
            }
          }
          if (normalizedFindings.length > 0) merged = resolveOverlaps([...candidates, ...normalizedFindings]);
          const findings = merged.map((candidate) => {
            const [finding] = candidatesToFindings(
              [candidate],
              config.severities,
              candidate.recognizer.endsWith('@normalized') ? 'normalized' : 'original',
            );
            return finding!;
          });
          return { findings, score: maxScore };
        },
      };
    },
  });
}
