import type { ViewWriter } from './view-writer.js';

/** The original span of each unit of a view; `null` when unit i is original unit i. */
export interface UnitMapping {
  readonly starts: Int32Array | null;
  readonly ends: Int32Array | null;
}

const minimumRunLetters = 3;
const maximumGap = 4;
const letterPattern = /^[\p{L}\p{N}]$/u;
// Three isolated letters separated by short gaps: a cheap native pre-check before the exact pass.
// Not a /u regex (those are slow on two-byte strings): non-ASCII outside punctuation blocks counts
// as a letter, which is what the exact pass decides for letters of every script.
const unitClass = '[A-Za-z0-9\\u00c0-\\u1fff\\u2070-\\uffff]';
const separatorClass = '[ \\t.\\-_,/\\\\~:;\\u00b7\\u2022]';
const candidatePattern = new RegExp(
  `(?<!${unitClass})${unitClass}${separatorClass}{1,4}${unitClass}${separatorClass}{1,4}${unitClass}(?!${unitClass})`,
);

// Per BMP unit: 1 letter-like, 2 separator, 0 other. Filled lazily for non-ASCII.
let unitTable: Uint8Array | undefined;
const kindOther = 0;
const kindLetter = 1;
const kindSeparator = 2;
const kindUnknown = 3;

function table(): Uint8Array {
  if (unitTable) return unitTable;
  const created = new Uint8Array(0x10000).fill(kindUnknown);
  for (let unit = 0; unit < 0x80; unit++) {
    const isLetter = (unit >= 97 && unit <= 122) || (unit >= 65 && unit <= 90) || (unit >= 48 && unit <= 57);
    created[unit] = isLetter
      ? kindLetter
      : ' \t.-_,/\\~:;'.includes(String.fromCharCode(unit))
        ? kindSeparator
        : kindOther;
  }
  created[0xb7] = kindSeparator;
  created[0x2022] = kindSeparator;
  for (let unit = 0xd800; unit <= 0xdfff; unit++) created[unit] = kindOther;
  unitTable = created;
  return created;
}

function kindAt(units: Uint8Array, text: string, index: number): number {
  const unit = text.charCodeAt(index);
  let kind = units[unit] ?? kindOther;
  if (kind === kindUnknown) {
    kind = letterPattern.test(String.fromCharCode(unit)) ? kindLetter : kindOther;
    units[unit] = kind;
  }
  return kind;
}

/**
 * Writes `text` with spaced-out letter sequences joined (`i g n o r e   a l l` → `ignore all`,
 * `f.u.c.k` → `fuck`). A run is at least three single letters or digits, each
 * separated by one to four separator characters (spaces, `.`, `-`, `_`, `,`, `/`, `·` …); gaps
 * wider than the run's narrowest gap become one space, mapped to the gap. Returns whether any
 * run was joined (nothing is written otherwise). Linear time.
 */
export function writeSpacedJoin(text: string, mapping: UnitMapping, writer: ViewWriter): boolean {
  if (!candidatePattern.test(text)) return false;
  const units = table();
  const length = text.length;
  const starts = mapping.starts;
  const ends = mapping.ends;
  const push = (index: number): void => {
    writer.pushUnit(
      text.charCodeAt(index),
      starts ? (starts[index] ?? 0) : index,
      ends ? (ends[index] ?? 0) : index + 1,
    );
  };
  const isLetter = (index: number): boolean => index < length && kindAt(units, text, index) === kindLetter;
  let joined = false;
  let copied = 0;
  let index = 0;
  while (index < length) {
    if (!isLetter(index)) {
      index++;
      continue;
    }
    if (isLetter(index + 1)) {
      while (isLetter(index)) index++;
      continue;
    }
    // An isolated letter (the previous unit is never a letter here): extend the run.
    const runStart = index;
    let lastLetter = index;
    let count = 1;
    let narrowest = maximumGap;
    let cursor = index + 1;
    while (cursor < length) {
      let gapEnd = cursor;
      while (gapEnd < length && gapEnd - cursor <= maximumGap && kindAt(units, text, gapEnd) === kindSeparator)
        gapEnd++;
      const gap = gapEnd - cursor;
      if (gap === 0 || gap > maximumGap || !isLetter(gapEnd) || isLetter(gapEnd + 1)) break;
      if (gap < narrowest) narrowest = gap;
      count++;
      lastLetter = gapEnd;
      cursor = gapEnd + 1;
    }
    index = cursor;
    if (count < minimumRunLetters) continue;
    for (let copy = copied; copy < runStart; copy++) push(copy);
    let gapStart = -1;
    for (let position = runStart; position <= lastLetter; position++) {
      if (kindAt(units, text, position) !== kindLetter) {
        if (gapStart < 0) gapStart = position;
        continue;
      }
      if (gapStart >= 0 && position - gapStart > narrowest) {
        writer.pushUnit(32, ends ? (ends[gapStart - 1] ?? 0) : gapStart, starts ? (starts[position] ?? 0) : position);
      }
      gapStart = -1;
      push(position);
    }
    copied = lastLetter + 1;
    joined = true;
  }
  if (!joined) return false;
  for (let copy = copied; copy < length; copy++) push(copy);
  return true;
}
