import { commonShift, type Gazetteer } from './gazetteer.js';

/** Token kinds of the PII tagger's tokenizer. */
export const TokenKind = { word: 0, number: 1, punctuation: 2, newline: 3, cjk: 4, code: 5 } as const;
export type TokenKind = (typeof TokenKind)[keyof typeof TokenKind];

import { TokenFlag } from './token-flags.js';

export { TokenFlag };

const flagCount = 19;

/** One token with precomputed lookups. */
export interface Token {
  readonly start: number;
  readonly end: number;
  readonly lower: string;
  readonly kind: TokenKind;
  readonly flags: number;
  /** 0..4: frequency bucket of the lower-case word (4 = not a common word). */
  readonly commonBucket: number;
  readonly wordHash: number;
  readonly shapeHash: number;
}

// Character classes for the hand-written tokenizer (a regex with Unicode property classes was ten
// times slower). Non-ASCII characters are classified once and cached.
const classCache = new Map<number, number>();
const classOther = 0;
const classWord = 1;
const classCjk = 2;
const classSpace = 3;
const wordProperty = /[\p{L}\p{M}\p{N}]/u;
const cjkProperty = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}ー々]/u;

const newlineHash = hashString('\n');
const houseNumber = /^\d+(?:-\d+)*[A-Za-z]?$/;
const postcodePart = /^[A-Z]{1,2}\d[A-Z\d]?$|^\d[A-Z]{2}$/;

/** XXX-XX-XXXX and xxxx are placeholders, never names. */
function placeholderKind(value: string): TokenKind {
  return /^(?:[xX]+-?)+$/.test(value) ? TokenKind.code : TokenKind.word;
}

function classify(code: number): number {
  if (code < 128) {
    if ((code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122)) return classWord;
    return code === 32 || code === 9 || code === 13 ? classSpace : classOther;
  }
  let cached = classCache.get(code);
  if (cached === undefined) {
    const character = String.fromCharCode(code);
    if (code >= 0xd800 && code <= 0xdfff) cached = classWord;
    else if (cjkProperty.test(character)) cached = classCjk;
    else if (wordProperty.test(character)) cached = classWord;
    else cached = /\s/.test(character) ? classSpace : classOther;
    if (classCache.size < 20_000) classCache.set(code, cached);
  }
  return cached;
}

/** FNV-1a over a string, 32-bit. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  return hash >>> 0;
}

function shapeOf(text: string): string {
  let shape = '';
  let previous = -1;
  let run = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    let kind: number;
    if (code >= 48 && code <= 57) kind = 100;
    else if (code >= 65 && code <= 90) kind = 88;
    else if (code >= 97 && code <= 122) kind = 120;
    else if (code < 128) kind = code;
    else {
      const character = text[index]!;
      const lower = character.toLowerCase();
      kind = character !== lower ? 88 : character !== character.toUpperCase() ? 120 : code;
    }
    if (kind === previous) {
      run += 1;
      if (run >= 2) continue;
    } else run = 0;
    shape += kind === 100 ? 'd' : String.fromCharCode(kind);
    previous = kind;
  }
  return shape;
}

const flagMask = (1 << commonShift) - 1;
const suffixIndex = new WeakMap<Gazetteer, { lengths: number[]; suffixes: Set<string> }>();

/** Street-name suffix test (Hauptstraße, Kerkstraat, Koskikatu) with one Set lookup per suffix length. */
function hasStreetSuffix(lower: string, gazetteer: Gazetteer): boolean {
  let index = suffixIndex.get(gazetteer);
  if (index === undefined) {
    const suffixes = new Set(gazetteer.streetSuffixes);
    index = { lengths: [...new Set(gazetteer.streetSuffixes.map((suffix) => suffix.length))], suffixes };
    suffixIndex.set(gazetteer, index);
  }
  for (const suffixLength of index.lengths) {
    if (lower.length > suffixLength + 2 && index.suffixes.has(lower.slice(lower.length - suffixLength))) return true;
  }
  return false;
}

/**
 * Splits a text into tokens with gazetteer flags. Words keep inner apostrophes and hyphens
 * (O'Brien, Smith-Jones); CJK runs are single tokens; newlines are tokens of their own.
 *
 * @example
 * tokenize('Dr. Ana Smith', gazetteer).map((token) => token.lower); // ['dr', '.', 'ana', 'smith']
 */
