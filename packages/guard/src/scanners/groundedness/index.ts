import { z } from 'zod';
import { defineScanner } from '../../scanner/define-scanner.js';
import type { ContextDocument, Finding, ScanOutcome, Severity } from '../../scanner/types.js';
import { contentWords } from '../prompt-leak/hashed-ngram-vector.js';
import { splitSentences } from '../prompt-leak/split-sentences.js';
import { createGroundednessJudge, GroundednessJudgeConfig, type JudgeVerdict } from './llm-judge.js';
import { type PreparedDocuments, prepareDocuments, type SentenceSupport, sentenceSupport } from './support-scores.js';

/** FNV-1a over the whole text: a cache key, not a security boundary. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

/**
 * Config of the `groundedness` scanner.
 *
 * @example
 * GroundednessConfig.parse({ minSupport: 0.6, judge: { url: 'http://127.0.0.1:8000/v1', model: 'judge' } });
 */
export const GroundednessConfig = z
  .object({
    /** A sentence whose support is below this is unsupported (0..1). */
    minSupport: z.number().min(0).max(1).default(0.5),
    /** Minimum score (1 − support) for a finding; with the defaults every unsupported sentence is one. */
    threshold: z.number().min(0).max(1).default(0.5),
    /** Sentences with fewer content words (greetings, "Sure!") are not checked. */
    minWords: z.number().int().min(1).default(3),
    /** Optional LLM judge over an OpenAI-compatible URL; replaces the heuristic verdicts. */
    judge: GroundednessJudgeConfig.optional(),
  })
  .strict();
export type GroundednessConfig = z.infer<typeof GroundednessConfig>;

function severityOf(score: number): Severity {
  if (score >= 0.8) return 'high';
  if (score >= 0.6) return 'medium';
  return 'low';
}

// Sentences that make no factual claim about the documents.
const nonClaimPattern =
  /\?\s*$|^(?:sure|of course|certainly|hope this helps|let me know|feel free|thanks|thank you)\b/i;

/**
 * Checks an answer against the context documents the caller supplied (`ScanContext.documents`):
 * each sentence gets a support score from lexical overlap and hashed n-gram embedding similarity
 * (numbers missing from the documents weigh heavily), and unsupported sentences are reported with
 * their spans. An optional LLM judge over any OpenAI-compatible URL can replace the heuristic.
 *
 * @example
 * const scanner = await groundednessScanner.create(GroundednessConfig.parse({}));
 * await scanner.scan({ ...context, documents: [{ id: 'kb-1', text: '…' }] }); // { category: 'groundedness.unsupported', … }
 */
export const groundednessScanner = defineScanner<GroundednessConfig>({
  id: 'groundedness',
  description: 'Answer sentences not supported by the context documents (lexical + embedding; optional LLM judge)',
  stages: ['output'],
  engine: 'heuristic',
  needsFullText: true,
  configSchema: GroundednessConfig,
  create(config) {
    const judge = config.judge ? createGroundednessJudge(config.judge) : undefined;
    // The same documents often come with many answers (RAG sessions, eval runs): index them once.
    const preparedCache = new Map<string, PreparedDocuments>();
    const prepare = (documents: readonly ContextDocument[]): PreparedDocuments => {
      const key = documents
        .map((document) => `${document.id}:${document.text.length}:${fingerprint(document.text)}`)
        .join('|');
      let prepared = preparedCache.get(key);
      if (!prepared) {
        prepared = prepareDocuments(documents);
        if (preparedCache.size >= 16) preparedCache.delete(preparedCache.keys().next().value ?? '');
        preparedCache.set(key, prepared);
      }
      return prepared;
    };
    return {
      async scan(context): Promise<ScanOutcome> {
        const documents = (context.documents ?? []).filter((document) => document.text.trim() !== '');
        if (documents.length === 0) return { findings: [], score: 0 };
        const claims = splitSentences(context.text).filter(
          (sentence) => contentWords(sentence.text).length >= config.minWords && !nonClaimPattern.test(sentence.text),
        );
        if (claims.length === 0) return { findings: [], score: 0 };
        const prepared = prepare(documents);
        const heuristics: SentenceSupport[] = claims.map((claim) => sentenceSupport(claim.text, prepared));
        let verdicts: Map<number, JudgeVerdict> | undefined;
        if (judge) {
          const answer = await judge.judge(
            claims.map((claim) => claim.text),
            documents,
            context.signal,
          );
          verdicts = new Map(answer.map((verdict) => [verdict.index, verdict]));
        }
        const supports = claims.map((_, index) => {
          const verdict = verdicts?.get(index);
          return verdict ? verdict.score : (heuristics[index]?.support ?? 0);
        });
        const unsupported = supports.filter((support) => support < config.minSupport).length;
        const findings: Finding[] = [];
        let highest = 0;
        for (const [index, claim] of claims.entries()) {
          const support = supports[index] ?? 0;
          const heuristic = heuristics[index];
          const score = Math.round((1 - support) * 1000) / 1000;
          highest = Math.max(highest, score);
          if (support >= config.minSupport || score < config.threshold) continue;
          findings.push({
            scanner: 'groundedness',
            category: 'groundedness.unsupported',
            severity: severityOf(score),
            score,
            span: claim.span,
            message: `sentence is not supported by the context documents (support ${support.toFixed(2)})`,
            metadata: {
              method: verdicts?.has(index) ? 'judge' : 'heuristic',
              support,
              lexical: heuristic?.lexical ?? 0,
              similarity: heuristic?.similarity ?? 0,
              unsupportedNumbers: heuristic?.unsupportedNumbers ?? 0,
              unsupportedShare: Math.round((unsupported / claims.length) * 1000) / 1000,
              ...(heuristic?.documentId === undefined ? {} : { closestDocument: heuristic.documentId }),
            },
          });
        }
        return { findings, score: highest };
      },
    };
  },
});
