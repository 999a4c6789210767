import { z } from 'zod';
import { defineScanner } from '../../scanner/define-scanner.js';
import type { Finding, ScanOutcome, Severity, Span } from '../../scanner/types.js';
import { findCanary } from './find-canary.js';
import { contentWords, embedSparse, embedText, sparseCosineSimilarity } from './hashed-ngram-vector.js';
import { splitSentences } from './split-sentences.js';
import { systemSecrets } from './system-secrets.js';

/**
 * Config of the `prompt-leak` scanner.
 *
 * @example
 * PromptLeakConfig.parse({ ngramWords: 10, paraphrase: false });
 */
export const PromptLeakConfig = z
  .object({
    /** Minimum score for a finding (0..1). */
    threshold: z.number().min(0).max(1).default(0.5),
    /** Length in words of the verbatim n-grams shared with the system prompt. */
    ngramWords: z.number().int().min(4).max(32).default(8),
    /** Detect paraphrases: answer sentences whose hashed n-gram cosine with a system sentence reaches this. */
    similarity: z.number().min(0).max(1).default(0.55),
    /** `false` turns paraphrase detection off (verbatim n-grams and canary only). */
    paraphrase: z.boolean().default(true),
    /** System-prompt sentences with fewer content words are too generic to count as a leak. */
    minSentenceWords: z.number().int().min(1).default(4),
  })
  .strict();
export type PromptLeakConfig = z.infer<typeof PromptLeakConfig>;

const wordPattern = /[\p{L}\p{N}]+/gu;

interface Token {
  readonly word: string;
  readonly start: number;
  readonly end: number;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(wordPattern)) {
    tokens.push({ word: match[0].toLowerCase(), start: match.index, end: match.index + match[0].length });
  }
  return tokens;
}

function ngramKeys(words: readonly string[], size: number): Map<string, number> {
  const keys = new Map<string, number>();
  for (let index = 0; index + size <= words.length; index++) {
    const key = words.slice(index, index + size).join(' ');
    if (!keys.has(key)) keys.set(key, index);
  }
  return keys;
}

function isWordCharacter(character: string | undefined): boolean {
  return character !== undefined && /[\p{L}\p{N}_]/u.test(character);
}

function standsAlone(text: string, span: Span): boolean {
  return !isWordCharacter(text[span.start - 1]) && !isWordCharacter(text[span.end]);
}

function severityOf(score: number): Severity {
  if (score >= 0.9) return 'critical';
  if (score >= 0.7) return 'high';
  if (score >= 0.5) return 'medium';
  return 'low';
}

/**
 * A fresh random canary token (Web Crypto) to put in a system prompt; `prompt-leak` reports it
 * wherever it appears in an answer.
 *
 * @example
 * const canary = createCanary(); // 'pcn-3f9a1c0b7d2e4f6a8b9c0d1e'
 */
