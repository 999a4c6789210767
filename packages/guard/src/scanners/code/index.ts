import { z } from 'zod';
import { defineScanner } from '../../scanner/define-scanner.js';
import type { Finding, ScanOutcome, Span } from '../../scanner/types.js';
import { classifyCode, languageAliases, plainInfoStrings } from './language-signals.js';

/**
 * Config of the `code` scanner.
 *
 * @example
 * CodeConfig.parse({ languages: ['shell', 'powershell'], inline: false });
 */
export const CodeConfig = z
  .object({
    /** Languages to report (`python`, `shell`, `sql`…; `unknown` for unclassified code); empty: all code. */
    languages: z.array(z.string().min(1).toLowerCase()).default([]),
    /** Minimum score for a finding (0..1): fenced 0.95, detected-language fences 0.8, inline/unfenced 0.5–0.8. */
    threshold: z.number().min(0).max(1).default(0.5),
    /** Also classify `inline code` spans at least `minInlineLength` long. */
    inline: z.boolean().default(true),
    minInlineLength: z.number().int().min(1).default(12),
    /** Also find code that is not fenced (consecutive code-like lines, indented blocks). */
    unfenced: z.boolean().default(true),
  })
  .strict();
export type CodeConfig = z.infer<typeof CodeConfig>;

/** A piece of code found in a text. */
export interface CodeBlock {
  readonly span: Span;
  readonly language: string;
  readonly kind: 'fenced' | 'inline' | 'unfenced';
  readonly score: number;
  /** How the language was decided. */
  readonly source: 'info-string' | 'heuristic';
}

interface Line {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    lines.push({ text: text.slice(start, end), start, end });
    if (newline < 0) break;
    start = newline + 1;
  }
  return lines;
}

