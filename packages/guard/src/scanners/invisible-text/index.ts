import { z } from 'zod';
import { defineScanner } from '../../scanner/define-scanner.js';
import type { Finding, ScanOutcome, Severity } from '../../scanner/types.js';
import { tagCharacterAscii, variationSelectorByte } from '../../text/decode-payloads.js';
import { type InvisibleKind, invisibleKind } from '../../text/invisible-characters.js';

const invisibleKinds = ['zero-width', 'bidi', 'tag', 'variation-selector', 'private-use'] as const;

/** Config of the `invisible-text` scanner. */
export const InvisibleTextConfig = z
  .object({
    /** Kinds to report (category `invisible.<kind>`). */
    categories: z
      .array(z.enum(invisibleKinds))
      .min(1)
      .default([...invisibleKinds]),
    /** Do not report joiners and selectors that emoji need (👩‍💻, ❤️) or a byte-order mark at the start. */
    allowEmoji: z.boolean().default(true),
    /** Do not report ZWJ/ZWNJ between letters of scripts that use them (Persian, Arabic, Indic…). */
    allowScriptJoiners: z.boolean().default(true),
    /** Do not report LRM/RLM/ALM marks in text that contains right-to-left letters. */
    allowBidiMarks: z.boolean().default(true),
    /** Minimum score for a finding; the raw score is returned anyway. */
    threshold: z.number().min(0).max(1).default(0),
  })
  .strict();
export type InvisibleTextConfig = z.infer<typeof InvisibleTextConfig>;

const emojiPattern = /^(?:[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}]|\u20e3)$/u;
const joiningScriptLetter = /^[\p{L}\p{M}]$/u;
const rightToLeft = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/;

interface Run {
  kind: InvisibleKind;
  start: number;
  end: number;
  count: number;
  /** Strongest sub-kind in the run: decides score and severity. */
  level: number;
  hiddenCharacters: number;
  description: string;
}

// Score and severity per level: a payload or a text-reordering control is an attack signal.
const levels: readonly { score: number; severity: Severity }[] = [
  { score: 0.3, severity: 'low' }, // bidi marks, soft hyphens, private use
  { score: 0.6, severity: 'medium' }, // zero-width characters
  { score: 0.9, severity: 'high' }, // bidi overrides/isolates, variation-selector runs, tags
  { score: 1, severity: 'high' }, // tags or selectors that spell a hidden payload
];

function codePointBefore(text: string, index: number): number {
  if (index <= 0) return -1;
  const unit = text.charCodeAt(index - 1);
  if (unit >= 0xdc00 && unit <= 0xdfff && index >= 2) return text.codePointAt(index - 2) ?? -1;
  return unit;
}

// Per code point: emoji (1), letter of a script that uses joiners (2), or neither (0); cached.
const neighbourClasses = new Map<number, number>();

function neighbourClass(codePoint: number): number {
  let found = neighbourClasses.get(codePoint);
  if (found === undefined) {
    const character = String.fromCodePoint(codePoint);
    found = emojiPattern.test(character) ? 1 : codePoint >= 0x590 && joiningScriptLetter.test(character) ? 2 : 0;
    if (neighbourClasses.size < 65_536) neighbourClasses.set(codePoint, found);
  }
  return found;
}

function isEmoji(codePoint: number): boolean {
  return codePoint >= 0 && neighbourClass(codePoint) === 1;
}

function isJoiningScriptLetter(codePoint: number): boolean {
  return codePoint >= 0x590 && neighbourClass(codePoint) === 2;
}

/** Classifies one invisible code point in context: `null` when it is legitimate there. */
function classify(
  text: string,
  index: number,
  codePoint: number,
  config: InvisibleTextConfig,
  hasRightToLeft: boolean,
): { kind: InvisibleKind; level: number; label: string } | null {
  const kind = invisibleKind(codePoint);
  if (kind === null) return null;
  const width = codePoint > 0xffff ? 2 : 1;
  const before = codePointBefore(text, index);
  const after = index + width < text.length ? (text.codePointAt(index + width) ?? -1) : -1;
  if (kind === 'zero-width') {
    if (codePoint === 0xfeff && index === 0 && config.allowEmoji) return null;
    if (codePoint === 0x200d && config.allowEmoji && isEmoji(before) && isEmoji(after)) return null;
    if (codePoint === 0x200d && config.allowEmoji && variationSelectorByte(before) >= 0 && isEmoji(after)) return null;
    if ((codePoint === 0x200c || codePoint === 0x200d) && config.allowScriptJoiners) {
      if (isJoiningScriptLetter(before) && isJoiningScriptLetter(after)) return null;
    }
    if (codePoint === 0xad) return { kind, level: 0, label: 'soft hyphen' };
    return { kind, level: 1, label: 'zero-width character' };
  }
  if (kind === 'bidi') {
    const isMark = codePoint === 0x200e || codePoint === 0x200f || codePoint === 0x61c;
    if (isMark) return config.allowBidiMarks && hasRightToLeft ? null : { kind, level: 0, label: 'bidi mark' };
    return { kind, level: 2, label: 'bidi override or isolate' };
  }
  if (kind === 'variation-selector') {
    const previousIsSelector = variationSelectorByte(before) >= 0;
    const nextIsSelector = variationSelectorByte(after) >= 0;
    // One selector after a visible character is ordinary (emoji presentation, CJK variants).
    if (config.allowEmoji && !previousIsSelector && !nextIsSelector && before >= 0) return null;
    return { kind, level: 2, label: 'variation selector' };
  }
  if (kind === 'tag') {
    // A tag sequence after a black flag spells a subdivision flag (🏴󠁧󠁢󠁳󠁣󠁴󠁿): legitimate.
    return { kind, level: 2, label: 'Unicode tag character' };
  }
  return { kind, level: 0, label: 'private-use character' };
}

