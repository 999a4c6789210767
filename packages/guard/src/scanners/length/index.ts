import { z } from 'zod';
import { defineScanner } from '../../scanner/define-scanner.js';
import type { Finding, ScanOutcome } from '../../scanner/types.js';
import { estimateTokens } from './estimate-tokens.js';

/** Config of the `length` scanner. At least one limit is required. */
export const LengthConfig = z
  .object({
    /** Maximum characters (Unicode code points, so an emoji counts once). */
    maxCharacters: z.number().int().positive().optional(),
    /** Maximum approximate tokens (see `estimateTokens`: within about ±15% of cl100k on prose). */
    maxTokens: z.number().int().positive().optional(),
    severity: z.enum(['low', 'medium', 'high', 'critical']).default('medium'),
  })
  .strict()
  .refine((config) => config.maxCharacters !== undefined || config.maxTokens !== undefined, {
    message: 'give maxCharacters, maxTokens or both',
  });
export type LengthConfig = z.infer<typeof LengthConfig>;

function countCodePoints(text: string): number {
  let surrogatePairs = 0;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        surrogatePairs++;
        index++;
      }
    }
  }
  return text.length - surrogatePairs;
}

/** UTF-16 offset just after the first `limit` code points. */
function offsetAfterCodePoints(text: string, limit: number): number {
  let index = 0;
  for (let counted = 0; counted < limit && index < text.length; counted++) {
    const unit = text.charCodeAt(index);
    const next = text.charCodeAt(index + 1);
    index += unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
  }
  return index;
}

/**
 * Limits text length in characters (code points) and approximate tokens. The score is the length
 * as a fraction of the tightest limit, capped at 1, so it is informative below the limit too; a
 * finding (category `length.characters` or `length.tokens`) spans the part beyond the limit
 * (for tokens, estimated proportionally).
 *
 * @example
 * const scanner = await lengthScanner.create(LengthConfig.parse({ maxCharacters: 4000, maxTokens: 1000 }));
 * await scanner.scan(context); // { findings: [], score: 0.12 }
 */
export const lengthScanner = defineScanner<LengthConfig>({
  id: 'length',
  description: 'Maximum characters and approximate tokens',
  stages: ['input', 'output', 'retrieval', 'tool'],
  engine: 'heuristic',
  configSchema: LengthConfig,
  create(config) {
    return {
      scan(context): ScanOutcome {
        const text = context.text;
        const findings: Finding[] = [];
        let score = 0;
        if (config.maxCharacters !== undefined) {
          const characters = countCodePoints(text);
          score = Math.max(score, Math.min(1, characters / config.maxCharacters));
          if (characters > config.maxCharacters) {
            findings.push({
              scanner: 'length',
              category: 'length.characters',
              severity: config.severity,
              score: 1,
              span: { start: offsetAfterCodePoints(text, config.maxCharacters), end: text.length },
              message: `${characters} characters exceed the limit of ${config.maxCharacters}`,
              metadata: { characters, limit: config.maxCharacters },
            });
          }
        }
        if (config.maxTokens !== undefined) {
          const tokens = estimateTokens(text);
          score = Math.max(score, Math.min(1, tokens / config.maxTokens));
          if (tokens > config.maxTokens) {
            const start = Math.min(text.length, Math.floor((text.length * config.maxTokens) / tokens));
            findings.push({
              scanner: 'length',
              category: 'length.tokens',
              severity: config.severity,
              score: 1,
              span: { start, end: text.length },
              message: `about ${tokens} tokens exceed the limit of ${config.maxTokens}`,
              metadata: { tokens, limit: config.maxTokens, approximate: true },
            });
          }
        }
        return { findings, score: Math.round(score * 1000) / 1000 };
      },
    };
  },
});
