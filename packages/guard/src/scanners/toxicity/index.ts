import { z } from 'zod';
import { loadToxicityClassifier } from '../../models/toxicity/load-toxicity-classifier.js';
import { defineScanner } from '../../scanner/define-scanner.js';
import { analyzeToxicity, type ToxicityCategory, toxicityCategories, toxicityFindings } from './classify-toxicity.js';

/** Configuration of the `toxicity` scanner. */
export const ToxicityConfig = z
  .object({
    /** Decision threshold on the 0..1 score; defaults to the threshold stored in the model. */
    threshold: z.number().min(0).max(1).optional(),
    /** Report only these categories (default: all). */
    categories: z.array(z.enum(toxicityCategories as [ToxicityCategory, ...ToxicityCategory[]])).optional(),
    /** Use the lexicon and phrase signatures beside the classifier (default true). */
    signatures: z.boolean().default(true),
  })
  .strict();

/** Validated `toxicity` configuration. */
export type ToxicityConfig = z.infer<typeof ToxicityConfig>;

/**
 * Toxicity: insults, harassment, threats, identity-based hate, sexual harassment and profanity
 * aimed at someone, including obfuscated spellings (`f*ck`, `sh1t`, `a s s h o l e`, `F.U.C.K.`).
 * A trained hashed n-gram classifier plus an obfuscation-aware signature layer; offline, microseconds.
 *
 * @example
 * const scanner = await toxicityScanner.create(ToxicityConfig.parse({}));
 * const { findings } = await scanner.scan(context); // [{ category: 'toxicity.insult', … }]
 */
export const toxicityScanner = defineScanner<ToxicityConfig>({
  id: 'toxicity',
  description:
    'Insults, harassment, threats, identity hate, sexual harassment and targeted profanity, obfuscation-aware.',
  stages: ['input', 'output', 'retrieval', 'tool'],
  engine: 'model',
  configSchema: ToxicityConfig,
  async create(config) {
    const classifier = await loadToxicityClassifier();
    const threshold = config.threshold ?? classifier.metadata.threshold;
    const categories = config.categories === undefined ? undefined : new Set(config.categories);
    return {
      scan(context) {
        const analysis = analyzeToxicity(context.text, context.views(), classifier, {
          useSignatures: config.signatures,
        });
        return { findings: toxicityFindings(analysis, threshold, categories), score: analysis.score };
      },
    };
  },
});
