// Node-only: `palisade train toxicity`.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeToxicity } from '../../scanners/toxicity/classify-toxicity.js';
import { buildViews } from '../../text/build-views.js';
import type { DataFileSpec } from '../shared/load-labelled-data.js';
import { sharedDataDirectory } from '../shared/load-labelled-data.js';
import {
  type ContentModelSpec,
  type ContentTrainOptions,
  type ContentTrainResult,
  trainContentModel,
} from './train-content-model.js';

/** `data/content` at the repository root: hand-written training rows and the independent eval set. */
export const contentDataDirectory = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../..', 'data/content');

const shared = (path: string, rest: Omit<DataFileSpec, 'path'>): DataFileSpec => ({
  path: join(sharedDataDirectory, path),
  ...rest,
});

const toxic = ['toxic'];

/** The toxicity model's data, splits and card text. */
export const toxicityModelSpec: ContentModelSpec = {
  model: 'toxicity',
  title: 'Toxicity classifier (hashed n-gram logistic regression)',
  summary:
    'Scores how likely a message is toxic: insults, harassment, threats, identity-based hate, sexual harassment and profanity aimed at someone. It is one half of the `toxicity` scanner; the other half is an obfuscation-aware signature layer (lexicon + threat/harassment phrases) that also picks the finding category. English only.',
  positiveLabels: toxic,
  features: { dimensions: 1 << 18, charMin: 2, charMax: 5, wordMax: 2, charWeight: 1, wordWeight: 1 },
  windowSize: 768,
  trainingFiles: [
    // Davidson's "offensive" class is mostly untargeted profanity; only a small share is kept.
    shared('toxicity/davidson_hate_offensive_tweets.jsonl', {
      positiveLabels: toxic,
      filter: (row) => row['category'] !== 'offensive',
    }),
    shared('toxicity/davidson_hate_offensive_tweets.jsonl', {
      source: 'davidson_offensive_subsample',
      positiveLabels: toxic,
      filter: (row) => row['category'] === 'offensive',
      maxRows: 2500,
      weight: 0.4,
    }),
    shared('toxicity/stormfront_hate_sentences.jsonl', { positiveLabels: toxic }),
    shared('toxicity/wikipedia_talk_toxicity_sample.jsonl', { positiveLabels: toxic }),
    shared('toxicity/toxigen_demonstration_sentences.jsonl', { positiveLabels: toxic, weight: 1.5 }),
    shared('toxicity/bias_madlibs_sample.jsonl', { positiveLabels: toxic, maxRows: 2000, weight: 0.5 }),
    shared('benign/oasst_eval_prompts.jsonl', { positiveLabels: toxic }),
    shared('benign/mtbench_vicuna_questions.jsonl', { positiveLabels: toxic }),
    shared('benign/coconot_contrast_prompts.jsonl', { positiveLabels: toxic }),
    shared('benign/counselchat_mental_health_questions.jsonl', { positiveLabels: toxic }),
    shared('benign/medquad_medication_questions.jsonl', { positiveLabels: toxic, maxRows: 500 }),
    shared('benign/awesome_chatgpt_roleplay_prompts.jsonl', { positiveLabels: toxic }),
    shared('benign/gpteacher_roleplay.jsonl', { positiveLabels: toxic, maxRows: 600 }),
    shared('benign/clinc150_queries.jsonl', { positiveLabels: toxic, maxRows: 1500 }),
    shared('benign/arena_hard_questions.jsonl', { positiveLabels: toxic, maxRows: 300 }),
    shared('benign/multilingual_mtbench_prompts.jsonl', { positiveLabels: toxic, maxRows: 800 }),
    {
      path: join(contentDataDirectory, 'toxicity-train.jsonl'),
      source: 'palisade-content',
      positiveLabels: toxic,
      weight: 4,
    },
    {
      path: join(contentDataDirectory, 'toxicity-train-templates.jsonl'),
      source: 'palisade-content-templates',
      positiveLabels: toxic,
      weight: 1.5,
    },
  ],
  heldOutFiles: [
    shared('toxicity/hatecheck_cases.jsonl', { positiveLabels: toxic }),
    shared('toxicity/surge_toxicity.jsonl', { positiveLabels: toxic }),
  ],
  experiments: [
    { name: 'wikipedia_talk_toxicity_sample (held out)', sources: ['wikipedia_talk_toxicity_sample'] },
    { name: 'toxigen_demonstration_sentences (held out)', sources: ['toxigen_demonstration_sentences'] },
    { name: 'davidson_hate_offensive_tweets (held out)', sources: ['davidson_hate_offensive_tweets'] },
  ],
  independentFiles: [
    {
      path: join(contentDataDirectory, 'eval', 'toxicity-eval.jsonl'),
      source: 'palisade-content-eval',
      positiveLabels: toxic,
    },
  ],
  hardNegative: (example) =>
    example.label === 0 &&
    (example.category?.startsWith('hard-negative') === true ||
      example.category === 'identity-neutral' ||
      example.category === 'counter-speech' ||
      example.category === 'civil-criticism'),
  hardNegativeFalsePositiveRate: 0.05,
  detectorScore: (classifier, text) => analyzeToxicity(text, buildViews(text), classifier).score,
  sections: [
    {
      heading: 'Splits',
      body: 'HateCheck and Surge AI toxicity are never used for training, calibration or thresholds: they are the public held-out sources (HateCheck is a functional test suite; Surge is the set the peer comparison in docs/content-safety.md uses). The hand-written rows in `data/content/toxicity-train.jsonl` add hard negatives the public data lacks (Scunthorpe-style words and place names, medical terms, discussion of slurs, counter-speech, civil disagreement, violent idioms, banter, self-deprecation) and obfuscated toxic examples.',
    },
    {
      heading: 'Limits',
      body: [
        '- English only; other languages score low (no non-English toxic data exists in the training set).',
        '- Davidson labels equate "offensive" with slurs and profanity, including AAVE usage; it is down-weighted but its bias can leak into scores for African-American English.',
        '- Implicit, sarcastic or context-dependent toxicity (a benign sentence that is toxic in reply to a specific message) is often missed.',
        '- Toxicity labels are subjective; Surge numbers show the disagreement ceiling of single-message classification.',
      ].join('\n'),
    },
  ],
};

/**
 * Trains the toxicity model and writes `packages/guard/src/models/toxicity` (or `outputDirectory`).
 *
 * @example
 * trainToxicity({ seed: 7 }).threshold
 */
export function trainToxicity(options: ContentTrainOptions = {}): ContentTrainResult {
  return trainContentModel(toxicityModelSpec, options);
}
