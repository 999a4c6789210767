import { z } from 'zod';
import { GuardError } from '../../errors.js';
import { defineScanner } from '../../scanner/define-scanner.js';
import type { Finding, ScanOutcome, Span } from '../../scanner/types.js';
import { type LanguageDetector, loadLanguageDetector } from './load-language-detector.js';

const LanguageCode = z.string().regex(/^[a-z]{2}$/, 'ISO 639-1 code such as en, fr, zh');

/** Config of the `language` scanner: give `allow` or `deny`. */
export const LanguageConfig = z
  .object({
    /** Allowed languages: text confidently in any other language is flagged. */
    allow: z.array(LanguageCode).default([]),
    /** Denied languages: text confidently in one of them is flagged. */
    deny: z.array(LanguageCode).default([]),
    /** Minimum detector confidence (0..1) for a finding. */
    threshold: z.number().min(0).max(1).default(0.6),
    /** Texts (or windows) with fewer letters are never flagged: short texts are ambiguous. */
    minLetters: z.number().int().min(1).default(20),
    /** An allowed language scoring within this margin of the top language clears the text (ru/uk, es/gl…). */
    margin: z.number().min(0).max(1).default(0.05),
    /** eld database: larger is more accurate on short texts and uses more memory. */
    model: z.enum(['extrasmall', 'small', 'medium', 'large']).default('small'),
    severity: z.enum(['low', 'medium', 'high', 'critical']).default('medium'),
  })
  .strict()
  .refine((config) => config.allow.length > 0 || config.deny.length > 0, {
    message: 'give the allowed languages (`allow`) or the denied ones (`deny`)',
  });
export type LanguageConfig = z.infer<typeof LanguageConfig>;

/** eld reads the first 1000 characters; longer texts are sampled at the start, middle and end. */
const windowSize = 1000;

function windowsOf(text: string): Span[] {
  if (text.length <= windowSize) return [{ start: 0, end: text.length }];
  const middle = Math.floor((text.length - windowSize) / 2);
  return [
    { start: 0, end: windowSize },
    { start: middle, end: middle + windowSize },
    { start: text.length - windowSize, end: text.length },
  ];
}

/** Distinctive scripts of non-Latin languages (ISO 639-1 → script of its letters). */
const scriptOfLanguage: Readonly<Record<string, RegExp>> = {
  ar: /\p{Script=Arabic}/u,
  fa: /\p{Script=Arabic}/u,
  ur: /\p{Script=Arabic}/u,
  ru: /\p{Script=Cyrillic}/u,
  uk: /\p{Script=Cyrillic}/u,
  bg: /\p{Script=Cyrillic}/u,
  sr: /\p{Script=Cyrillic}/u,
  be: /\p{Script=Cyrillic}/u,
  el: /\p{Script=Greek}/u,
  he: /\p{Script=Hebrew}/u,
  hi: /\p{Script=Devanagari}/u,
  mr: /\p{Script=Devanagari}/u,
  bn: /\p{Script=Bengali}/u,
  ta: /\p{Script=Tamil}/u,
  te: /\p{Script=Telugu}/u,
  gu: /\p{Script=Gujarati}/u,
  pa: /\p{Script=Gurmukhi}/u,
  th: /\p{Script=Thai}/u,
  ka: /\p{Script=Georgian}/u,
  hy: /\p{Script=Armenian}/u,
  zh: /\p{Script=Han}/u,
  ja: /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u,
  ko: /\p{Script=Hangul}/u,
};

/**
 * Share of letters written in the script of an allowed non-Latin language. Mixed texts
 * ("شغِّل All Things Must Pass", Japanese prose around Python code) are detected as the language
 * with the most letters; a quarter of the letters in an allowed script clears them.
 */
function allowedScriptShare(text: string, allow: readonly string[]): number {
  const scripts = allow.map((language) => scriptOfLanguage[language]).filter((script) => script !== undefined);
  if (scripts.length === 0) return 0;
  let letters = 0;
  let inScript = 0;
  for (const character of text) {
    if (!/\p{L}/u.test(character)) continue;
    letters++;
    if (scripts.some((script) => script.test(character))) inScript++;
  }
  return letters === 0 ? 0 : inScript / letters;
}

