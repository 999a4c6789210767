import type { Span } from '../../scanner/types.js';

/** A sentence of a text with its span (whitespace around it excluded). */
export interface Sentence {
  readonly text: string;
  readonly span: Span;
}

const terminators = new Set(['.', '!', '?', '。', '！', '？', '…', ';', '；']);
const closers = new Set(['"', "'", ')', ']', '»', '”', '’', '」', '』']);
const abbreviations = new Set([
  'e.g',
  'i.e',
  'etc',
  'vs',
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'inc',
  'ltd',
  'no',
  'fig',
  'cf',
]);

function isSpace(character: string | undefined): boolean {
  return character === ' ' || character === '\t' || character === '\n' || character === '\r' || character === '\u00a0';
}

/**
 * Splits a text into sentences in one pass: at terminal punctuation followed by space (or CJK
 * punctuation), at blank lines and list items, never inside `e.g.` or decimals. Spans are exact.
 *
 * @example
 * splitSentences('Hi there. How are you?').map((sentence) => sentence.text); // ['Hi there.', 'How are you?']
 */
export function splitSentences(text: string): readonly Sentence[] {
  const sentences: Sentence[] = [];
  let start = 0;
  const push = (end: number): void => {
    let from = start;
    let to = end;
    while (from < to && isSpace(text[from])) from++;
    while (to > from && isSpace(text[to - 1])) to--;
    if (to > from) sentences.push({ text: text.slice(from, to), span: { start: from, end: to } });
    start = end;
  };
  for (let index = 0; index < text.length; index++) {
    const character = text[index] ?? '';
    if (character === '\n') {
      const next = text[index + 1];
      // A blank line or a new list item / heading ends the sentence; a soft wrap does not.
      if (next === '\n' || next === '-' || next === '*' || next === '#' || next === '|' || /\d/.test(next ?? '')) {
        push(index + 1);
      } else if (index > 0 && !isSpace(text[index - 1]) && /[:.!?]/.test(text[index - 1] ?? '')) {
        push(index + 1);
      }
      continue;
    }
    if (!terminators.has(character)) continue;
    let end = index + 1;
    while (end < text.length && (terminators.has(text[end] ?? '') || closers.has(text[end] ?? ''))) end++;
    const cjk = character === '。' || character === '！' || character === '？' || character === '；';
    if (!cjk && end < text.length && !isSpace(text[end])) continue;
    if (character === '.') {
      const wordStart = text.lastIndexOf(' ', index) + 1;
      const word = text.slice(wordStart, index).toLowerCase();
      if (abbreviations.has(word) || /^[a-z]$/.test(word)) continue;
    }
    push(end);
    index = end - 1;
  }
  push(text.length);
  return sentences;
}