export function createCanary(prefix = 'pcn'): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  return `${prefix}-${[...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * Adds a canary to a system prompt as an HTML comment that models rarely repeat unless they dump
 * their instructions.
 *
 * @example
 * const system = embedCanary('You are a support bot.', createCanary());
 */
export function embedCanary(system: string, canary: string): string {
  return `<!-- ${canary} -->\n${system}`;
}

interface Overlap {
  readonly span: Span;
  readonly words: number;
}

function verbatimOverlaps(
  answer: string,
  system: string,
  prompt: string | undefined,
  requestedSize: number,
): { overlaps: Overlap[]; coverage: number } {
  const systemWords = tokenize(system).map((token) => token.word);
  if (systemWords.length < 4) return { overlaps: [], coverage: 0 };
  // Short system prompts leak in short pieces: scale the n-gram down to a third of the prompt,
  // never below 5 words (shorter runs are common phrases).
  const size = Math.min(requestedSize, Math.max(5, Math.floor(systemWords.length / 3)), systemWords.length);
  const systemKeys = ngramKeys(systemWords, size);
  // Text the user supplied themselves is not a leak when the answer repeats it.
  const promptKeys = prompt
    ? ngramKeys(
        tokenize(prompt).map((token) => token.word),
        size,
      )
    : new Map<string, number>();
  const answerTokens = tokenize(answer);
  const matched = new Uint8Array(answerTokens.length);
  const covered = new Uint8Array(systemWords.length);
  for (let index = 0; index + size <= answerTokens.length; index++) {
    const key = answerTokens
      .slice(index, index + size)
      .map((token) => token.word)
      .join(' ');
    const systemIndex = systemKeys.get(key);
    if (systemIndex === undefined || promptKeys.has(key)) continue;
    matched.fill(1, index, index + size);
    covered.fill(1, systemIndex, systemIndex + size);
  }
  const overlaps: Overlap[] = [];
  let runStart = -1;
  for (let index = 0; index <= answerTokens.length; index++) {
    if (index < answerTokens.length && matched[index] === 1) {
      if (runStart < 0) runStart = index;
      continue;
    }
    if (runStart >= 0) {
      const first = answerTokens[runStart];
      const last = answerTokens[index - 1];
      if (first && last) overlaps.push({ span: { start: first.start, end: last.end }, words: index - runStart });
      runStart = -1;
    }
  }
  const coverage = covered.reduce((sum, value) => sum + value, 0) / systemWords.length;
  return { overlaps, coverage };
}

/**
 * Detects the system prompt leaking into an answer: the pipeline's canary token (also spaced,
 * reversed or encoded), long verbatim word n-grams shared with the system prompt, and paraphrased
 * sentences (hashed character n-gram cosine per sentence).
 *
 * @example
 * const scanner = await promptLeakScanner.create(PromptLeakConfig.parse({}));
 * await scanner.scan({ ...context, system: 'You are…', canary }); // { category: 'leak.canary', … }
 */
export const promptLeakScanner = defineScanner<PromptLeakConfig>({
  id: 'prompt-leak',
  description: 'System prompt leaking into the answer: canary token, verbatim n-grams, paraphrases',
  stages: ['output'],
  engine: 'heuristic',
  configSchema: PromptLeakConfig,
  create(config) {
    interface PreparedSystem {
      readonly sentences: readonly { text: string; vector: Float32Array }[];
      /** 5-letter prefixes of the system prompt's content words: a cheap pre-filter. */
      readonly prefixes: ReadonlySet<string>;
      /** Passwords, codes and keys the system prompt defines. */
      readonly secrets: readonly string[];
    }
    const systemCache = new Map<string, PreparedSystem>();
    const prepareSystem = (system: string): PreparedSystem => {
      let cached = systemCache.get(system);
      if (!cached) {
        const sentences = splitSentences(system)
          .filter((sentence) => contentWords(sentence.text).length >= config.minSentenceWords)
          .map((sentence) => ({ text: sentence.text, vector: embedText(sentence.text) }));
        const prefixes = new Set(contentWords(system).map((word) => word.slice(0, 5)));
        cached = { sentences, prefixes, secrets: systemSecrets(system) };
        if (systemCache.size > 64) systemCache.clear();
        systemCache.set(system, cached);
      }
      return cached;
    };
    return {
      scan(context): ScanOutcome {
        const findings: Finding[] = [];
        let highest = 0;
        const report = (finding: Finding & { score: number }): void => {
          highest = Math.max(highest, finding.score);
          if (finding.score >= config.threshold) findings.push(finding);
        };

        if (context.canary) {
          for (const hit of findCanary(context.text, context.canary, context.views())) {
            report({
              scanner: 'prompt-leak',
              category: 'leak.canary',
              severity: 'critical',
              score: 1,
              span: hit.span,
              message: `the system prompt's canary token appears in the answer (${hit.form})`,
              metadata: { form: hit.form },
            });
          }
        }

        const system = context.system;
        if (!system || system.trim() === '') return { findings, score: highest };

        const prepared = prepareSystem(system);
        for (const secret of prepared.secrets) {
          const userSaidIt = context.prompt?.toLowerCase().includes(secret.toLowerCase()) ?? false;
          for (const hit of findCanary(context.text, secret, context.views())) {
            // A secret must stand alone: "Mouse" in "Mousepad" is not a leak (encoded runs excepted).
            if (hit.form !== 'base64' && hit.form !== 'hex' && !standsAlone(context.text, hit.span)) continue;
            report({
              scanner: 'prompt-leak',
              category: 'leak.secret',
              severity: 'critical',
              // Repeating a guess the user typed is weaker evidence than volunteering the secret.
              score: userSaidIt ? 0.8 : 1,
              span: hit.span,
              message: `a secret defined in the system prompt appears in the answer (${hit.form})`,
              metadata: { form: hit.form, length: secret.length },
            });
          }
        }

        const { overlaps, coverage } = verbatimOverlaps(context.text, system, context.prompt, config.ngramWords);
        for (const overlap of overlaps) {
          const score = Math.min(1, 0.45 + 0.02 * (overlap.words - config.ngramWords) + 1.8 * coverage);
          report({
            scanner: 'prompt-leak',
            category: 'leak.system-prompt',
            severity: severityOf(score),
            score,
            span: overlap.span,
            message: `${overlap.words} consecutive words of the system prompt appear in the answer`,
            metadata: { method: 'ngram', words: overlap.words, coverage: Math.round(coverage * 1000) / 1000 },
          });
        }

        if (config.paraphrase) {
          const candidates = prepared.sentences;
          if (candidates.length > 0) {
            const matchedSystem = new Set<number>();
            const hits: { span: Span; similarity: number }[] = [];
            for (const sentence of splitSentences(context.text)) {
              const words = contentWords(sentence.text);
              if (words.length < 3) continue;
              // A sentence sharing no word stem with the system prompt cannot paraphrase it closely.
              const shared = words.filter((word) => prepared.prefixes.has(word.slice(0, 5))).length;
              if (shared < 2) continue;
              if (
                overlaps.some(
                  (overlap) => overlap.span.start < sentence.span.end && sentence.span.start < overlap.span.end,
                )
              ) {
                continue;
              }
              const vector = embedSparse(sentence.text);
              let best = 0;
              let bestIndex = -1;
              for (const [index, candidate] of candidates.entries()) {
                const similarity = sparseCosineSimilarity(vector, candidate.vector);
                if (similarity > best) {
                  best = similarity;
                  bestIndex = index;
                }
              }
              if (best >= config.similarity) {
                matchedSystem.add(bestIndex);
                hits.push({ span: sentence.span, similarity: best });
              } else {
                highest = Math.max(highest, 0.25 + 0.35 * best);
              }
            }
            // One paraphrased sentence is weak evidence; many distinct ones are a dump.
            const share = matchedSystem.size / candidates.length;
            for (const hit of hits) {
              const score = Math.min(0.95, 0.25 + 0.35 * hit.similarity + 0.5 * share);
              report({
                scanner: 'prompt-leak',
                category: 'leak.system-prompt',
                severity: severityOf(score),
                score: Math.round(score * 1000) / 1000,
                span: hit.span,
                message: 'an answer sentence paraphrases the system prompt',
                metadata: {
                  method: 'similarity',
                  similarity: Math.round(hit.similarity * 1000) / 1000,
                  share: Math.round(share * 1000) / 1000,
                },
              });
            }
          }
        }
        return { findings, score: highest };
      },
    };
  },
});
