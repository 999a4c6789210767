import type { Gazetteer } from './gazetteer.js';

/** Token kinds of the PII tagger's tokenizer. */
export const TokenKind = { word: 0, number: 1, punctuation: 2, newline: 3, cjk: 4, code: 5 } as const;
export type TokenKind = (typeof TokenKind)[keyof typeof TokenKind];

/** Bit flags describing a token (gazetteer hits and shape). */
export const TokenFlag = {
  given: 1,
  surname: 2,
  place: 4,
  country: 8,
  streetTypeBefore: 16,
  streetTypeAfter: 32,
  streetSuffix: 64,
  unit: 128,
  title: 256,
  particle: 512,
  capitalized: 1024,
  allCaps: 2048,
  initial: 4096,
  lineStart: 8192,
  sentenceStart: 16384,
  common: 32768,
  number: 65536,
  cjk: 131072,
} as const;
const flagCount = 18;

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

// Letters and digits glued together (3f2a9c…, 8YH3-K2LP, base64) form one `code` token that is never
// tagged, so hashes and serial numbers cannot become names or addresses. Built with `new RegExp`
// because the `v` flag (class subtraction) is newer than the compile target.
const cjkClass = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}ー々';
const tokenPattern = new RegExp(
  `\\n|[${cjkClass}]+|[[\\p{L}\\p{M}\\d]--[${cjkClass}]]+(?:['’\\-][[\\p{L}\\p{M}\\d]--[${cjkClass}]]+)*|[^\\s\\p{L}\\p{M}\\d]`,
  'gv',
);
const cjkStart = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}ー々]/u;

/** FNV-1a over a string, 32-bit. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  return hash >>> 0;
}

function shapeOf(text: string): string {
  let shape = '';
  let previous = '';
  let run = 0;
  for (const character of text) {
    let kind: string;
    if (character >= '0' && character <= '9') kind = 'd';
    else if (character !== character.toLowerCase()) kind = 'X';
    else if (character !== character.toUpperCase()) kind = 'x';
    else kind = character;
    if (kind === previous) {
      run += 1;
      if (run >= 2) continue;
    } else run = 0;
    shape += kind;
    previous = kind;
  }
  return shape;
}

function lookupFlags(lower: string, gazetteer: Gazetteer): number {
  let flags = 0;
  if (gazetteer.givenNames.has(lower)) flags |= TokenFlag.given;
  if (gazetteer.surnames.has(lower)) flags |= TokenFlag.surname;
  if (gazetteer.places.has(lower)) flags |= TokenFlag.place;
  if (gazetteer.countries.has(lower)) flags |= TokenFlag.country;
  if (gazetteer.streetTypesBefore.has(lower)) flags |= TokenFlag.streetTypeBefore;
  if (gazetteer.streetTypesAfter.has(lower)) flags |= TokenFlag.streetTypeAfter;
  if (gazetteer.addressUnits.has(lower)) flags |= TokenFlag.unit;
  if (gazetteer.titles.has(lower)) flags |= TokenFlag.title;
  if (gazetteer.particles.has(lower)) flags |= TokenFlag.particle;
  return flags;
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
  tokenPattern.lastIndex = 0;
  for (let match = tokenPattern.exec(text); match !== null; match = tokenPattern.exec(text)) {
    const value = match[0];
    const start = match.index;
    const end = start + value.length;
    if (value === '\n') {
      tokens.push({
        start,
        end,
        lower: '\n',
        kind: TokenKind.newline,
        flags: 0,
        commonBucket: 4,
        wordHash: hashString('\n'),
        shapeHash: hashString('\n'),
      });
      lineStart = true;
      sentenceStart = true;
      continue;
    }
    let kind: TokenKind;
    if (cjkStart.test(value[0]!)) kind = TokenKind.cjk;
    // House numbers (12, 221B, 1100-053) and UK/CA postcode halves (NW1, 6XE, LS6) count as numbers.
    else if (/^\d+(?:-\d+)*[A-Za-z]?$/.test(value) || /^[A-Z]{1,2}\d[A-Z\d]?$|^\d[A-Z]{2}$/.test(value)) {
      kind = TokenKind.number;
    } else if (/\d/.test(value) || /^(?:[xX#*]+-?)+$/.test(value)) kind = TokenKind.code;
    else if (/[\p{L}\p{M}]/u.test(value[0]!)) kind = TokenKind.word;
    else kind = TokenKind.punctuation;
    let lower = value.toLowerCase();
    let flags = 0;
    let commonBucket = 4;
    if (kind === TokenKind.word) {
      flags = lookupFlags(lower, gazetteer);
      if (lower.includes('-')) {
        const parts = lower.split('-');
        if (parts.every((part) => gazetteer.surnames.has(part) || gazetteer.givenNames.has(part)))
          flags |= TokenFlag.surname;
      }
      for (const suffix of gazetteer.streetSuffixes) {
        if (lower.length > suffix.length + 2 && lower.endsWith(suffix)) {
          flags |= TokenFlag.streetSuffix;
          break;
        }
      }
      const rank = gazetteer.commonRank.get(lower);
      if (rank !== undefined) {
        flags |= TokenFlag.common;
        commonBucket = rank < 100 ? 0 : rank < 1000 ? 1 : rank < 5000 ? 2 : 3;
      }
      const upper = value.toUpperCase();
      if (value === upper && value !== lower) {
        flags |= value.length === 1 ? TokenFlag.initial : TokenFlag.allCaps;
      } else if (value[0] !== lower[0]) flags |= TokenFlag.capitalized;
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
  for (let bit = 0; bit < flagCount; bit += 1) if (token.flags & (1 << bit)) visit(bucket(7, bit, mask));
  visit(bucket(8, token.commonBucket, mask));
  const personBits = token.flags & (TokenFlag.given | TokenFlag.surname | TokenFlag.capitalized | TokenFlag.allCaps);
  visit(bucket(19, personBits * 8 + token.commonBucket, mask));
  const offsets = [-1, 1, -2, 2];
  for (let position = 0; position < offsets.length; position += 1) {
    const neighbour = tokens[index + offsets[position]!];
    visit(bucket(9 + position, neighbour ? neighbour.wordHash : none, mask));
    if (neighbour) {
      for (let bit = 0; bit < flagCount; bit += 1)
        if (neighbour.flags & (1 << bit)) visit(bucket(13 + position, bit, mask));
    }
    if (position < 2) visit(bucket(17 + position, neighbour ? neighbour.shapeHash : none, mask));
  }
  for (let offset = 3; offset <= 4; offset += 1) {
    const before = tokens[index - offset];
    if (before) visit(bucket(21, before.wordHash, mask));
  }
  visit(bucket(20, facts.hasDigit[index]! * 2 + facts.hasStreetType[index]!, mask));
}
