import type { ClassifierScore, LinearClassifier } from '../../models/shared/linear-classifier.js';
import type { Span } from '../../scanner/types.js';
import type { TextView, TextViewKind } from '../../text/text-view.js';
import {
  type InjectionCategory,
  type InjectionSignature,
  injectionSignatures,
  metaDiscussionPattern,
  ownRequestPattern,
} from './injection-signatures.js';

/** One piece of evidence: a signature match or a model verdict. */
export interface InjectionSignal {
  readonly category: InjectionCategory;
  readonly score: number;
  readonly span: Span;
  readonly source: 'signature' | 'model';
  /** Signature id, or `classifier`. */
  readonly rule: string;
  /** The view the evidence was found in. */
  readonly view: TextViewKind;
}

/** Detector settings (from the scanner config). */
export interface InjectionDetectorOptions {
  readonly classifier: LinearClassifier | null;
  /** A second classifier whose probability competes with the first (max wins). */
  readonly secondaryClassifier?: LinearClassifier | null;
  readonly signatures: boolean;
  readonly views: boolean;
  /** Lower scores of attack phrases quoted inside questions or discussions about attacks. */
  readonly metaDiscussion: boolean;
  /** Extra signatures (e.g. document-only ones for indirect injection). */
  readonly extraSignatures?: readonly InjectionSignature[];
}

/** What the detector returns: every signal and the highest combined score. */
export interface InjectionDetection {
  readonly signals: readonly InjectionSignal[];
  readonly score: number;
}

const transformedKinds: ReadonlySet<TextViewKind> = new Set(['leet', 'spaced', 'base64', 'hex', 'rot13', 'url']);
const latinKinds: ReadonlySet<TextViewKind> = new Set([
  'normalized',
  'leet',
  'spaced',
  'base64',
  'hex',
  'rot13',
  'url',
]);
const openingQuotes = new Set(['"', '“', '‘', '«', '「', '『', "'", '`', '„']);
const suspiciousNormalisation =
  /[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]|[a-z][\u0400-\u04ff\u0370-\u03ff]|[\u0400-\u04ff\u0370-\u03ff][a-z]/i;

/** True when the span starts inside a quotation that opened on the same line (≤ 120 chars back). */
export function isQuoted(text: string, start: number): boolean {
  const from = Math.max(0, start - 120);
  for (let index = start - 1; index >= from; index -= 1) {
    const character = text[index]!;
    if (character === '\n') return false;
    if (openingQuotes.has(character)) {
      const before = index === 0 ? ' ' : text[index - 1]!;
      // An apostrophe inside a word ("don't") is not a quote.
      if ((character === "'" || character === '`') && /[\p{L}\p{N}]/u.test(before)) continue;
      return true;
    }
    if (character === '”' || character === '’' || character === '»' || character === '」' || character === '』')
      return false;
  }
  return false;
}

function severityCap(score: number): number {
  return Math.max(0, Math.min(1, score));
}

function latinMajority(text: string): boolean {
  let latin = 0;
  let other = 0;
  const limit = Math.min(text.length, 4096);
  for (let index = 0; index < limit; index += 1) {
    const code = text.charCodeAt(index);
    if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || (code >= 0xc0 && code <= 0x24f)) latin += 1;
    else if (code > 0x2ff && code !== 0x2019 && code !== 0x201c && code !== 0x201d) other += 1;
  }
  return latin >= other;
}

function runSignatures(
  views: readonly TextView[],
  signatures: readonly InjectionSignature[],
): { signature: InjectionSignature; span: Span; view: TextViewKind }[] {
  const found: { signature: InjectionSignature; span: Span; view: TextViewKind }[] = [];
  const seen = new Set<string>();
  const hasNormalized = views.some((view) => view.kind === 'normalized');
  for (const signature of signatures) {
    for (const view of views) {
      const applies =
        signature.script === 'native'
          ? view.kind === 'original'
          : latinKinds.has(view.kind) || (view.kind === 'original' && !hasNormalized);
      if (!applies) continue;
      signature.pattern.lastIndex = 0;
      for (const match of view.text.matchAll(signature.pattern)) {
        if (match[0].length === 0) continue;
        if (signature.accept && !signature.accept(match[0].toLowerCase())) continue;
        const span = view.toOriginal({ start: match.index, end: match.index + match[0].length });
        const key = `${signature.id}:${span.start}:${span.end}`;
        if (seen.has(key)) continue;
        seen.add(key);
        found.push({ signature, span, view: view.kind });
        if (found.length > 2000) return found;
      }
    }
  }
  return found;
}

