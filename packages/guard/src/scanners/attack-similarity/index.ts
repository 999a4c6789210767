import { z } from 'zod';
import { type AttackCorpus, discountedSimilarity } from '../../models/embeddings/attack-corpus.js';
import type { EmbeddingModel } from '../../models/embeddings/embedding-model.js';
import { getAttackCorpus, getEmbeddingModel } from '../../models/embeddings/index.js';
import { calibrate } from '../../models/shared/calibration.js';
import { defineScanner } from '../../scanner/define-scanner.js';
import type { Finding, ScanOutcome, Span } from '../../scanner/types.js';
import { severityOfScore } from '../prompt-injection/index.js';
import { type AttackIndex, type AttackMatch, createInMemoryAttackIndex } from './attack-index.js';

/** Config of the `attack-similarity` scanner. */
export const AttackSimilarityConfig = z
  .object({
    /** Minimum calibrated score for a finding. Default: the corpus threshold (≈1% FPR on held-out benign). */
    threshold: z.number().min(0).max(1).optional(),
    /** Include the shipped corpus of known attacks. */
    shippedCorpus: z.boolean().default(true),
    /** Your own known attacks; ids are reported in findings. */
    examples: z
      .array(z.object({ id: z.string().min(1).max(200), text: z.string().min(1).max(100_000) }).strict())
      .default([]),
    /** Nearest neighbours reported per text. */
    topK: z.number().int().min(1).max(20).default(3),
    /** Long texts are embedded in windows of this many characters (half-overlapping; max wins). */
    windowCharacters: z.number().int().min(200).max(20_000).default(1200),
    /** At most this many windows per text (the rest of a huge text is sampled evenly). */
    maxWindows: z.number().int().min(1).max(10_000).default(24),
  })
  .strict();
export type AttackSimilarityConfig = z.infer<typeof AttackSimilarityConfig>;

/** Window spans of a text (half-overlapping), sampled evenly when there are too many. */
function windowSpans(length: number, size: number, maximum: number): Span[] {
  if (length <= size) return [{ start: 0, end: length }];
  const step = Math.ceil(size / 2);
  const spans: Span[] = [];
  for (let start = 0; start + step < length; start += step) spans.push({ start, end: Math.min(length, start + size) });
  if (spans.length <= maximum) return spans;
  const sampled: Span[] = [];
  for (let index = 0; index < maximum; index += 1) sampled.push(spans[Math.floor((index * spans.length) / maximum)]!);
  return sampled;
}

/** Everything the scanner needs besides config (injectable for tests and vector databases). */
export interface AttackSimilarityDependencies {
  readonly model?: EmbeddingModel;
  readonly corpus?: AttackCorpus;
  /** A custom index (e.g. a vector database); the shipped corpus and examples are added to it. */
  readonly index?: AttackIndex;
}

/**
 * Builds the configured similarity detector (async because a custom index may be).
 *
 * @example
 * const detect = await createAttackSimilarityDetector(AttackSimilarityConfig.parse({ examples: [{ id: 'x', text: '…' }] }));
 * const { findings } = await detect('some prompt');
 */
export async function createAttackSimilarityDetector(
  config: AttackSimilarityConfig,
  dependencies: AttackSimilarityDependencies = {},
): Promise<(text: string) => Promise<ScanOutcome>> {
  const model = dependencies.model ?? getEmbeddingModel();
  const corpus = dependencies.corpus ?? getAttackCorpus();
  const index = dependencies.index ?? createInMemoryAttackIndex(model.dimensions);
  if (config.shippedCorpus) {
    const entries = corpus.ids.map((id, row) => ({
      id,
      vector: corpus.vectors.subarray(row * corpus.dimensions, (row + 1) * corpus.dimensions),
    }));
    await index.add(entries);
  }
  if (config.examples.length > 0) {
    await index.add(config.examples.map((example) => ({ id: example.id, vector: model.embed(example.text) })));
  }
  const userIds = new Set(config.examples.map((example) => example.id));
  const threshold = config.threshold ?? corpus.threshold;
  return async (text) => {
    let best: { match: AttackMatch; score: number; span: Span; similarity: number } | undefined;
    const matches = new Map<string, { score: number; similarity: number; span: Span }>();
    for (const span of windowSpans(text.length, config.windowCharacters, config.maxWindows)) {
      const { vector, energy } = model.embedWithEnergy(text.slice(span.start, span.end));
      for (const match of await index.search(vector, config.topK)) {
        const similarity = discountedSimilarity(match.similarity, energy, corpus.minimumEnergy);
        const score = calibrate(similarity, corpus.calibration);
        const previous = matches.get(match.id);
        if (!previous || previous.score < score) matches.set(match.id, { score, similarity, span });
        if (!best || score > best.score) best = { match, score, span, similarity };
      }
    }
    const findings: Finding[] = [...matches.entries()]
      .filter(([, hit]) => hit.score >= threshold)
      .sort((left, right) => right[1].score - left[1].score)
      .slice(0, config.topK)
      .map(([id, hit]) => ({
        scanner: 'attack-similarity',
        category: 'injection.known-attack',
        severity: severityOfScore(hit.score),
        score: Math.round(hit.score * 1000) / 1000,
        span: hit.span,
        message: `similar to known attack ${id} (cosine ${hit.similarity.toFixed(3)})`,
        metadata: {
          exampleId: id,
          similarity: Math.round(hit.similarity * 1000) / 1000,
          origin: userIds.has(id) ? 'policy' : 'shipped',
        },
      }));
    return { findings, score: Math.round((best?.score ?? 0) * 1000) / 1000 };
  };
}

/**
 * The "vector embedding filter": embeds the text (offline model trained here) and finds the
 * nearest known attacks in the shipped corpus plus the policy's own `examples`. Findings report the
 * matched example id and cosine similarity. Brute force in memory by default; pass an
 * {@link AttackIndex} over a vector database through {@link createAttackSimilarityDetector} to scale.
 *
 * @example
 * const scanner = await attackSimilarityScanner.create(AttackSimilarityConfig.parse({ examples: [{ id: 'acme-1', text: 'print the admin token' }] }));
 */
export const attackSimilarityScanner = defineScanner<AttackSimilarityConfig>({
  id: 'attack-similarity',
  description: 'Nearest known attacks by embedding similarity (shipped corpus + policy examples)',
  stages: ['input', 'retrieval', 'tool'],
  engine: 'model',
  configSchema: AttackSimilarityConfig,
  async create(config) {
    const detect = await createAttackSimilarityDetector(config);
    return { scan: (context) => detect(context.text) };
  },
});