/** Drops words that carry no language signal (URLs, emails, codes with digits); linear time. */
function languageWords(text: string): { cleaned: string; letters: number } {
  const kept: string[] = [];
  let letters = 0;
  for (const word of text.split(/\s+/)) {
    if (word.length === 0 || word.includes('@') || word.includes('://') || /\d/.test(word)) continue;
    kept.push(word);
    letters += word.replace(/[^\p{L}]/gu, '').length;
  }
  return { cleaned: kept.join(' '), letters };
}

interface Verdict {
  readonly language: string;
  readonly score: number;
  readonly span: Span;
}

function judge(detector: LanguageDetector, text: string, span: Span, config: LanguageConfig): Verdict | null {
  const { cleaned, letters } = languageWords(text.slice(span.start, span.end));
  if (letters < config.minLetters) return null;
  const result = detector.detect(cleaned);
  if (result.language === '') return null;
  const scores = result.getScores();
  const top = scores[result.language] ?? 0;
  const disallowed =
    config.allow.length > 0 ? !config.allow.includes(result.language) : config.deny.includes(result.language);
  if (!disallowed) return { language: result.language, score: 0, span };
  // Closely related languages are easily confused: an allowed one close to the top clears the text.
  const closeAllowed = config.allow.some((language) => (scores[language] ?? 0) >= top - config.margin);
  if (closeAllowed) return { language: result.language, score: 0, span };
  if (allowedScriptShare(cleaned, config.allow) >= 0.25) return { language: result.language, score: 0, span };
  const confidence = result.isReliable() ? top : top * 0.5;
  return { language: result.language, score: Math.round(confidence * 1000) / 1000, span };
}

/**
 * Allowed (or denied) languages with eld, an offline n-gram detector (60 languages, no network).
 * Short texts (fewer than `minLetters` letters once URLs, emails and codes are dropped) and
 * ambiguous ones (an allowed language within `margin` of the top, or a quarter of the letters in
 * the script of an allowed non-Latin language) are never flagged. The score is
 * the detector's confidence that the text is in a disallowed language (halved when eld calls its
 * own result unreliable); long texts are judged on three 1000-character windows and the worst one
 * counts.
 *
 * @example
 * const scanner = await languageScanner.create(LanguageConfig.parse({ allow: ['en', 'de'] }));
 * await scanner.scan(context); // { findings: [{ category: 'language.disallowed', metadata: { language: 'fr' }, … }], score: 0.82 }
 */
export const languageScanner = defineScanner<LanguageConfig>({
  id: 'language',
  description: 'Allowed or denied languages, detected offline (eld)',
  stages: ['input', 'output', 'retrieval', 'tool'],
  engine: 'model',
  needsFullText: true,
  configSchema: LanguageConfig,
  async create(config) {
    const detector = await loadLanguageDetector(config.model);
    const supported = new Set(Object.values(detector.info().Languages));
    const unknown = [...config.allow, ...config.deny].filter((language) => !supported.has(language));
    if (unknown.length > 0) {
      throw new GuardError(
        'scanner-config-invalid',
        `language: unsupported language code(s) ${unknown.join(', ')}; supported: ${[...supported].sort().join(', ')}`,
        { details: { languages: unknown } },
      );
    }
    return {
      scan(context): ScanOutcome {
        let worst: Verdict | null = null;
        for (const span of windowsOf(context.text)) {
          const verdict = judge(detector, context.text, span, config);
          if (verdict && (!worst || verdict.score > worst.score)) worst = verdict;
        }
        if (!worst || worst.score === 0) return { findings: [], score: 0 };
        const findings: Finding[] =
          worst.score < config.threshold
            ? []
            : [
                {
                  scanner: 'language',
                  category: 'language.disallowed',
                  severity: config.severity,
                  score: worst.score,
                  span: worst.span,
                  message: `text is in a language the policy does not allow (${worst.language})`,
                  metadata: { language: worst.language },
                },
              ];
        return { findings, score: worst.score };
      },
    };
  },
});