export function tokenize(text: string, gazetteer: Gazetteer): Token[] {
  const tokens: Token[] = [];
  let lineStart = true;
  let sentenceStart = true;
  const length = text.length;
  let index = 0;
  while (index < length) {
    const code = text.charCodeAt(index);
    if (code === 10) {
      tokens.push({
        start: index,
        end: index + 1,
        lower: '\n',
        kind: TokenKind.newline,
        flags: 0,
        commonBucket: 4,
        wordHash: newlineHash,
        shapeHash: newlineHash,
      });
      lineStart = true;
      sentenceStart = true;
      index += 1;
      continue;
    }
    const characterClass = classify(code);
    if (characterClass === classSpace) {
      index += 1;
      continue;
    }
    const start = index;
    let digits = 0;
    let upper = 0;
    let lowerCount = 0;
    let other = 0;
    if (characterClass === classCjk) {
      while (index < length && classify(text.charCodeAt(index)) === classCjk) index += 1;
    } else if (characterClass === classWord) {
      // Letters and digits, with inner apostrophes and hyphens (O'Brien, Smith-Jones, 1100-053).
      for (;;) {
        while (index < length) {
          const unit = text.charCodeAt(index);
          if (unit >= 48 && unit <= 57) digits += 1;
          else if (unit >= 65 && unit <= 90) upper += 1;
          else if (unit >= 97 && unit <= 122) lowerCount += 1;
          else if (classify(unit) === classWord) other += 1;
          else break;
          index += 1;
        }
        const joiner = text.charCodeAt(index);
        if (
          (joiner === 39 || joiner === 0x2019 || joiner === 45) &&
          index + 1 < length &&
          classify(text.charCodeAt(index + 1)) === classWord
        ) {
          index += 1;
          continue;
        }
        break;
      }
    } else index += 1;
    const value = text.slice(start, index);
    const end = index;
    let kind: TokenKind;
    if (characterClass === classCjk) kind = TokenKind.cjk;
    else if (characterClass === classOther) kind = TokenKind.punctuation;
    else if (digits === 0)
      kind = value.charCodeAt(0) === 120 || value.charCodeAt(0) === 88 ? placeholderKind(value) : TokenKind.word;
    // House numbers (12, 221B, 1100-053) and UK/CA postcode halves (NW1, 6XE, LS6) count as numbers.
    else if (upper + lowerCount + other === 0 || houseNumber.test(value) || postcodePart.test(value))
      kind = TokenKind.number;
    else kind = TokenKind.code;
    let lower = upper === 0 && other === 0 ? value : value.toLowerCase();
    let flags = 0;
    let commonBucket = 4;
    if (kind === TokenKind.word) {
      const packed = gazetteer.wordFlags.get(lower) ?? 0;
      flags = packed & flagMask;
      const bucket = packed >>> commonShift;
      if (bucket > 0) commonBucket = bucket - 1;
      if (lower.includes('-')) {
        const parts = lower.split('-');
        if (parts.every((part) => gazetteer.surnames.has(part) || gazetteer.givenNames.has(part)))
          flags |= TokenFlag.surname;
      }
      if (lower.length > 5 && hasStreetSuffix(lower, gazetteer)) flags |= TokenFlag.streetSuffix;
      if (other === 0) {
        if (upper > 0 && lowerCount === 0) flags |= value.length === 1 ? TokenFlag.initial : TokenFlag.allCaps;
        else if (upper > 0 && value.charCodeAt(0) <= 90) flags |= TokenFlag.capitalized;
      } else {
        const upperCase = value.toUpperCase();
        if (value === upperCase && value !== lower) flags |= value.length === 1 ? TokenFlag.initial : TokenFlag.allCaps;
        else if (value[0] !== lower[0]) flags |= TokenFlag.capitalized;
      }
    } else if (kind === TokenKind.number) flags = TokenFlag.number;
    else if (kind === TokenKind.cjk) flags = TokenFlag.cjk;
    else if (kind === TokenKind.code) lower = '<code>';
    if (lineStart) flags |= TokenFlag.lineStart;
    if (sentenceStart) flags |= TokenFlag.sentenceStart;
    tokens.push({
      start,
      end,
      lower,
      kind,
      flags,
      commonBucket,
      wordHash: hashString(lower),
      shapeHash: hashString(kind === TokenKind.word || kind === TokenKind.number ? shapeOf(value) : lower),
    });
    lineStart = false;
    sentenceStart =
      kind === TokenKind.punctuation && (value === '.' || value === '!' || value === '?' || value === ':');
  }
  return tokens;
}

