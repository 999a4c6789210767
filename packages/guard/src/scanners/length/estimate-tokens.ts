/**
 * Approximates how many tokens a BPE tokenizer of the cl100k/o200k family produces, without
 * shipping a vocabulary. Rules, per run of characters:
 * - Latin letters: one token per started 6 letters of a word (`the` 1, `provider` 2,
 *   `internationalization` 4): common words are single tokens, rare long ones split;
 * - digits: one token per started 3 digits (those tokenizers split numbers in groups of three);
 * - letters of other alphabets (Cyrillic, Greek, Arabic, Hebrew, Indic…): one per started 2;
 * - CJK ideographs, kana and Hangul syllables: one each;
 * - emoji and other astral symbols: two each; other punctuation and symbols: one each;
 * - whitespace: free (merged into the next word), except one token per newline run.
 * On English prose this lands within about ±10–15% of cl100k; it errs on the high side for code and
 * non-Latin scripts, which is the safe side for a limit. Linear time, no allocation per character.
 *
 * @example
 * estimateTokens('Hello, world!'); // 4 (hello, ",", world, "!")
 */
export function estimateTokens(text: string): number {
  let tokens = 0;
  let latin = 0;
  let digits = 0;
  let otherLetters = 0;
  let newline = false;
  const flush = (): void => {
    tokens += Math.ceil(latin / 6) + Math.ceil(digits / 3) + Math.ceil(otherLetters / 2);
    latin = 0;
    digits = 0;
    otherLetters = 0;
  };
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    const isLatin =
      (unit >= 97 && unit <= 122) ||
      (unit >= 65 && unit <= 90) ||
      (unit >= 0xc0 && unit <= 0x24f && unit !== 0xd7 && unit !== 0xf7);
    if (isLatin) {
      if (digits > 0 || otherLetters > 0) flush();
      latin++;
      newline = false;
      continue;
    }
    if (unit >= 48 && unit <= 57) {
      if (latin > 0 || otherLetters > 0) flush();
      digits++;
      newline = false;
      continue;
    }
    if (latin > 0 || digits > 0 || (otherLetters > 0 && !isOtherLetter(unit))) flush();
    if (unit === 32 || unit === 9 || unit === 13) continue;
    if (unit === 10) {
      if (!newline) tokens++;
      newline = true;
      continue;
    }
    newline = false;
    if (isOtherLetter(unit)) {
      otherLetters++;
      continue;
    }
    if (unit >= 0xd800 && unit <= 0xdbff) {
      tokens += 2;
      index++;
      continue;
    }
    tokens++;
  }
  flush();
  return tokens;
}

/** Combining marks and letters of alphabets from Greek to Indic and Southeast Asian scripts. */
function isOtherLetter(unit: number): boolean {
  return unit >= 0x300 && unit <= 0x1fff;
}
