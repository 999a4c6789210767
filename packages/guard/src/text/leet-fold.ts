import { unitsToString } from './view-writer.js';

/** Leetspeak substitutions applied inside words (tokens that contain at least one ASCII letter). */
const digitLetters: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '9': 'g',
};

/** Symbols that stand for a letter when followed by more of the word (`$hit`, `sh!t`, `b@d`). */
const symbolLetters: Readonly<Record<string, string>> = {
  '@': 'a',
  $: 's',
  '!': 'i',
  '|': 'l',
  '€': 'e',
  '+': 't',
  '¡': 'i',
  '£': 'l',
  '¢': 'c',
  '#': '*',
  '*': '*',
};

const maskCharacter = '*';
const leetCandidatePattern = /[013457-9@$!|€+¡£¢#*]/;

function toUnits(text: string): Uint16Array {
  const units = new Uint16Array(text.length);
  for (let index = 0; index < text.length; index++) units[index] = text.charCodeAt(index);
  return units;
}

function isWhitespace(unit: number): boolean {
  return unit === 32 || (unit >= 9 && unit <= 13) || unit === 0xa0 || unit === 0x3000 || unit === 0x2028;
}

function isAsciiLetter(unit: number): boolean {
  return unit >= 97 && unit <= 122;
}

/**
 * Folds leetspeak in an already normalised (lowercase) text, unit for unit, so the result has the
 * same length and the same span mapping as its input. Digits fold only inside tokens that also
 * contain a letter (`h3ll0` → `hello`, but `2024` stays); symbols fold only when more of the word
 * follows (`sh!t` → `shit`, but `hi!` stays); `#` and `*` masks become `*` (`f*ck`, `f#ck`).
 * `1` folds to `i`: matchers that care should accept `l` and `i` for each other (see `leetClass`).
 *
 * @example
 * leetFold('h3ll0 w0rld in 2024!').text; // 'hello world in 2024!'
 */
export function leetFold(text: string): { text: string; changed: boolean } {
  if (!leetCandidatePattern.test(text)) return { text, changed: false };
  const length = text.length;
  let output: Uint16Array | undefined;
  let tokenStart = 0;
  while (tokenStart < length) {
    while (tokenStart < length && isWhitespace(text.charCodeAt(tokenStart))) tokenStart++;
    let tokenEnd = tokenStart;
    let hasLetter = false;
    while (tokenEnd < length) {
      const unit = text.charCodeAt(tokenEnd);
      if (isWhitespace(unit)) break;
      if (isAsciiLetter(unit)) hasLetter = true;
      tokenEnd++;
    }
    if (hasLetter) {
      for (let index = tokenStart; index < tokenEnd; index++) {
        const character = text[index] ?? '';
        let replacement = digitLetters[character];
        if (replacement === undefined) {
          const symbol = symbolLetters[character];
          if (symbol !== undefined && index + 1 < tokenEnd && isWordLike(text.charCodeAt(index + 1))) {
            replacement = symbol;
          }
        }
        if (replacement !== undefined && replacement !== character) {
          output ??= toUnits(text);
          output[index] = replacement.charCodeAt(0);
        }
      }
    }
    tokenStart = tokenEnd;
  }
  return output === undefined ? { text, changed: false } : { text: unitsToString(output, length, true), changed: true };
}

function isWordLike(unit: number): boolean {
  if (isAsciiLetter(unit) || (unit >= 48 && unit <= 57)) return true;
  const character = String.fromCharCode(unit);
  return character === maskCharacter || symbolLetters[character] !== undefined || unit >= 0xc0;
}

/**
 * A regex fragment matching one letter of a normalised word in the `leet` or `spaced` view: the
 * letter itself, its ambiguous leet twins (`i`/`l`) and, for inner letters, a `*` mask.
 *
 * @example
 * new RegExp(['f', 'u', 'c', 'k'].map((letter, index) => leetClass(letter, index > 0)).join(''));
 */
export function leetClass(letter: string, allowMask: boolean): string {
  const escaped = letter.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
  const alternatives = letter === 'i' || letter === 'l' ? '[il]' : escaped;
  return allowMask ? `(?:${alternatives}|\\*)` : alternatives;
}
