import type { LinearClassifier } from '../../models/shared/linear-classifier.js';
import type { Finding, Span } from '../../scanner/types.js';
import { findGroupMentions, type GroupMention, type ProtectedGroupType } from './protected-groups.js';

/** One sentence's stereotyping verdict. */
export interface BiasSentence {
  readonly span: Span;
  readonly score: number;
  readonly type: ProtectedGroupType;
}

/** The stereotyping verdict of a text before thresholding. */
export interface BiasAnalysis {
  /** Highest sentence score (0..1); sentences without a protected group are damped. */
  readonly score: number;
  readonly sentences: readonly BiasSentence[];
}

// Without a protected-group word a sentence cannot stereotype one: its model score is damped.
const noGroupDamping = 0.3;

/** Sentence spans: split after . ! ? and line breaks. Linear. */
export function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (character === '.' || character === '!' || character === '?' || character === '\n') {
      if (index + 1 - start > 1) spans.push({ start, end: index + 1 });
      start = index + 1;
    }
  }
  if (text.length - start > 0 && text.slice(start).trim() !== '') spans.push({ start, end: text.length });
  return spans;
}

function strongestMention(mentions: readonly GroupMention[]): GroupMention | undefined {
  return mentions.find((mention) => !mention.weak);
}

/**
 * Scores each sentence that names a protected group with the stereotyping classifier.
 *
 * @example
 * analyzeBias('Women are naturally worse at math.', classifier).sentences[0]?.type // 'gender'
 */
export function analyzeBias(text: string, classifier: LinearClassifier): BiasAnalysis {
  const sentences: BiasSentence[] = [];
  let score = 0;
  for (const span of sentenceSpans(text)) {
    const sentence = text.slice(span.start, span.end);
    if (sentence.trim().length < 8) continue;
    const mention = strongestMention(findGroupMentions(sentence));
    const probability = classifier.score(sentence).probability;
    if (mention === undefined) {
      score = Math.max(score, probability * noGroupDamping);
      continue;
    }
    score = Math.max(score, probability);
    sentences.push({ span, score: probability, type: mention.type });
  }
  return { score, sentences };
}

/**
 * One `bias.<group type>` finding per sentence at or above the threshold.
 *
 * @example
 * biasFindings(analyzeBias(text, classifier), 0.6)
 */
export function biasFindings(
  analysis: BiasAnalysis,
  threshold: number,
  types?: ReadonlySet<ProtectedGroupType>,
): Finding[] {
  const findings: Finding[] = [];
  for (const sentence of analysis.sentences) {
    if (sentence.score < threshold) continue;
    if (types !== undefined && !types.has(sentence.type)) continue;
    findings.push({
      scanner: 'bias',
      category: `bias.${sentence.type}`,
      severity: 'medium',
      score: Math.round(sentence.score * 1000) / 1000,
      span: sentence.span,
      message: `Stereotyping generalisation about a protected group (${sentence.type}).`,
    });
  }
  return findings;
}
