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

const leetCandidatePattern = /[013457-9@$!|€+¡£¢#*]/;

// Per UTF-16 unit: the folded unit, or 0. Digits and symbols are kept apart (different rules).
const digitTable = new Uint16Array(128);
for (const [from, to] of Object.entries(digitLetters)) digitTable[from.charCodeAt(0)] = to.charCodeAt(0);
const symbolTable = new Map<number, number>();
for (const [from, to] of Object.entries(symbolLetters)) symbolTable.set(from.charCodeAt(0), to.charCodeAt(0));

function isWhitespace(unit: number): boolean {
  return unit === 32 || (unit >= 9 && unit <= 13) || unit === 0xa0 || unit === 0x3000 || unit === 0x2028;
}

function isWordLike(unit: number): boolean {
  if ((unit >= 97 && unit <= 122) || (unit >= 48 && unit <= 57) || unit >= 0xc0) return true;
  return symbolTable.has(unit);
}

/**
 * Folds leetspeak in an already normalised (lowercase) text, unit for unit, so the result has the
 * same length and the same span mapping as its input. Digits fold only inside tokens that also
 * contain a letter (`h3ll0` → `hello`, but `2024` stays); symbols fold only when more of the word
 * follows (`sh!t` → `shit`, but `hi!` stays); `#` and `*` masks become `*` (`f*ck`, `f#ck`).
 * `1` folds to `i`: matchers that care should accept `l` and `i` for each other (see `leetClass`).
 * Linear time; returns the input itself when nothing folds.
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
    let hasLeet = false;
    while (tokenEnd < length) {
      const unit = text.charCodeAt(tokenEnd);
      if (unit >= 97 && unit <= 122) hasLetter = true;
      else if (unit < 128 ? digitTable[unit] !== 0 || symbolTable.has(unit) : symbolTable.has(unit)) hasLeet = true;
      else if (isWhitespace(unit)) break;
      tokenEnd++;
    }
    if (hasLetter && hasLeet) {
      for (let index = tokenStart; index < tokenEnd; index++) {
        const unit = text.charCodeAt(index);
        let replacement = unit < 128 ? (digitTable[unit] ?? 0) : 0;
        if (replacement === 0) {
          const symbol = symbolTable.get(unit);
          if (symbol !== undefined && index + 1 < tokenEnd && isWordLike(text.charCodeAt(index + 1))) {
            replacement = symbol;
          }
        }
        if (replacement !== 0 && replacement !== unit) {
          output ??= toUnits(text);
          output[index] = replacement;
        }
      }
    }
    tokenStart = tokenEnd;
  }
  return output === undefined ? { text, changed: false } : { text: unitsToString(output, length, true), changed: true };
}

function toUnits(text: string): Uint16Array {
  const units = new Uint16Array(text.length);
  for (let index = 0; index < text.length; index++) units[index] = text.charCodeAt(index);
  return units;
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
