import type { LexiconEntry } from './toxicity-lexicon.js';
import { friendlyWords, mentionWords, secondPersonWords, toxicityLexicon } from './toxicity-lexicon.js';

/** A word of the scanned text with its de-obfuscated form. Offsets are into the scanned text. */
export interface LexiconToken {
  /** Lower-cased, leet-folded, de-masked form (`sh1t` → `shit`, `f*ck` → `fuck`). */
  readonly canonical: string;
  readonly start: number;
  readonly end: number;
  /** The surface form differed from the canonical one (leet, masks, spacing, stretching). */
  readonly obfuscated: boolean;
}

/** A lexicon word found in the text, with the context facts the classifier needs. */
export interface LexiconHit {
  readonly entry: LexiconEntry;
  readonly start: number;
  readonly end: number;
  readonly obfuscated: boolean;
  /** A second-person word is close by: the word is aimed at someone. */
  readonly targeted: boolean;
  /** Friendly words are close by ("you lucky bastard"). */
  readonly friendly: boolean;
  /** The word is mentioned, not used (quoted, or next to "word", "slur", "term"…). */
  readonly mentioned: boolean;
}

const lexiconByWord = new Map<string, LexiconEntry>();
const lexiconByLength = new Map<number, LexiconEntry[]>();
for (const entry of toxicityLexicon) {
  if (!lexiconByWord.has(entry.word)) lexiconByWord.set(entry.word, entry);
  const sameLength = lexiconByLength.get(entry.word.length) ?? [];
  sameLength.push(entry);
  lexiconByLength.set(entry.word.length, sameLength);
}

const leetMap: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '9': 'g',
  '@': 'a',
  $: 's',
  '!': 'i',
  '|': 'l',
  '+': 't',
  '€': 'e',
};

const maskCharacters = new Set(['*', '#', '%', '_']);
const quoteCharacters = new Set(['"', "'", '“', '”', '‘', '’', '`', '«', '»']);

// ASCII classes as a table: 1 letter or digit, 2 leet symbol or mask (part of a word).
const asciiClass = new Uint8Array(128);
for (let code = 0; code < 128; code += 1) {
  const character = String.fromCharCode(code);
  if (/[a-z0-9]/i.test(character)) asciiClass[code] = 1;
  else if (character in leetMap || maskCharacters.has(character)) asciiClass[code] = 2;
}

function isLetterOrDigit(character: string): boolean {
  const code = character.charCodeAt(0);
  if (code < 0x80) return asciiClass[code] === 1;
  return /\p{L}|\p{N}/u.test(character);
}

function isTokenCharacter(character: string): boolean {
  const code = character.charCodeAt(0);
  if (code < 0x80) return asciiClass[code] !== 0;
  return isLetterOrDigit(character) || character in leetMap;
}

/** True when the word is only letters and apostrophes (no leet, masks or digits). */
function isPlainWord(word: string): boolean {
  for (let index = 0; index < word.length; index += 1) {
    const code = word.charCodeAt(index);
    if (code < 0x80) {
      if (asciiClass[code] !== 1 || (code >= 0x30 && code <= 0x39)) {
        if (code !== 0x27) return false;
      }
    } else if (!/\p{L}/u.test(word[index]!)) return false;
  }
  return true;
}

function hasTripleRun(word: string): boolean {
  for (let index = 2; index < word.length; index += 1) {
    if (word[index] === word[index - 1] && word[index] === word[index - 2]) return true;
  }
  return false;
}

/** Splits a scanned text into raw words: letters, digits, leet symbols and mask characters. */
function rawWords(text: string): { surface: string; start: number; end: number }[] {
  const words: { surface: string; start: number; end: number }[] = [];
  let index = 0;
  while (index < text.length) {
    const character = text[index]!;
    if (!isTokenCharacter(character)) {
      index += 1;
      continue;
    }
    const start = index;
    while (index < text.length) {
      const current = text[index]!;
      if (isTokenCharacter(current)) {
        index += 1;
        continue;
      }
      // Keep an apostrophe between letters (you're, i'll).
      if ((current === "'" || current === '’') && index + 1 < text.length && isLetterOrDigit(text[index + 1]!)) {
        index += 1;
        continue;
      }
      break;
    }
    // Trailing punctuation that doubles as leet (`you!`, `what?!`) is punctuation at the end of a word.
    let end = index;
    while (end > start + 1 && (text[end - 1] === '!' || text[end - 1] === '|' || maskCharacters.has(text[end - 1]!))) {
      end -= 1;
    }
    let begin = start;
    while (begin < end - 1 && (maskCharacters.has(text[begin]!) || text[begin] === '!')) begin += 1;
    words.push({ surface: text.slice(begin, end).toLowerCase().replace(/’/g, "'"), start: begin, end });
  }
  return words;
}

function lookupMasked(pattern: string): LexiconEntry | undefined {
  const candidates = lexiconByLength.get(pattern.length);
  if (candidates === undefined) return undefined;
  let known = 0;
  for (const character of pattern) if (character !== '?') known += 1;
  if (known < 2 || pattern[0] === '?') return undefined;
  let ambiguousMatch: LexiconEntry | undefined;
  for (const entry of candidates) {
    let matches = true;
    for (let index = 0; index < pattern.length; index += 1) {
      if (pattern[index] !== '?' && pattern[index] !== entry.word[index]) {
        matches = false;
        break;
      }
    }
    if (!matches) continue;
    if (entry.ambiguous !== true) return entry;
    ambiguousMatch ??= entry;
  }
  return ambiguousMatch;
}

/**
 * True when a canonical word is in the toxicity lexicon.
 *
 * @example
 * isLexiconWord('idiot') // true
 */
