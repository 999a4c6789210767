// Node-only: `palisade train bias`.
import { join } from 'node:path';
import { analyzeBias } from '../../scanners/bias/classify-bias.js';
import type { DataFileSpec } from '../shared/load-labelled-data.js';
import { sharedDataDirectory } from '../shared/load-labelled-data.js';
import {
  type ContentModelSpec,
  type ContentTrainOptions,
  type ContentTrainResult,
  trainContentModel,
} from '../toxicity/train-content-model.js';
import { contentDataDirectory } from '../toxicity/train-toxicity.js';

const positive = ['biased', 'toxic'];

const shared = (path: string, rest: Omit<DataFileSpec, 'path' | 'positiveLabels'> = {}): DataFileSpec => ({
  path: join(sharedDataDirectory, path),
  positiveLabels: positive,
  ...rest,
});

const hateCheckGeneralisations = new Set([
  'hatecheck/derog_neg_attrib_h',
  'hatecheck/derog_impl_h',
  'hatecheck/derog_dehum_h',
]);
const hateCheckNeutral = new Set([
  'hatecheck/ident_neutral_nh',
  'hatecheck/ident_pos_nh',
  'hatecheck/counter_ref_nh',
  'hatecheck/negate_neg_nh',
]);

/** The bias (stereotyping) model's data, splits and card text. */
export const biasModelSpec: ContentModelSpec = {
  model: 'bias',
  title: 'Stereotyping (bias) classifier (hashed n-gram logistic regression)',
  summary:
    'Scores how likely a sentence is a stereotyping generalisation about a protected group (gender, race/ethnicity, religion, nationality, age, disability, sexual orientation). The `bias` scanner runs it per sentence of model output, only reports sentences that name a protected group, and takes the category from the group word.',
  positiveLabels: positive,
  features: { dimensions: 1 << 16, charMin: 3, charMax: 5, wordMax: 2, charWeight: 1, wordWeight: 1.2 },
  windowSize: 512,
  trainingFiles: [
    {
      path: join(contentDataDirectory, 'bias-train.jsonl'),
      source: 'palisade-content',
      positiveLabels: positive,
      weight: 3,
    },
    {
      path: join(contentDataDirectory, 'bias-train-templates.jsonl'),
      source: 'palisade-content-templates',
      positiveLabels: positive,
      weight: 1.5,
    },
    shared('toxicity/toxigen_demonstration_sentences.jsonl'),
    shared('toxicity/hatecheck_cases.jsonl', {
      source: 'hatecheck_generalisations',
      filter: (row) =>
        hateCheckGeneralisations.has(String(row['category'])) || hateCheckNeutral.has(String(row['category'])),
    }),
    shared('toxicity/stormfront_hate_sentences.jsonl', {
      filter: (row) => row['label'] === 'non_toxic',
      maxRows: 1500,
    }),
    shared('toxicity/bias_madlibs_sample.jsonl', { filter: (row) => row['label'] === 'non_toxic', maxRows: 600 }),
    shared('benign/oasst_eval_prompts.jsonl'),
    shared('benign/arena_hard_questions.jsonl', { maxRows: 300 }),
    shared('benign/clinc150_queries.jsonl', { maxRows: 600 }),
    shared('benign/counselchat_mental_health_questions.jsonl', { maxRows: 300 }),
  ],
  heldOutFiles: [],
  experiments: [
    { name: 'toxigen_demonstration_sentences (held out)', sources: ['toxigen_demonstration_sentences'] },
    { name: 'hatecheck generalisations (held out)', sources: ['hatecheck_generalisations'] },
  ],
  independentFiles: [
    {
      path: join(contentDataDirectory, 'eval', 'bias-eval.jsonl'),
      source: 'palisade-content-eval',
      positiveLabels: positive,
    },
  ],
  hardNegative: (example) => example.label === 0 && example.source.startsWith('palisade-content'),
  hardNegativeFalsePositiveRate: 0.05,
  detectorScore: (classifier, text) => analyzeBias(text, classifier).score,
  sections: [
    {
      heading: 'Splits',
      body: 'Positives: hand-written stereotyping generalisations (`data/content/bias-train.jsonl`), ToxiGen hateful demonstration sentences (implicit stereotypes about 13 groups) and HateCheck derogation cases; negatives: neutral and counter-stereotype statements about the same groups (hand-written, ToxiGen neutral, HateCheck identity-neutral/positive/counter-speech), Stormfront non-hate sentences and ordinary prompts. The independent set `data/content/eval/bias-eval.jsonl` was written separately and is never trained on.',
    },
    {
      heading: 'Limits',
      body: [
        '- A proxy: it learns the surface form of a generalisation ("X are …", "all X …", "X can\'t …"), not whether a claim is factual. Accurate statistics phrased as generalisations may be flagged; subtle bias (unequal treatment, omissions, a default gender in a story) is not detected.',
        '- The category comes from the first protected-group word of the sentence; sentences with two groups get the first one.',
        '- English only; groups outside the lexicon (e.g. caste, class, body size) are not reported.',
        '- Quoted or reported stereotypes ("the villain says all X are …") can be flagged: the model sees one sentence at a time.',
        "- ToxiGen positives are hateful, so the model also reacts to hostility; its scores overlap with the toxicity scanner's identity-hate category by design.",
      ].join('\n'),
    },
  ],
};

/**
 * Trains the bias model and writes `packages/guard/src/models/bias` (or `outputDirectory`).
 *
 * @example
 * trainBias({ seed: 7 }).threshold
 */
export function trainBias(options: ContentTrainOptions = {}): ContentTrainResult {
  return trainContentModel(biasModelSpec, options);
}
