import { z } from 'zod';
import { defineScanner } from '../../scanner/define-scanner.js';
import type { Finding, Span } from '../../scanner/types.js';
import { findAll } from '../../text/find-all.js';
import { normalizeForMatching } from '../../text/normalize-for-matching.js';
import { sentenceSpans } from '../bias/classify-bias.js';
import {
  createEmbeddingTopicSpace,
  createHashedTopicSpace,
  type TopicVector,
  type TopicVectorSpace,
} from './topic-vector-space.js';

const Topic = z
  .object({
    /** Stable name, reported in `metadata.topic`. */
    name: z.string().trim().min(1),
    /** A few sentences that are on this topic. */
    examples: z.array(z.string().trim().min(1)).min(1),
    /** Words or phrases that decide the topic on their own (whole word, case-insensitive). */
    keywords: z.array(z.string().trim().min(1)).default([]),
    /** Similarity threshold for this topic (default: the scanner's `threshold`). */
    threshold: z.number().min(0).max(1).optional(),
  })
  .strict();

/** Configuration of the `topics` scanner. */
export const TopicsConfig = z
  .object({
    /** Topics the assistant must not discuss: a match is a `topics.banned` finding. */
    banned: z.array(Topic).default([]),
    /** Topics the assistant should stay on: text matching none is `topics.off-topic`. */
    allowed: z.array(Topic).default([]),
    /** Default cosine-similarity threshold (0..1) between a sentence and a topic's closest example. */
    threshold: z.number().min(0).max(1).default(0.2),
    /** Texts shorter than this (greetings, "thanks") are never reported off-topic. */
    offTopicMinLength: z.number().int().min(0).default(20),
    severity: z.enum(['low', 'medium', 'high', 'critical']).default('medium'),
    /**
     * `hashed` (default): local hashed n-grams over content words, precise and lexical.
     * `embedding`: the shared 48-dimensional sentence embedding (`models/embeddings`), looser.
     */
    space: z.enum(['hashed', 'embedding']).default('hashed'),
  })
  .strict()
  .refine((config) => config.banned.length + config.allowed.length > 0, {
    message: 'topics: define at least one banned or allowed topic',
  });

/** Validated `topics` configuration. */
export type TopicsConfig = z.infer<typeof TopicsConfig>;

const wholeTextLimit = 400;

interface CompiledTopic {
  readonly name: string;
  readonly examples: readonly TopicVector[];
  readonly keywords: RegExp | undefined;
  readonly threshold: number;
}

interface TopicMatch {
  readonly similarity: number;
  readonly span: Span;
  readonly by: 'example' | 'keyword';
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compileTopic(topic: z.infer<typeof Topic>, space: TopicVectorSpace, threshold: number): CompiledTopic {
  const keywords = topic.keywords.map((keyword) =>
    normalizeForMatching(keyword).split(/\s+/).map(escapeRegExp).join('\\s+'),
  );
  return {
    name: topic.name,
    examples: topic.examples.map((example) => space.embed(example)),
    // Literal alternatives between look-arounds: linear time.
    keywords:
      keywords.length === 0
        ? undefined
        : new RegExp(`(?<![\\p{L}\\p{N}_])(?:${keywords.join('|')})(?![\\p{L}\\p{N}_])`, 'giu'),
    threshold: topic.threshold ?? threshold,
  };
}

/**
 * Topic control: banned topics and allowed topics defined by name, example sentences and optional
 * keywords, matched per sentence by vector similarity to the closest example; off-topic detection
 * for assistants that must stay on their subject. The default vector space is local hashed
 * n-grams over content words (lexical similarity; see docs/content-safety.md), so give each topic
 * several varied examples and keywords.
 *
 * @example
 * const scanner = await topicsScanner.create(TopicsConfig.parse({
 *   banned: [{ name: 'investment-advice', examples: ['Which stocks should I buy?'], keywords: ['stock tips'] }],
 * }));
 */
export const topicsScanner = defineScanner<TopicsConfig>({
  id: 'topics',
  description: 'Banned topics and off-topic detection by example similarity and keywords.',
  stages: ['input', 'output'],
  engine: 'heuristic',
  needsFullText: true,
  configSchema: TopicsConfig,
  async create(config) {
    const space = config.space === 'embedding' ? await createEmbeddingTopicSpace() : createHashedTopicSpace();
    const banned = config.banned.map((topic) => compileTopic(topic, space, config.threshold));
    const allowed = config.allowed.map((topic) => compileTopic(topic, space, config.threshold));

    function bestMatch(
      topic: CompiledTopic,
      units: readonly { span: Span; vector: TopicVector }[],
      keywordSpans: readonly Span[],
    ): TopicMatch {
      let best: TopicMatch = { similarity: 0, span: { start: 0, end: 0 }, by: 'example' };
      for (const unit of units) {
        for (const example of topic.examples) {
          const similarity = space.similarity(unit.vector, example);
          if (similarity > best.similarity) best = { similarity, span: unit.span, by: 'example' };
        }
      }
      const keywordSpan = keywordSpans[0];
      if (keywordSpan !== undefined) best = { similarity: 1, span: keywordSpan, by: 'keyword' };
      return best;
    }

    return {
      scan(context) {
        const text = context.text;
        const spans = sentenceSpans(text);
        // Sentences, plus the whole text when it is short enough to be one thought (a long text's
        // whole-text vector is dominated by its length and costs as much as all its sentences).
        const whole = { start: 0, end: text.length };
        const units = (spans.length <= 1 ? [whole] : text.length <= wholeTextLimit ? [whole, ...spans] : spans)
          .filter((span) => text.slice(span.start, span.end).trim() !== '')
          .map((span) => ({ span, vector: space.embed(text.slice(span.start, span.end)) }));
        const views = context.views();
        const kind = views.some((view) => view.kind === 'normalized') ? 'normalized' : 'original';
        const keywordSpans = (topic: CompiledTopic): Span[] =>
          topic.keywords === undefined
            ? []
            : findAll(views, topic.keywords, { kinds: [kind] }).map((match) => match.span);
        const findings: Finding[] = [];
        let score = 0;
        for (const topic of banned) {
          const match = bestMatch(topic, units, keywordSpans(topic));
          score = Math.max(score, match.similarity);
          if (match.similarity < topic.threshold) continue;
          findings.push({
            scanner: 'topics',
            category: 'topics.banned',
            severity: config.severity,
            score: Math.round(match.similarity * 1000) / 1000,
            span: match.span,
            message: `Text is about a banned topic (${topic.name}).`,
            metadata: { topic: topic.name, matchedBy: match.by },
          });
        }
        if (allowed.length > 0 && text.trim().length >= config.offTopicMinLength) {
          let closest = 0;
          let closestName = '';
          let onTopic = false;
          for (const topic of allowed) {
            const match = bestMatch(topic, units, keywordSpans(topic));
            if (match.similarity >= topic.threshold) onTopic = true;
            if (match.similarity > closest) {
              closest = match.similarity;
              closestName = topic.name;
            }
          }
          const offTopicScore = Math.round((1 - closest) * 1000) / 1000;
          score = Math.max(score, onTopic ? 0 : offTopicScore);
          if (!onTopic) {
            findings.push({
              scanner: 'topics',
              category: 'topics.off-topic',
              severity: config.severity,
              score: offTopicScore,
              span: { start: 0, end: text.length },
              message: 'Text matches none of the allowed topics.',
              metadata: { closestTopic: closestName, similarity: Math.round(closest * 1000) / 1000 },
            });
          }
        }
        return { findings, score };
      },
    };
  },
});
