import { z } from 'zod';
import { defineScanner } from '../../scanner/define-scanner.js';
import type { Finding, ScanOutcome, Span } from '../../scanner/types.js';
import { findAll } from '../../text/find-all.js';
import { leetClass } from '../../text/leet-fold.js';
import { normalizeForMatching } from '../../text/normalize-for-matching.js';
import type { TextView, TextViewKind } from '../../text/text-view.js';

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

// Characters of scripts written without spaces between words: no word boundaries there.
const spacelessScript =
  /[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]/u;
const wordCharacter = /[\p{L}\p{N}_]/u;
// The normalized view too: masks (`f*ck`) need no folding, so they may have no leet view.
const obfuscationViews: readonly TextViewKind[] = ['normalized', 'leet', 'spaced'];
const decodedViews: readonly TextViewKind[] = ['base64', 'hex', 'rot13', 'url'];

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

/** Wraps a word's pattern with Unicode-aware boundaries where the word starts/ends with a letter. */
function bounded(word: string, body: string, wholeWords: boolean, boundaryClass: string): string {
  if (!wholeWords) return body;
  const first = word.at(0) ?? '';
  const last = word.at(-1) ?? '';
  const before = wordCharacter.test(first) && !spacelessScript.test(first) ? `(?<!${boundaryClass})` : '';
  const after = wordCharacter.test(last) && !spacelessScript.test(last) ? `(?!${boundaryClass})` : '';
  return `${before}${body}${after}`;
}

function literalBody(word: string): string {
  return word.split(/\s+/).map(escapeRegex).join('\\s+');
}

/** Letters may be leet twins or inner `*` masks; spaces may be any run of whitespace. */
function leetBody(word: string): string {
  return word
    .split(/\s+/)
    .map((part) =>
      Array.from(part)
        .map((letter, index) => leetClass(letter, index > 0 && /\p{L}/u.test(letter)))
        .join(''),
    )
    .join('\\s+');
}

function alternation(words: readonly string[], body: (word: string) => string, config: Compiled, boundary: string) {
  const sorted = [...new Set(words)].sort((left, right) => right.length - left.length);
  const source = sorted.map((word) => bounded(word, body(word), config.wholeWords, boundary)).join('|');
  return new RegExp(source, config.caseSensitive ? 'gu' : 'giu');
}

interface Compiled {
  readonly list: KeywordList;
  readonly category: string;
  readonly wholeWords: boolean;
  readonly caseSensitive: boolean;
  readonly literal: RegExp;
  readonly leet: RegExp | undefined;
  readonly allow: RegExp | undefined;
}

function compileList(list: KeywordList, globalAllow: readonly string[]): Compiled {
  const fold = (word: string): string => (list.caseSensitive ? word.trim() : normalizeForMatching(word).trim());
  const words = list.words.map(fold).filter((word) => word.length > 0);
  const allowWords = [...list.allow, ...globalAllow].map(fold).filter((word) => word.length > 0);
  const base = {
    list,
    category: list.category ?? `keywords.${list.name}`,
    wholeWords: list.wholeWords,
    caseSensitive: list.caseSensitive,
  };
  const stub = { ...base, literal: /$^/, leet: undefined, allow: undefined };
  return {
    ...base,
    literal: alternation(words, literalBody, stub, '[\\p{L}\\p{N}_]'),
    leet: list.obfuscation && !list.caseSensitive ? alternation(words, leetBody, stub, '[\\p{L}\\p{N}_*]') : undefined,
    allow: allowWords.length > 0 ? alternation(allowWords, literalBody, stub, '[\\p{L}\\p{N}_]') : undefined,
  };
}

/** A mask-tolerant match must keep at least half of its letters and start with a real one. */
function acceptableMask(match: string): boolean {
  if (!match.includes('*')) return true;
  if (match.startsWith('*')) return false;
  let masked = 0;
  let letters = 0;
  for (const character of match) {
    if (character === '*') masked++;
    else if (character.trim() !== '') letters++;
  }
  return masked <= letters;
}

function within(span: Span, allowed: readonly Span[]): boolean {
  return allowed.some((range) => range.start <= span.start && span.end <= range.end);
}

function searchList(compiled: Compiled, views: readonly TextView[]): { span: Span; kind: TextViewKind }[] {
  if (compiled.caseSensitive) {
    return findAll(views, compiled.literal, { kinds: ['original'] });
  }
  const literalKinds: TextViewKind[] = ['normalized'];
  if (compiled.list.obfuscation) literalKinds.push(...decodedViews);
  const hits = findAll(views, compiled.literal, { kinds: literalKinds });
  const leet = compiled.leet;
  if (leet) {
    const seen = new Set(hits.map((hit) => `${hit.span.start}:${hit.span.end}`));
    const matcher = (text: string): Span[] => {
      const spans: Span[] = [];
      leet.lastIndex = 0;
      for (const match of text.matchAll(leet)) {
        if (acceptableMask(match[0])) spans.push({ start: match.index, end: match.index + match[0].length });
      }
      return spans;
    };
    for (const hit of findAll(views, matcher, { kinds: obfuscationViews })) {
      const key = `${hit.span.start}:${hit.span.end}`;
      if (!seen.has(key)) {
        seen.add(key);
        hits.push(hit);
      }
    }
  }
  return hits;
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
          const hits = searchList(entry, views);
          if (hits.length === 0) continue;
          const allowed = entry.allow
            ? findAll(views, entry.allow, {
                kinds: entry.caseSensitive ? ['original'] : ['original', 'normalized'],
              }).map((hit) => hit.span)
            : [];
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