/** Mixes a feature slot and a value hash into a bucket in [0, dimensions). */
function bucket(slot: number, value: number, mask: number): number {
  let hash = Math.imul(slot ^ 0x9e3779b1, 0x85ebca6b) ^ value;
  hash = Math.imul(hash ^ (hash >>> 16), 0x7feb352d);
  hash = Math.imul(hash ^ (hash >>> 15), 0x846ca68b);
  return (hash ^ (hash >>> 16)) & mask;
}

const none = hashString('<none>');

/** Per-line facts shared by the tokens of a line. */
export interface LineFacts {
  readonly hasDigit: Uint8Array;
  readonly hasStreetType: Uint8Array;
}

/** Computes, for each token, whether its line has a digit and a street type. */
export function lineFacts(tokens: readonly Token[]): LineFacts {
  const hasDigit = new Uint8Array(tokens.length);
  const hasStreetType = new Uint8Array(tokens.length);
  let lineBegin = 0;
  const streetMask = TokenFlag.streetTypeAfter | TokenFlag.streetTypeBefore | TokenFlag.streetSuffix;
  for (let index = 0; index <= tokens.length; index += 1) {
    if (index === tokens.length || tokens[index]!.kind === TokenKind.newline) {
      let digit = 0;
      let street = 0;
      for (let inner = lineBegin; inner < index; inner += 1) {
        if (tokens[inner]!.kind === TokenKind.number) digit = 1;
        if (tokens[inner]!.flags & streetMask) street = 1;
      }
      for (let inner = lineBegin; inner < index; inner += 1) {
        hasDigit[inner] = digit;
        hasStreetType[inner] = street;
      }
      lineBegin = index + 1;
    }
  }
  return { hasDigit, hasStreetType };
}

const neighbourOffsets = [-1, 1, -2, 2] as const;

/** Visits one feature per set flag bit (only the bits below `flagCount`). */
function visitBits(flags: number, slot: number, mask: number, visit: (bucketIndex: number) => void): void {
  let remaining = flags & ((1 << flagCount) - 1);
  while (remaining !== 0) {
    const lowest = remaining & -remaining;
    visit(bucket(slot, 31 - Math.clz32(lowest), mask));
    remaining ^= lowest;
  }
}

/**
 * Calls `visit` with the hashed feature buckets of token `index` (word identity, shape, affixes,
 * gazetteer flags, and the same for two tokens on each side). Shared by training and inference so
 * both see exactly the same features.
 */
export function forEachTokenFeature(
  tokens: readonly Token[],
  index: number,
  facts: LineFacts,
  dimensions: number,
  visit: (bucketIndex: number) => void,
): void {
  const mask = dimensions - 1;
  const token = tokens[index]!;
  visit(bucket(1, 0, mask));
  visit(bucket(2, token.wordHash, mask));
  visit(bucket(3, token.shapeHash, mask));
  if (token.kind === TokenKind.word && token.lower.length > 3) {
    visit(bucket(4, hashString(token.lower.slice(-3)), mask));
    visit(bucket(5, hashString(token.lower.slice(-2)), mask));
    visit(bucket(6, hashString(token.lower.slice(0, 3)), mask));
    visit(bucket(23, hashString(token.lower.slice(-4)), mask));
  }
  visitBits(token.flags, 7, mask, visit);
  visit(bucket(8, token.commonBucket, mask));
  const personBits = token.flags & (TokenFlag.given | TokenFlag.surname | TokenFlag.capitalized | TokenFlag.allCaps);
  visit(bucket(19, personBits * 8 + token.commonBucket, mask));
  for (let position = 0; position < neighbourOffsets.length; position += 1) {
    const neighbour = tokens[index + neighbourOffsets[position]!];
    visit(bucket(9 + position, neighbour ? neighbour.wordHash : none, mask));
    if (neighbour) visitBits(neighbour.flags, 13 + position, mask, visit);
    if (position < 2) visit(bucket(17 + position, neighbour ? neighbour.shapeHash : none, mask));
  }
  for (let offset = 3; offset <= 4; offset += 1) {
    const before = tokens[index - offset];
    if (before) visit(bucket(21, before.wordHash, mask));
  }
  visit(bucket(20, facts.hasDigit[index]! * 2 + facts.hasStreetType[index]!, mask));
}
