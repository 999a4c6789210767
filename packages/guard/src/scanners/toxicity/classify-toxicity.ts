import type { LinearClassifier } from '../../models/shared/linear-classifier.js';
import type { Finding, Severity, Span } from '../../scanner/types.js';
import type { TextView } from '../../text/text-view.js';
import { findGroupMentions } from '../bias/protected-groups.js';
import {
  findLexiconHits,
  isLexiconWord,
  type LexiconHit,
  type LexiconToken,
  tokenizeForLexicon,
} from './find-lexicon-hits.js';
import { findPhraseHits } from './find-phrase-hits.js';

/** Finding categories of the toxicity scanner. */
export type ToxicityCategory =
  | 'toxicity.insult'
  | 'toxicity.harassment'
  | 'toxicity.threat'
  | 'toxicity.identity-hate'
  | 'toxicity.sexual'
  | 'toxicity.profanity';

/** All toxicity categories. */
export const toxicityCategories: readonly ToxicityCategory[] = [
  'toxicity.insult',
  'toxicity.harassment',
  'toxicity.threat',
  'toxicity.identity-hate',
  'toxicity.sexual',
  'toxicity.profanity',
];

const severityOf: Readonly<Record<ToxicityCategory, Severity>> = {
  'toxicity.insult': 'medium',
  'toxicity.harassment': 'high',
  'toxicity.threat': 'high',
  'toxicity.identity-hate': 'high',
  'toxicity.sexual': 'high',
  'toxicity.profanity': 'low',
};

const messageOf: Readonly<Record<ToxicityCategory, string>> = {
  'toxicity.insult': 'Insult aimed at a person.',
  'toxicity.harassment': 'Harassment or bullying (incl. urging self-harm).',
  'toxicity.threat': 'Threat of violence or harm.',
  'toxicity.identity-hate': 'Hateful content about a protected group.',
  'toxicity.sexual': 'Sexual harassment.',
  'toxicity.profanity': 'Profanity aimed at a person.',
};

/** One piece of evidence before thresholding. */
export interface ToxicityEvidence {
  readonly category: ToxicityCategory;
  readonly score: number;
  /** Span in the original text. */
  readonly span: Span;
  readonly source: 'model' | 'lexicon' | 'phrase';
  readonly obfuscated: boolean;
}

/** The toxicity verdict of one text before thresholding. */
export interface ToxicityAnalysis {
  /** Highest score of all evidence (0..1). */
  readonly score: number;
  readonly modelScore: number;
  readonly evidence: readonly ToxicityEvidence[];
}

// Meta-discourse that rejects a hateful claim. Literal alternations: linear time.
const counterSpeechPatterns: readonly RegExp[] = [
  /\b(?:is|are|that's|that is|it's|it is) (?:hate speech|hateful|dehumanising|dehumanizing|bigotry|a (?:bigoted |racist |sexist |harmful |hateful )?(?:myth|stereotype|lie|trope|slur))\b/,
  /\b(?:racist|sexist|bigoted|homophobic|transphobic|antisemitic|ableist|islamophobic|xenophobic|misogynistic) (?:myth|stereotype|lie|trope|comment|remark|claim|statement|conspiracy)\b/,
  /\b(?:it's|it is|that's|that is) (?:racist|sexist|bigoted|homophobic|transphobic|antisemitic|ableist|wrong|not okay|not ok|unacceptable|cruel) to (?:say|claim|call|suggest|think|pretend)\b/,
  /\b(?:stop|quit) (?:saying|spreading|calling|claiming|repeating)\b/,
  /\b(?:i'm reporting|i am reporting|i reported|i will report|i'll report|reported the)\b/,
];

const selfWords = new Set(['i', "i'm", 'im', 'me', 'myself', 'my']);
const callingWords = new Set(['a', 'an', 'such', 'absolute', 'total', 'complete', 'utter', 'what']);

function isSelfDirected(tokens: readonly LexiconToken[], index: number): boolean {
  for (let position = Math.max(0, index - 4); position < index; position += 1) {
    if (selfWords.has(tokens[position]!.canonical)) return true;
  }
  return false;
}