function canonicalLanguage(info: string): string | undefined {
  const word = (info.trim().split(/[\s{,]/, 1)[0] ?? '').toLowerCase().replace(/^\{?\.?/, '');
  if (plainInfoStrings.has(word)) return undefined;
  return languageAliases[word] ?? word;
}

const fenceOpenPattern = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const inlinePattern = /(?<!`)`([^`\n]{1,500})`(?!`)/g;
const genericCodeLine =
  /[;{}]\s*$|^\s*(?:\/\/|#include|#!|<\?php|<\/?[a-z]+[\s>])|^\s{4,}\S|^\s*[\w.$[\]]+ ?(?:=|\+=|:=) ?[\w"'[({$]|\w\([^)]{0,200}\)+;?\s*$/;

/**
 * Finds code in a text: fenced blocks (info string or heuristics), inline code spans and unfenced
 * runs of code-like lines, each with its language.
 *
 * @example
 * findCode('```py\nprint(1)\n```', { inline: true, minInlineLength: 12, unfenced: true })[0]?.language; // 'python'
 */
export function findCode(
  text: string,
  options: Pick<CodeConfig, 'inline' | 'minInlineLength' | 'unfenced'>,
): readonly CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = splitLines(text);
  const inFence = new Uint8Array(lines.length);
  for (let index = 0; index < lines.length; index++) {
    const open = fenceOpenPattern.exec(lines[index]?.text ?? '');
    if (!open?.[1]) continue;
    const fence = open[1];
    if (fence[0] === '`' && (open[2] ?? '').includes('`')) continue;
    // The opening line is still being written (streaming window): its info string may be cut off
    // ("```c" of "```csharp"), so wait for the line to end.
    if (index === lines.length - 1) break;
    let close = index + 1;
    while (close < lines.length) {
      const candidate = (lines[close]?.text ?? '').trim();
      if (candidate.startsWith(fence) && [...candidate].every((character) => character === fence[0])) break;
      close++;
    }
    const body = lines.slice(index + 1, close).map((line) => line.text);
    const declared = canonicalLanguage(open[2] ?? '');
    const detected = declared ? undefined : classifyCode(body);
    const language = declared ?? (detected && detected.strength >= 1 ? detected.language : 'unknown');
    const last = lines[Math.min(close, lines.length - 1)];
    blocks.push({
      span: { start: lines[index]?.start ?? 0, end: last?.end ?? text.length },
      language,
      kind: 'fenced',
      score: declared ? 0.95 : language === 'unknown' ? 0.6 : 0.8,
      source: declared ? 'info-string' : 'heuristic',
    });
    inFence.fill(1, index, Math.min(close + 1, lines.length));
    index = close;
  }

  if (options.inline) {
    for (const [index, line] of lines.entries()) {
      if (inFence[index]) continue;
      for (const match of line.text.matchAll(inlinePattern)) {
        const code = match[1] ?? '';
        if (code.trim().length < options.minInlineLength) continue;
        const { language, strength } = classifyCode([code]);
        if (strength < 2) continue;
        const start = line.start + match.index;
        blocks.push({
          span: { start, end: start + match[0].length },
          language,
          kind: 'inline',
          score: Math.min(0.8, 0.4 + strength / 10),
          source: 'heuristic',
        });
      }
    }
  }

  if (options.unfenced) {
    let runStart = -1;
    let codeLines = 0;
    const flush = (endIndex: number): void => {
      if (runStart < 0) return;
      // Trailing blank lines are not part of the run.
      let last = endIndex - 1;
      while (last > runStart && (lines[last]?.text.trim() ?? '') === '') last--;
      const run = lines.slice(runStart, last + 1);
      const { language, strength } = classifyCode(run.map((line) => line.text));
      if (codeLines >= 2 && strength >= 3) {
        blocks.push({
          span: { start: run[0]?.start ?? 0, end: run.at(-1)?.end ?? 0 },
          language,
          kind: 'unfenced',
          score: Math.min(0.85, 0.45 + strength / 20),
          source: 'heuristic',
        });
      }
      runStart = -1;
      codeLines = 0;
    };
    for (const [index, line] of lines.entries()) {
      const blank = line.text.trim() === '';
      const looksLikeCode =
        !inFence[index] &&
        !blank &&
        line.text.length <= 2_000 &&
        (genericCodeLine.test(line.text) || classifyCode([line.text]).strength >= 2);
      if (looksLikeCode) {
        if (runStart < 0) runStart = index;
        codeLines++;
      } else if (!(blank && runStart >= 0 && !inFence[index])) {
        flush(index);
      }
    }
    flush(lines.length);
  }
  return blocks.sort((left, right) => left.span.start - right.span.start);
}

/**
 * Reports code in the output by language (`code.python`, `code.shell`, `code.sql`…) for policies
 * that forbid code or some languages: fenced blocks by info string or heuristics, inline code and
 * unfenced code-like lines.
 *
 * @example
 * const scanner = await codeScanner.create(CodeConfig.parse({ languages: ['shell', 'powershell'] }));
 * await scanner.scan(context); // [{ category: 'code.shell', … }]
 */
export const codeScanner = defineScanner<CodeConfig>({
  id: 'code',
  description: 'Code in the text by language (fenced, inline and unfenced), for policies that forbid it',
  stages: ['input', 'output', 'retrieval', 'tool'],
  engine: 'heuristic',
  configSchema: CodeConfig,
  create(config) {
    const wanted = new Set(config.languages);
    return {
      scan(context): ScanOutcome {
        const findings: Finding[] = [];
        let highest = 0;
        for (const block of findCode(context.text, config)) {
          if (wanted.size > 0 && !wanted.has(block.language)) continue;
          highest = Math.max(highest, block.score);
          if (block.score < config.threshold) continue;
          findings.push({
            scanner: 'code',
            category: `code.${block.language}`,
            severity: wanted.size > 0 ? 'high' : 'low',
            score: block.score,
            span: block.span,
            message: `${block.kind} ${block.language === 'unknown' ? 'code' : `${block.language} code`} in the text`,
            metadata: { kind: block.kind, source: block.source },
          });
        }
        return { findings, score: highest };
      },
    };
  },
});
