import { clampScore, hasContext, hasLookalikeLabel, type PiiCandidate, type Recognizer } from './recognizer.js';

/** The outcome of checking one regex match: drop it, or keep it with a base score. */
export type MatchVerdict = false | number;

/** Declarative description of a regex recognizer. */
export interface PatternRecognizerSpec {
  readonly id: string;
  readonly entity: string;
  /** Must have the `g` flag. Linear-time: bounded quantifiers, lookbehind anchors at the start. */
  readonly pattern: RegExp;
  /** Base score when the match is valid (before context). */
  readonly score: number;
  /** Checks a match; returns `false` to drop it or a score replacing `score`. */
  readonly validate?: (value: string, text: string, start: number) => MatchVerdict;
  /** Words near the match that raise confidence (lower-case). */
  readonly context?: readonly string[];
  /** Added to the score when a context word is near. */
  readonly contextBoost?: number;
  /** Subtracted when a lookalike label (order #, ticket, ISBN…) precedes the match. */
  readonly lookalikePenalty?: number;
  /** Characters searched for context before and after the match. */
  readonly contextWindow?: readonly [before: number, after: number];
  /** Cheap pre-check on the lower-cased text: skip the regex when it returns false. */
  readonly quickCheck?: (lower: string) => boolean;
}

/** A string contains an ASCII digit. */
export function hasDigit(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code >= 48 && code <= 57) return true;
  }
  return false;
}

/**
 * Builds a recognizer from a regex, a validator and context words.
 *
 * @example
 * const zip = createPatternRecognizer({ id: 'zip', entity: 'ZIP', pattern: /\b\d{5}\b/g, score: 0.3, context: ['zip'] });
 */
export function createPatternRecognizer(spec: PatternRecognizerSpec): Recognizer {
  const pattern = new RegExp(
    spec.pattern.source,
    spec.pattern.flags.includes('g') ? spec.pattern.flags : `${spec.pattern.flags}g`,
  );
  const [before, after] = spec.contextWindow ?? [48, 24];
  const boost = spec.contextBoost ?? 0.3;
  const penalty = spec.lookalikePenalty ?? 0.6;
  return {
    id: spec.id,
    entities: [spec.entity],
    find(text, lower) {
      if (spec.quickCheck && !spec.quickCheck(lower)) return [];
      const candidates: PiiCandidate[] = [];
      pattern.lastIndex = 0;
      for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
        if (match[0].length === 0) {
          pattern.lastIndex += 1;
          continue;
        }
        const start = match.index;
        const end = start + match[0].length;
        const verdict = spec.validate ? spec.validate(match[0], text, start) : spec.score;
        if (verdict === false) continue;
        let score = verdict;
        if (spec.context && hasContext(lower, start, end, spec.context, before, after)) score += boost;
        if (penalty > 0 && hasLookalikeLabel(lower, start)) score -= penalty;
        if (score <= 0) continue;
        candidates.push({ entity: spec.entity, start, end, score: clampScore(score), recognizer: spec.id });
      }
      return candidates;
    },
  };
}