function isFlagSequence(text: string, run: Run): boolean {
  return codePointBefore(text, run.start) === 0x1f3f4 && (text.codePointAt(run.end - 2) ?? 0) === 0xe007f;
}

/**
 * Invisible and hidden characters: zero-width characters (outside emoji and scripts that need
 * joiners), bidi overrides and isolates ("Trojan Source"), Unicode tag characters that spell
 * hidden ASCII ("ASCII smuggling"), runs of variation selectors that encode bytes ("emoji
 * smuggling") and private-use characters. Consecutive characters of one kind form one finding
 * (category `invisible.<kind>`). Hidden payloads are decoded only to count them: their content is
 * never put in messages (other scanners see it through the `hidden` text view).
 *
 * @example
 * const scanner = await invisibleTextScanner.create(InvisibleTextConfig.parse({}));
 * await scanner.scan(context); // { findings: [{ category: 'invisible.tag', score: 1, … }], score: 1 }
 */
export const invisibleTextScanner = defineScanner<InvisibleTextConfig>({
  id: 'invisible-text',
  description: 'Zero-width, bidi-override, Unicode-tag, variation-selector and private-use characters that hide text',
  stages: ['input', 'output', 'retrieval', 'tool'],
  engine: 'heuristic',
  configSchema: InvisibleTextConfig,
  create(config) {
    const enabled = new Set<InvisibleKind>(config.categories);
    return {
      scan(context): ScanOutcome {
        const text = context.text;
        const hasRightToLeft = rightToLeft.test(text);
        const runs: Run[] = [];
        let current: Run | undefined;
        for (let index = 0; index < text.length; ) {
          const codePoint = text.codePointAt(index) ?? 0;
          const width = codePoint > 0xffff ? 2 : 1;
          const found = codePoint < 0xad ? null : classify(text, index, codePoint, config, hasRightToLeft);
          if (found === null || !enabled.has(found.kind)) {
            current = undefined;
            index += width;
            continue;
          }
          if (!current || current.kind !== found.kind || current.end !== index) {
            current = {
              kind: found.kind,
              start: index,
              end: index,
              count: 0,
              level: found.level,
              hiddenCharacters: 0,
              description: found.label,
            };
            runs.push(current);
          }
          current.end = index + width;
          current.count++;
          if (found.level > current.level) {
            current.level = found.level;
            current.description = found.label;
          }
          if (tagCharacterAscii(codePoint) >= 0) current.hiddenCharacters++;
          index += width;
        }
        const findings: Finding[] = [];
        let highest = 0;
        for (const run of runs) {
          if (run.kind === 'tag' && isFlagSequence(text, run)) continue;
          let level = run.level;
          let hidden = '';
          if (run.kind === 'tag' && run.hiddenCharacters > 0) {
            level = 3;
            hidden = `, spelling ${run.hiddenCharacters} hidden ASCII character${run.hiddenCharacters === 1 ? '' : 's'}`;
          } else if (run.kind === 'variation-selector' && run.count >= 2) {
            level = 3;
            hidden = `, able to encode ${run.count} hidden bytes`;
          }
          const { score, severity } = levels[level] ?? { score: 0.3, severity: 'low' as const };
          highest = Math.max(highest, score);
          if (score < config.threshold) continue;
          findings.push({
            scanner: 'invisible-text',
            category: `invisible.${run.kind}`,
            severity,
            score,
            span: { start: run.start, end: run.end },
            message: `${run.description} × ${run.count}${hidden}`,
            metadata: {
              count: run.count,
              ...(run.kind === 'tag' ? { hiddenCharacters: run.hiddenCharacters } : {}),
            },
          });
        }
        return { findings, score: highest };
      },
    };
  },
});