export function isLexiconWord(canonical: string): boolean {
  return lexiconByWord.has(canonical);
}

/** Collapses runs of three or more equal letters to one and to two (`fuuuuck` → `fuck`, `fuuck`). */
function collapsedForms(word: string): string[] {
  if (!hasTripleRun(word)) return [];
  const single = word.replace(/(.)\1+/g, '$1');
  const double = word.replace(/(.)\1{2,}/g, '$1$1');
  return [single, double];
}

/** The canonical form of one raw word: the first form found in the lexicon, else the folded form. */
function canonicalize(surface: string): { canonical: string; entry: LexiconEntry | undefined } {
  const direct = lexiconByWord.get(surface);
  if (direct !== undefined || isPlainWord(surface)) {
    if (direct !== undefined) return { canonical: surface, entry: direct };
    for (const form of collapsedForms(surface)) {
      const entry = lexiconByWord.get(form);
      if (entry !== undefined) return { canonical: form, entry };
    }
    return { canonical: surface, entry: undefined };
  }
  const variants = new Set<string>();
  const fold = (oneAs: string): string => {
    let folded = '';
    for (const character of surface) {
      if (maskCharacters.has(character)) folded += '?';
      else if (character === '1') folded += oneAs;
      else folded += leetMap[character] ?? character;
    }
    return folded;
  };
  variants.add(fold('i'));
  variants.add(fold('l'));
  for (const variant of variants) {
    if (variant.includes('?')) {
      const entry = lookupMasked(variant);
      if (entry !== undefined) return { canonical: entry.word, entry };
      continue;
    }
    const entry = lexiconByWord.get(variant);
    if (entry !== undefined) return { canonical: variant, entry };
    for (const form of collapsedForms(variant)) {
      const collapsed = lexiconByWord.get(form);
      if (collapsed !== undefined) return { canonical: form, entry: collapsed };
    }
  }
  // Digits in ordinary numbers stay digits; leet is only folded inside words with letters.
  const first = [...variants][0] ?? surface;
  return { canonical: /\p{L}/u.test(surface) ? first.replace(/\?/g, '') : surface, entry: undefined };
}

/**
 * Tokenises a (lower-cased, normalised) text into de-obfuscated words. Spaced or dotted single
 * letters (`a s s h o l e`, `F.U.C.K.`) are joined when the joined word is in the lexicon or is a
 * second-person word. Linear in the text length.
 *
 * @example
 * tokenizeForLexicon('you f*cking m0r0n').map((token) => token.canonical) // ['you', 'fucking', 'moron']
 */
export function tokenizeForLexicon(text: string): LexiconToken[] {
  const words = rawWords(text);
  const tokens: LexiconToken[] = [];
  let index = 0;
  while (index < words.length) {
    const word = words[index]!;
    // A run of single characters separated by one separator character each.
    if (word.surface.length === 1) {
      let runEnd = index + 1;
      while (
        runEnd < words.length &&
        words[runEnd]!.surface.length === 1 &&
        words[runEnd]!.start - words[runEnd - 1]!.end <= 2 &&
        runEnd - index < 24
      ) {
        runEnd += 1;
      }
      // Longest joined prefix of the run that is a known word (`f.u.c.k. y.o.u.` → fuck, you).
      let joinedEnd = -1;
      let joinedCanonical = '';
      for (let end = runEnd; end - index >= 3 && joinedEnd < 0; end -= 1) {
        const joined = canonicalize(
          words
            .slice(index, end)
            .map((part) => part.surface)
            .join(''),
        );
        if (joined.entry !== undefined || secondPersonWords.has(joined.canonical)) {
          joinedEnd = end;
          joinedCanonical = joined.canonical;
        }
      }
      if (joinedEnd > 0) {
        tokens.push({
          canonical: joinedCanonical,
          start: word.start,
          end: words[joinedEnd - 1]!.end,
          obfuscated: true,
        });
        index = joinedEnd;
        continue;
      }
    }
    const { canonical } = canonicalize(word.surface);
    tokens.push({ canonical, start: word.start, end: word.end, obfuscated: canonical !== word.surface });
    index += 1;
  }
  return tokens;
}

function anyWithin(tokens: readonly LexiconToken[], from: number, to: number, words: ReadonlySet<string>): boolean {
  for (let index = Math.max(0, from); index <= Math.min(tokens.length - 1, to); index += 1) {
    if (words.has(tokens[index]!.canonical)) return true;
  }
  return false;
}

/**
 * Finds lexicon words in tokenised text and judges their context: aimed at someone, friendly,
 * or mentioned rather than used.
 *
 * @example
 * findLexiconHits(text, tokenizeForLexicon(text)).filter((hit) => hit.targeted)
 */
export function findLexiconHits(text: string, tokens: readonly LexiconToken[]): LexiconHit[] {
  const hits: LexiconHit[] = [];
  for (const [index, token] of tokens.entries()) {
    const entry = lexiconByWord.get(token.canonical);
    if (entry === undefined) continue;
    // Ambiguous words count as aimed only when the second person comes first ("you clown").
    const targeted =
      entry.ambiguous === true
        ? anyWithin(tokens, index - 3, index - 1, secondPersonWords)
        : anyWithin(tokens, index - 3, index + 2, secondPersonWords);
    const before = text[token.start - 1];
    const after = text[token.end];
    const quoted =
      before !== undefined && after !== undefined && quoteCharacters.has(before) && quoteCharacters.has(after);
    hits.push({
      entry,
      start: token.start,
      end: token.end,
      obfuscated: token.obfuscated,
      targeted,
      friendly: anyWithin(tokens, index - 4, index + 4, friendlyWords),
      mentioned: quoted || anyWithin(tokens, index - 5, index + 5, mentionWords),
    });
  }
  return hits;
}
