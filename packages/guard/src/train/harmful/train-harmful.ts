// Node-only: `palisade train harmful`.
import { join } from 'node:path';
import { analyzeHarmfulRequest } from '../../scanners/harmful-request/classify-harmful-request.js';
import { buildViews } from '../../text/build-views.js';
import type { DataFileSpec } from '../shared/load-labelled-data.js';
import { sharedDataDirectory } from '../shared/load-labelled-data.js';
import {
  type ContentModelSpec,
  type ContentTrainOptions,
  type ContentTrainResult,
  trainContentModel,
} from '../toxicity/train-content-model.js';
import { contentDataDirectory } from '../toxicity/train-toxicity.js';

const harmful = ['harmful'];

const shared = (path: string, rest: Omit<DataFileSpec, 'path' | 'positiveLabels'> = {}): DataFileSpec => ({
  path: join(sharedDataDirectory, path),
  positiveLabels: harmful,
  ...rest,
});

const hardNegativeSources = new Set([
  'palisade-content',
  'coconot_contrast_prompts',
  'cyberseceval_mitre_frr_security',
  'medquad_medication_questions',
  'counselchat_mental_health_questions',
  'mmlu_chemistry_security_questions',
]);

/** The harmful-request model's data, splits and card text. */
export const harmfulModelSpec: ContentModelSpec = {
  model: 'harmful',
  title: 'Harmful-request classifier (hashed n-gram logistic regression)',
  summary:
    'Scores how likely a prompt asks for help with something harmful (weapons incl. CBRN, malware and intrusion, fraud, self-harm methods, drugs, stalking, violence, extremism, harassment, child safety, hate). The `harmful-request` scanner adds the hazard category (taxonomy keywords) and splits self-harm into method requests (`harmful.self-harm`) and help-seeking disclosures (`self-harm.support`).',
  positiveLabels: harmful,
  features: { dimensions: 1 << 18, charMin: 3, charMax: 5, wordMax: 2, charWeight: 1, wordWeight: 1.2 },
  windowSize: 1024,
  trainingFiles: [
    shared('harmful/advbench_harmful_behaviors.jsonl'),
    shared('harmful/harmbench_behaviors.jsonl'),
    // Misinformation questions ("is the earth flat?") teach that any topical question is harmful.
    shared('harmful/donotanswer_prompts.jsonl', {
      weight: 0.5,
      filter: (row) => !String(row['category'] ?? '').includes('misinformation'),
    }),
    shared('harmful/gptfuzz_questions.jsonl'),
    shared('harmful/multijail_multilingual.jsonl', { weight: 0.4 }),
    shared('harmful/cyberseceval_interpreter_abuse.jsonl', { maxRows: 250 }),
    // Weak labels (red-teamers' opening lines, most but not all harmful): conversational positives
    // at a low weight, the style the imperative benchmark rows lack.
    {
      path: join(sharedDataDirectory, 'harmful/hh_rlhf_red_team_first_turns.jsonl'),
      positiveLabels: ['red_team_attempt'],
      weight: 0.3,
    },
    shared('benign/coconot_contrast_prompts.jsonl', {
      filter: (row) => String(row['category'] ?? '').startsWith('coconot_contrast_pref'),
      weight: 2,
    }),
    shared('benign/cyberseceval_mitre_frr_security.jsonl', { weight: 1.5 }),
    shared('benign/medquad_medication_questions.jsonl', { maxRows: 1000 }),
    shared('benign/counselchat_mental_health_questions.jsonl', { weight: 1.5 }),
    shared('benign/mmlu_chemistry_security_questions.jsonl', { weight: 1.5 }),
    shared('benign/oasst_eval_prompts.jsonl'),
    shared('benign/mtbench_vicuna_questions.jsonl'),
    shared('benign/arena_hard_questions.jsonl'),
    shared('benign/self_instruct_prompts.jsonl'),
    shared('benign/awesome_chatgpt_roleplay_prompts.jsonl'),
    shared('benign/notinject_hard_negatives.jsonl'),
    shared('benign/gpteacher_codegen.jsonl', { maxRows: 500 }),
    shared('benign/gpteacher_roleplay.jsonl', { maxRows: 500 }),
    shared('benign/cyberseceval_instruct_coding.jsonl', { maxRows: 500 }),
    shared('benign/clinc150_queries.jsonl', { maxRows: 3000 }),
    shared('benign/banking77_queries.jsonl', { maxRows: 500 }),
    shared('benign/gsm8k_questions.jsonl', { maxRows: 300 }),
    shared('benign/multilingual_xquad_questions.jsonl', { maxRows: 1500 }),
    shared('benign/multilingual_mtbench_prompts.jsonl', { maxRows: 1000 }),
    shared('benign/multilingual_xsid_assistant_commands.jsonl', { maxRows: 600 }),
    shared('benign/multilingual_exams_questions.jsonl', { maxRows: 400 }),
    shared('benign/korean_chatbot_queries.jsonl', { maxRows: 300 }),
    shared('benign/japanese_jcommonsenseqa_questions.jsonl', { maxRows: 300 }),
    shared('benign/french_medmcqa_pharmacy_questions.jsonl', { maxRows: 300 }),
    {
      path: join(contentDataDirectory, 'harmful-train.jsonl'),
      source: 'palisade-content',
      positiveLabels: harmful,
      weight: 4,
    },
  ],
  heldOutFiles: [
    shared('harmful/simplesafetytests.jsonl'),
    shared('harmful/strongreject_prompts.jsonl'),
    shared('benign/coconot_contrast_prompts.jsonl', {
      source: 'coconot_contrast_eval',
      filter: (row) => String(row['category'] ?? '').startsWith('coconot_contrast_eval'),
    }),
  ],
  experiments: [
    { name: 'advbench_harmful_behaviors (held out)', sources: ['advbench_harmful_behaviors'] },
    { name: 'harmbench_behaviors (held out)', sources: ['harmbench_behaviors'] },
    { name: 'donotanswer_prompts (held out)', sources: ['donotanswer_prompts'] },
    { name: 'multijail_multilingual (held out)', sources: ['multijail_multilingual'] },
    {
      name: 'cyberseceval_mitre_frr_security (held out, negatives only)',
      sources: ['cyberseceval_mitre_frr_security'],
    },
  ],
  independentFiles: [
    {
      path: join(contentDataDirectory, 'eval', 'harmful-eval.jsonl'),
      source: 'palisade-content-eval',
      positiveLabels: harmful,
    },
  ],
  hardNegative: (example) =>
    example.label === 0 &&
    (hardNegativeSources.has(example.source) || example.category?.startsWith('benign.') === true),
  hardNegativeFalsePositiveRate: 0.03,
  detectorScore: (classifier, text) => analyzeHarmfulRequest(text, buildViews(text), classifier).score,
  sections: [
    {
      heading: 'Splits',
      body: 'SimpleSafetyTests, StrongREJECT and the CoCoNot contrast *evaluation* split are never used for training, calibration or thresholds (the CoCoNot preference split is trained on): they are the public held-out sources, also used in the peer comparison. hh-rlhf red-team first turns are used as weak positives at weight 0.3. Hand-written rows in `data/content/harmful-train.jsonl` add benign lookalikes the public data lacks (history and arms control, defensive security, fraud awareness, medication safety, harm reduction, chemistry education, non-operational fiction, everyday homonyms) and help-seeking self-harm disclosures (negatives for this model; the scanner reports them as `self-harm.support`).',
    },
    {
      heading: 'Limits',
      body: [
        '- Positives are mostly short imperative English requests; long multi-turn or role-play-wrapped requests are scored per 1k-character window and can be missed (pair with the prompt-injection scanner for jailbreak wrappers).',
        '- Non-English coverage comes from MultiJail (9 languages) only; other languages rely on shared character n-grams.',
        '- The hazard category is assigned by keyword evidence, not by the classifier; a harmful request with no category keywords is `harmful.other`.',
        '- Borderline Do-Not-Answer rows (questions about conspiracy claims) are down-weighted but still teach the model that some misinformation questions are harmful.',
      ].join('\n'),
    },
  ],
};

/**
 * Trains the harmful-request model and writes `packages/guard/src/models/harmful` (or `outputDirectory`).
 *
 * @example
 * trainHarmful({ seed: 7 }).threshold
 */
export function trainHarmful(options: ContentTrainOptions = {}): ContentTrainResult {
  return trainContentModel(harmfulModelSpec, options);
}