/** Cue signatures that only count in combination with another one. */
const cueOnly: ReadonlySet<string> = new Set([
  'persona.cue',
  'developer-mode.policy',
  'developer-mode.multilingual-policy',
  'developer-mode.native-policy',
  'tool-hijack.silently',
  'fiction.relative-payload',
]);

/** Weak signatures that become strong together. */
const combinations: readonly { when: readonly string[]; with: readonly string[]; score: number }[] = [
  { when: ['persona.no-limits'], with: ['persona.cue'], score: 0.9 },
  {
    when: ['developer-mode.cue', 'developer-mode.multilingual-cue', 'developer-mode.native-cue'],
    with: ['developer-mode.policy', 'developer-mode.multilingual-policy', 'developer-mode.native-policy'],
    score: 0.9,
  },
  { when: ['tool-hijack.call-tool'], with: ['tool-hijack.silently', 'tool-hijack.stealth'], score: 0.85 },
  { when: ['fiction.relative-exploit'], with: ['fiction.relative-payload'], score: 0.85 },
];

/** 1 for eight or more words (CJK characters count half), down to 0.6 for a single word. */
function evidenceFactor(text: string): number {
  let words = 0;
  for (const match of text.slice(0, 400).matchAll(/[\p{L}\p{N}]+/gu)) {
    words += /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/u.test(match[0]) ? match[0].length / 2 : 1;
    if (words >= 8) return 1;
  }
  return 0.6 + (0.4 * words) / 8;
}

/** At least four words of letters: enough text for the classifier to judge. */
function isProse(text: string): boolean {
  let words = 0;
  for (const _match of text.slice(0, 2000).matchAll(/\p{L}{2,}/gu)) {
    words += 1;
    if (words >= 4) return true;
  }
  return false;
}

/** Noisy-OR of independent pieces of evidence. */
function combine(scores: readonly number[]): number {
  let remaining = 1;
  for (const score of scores) remaining *= 1 - score;
  return 1 - remaining;
}

const fictionCue =
  /\b(?:story|novel|fiction|fictional|hypothetical(?:ly)?|imagine|universe|world\s+where|scene|screenplay|character|grandm(?:a|other)|grandfather|simulation|game)\b/i;
const personaCue = /\b(?:you\s+are\s+(?:now\s+)?[a-z]{2,12}|act\s+as|pretend|role-?play|stay\s+in\s+character)\b/i;
const extractionCue =
  /\b(?:system\s+prompt|instructions|initial\s+prompt|hidden|reveal|confidential)\b|提示|指令|指示|プロンプト|инструкц|промпт/i;

function guessCategory(window: string, present: ReadonlySet<InjectionCategory>): InjectionCategory {
  for (const category of ['injection.developer-mode', 'injection.transcript-spoofing', 'injection.persona'] as const) {
    if (present.has(category)) return category;
  }
  if (fictionCue.test(window)) return 'injection.fiction-framing';
  if (personaCue.test(window)) return 'injection.persona';
  if (extractionCue.test(window)) return 'injection.prompt-extraction';
  return 'injection.classifier';
}

function modelSpan(text: string, result: ClassifierScore, view: TextView): Span {
  if (!result.offsetsExact) return { start: 0, end: text.length };
  return view.toOriginal({ start: result.windowStart, end: Math.min(view.text.length, result.windowEnd) });
}

/**
 * Layered injection detection over the views of a text: precise signatures (with combinations and
 * a quoted-meta-discussion discount) and the learned classifier on the original and transformed
 * views. Evidence found only in a transformed view (leet, spaced, base64, hex, rot13, URL) is
 * reported as `injection.obfuscated`.
 *
 * @example
 * const detection = detectInjection(text, buildViews(text), { classifier, signatures: true, views: true, metaDiscussion: true });
 */
