import { z } from 'zod';
import { defineScanner } from '../../scanner/define-scanner.js';
import type { Finding, ScanOutcome, Span } from '../../scanner/types.js';
import { createKeywordMatcher, type KeywordMatcher } from './keyword-matcher.js';

const categoryPattern = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*$/;
const Severity = z.enum(['low', 'medium', 'high', 'critical']);
const Word = z.string().trim().min(1).max(200);

/** One ban list. */
export const KeywordList = z
  .object({
    /** Shown in findings' metadata (`list`) and used for the default category `keywords.<name>`. */
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'kebab-case')
      .default('banned'),
    /** Banned words or phrases. Matched case-folded, on whole words, through obfuscation. */
    words: z.array(Word).min(1).max(10_000),
    /** Dotted finding category; default `keywords.<name>`. */
    category: z.string().regex(categoryPattern, 'dotted lowercase category, e.g. keywords.profanity').optional(),
    severity: Severity.default('medium'),
    /** Mark findings with `entity` so a `redact` rule replaces them with a placeholder. */
    redact: z.boolean().default(false),
    /** Placeholder entity when `redact` is on (`<KEYWORD_1>`). */
    entity: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]*$/, 'UPPER_SNAKE entity name')
      .default('KEYWORD'),
    /** Only match whole words (Unicode-aware; ignored for scripts written without spaces). */
    wholeWords: z.boolean().default(true),
    /** Match case exactly, on the original text only (disables folding and obfuscation views). */
    caseSensitive: z.boolean().default(false),
    /** Also match through leetspeak, spaced letters, masks and decoded payloads (base64, hex, rot13, url). */
    obfuscation: z.boolean().default(true),
    /** Phrases that suppress this list's matches lying inside them (`Scunthorpe`, `kill the process`). */
    allow: z.array(Word).max(10_000).default([]),
  })
  .strict();
export type KeywordList = z.infer<typeof KeywordList>;

/** Config of the `keywords` scanner. */
export const KeywordsConfig = z
  .object({
    /** Shorthand for one list named `banned` with default settings. */
    ban: z.array(Word).max(10_000).default([]),
    lists: z.array(KeywordList).default([]),
    /** Phrases that suppress matches of every list lying inside them. */
    allow: z.array(Word).max(10_000).default([]),
  })
  .strict()
  .refine((config) => config.ban.length > 0 || config.lists.length > 0, {
    message: 'give at least one banned word in `ban` or one list in `lists`',
  });
export type KeywordsConfig = z.infer<typeof KeywordsConfig>;

interface CompiledList {
  readonly list: KeywordList;
  readonly category: string;
  readonly matcher: KeywordMatcher;
  readonly allow: KeywordMatcher | undefined;
}

function compileList(list: KeywordList, globalAllow: readonly string[]): CompiledList {
  const allowWords = [...list.allow, ...globalAllow];
  return {
    list,
    category: list.category ?? `keywords.${list.name}`,
    matcher: createKeywordMatcher(list.words, list),
    allow:
      allowWords.length === 0
        ? undefined
        : createKeywordMatcher(allowWords, { caseSensitive: list.caseSensitive, wholeWords: true, obfuscation: false }),
  };
}

function within(span: Span, allowed: readonly Span[]): boolean {
  return allowed.some((range) => range.start <= span.start && span.end <= range.end);
}

/**
 * Ban lists with allow lists: whole-word, case-folded matching through the normalised view
 * (homoglyphs, fullwidth, zero-width characters), leetspeak (`b@nn3d`), masks (`f*ck`), spaced
 * letters (`b a n n e d`) and decoded payloads (base64, hex, rot13, URL-encoding). Each list has
 * its own category and severity; `redact: true` marks findings with an entity so the pipeline
 * replaces them with placeholders. Messages never repeat the matched word.
 *
 * @example
 * const scanner = await keywordsScanner.create(KeywordsConfig.parse({ ban: ['project titan'] }));
 * await scanner.scan(context); // { findings: [{ category: 'keywords.banned', span: {…}, … }], score: 1 }
 */
export const keywordsScanner = defineScanner<KeywordsConfig>({
  id: 'keywords',
  description: 'Ban and allow lists matched on whole words through case, homoglyph, leet, spacing and encoding tricks',
  stages: ['input', 'output', 'retrieval', 'tool'],
  engine: 'pattern',
  configSchema: KeywordsConfig as z.ZodType<KeywordsConfig>,
  create(config) {
    const lists: KeywordList[] = [...config.lists];
    if (config.ban.length > 0) lists.unshift(KeywordList.parse({ name: 'banned', words: config.ban }));
    const compiled = lists.map((list) => compileList(list, config.allow));
    return {
      scan(context): ScanOutcome {
        const views = context.views();
        const findings: Finding[] = [];
        for (const entry of compiled) {
          const hits = entry.matcher.find(views);
          if (hits.length === 0) continue;
          const allowed = entry.allow ? entry.allow.find(views).map((hit) => hit.span) : [];
          for (const hit of hits) {
            if (within(hit.span, allowed)) continue;
            const viewNote =
              hit.kind === 'original' || hit.kind === 'normalized' ? '' : ` (found in the ${hit.kind} view)`;
            findings.push({
              scanner: 'keywords',
              category: entry.category,
              severity: entry.list.severity,
              score: 1,
              span: hit.span,
              ...(entry.list.redact ? { entity: entry.list.entity } : {}),
              message: `banned term from list "${entry.list.name}"${viewNote}`,
              metadata: { list: entry.list.name, view: hit.kind },
            });
          }
        }
        findings.sort((left, right) => (left.span?.start ?? 0) - (right.span?.start ?? 0));
        return { findings, score: findings.length > 0 ? 1 : 0 };
      },
    };
  },
});
