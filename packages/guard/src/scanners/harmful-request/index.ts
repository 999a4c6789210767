import { z } from 'zod';
import { loadHarmfulClassifier } from '../../models/harmful/load-harmful-classifier.js';
import { defineScanner } from '../../scanner/define-scanner.js';
import { analyzeHarmfulRequest, harmfulRequestFindings } from './classify-harmful-request.js';
import { type HazardCategory, hazardTaxonomy, otherHazards } from './hazard-taxonomy.js';

const hazardCategories = [...hazardTaxonomy, ...otherHazards].map((hazard) => hazard.category) as [
  HazardCategory,
  ...HazardCategory[],
];

/** Configuration of the `harmful-request` scanner. */
export const HarmfulRequestConfig = z
  .object({
    /** Decision threshold on the 0..1 score; defaults to the threshold stored in the model. */
    threshold: z.number().min(0).max(1).optional(),
    /** Report only these categories (default: all, including `self-harm.support`). */
    categories: z.array(z.enum(hazardCategories)).optional(),
  })
  .strict();

/** Validated `harmful-request` configuration. */
export type HarmfulRequestConfig = z.infer<typeof HarmfulRequestConfig>;

/**
 * Harmful requests: weapons (incl. CBRN), malware and intrusion, fraud, self-harm methods, drugs,
 * stalking, violence, extremism, harassment and doxxing, child safety and hate, categorised by the
 * hazard taxonomy. Help-seeking self-harm disclosures get `self-harm.support` so a policy can answer
 * with support instead of a block. Offline trained classifier, microseconds per message.
 *
 * @example
 * const scanner = await harmfulRequestScanner.create(HarmfulRequestConfig.parse({}));
 * const { findings } = await scanner.scan(context); // [{ category: 'harmful.cyber', … }]
 */
export const harmfulRequestScanner = defineScanner<HarmfulRequestConfig>({
  id: 'harmful-request',
  description:
    'Requests for help with weapons, malware, fraud, self-harm, drugs, stalking, violence, extremism, harassment.',
  stages: ['input'],
  engine: 'model',
  configSchema: HarmfulRequestConfig,
  async create(config) {
    const classifier = await loadHarmfulClassifier();
    const threshold = config.threshold ?? classifier.metadata.threshold;
    const categories = config.categories === undefined ? undefined : new Set(config.categories);
    return {
      scan(context) {
        const analysis = analyzeHarmfulRequest(context.text, context.views(), classifier);
        return {
          findings: harmfulRequestFindings(analysis, threshold, context.text, categories),
          score: analysis.score,
        };
      },
    };
  },
});
