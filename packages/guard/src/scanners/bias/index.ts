import { z } from 'zod';
import { loadBiasClassifier } from '../../models/bias/load-bias-classifier.js';
import { defineScanner } from '../../scanner/define-scanner.js';
import { analyzeBias, biasFindings } from './classify-bias.js';
import { type ProtectedGroupType, protectedGroupTypes } from './protected-groups.js';

/** Configuration of the `bias` scanner. */
export const BiasConfig = z
  .object({
    /** Decision threshold on the 0..1 score; defaults to the threshold stored in the model. */
    threshold: z.number().min(0).max(1).optional(),
    /** Report only these protected characteristics (default: all). */
    groups: z.array(z.enum(protectedGroupTypes as [ProtectedGroupType, ...ProtectedGroupType[]])).optional(),
  })
  .strict();

/** Validated `bias` configuration. */
export type BiasConfig = z.infer<typeof BiasConfig>;

/**
 * Stereotyping generalisations about protected groups (gender, race/ethnicity, religion,
 * nationality, age, disability, sexual orientation) in model output, per sentence, with category
 * `bias.<group type>` and score. See models/bias/MODEL_CARD.md for its limits.
 *
 * @example
 * const scanner = await biasScanner.create(BiasConfig.parse({}));
 * const { findings } = await scanner.scan(context); // [{ category: 'bias.gender', … }]
 */
export const biasScanner = defineScanner<BiasConfig>({
  id: 'bias',
  description: 'Stereotyping generalisations about protected groups in model output.',
  stages: ['output'],
  engine: 'model',
  needsFullText: false,
  configSchema: BiasConfig,
  async create(config) {
    const classifier = await loadBiasClassifier();
    const threshold = config.threshold ?? classifier.metadata.threshold;
    const groups = config.groups === undefined ? undefined : new Set(config.groups);
    return {
      scan(context) {
        const analysis = analyzeBias(context.text, classifier);
        return { findings: biasFindings(analysis, threshold, groups), score: analysis.score };
      },
    };
  },
});