const addressWords = new Set(['you', "you're", 'youre', 'u', 'ya', 'yourself']);

function addressesSomeone(tokens: readonly LexiconToken[], index: number): boolean {
  for (let position = Math.max(0, index - 4); position < index; position += 1) {
    if (addressWords.has(tokens[position]!.canonical)) return true;
  }
  // "what a snake you are"
  return tokens[index + 1]?.canonical === 'you' && tokens[index + 2]?.canonical === 'are';
}

function isNameCalling(tokens: readonly LexiconToken[], index: number): boolean {
  for (let position = Math.max(0, index - 2); position < index; position += 1) {
    if (callingWords.has(tokens[position]!.canonical)) return true;
  }
  return false;
}

/** A capitalised word inside a sentence is a name ("Dick Van Dyke"), not a slur. */
function isProperNoun(original: string, span: Span): boolean {
  const first = original[span.start];
  if (first === undefined || first === first.toLowerCase() || first !== first.toUpperCase()) return false;
  let index = span.start - 1;
  while (index >= 0 && (original[index] === ' ' || original[index] === '\t')) index -= 1;
  if (index < 0) return false;
  const previous = original[index]!;
  return previous !== '.' && previous !== '!' && previous !== '?' && previous !== '\n' && previous !== '"';
}

function lexiconEvidence(
  hit: LexiconHit,
  tokens: readonly LexiconToken[],
  tokenIndex: number,
  modelScore: number,
  properNoun: boolean,
): { category: ToxicityCategory; score: number } | undefined {
  const { entry } = hit;
  if (hit.friendly || hit.mentioned) return undefined;
  if (entry.category === 'slur') return properNoun ? undefined : { category: 'toxicity.identity-hate', score: 0.9 };
  if (isSelfDirected(tokens, tokenIndex) && !hit.targeted) return undefined;
  const category: ToxicityCategory =
    entry.category === 'sexual'
      ? 'toxicity.sexual'
      : entry.category === 'insult'
        ? 'toxicity.insult'
        : 'toxicity.profanity';
  const aimed =
    hit.targeted ||
    addressesSomeone(tokens, tokenIndex) ||
    (entry.ambiguous !== true && isNameCalling(tokens, tokenIndex));
  // A strong insult about a third party ("the referee is an idiot", "a cult of losers") is evidence
  // the model must confirm; profanity and sexual words alone are not.
  if (!aimed) {
    return entry.category === 'insult' && entry.ambiguous !== true
      ? { category, score: 0.5 + 0.45 * modelScore }
      : undefined;
  }
  // Ambiguous words ("garbage", "clown", "damn") said to "you" are name-calling; after "your" (your
  // code is garbage) or alone they need the model to agree.
  const score = entry.ambiguous !== true ? 0.9 : addressesSomeone(tokens, tokenIndex) ? 0.85 : 0.5 + 0.45 * modelScore;
  return { category, score };
}

function inferCategory(text: string): ToxicityCategory {
  return findGroupMentions(text).some((mention) => !mention.weak) ? 'toxicity.identity-hate' : 'toxicity.insult';
}

/**
 * Scores a text for toxicity: the classifier over the original text, the de-obfuscated rewrite and
 * the decoded views (max wins), plus lexicon and phrase evidence with their context rules.
 *
 * @example
 * analyzeToxicity(text, buildViews(text), classifier).score
 */