export function detectInjection(
  text: string,
  views: readonly TextView[],
  options: InjectionDetectorOptions,
): InjectionDetection {
  const usable = options.views ? views : views.filter((view) => view.kind === 'original' || view.kind === 'normalized');
  const signals: InjectionSignal[] = [];
  const head = text.slice(0, 20_000);
  const meta = options.metaDiscussion && metaDiscussionPattern.test(head);
  const ownRequest =
    options.metaDiscussion && ownRequestPattern.test(head.normalize('NFD').replace(/[\u0300-\u036f]/g, ''));
  let unquotedStrong = false;
  const present = new Set<InjectionCategory>();

  if (options.signatures) {
    const matches = runSignatures(usable, [...injectionSignatures, ...(options.extraSignatures ?? [])]);
    const ids = new Set(matches.map((match) => match.signature.id));
    const has = (id: string) => ids.has(id);
    const strongOverrideOrExtraction = matches.some(
      (match) =>
        (match.signature.category === 'injection.override' ||
          match.signature.category === 'injection.prompt-extraction') &&
        match.signature.score >= 0.8,
    );
    for (const match of matches) {
      const id = match.signature.id;
      if (cueOnly.has(id)) continue;
      let score = match.signature.score;
      for (const combination of combinations) {
        if (combination.when.includes(id) && combination.with.some(has)) score = Math.max(score, combination.score);
      }
      if (id === 'transcript.fake-turns' && strongOverrideOrExtraction) score = 0.8;
      const quoted = isQuoted(text, match.span.start);
      if (meta && quoted) score *= 0.45;
      if (score >= 0.8 && !quoted) unquotedStrong = true;
      const category: InjectionCategory = transformedKinds.has(match.view)
        ? 'injection.obfuscated'
        : match.signature.category;
      present.add(match.signature.category);
      signals.push({
        category,
        score: severityCap(score),
        span: match.span,
        source: 'signature',
        rule: id,
        view: match.view,
      });
    }
  }

  if (options.classifier) {
    const classifier = options.classifier;
    const original = usable.find((view) => view.kind === 'original') ?? {
      kind: 'original' as const,
      text,
      toOriginal: (span: Span) => span,
    };
    const candidates: TextView[] = [original];
    for (const view of usable) {
      // Decoded tokens such as "user:password" are not sentences; the classifier is only asked about prose.
      if (transformedKinds.has(view.kind) && isProse(view.text)) candidates.push(view);
      if (view.kind === 'normalized' && suspiciousNormalisation.test(text.slice(0, 20_000)) && latinMajority(text)) {
        candidates.push(view);
      }
    }
    const models = [classifier, ...(options.secondaryClassifier ? [options.secondaryClassifier] : [])];
    const scoreWith = (view: TextView): ClassifierScore => {
      let bestResult = classifier.score(view.text);
      for (const model of models.slice(1)) {
        const result = model.score(view.text);
        if (result.probability > bestResult.probability) bestResult = result;
      }
      return bestResult;
    };
    let best = { result: scoreWith(original), view: original };
    for (const view of candidates.slice(1)) {
      const result = scoreWith(view);
      // A transformed view must beat the original clearly to count as obfuscation.
      if (result.probability > best.result.probability + 0.05) best = { result, view };
    }
    // Very short texts give the classifier little evidence: discount it below eight words
    // (signatures still catch short unambiguous attacks).
    let probability = best.result.probability * evidenceFactor(best.view.text);
    // Talking about attacks, or a user revising their own earlier words, is not an attack by itself.
    if ((meta || ownRequest) && !unquotedStrong) probability *= 0.65;
    const span = modelSpan(text, best.result, best.view);
    const obfuscated = best.view.kind !== 'original' && transformedKinds.has(best.view.kind);
    const window = text.slice(span.start, Math.min(span.end, span.start + 4000));
    signals.push({
      category: obfuscated ? 'injection.obfuscated' : guessCategory(window, present),
      score: severityCap(probability),
      span,
      source: 'model',
      rule: 'classifier',
      view: best.view.kind,
    });
  }

  const strongest = new Map<InjectionCategory, number>();
  for (const signal of signals)
    strongest.set(signal.category, Math.max(strongest.get(signal.category) ?? 0, signal.score));
  // Several independent medium signals add up (noisy-OR over categories, each capped).
  const combined = combine([...strongest.values()].map((score) => Math.min(score, 0.97)));
  const highest = Math.max(0, ...signals.map((signal) => signal.score));
  return { signals, score: Math.max(highest, Math.min(combined, 0.99)) };
}