export function analyzeToxicity(
  text: string,
  views: readonly TextView[],
  classifier: LinearClassifier,
  options: { readonly useSignatures?: boolean } = {},
): ToxicityAnalysis {
  const normalizedView = views.find((view) => view.kind === 'normalized') ?? views[0];
  const scanned = normalizedView?.text ?? text.toLowerCase();
  const toOriginal = (span: Span): Span => normalizedView?.toOriginal(span) ?? span;
  const tokens = tokenizeForLexicon(scanned);

  const modelTexts = new Set<string>([text]);
  // The de-obfuscated rewrite only matters when a disguised word is a lexicon word.
  if (tokens.some((token) => token.obfuscated && isLexiconWord(token.canonical)))
    modelTexts.add(tokens.map((token) => token.canonical).join(' '));
  for (const view of views) {
    if (view.kind === 'original' || view.kind === 'normalized' || view.kind === 'leet') continue;
    modelTexts.add(view.text);
  }
  let modelScore = 0;
  let modelSpan: Span = { start: 0, end: text.length };
  for (const candidate of modelTexts) {
    const score = classifier.score(candidate);
    if (score.probability > modelScore) {
      modelScore = score.probability;
      modelSpan =
        candidate === text && score.offsetsExact
          ? { start: score.windowStart, end: score.windowEnd }
          : { start: 0, end: text.length };
    }
  }

  // Counter-speech and moderation talk quote the toxic claim they reject: the classifier sees the
  // claim, so its score is halved when the text frames it as hateful, false or reported, or when
  // every lexicon word in it is mentioned rather than used.
  const lexiconHits = options.useSignatures !== false ? findLexiconHits(scanned, tokens) : [];
  if (options.useSignatures !== false) {
    const onlyMentioned = lexiconHits.length > 0 && lexiconHits.every((hit) => hit.mentioned);
    if (onlyMentioned || counterSpeechPatterns.some((pattern) => pattern.test(scanned))) modelScore *= 0.5;
  }

  const evidence: ToxicityEvidence[] = [];
  if (options.useSignatures !== false) {
    for (const phrase of findPhraseHits(tokens)) {
      const category: ToxicityCategory = `toxicity.${phrase.category}`;
      evidence.push({
        category,
        score: 0.92,
        span: toOriginal({ start: phrase.start, end: phrase.end }),
        source: 'phrase',
        obfuscated: false,
      });
    }
    let tokenIndex = 0;
    for (const hit of lexiconHits) {
      while (tokenIndex < tokens.length && tokens[tokenIndex]!.start < hit.start) tokenIndex += 1;
      const span = toOriginal({ start: hit.start, end: hit.end });
      const judged = lexiconEvidence(hit, tokens, tokenIndex, modelScore, isProperNoun(text, span));
      if (judged === undefined) continue;
      evidence.push({
        ...judged,
        span,
        source: 'lexicon',
        obfuscated: hit.obfuscated,
      });
    }
  }
  evidence.push({
    category: inferCategory(scanned),
    score: modelScore,
    span: modelSpan,
    source: 'model',
    obfuscated: false,
  });
  let score = 0;
  for (const item of evidence) score = Math.max(score, item.score);
  return { score, modelScore, evidence };
}

/**
 * Turns an analysis into findings: one per category whose best evidence reaches the threshold.
 * Model-only evidence is reported only when no signature explained the text.
 *
 * @example
 * toxicityFindings(analysis, 0.6)
 */
export function toxicityFindings(
  analysis: ToxicityAnalysis,
  threshold: number,
  categories?: ReadonlySet<ToxicityCategory>,
): Finding[] {
  const signatures = analysis.evidence.filter((item) => item.source !== 'model' && item.score >= threshold);
  const model = analysis.evidence.filter((item) => item.source === 'model' && item.score >= threshold);
  const findings: Finding[] = [];
  const reported = new Set<string>();
  for (const item of signatures.length > 0 ? signatures : model) {
    if (categories !== undefined && !categories.has(item.category)) continue;
    const key = `${item.category}:${item.span.start}:${item.span.end}`;
    if (reported.has(key)) continue;
    reported.add(key);
    findings.push({
      scanner: 'toxicity',
      category: item.category,
      severity: severityOf[item.category],
      score: Math.round(Math.max(item.score, analysis.modelScore) * 1000) / 1000,
      span: item.span,
      message: messageOf[item.category],
      metadata: {
        engine: item.source,
        obfuscated: item.obfuscated,
        modelScore: Math.round(analysis.modelScore * 1000) / 1000,
      },
    });
  }
  return findings;
}
