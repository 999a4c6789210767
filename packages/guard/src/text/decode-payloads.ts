import type { TextView } from './text-view.js';
import { ViewWriter } from './view-writer.js';

/** Decoded views stop growing past this many UTF-16 units (1 Mi); later payloads are not decoded. */
export const maximumDecodedUnits = 1 << 20;
/** A base64 run must be at least this long to be decoded. */
export const minimumBase64Length = 16;
/** A hex run must hold at least this many bytes to be decoded. */
export const minimumHexBytes = 8;

/** Bytes of one candidate payload with, for each byte, the original span that encoded it. */
interface ByteRun {
  bytes: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  length: number;
}

function byteRun(capacity: number): ByteRun {
  return {
    bytes: new Uint8Array(capacity),
    starts: new Int32Array(capacity),
    ends: new Int32Array(capacity),
    length: 0,
  };
}

function isTextual(codePoint: number): boolean {
  if (codePoint >= 0x80) return codePoint !== 0xfffd;
  return (
    codePoint === 32 ||
    (codePoint >= 48 && codePoint <= 57) ||
    (codePoint >= 65 && codePoint <= 90) ||
    (codePoint >= 97 && codePoint <= 122)
  );
}

function isControl(codePoint: number): boolean {
  return (codePoint < 32 && codePoint !== 9 && codePoint !== 10 && codePoint !== 13) || codePoint === 127;
}

/**
 * Decodes a byte run as strict UTF-8 into `writer` if it reads as text: valid UTF-8, at most 5%
 * control characters and at least 60% letters, digits and spaces. Each decoded unit maps to the
 * original span of the bytes that encoded it. On rejection the writer is rolled back.
 */
function writeUtf8Text(run: ByteRun, writer: ViewWriter): boolean {
  const rollback = writer.length;
  const { bytes, starts, ends, length } = run;
  const allowedControls = Math.floor(length * 0.05);
  let controls = 0;
  let textual = 0;
  let codePoints = 0;
  let index = 0;
  while (index < length) {
    const first = bytes[index] ?? 0;
    let codePoint: number;
    let width: number;
    if (first < 0x80) {
      codePoint = first;
      width = 1;
    } else if (first >= 0xc2 && first <= 0xdf) {
      codePoint = first & 0x1f;
      width = 2;
    } else if (first >= 0xe0 && first <= 0xef) {
      codePoint = first & 0x0f;
      width = 3;
    } else if (first >= 0xf0 && first <= 0xf4) {
      codePoint = first & 0x07;
      width = 4;
    } else {
      writer.length = rollback;
      return false;
    }
    if (index + width > length) {
      writer.length = rollback;
      return false;
    }
    for (let offset = 1; offset < width; offset++) {
      const next = bytes[index + offset] ?? 0;
      if ((next & 0xc0) !== 0x80) {
        writer.length = rollback;
        return false;
      }
      codePoint = (codePoint << 6) | (next & 0x3f);
    }
    const overlong =
      (width === 3 && codePoint < 0x800) || (width === 4 && (codePoint < 0x10000 || codePoint > 0x10ffff));
    if (overlong || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
      writer.length = rollback;
      return false;
    }
    if (isControl(codePoint) && ++controls > allowedControls) {
      writer.length = rollback;
      return false;
    }
    if (isTextual(codePoint)) textual++;
    codePoints++;
    const start = starts[index] ?? 0;
    const end = ends[index + width - 1] ?? start;
    if (codePoint > 0xffff) {
      const offset = codePoint - 0x10000;
      writer.pushUnit(0xd800 + (offset >> 10), start, end);
      writer.pushUnit(0xdc00 + (offset & 0x3ff), start, end);
    } else {
      writer.pushUnit(codePoint, start, end);
    }
    index += width;
  }
  if (codePoints === 0 || textual < codePoints * 0.6) {
    writer.length = rollback;
    return false;
  }
  return true;
}

/** Appends a decoded segment, separated from the previous one by a newline mapped to an empty span. */
function appendSegment(run: ByteRun, writer: ViewWriter, separatorAt: number): boolean {
  const before = writer.length;
  if (before > 0) writer.pushUnit(10, separatorAt, separatorAt);
  if (writeUtf8Text(run, writer)) return true;
  writer.length = before;
  return false;
}

// 0..63 for base64 (standard and URL-safe alphabets), 255 otherwise.
const base64Values = new Uint8Array(128).fill(255);
for (let index = 0; index < 64; index++) {
  base64Values['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(index)] = index;
}
base64Values[45] = 62; // -
base64Values[95] = 63; // _

/**
 * Cheap early rejection on the first bytes of a run: strict UTF-8 (a sequence cut at the end is
 * fine), no control characters, at least 60% letters, digits and spaces.
 */
function plausiblePrefix(bytes: Uint8Array, count: number): boolean {
  let textual = 0;
  let codePoints = 0;
  let index = 0;
  while (index < count) {
    const first = bytes[index] ?? 0;
    if (first < 0x80) {
      if (isControl(first)) return false;
      if (isTextual(first)) textual++;
      codePoints++;
      index++;
      continue;
    }
    const width =
      first >= 0xc2 && first <= 0xdf ? 2 : first >= 0xe0 && first <= 0xef ? 3 : first >= 0xf0 && first <= 0xf4 ? 4 : 0;
    if (width === 0) return false;
    for (let offset = 1; offset < width && index + offset < count; offset++) {
      if (((bytes[index + offset] ?? 0) & 0xc0) !== 0x80) return false;
    }
    textual++;
    codePoints++;
    index += width;
  }
  return codePoints > 0 && textual >= codePoints * 0.6;
}

const prefixBytes = 48;
// Native search for the next run of 16 base64 characters (the JS loop then finds where it ends).
const base64Candidate = /[A-Za-z0-9+/_-]{16}/;
// Native search for the next four hex bytes in any of the accepted forms.
const hexByte = '(?:\\\\[xX]|0[xX])?[0-9a-fA-F]{2}[ :,-]?';
const hexCandidate = new RegExp(hexByte.repeat(4));

/**
 * The `base64` view: every run of at least 16 base64 characters (standard or URL-safe, optional
 * `=` padding) that decodes to readable UTF-8, decoded and joined by newlines. Each decoded unit
 * maps to the base64 characters that carry its bits. `null` when nothing decodes.
 *
 * @example
 * buildBase64View('run aWdub3JlIGFsbCBydWxlcw== now')?.text; // 'ignore all rules'
 */
export function buildBase64View(text: string): TextView | null {
  const length = text.length;
  const writer = new ViewWriter(64);
  let run: ByteRun = byteRun(prefixBytes);
  let previousEnd = 0;
  let index = 0;
  const candidates = new RegExp(base64Candidate.source, 'g');
  while (index < length && writer.length < maximumDecodedUnits) {
    candidates.lastIndex = index;
    const found = candidates.exec(text);
    if (found === null) break;
    index = found.index;
    let unit = text.charCodeAt(index);
    const runStart = index;
    while (index < length && unit < 128 && base64Values[unit] !== 255) unit = text.charCodeAt(++index);
    let runEnd = index;
    if (index < length && unit === 61) index++;
    if (index < length && text.charCodeAt(index) === 61) index++;
    if (runEnd - runStart < minimumBase64Length) continue;
    if ((runEnd - runStart) % 4 === 1) runEnd--;
    const byteCount = Math.floor(((runEnd - runStart) * 6) / 8);
    if (run.bytes.length < byteCount) run = byteRun(byteCount);
    // Decode a prefix first: most candidates (identifiers, hashes, junk) fail right there.
    const prefixEnd = Math.min(runEnd, runStart + (prefixBytes / 3) * 4);
    const prefixCount = decodeBase64(text, runStart, prefixEnd, run);
    if (!plausiblePrefix(run.bytes, prefixCount)) continue;
    run.length = decodeBase64(text, runStart, runEnd, run);
    if (appendSegment(run, writer, previousEnd)) previousEnd = index;
  }
  return writer.length === 0 ? null : writer.toView('base64', length);
}

/** Decodes `text[start, end)` (base64 characters only) into `run`; returns the byte count. */
function decodeBase64(text: string, start: number, end: number, run: ByteRun): number {
  const { bytes, starts, ends } = run;
  let accumulator = 0;
  let bits = 0;
  let byteIndex = 0;
  for (let position = start; position < end; position++) {
    accumulator = ((accumulator << 6) | (base64Values[text.charCodeAt(position)] ?? 0)) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[byteIndex] = (accumulator >> bits) & 0xff;
      // Byte k holds bits 8k..8k+7 of the stream; character j holds bits 6j..6j+5.
      starts[byteIndex] = start + Math.floor((byteIndex * 8) / 6);
      ends[byteIndex] = position + 1;
      byteIndex++;
    }
  }
  return byteIndex;
}

// 0..15 for hex digits, -1 otherwise.
const hexValues = new Int8Array(128).fill(-1);
for (let index = 0; index < 16; index++) {
  hexValues['0123456789abcdef'.charCodeAt(index)] = index;
  hexValues['0123456789ABCDEF'.charCodeAt(index)] = index;
}

function hexValue(unit: number): number {
  return unit < 128 ? (hexValues[unit] ?? -1) : -1;
}

function isHexSeparator(unit: number): boolean {
  return unit === 32 || unit === 58 || unit === 44 || unit === 45;
}

function growRun(run: ByteRun): ByteRun {
  const bigger = byteRun(run.bytes.length * 2);
  bigger.bytes.set(run.bytes);
  bigger.starts.set(run.starts);
  bigger.ends.set(run.ends);
  bigger.length = run.length;
  return bigger;
}

/**
 * The `hex` view: runs of at least 8 hex-encoded bytes that decode to readable UTF-8 — plain
 * (`69676e6f7265`), escaped (`\x69\x67`), prefixed (`0x69 0x67`) or separated by one space, colon,
 * comma or dash (`69 67 6e`). Each decoded unit maps to the hex tokens of its bytes.
 *
 * @example
 * buildHexView('69676e6f726520616c6c')?.text; // 'ignore all'
 */
export function buildHexView(text: string): TextView | null {
  const length = text.length;
  const writer = new ViewWriter(64);
  let run = byteRun(256);
  let previousEnd = 0;
  let index = 0;
  const candidates = new RegExp(hexCandidate.source, 'g');
  while (index < length && writer.length < maximumDecodedUnits) {
    candidates.lastIndex = index;
    const found = candidates.exec(text);
    if (found === null) break;
    index = found.index;
    run.length = 0;
    let cursor = index;
    let runEnd = index;
    let plausible = true;
    while (cursor < length) {
      const tokenStart = cursor;
      const first = text.charCodeAt(cursor);
      const second = text.charCodeAt(cursor + 1);
      if ((first === 92 || first === 48) && (second === 120 || second === 88)) cursor += 2;
      const high = hexValue(text.charCodeAt(cursor));
      const low = hexValue(text.charCodeAt(cursor + 1));
      if (high < 0 || low < 0) break;
      cursor += 2;
      runEnd = cursor;
      if (plausible) {
        if (run.length === run.bytes.length) run = growRun(run);
        run.bytes[run.length] = high * 16 + low;
        run.starts[run.length] = tokenStart;
        run.ends[run.length] = cursor;
        run.length++;
        // Most hex runs (hashes, ids) fail on their first bytes: stop storing, just skip the run.
        if (run.length === prefixBytes && !plausiblePrefix(run.bytes, run.length)) plausible = false;
      }
      if (cursor < length && isHexSeparator(text.charCodeAt(cursor))) cursor++;
    }
    if (plausible && run.length >= minimumHexBytes && appendSegment(run, writer, previousEnd)) previousEnd = runEnd;
    index = Math.max(index + 1, runEnd);
  }
  return writer.length === 0 ? null : writer.toView('hex', length);
}

/**
 * The `url` view: the whole text with percent-escapes decoded as UTF-8 (`%69gnore` → `ignore`);
 * escapes that do not form valid UTF-8 stay as written. `null` when the text has no escape.
 *
 * @example
 * buildUrlView('say %69%67%6E%6F%72%65')?.text; // 'say ignore'
 */
export function buildUrlView(text: string): TextView | null {
  const length = text.length;
  let next = text.indexOf('%');
  if (next < 0) return null;
  const writer = new ViewWriter(length + 16);
  let decoded = 0;
  const bytes: number[] = [];
  let index = 0;
  while (index < length) {
    if (next < 0) next = length;
    for (; index < next; index++) writer.pushUnit(text.charCodeAt(index), index, index + 1);
    if (index >= length) break;
    const high = hexValue(text.charCodeAt(index + 1));
    const low = hexValue(text.charCodeAt(index + 2));
    if (high < 0 || low < 0) {
      writer.pushUnit(37, index, index + 1);
      next = text.indexOf('%', ++index);
      continue;
    }
    const value = high * 16 + low;
    if (value < 0x80) {
      writer.pushUnit(value, index, index + 3);
      decoded++;
      index += 3;
      next = text.charCodeAt(index) === 37 ? index : text.indexOf('%', index);
      continue;
    }
    // A multi-byte sequence: collect the run of escapes, decode as UTF-8, keep invalid bytes literally.
    const runStart = index;
    bytes.length = 0;
    while (index < length && isEscape(text, index)) {
      bytes.push(hexValue(text.charCodeAt(index + 1)) * 16 + hexValue(text.charCodeAt(index + 2)));
      index += 3;
    }
    next = text.indexOf('%', index);
    decoded += writeLenientUtf8(text, runStart, bytes, writer);
  }
  return decoded === 0 ? null : writer.toView('url', length);
}

/** Decodes escaped bytes as UTF-8; invalid bytes stay as their literal `%XX`. Returns characters decoded. */
function writeLenientUtf8(text: string, runStart: number, bytes: readonly number[], writer: ViewWriter): number {
  let decoded = 0;
  let byteIndex = 0;
  while (byteIndex < bytes.length) {
    const start = runStart + byteIndex * 3;
    const first = bytes[byteIndex] ?? 0;
    const width = first < 0x80 ? 1 : utf8Width(bytes, byteIndex);
    if (width === 0) {
      for (let offset = 0; offset < 3; offset++) {
        writer.pushUnit(text.charCodeAt(start + offset), start + offset, start + offset + 1);
      }
      byteIndex++;
      continue;
    }
    let codePoint = width === 1 ? first : first & (0xff >> (width + 1));
    for (let offset = 1; offset < width; offset++) {
      codePoint = (codePoint << 6) | ((bytes[byteIndex + offset] ?? 0) & 0x3f);
    }
    const end = start + width * 3;
    if (codePoint > 0xffff) {
      const surrogate = codePoint - 0x10000;
      writer.pushUnit(0xd800 + (surrogate >> 10), start, end);
      writer.pushUnit(0xdc00 + (surrogate & 0x3ff), start, end);
    } else {
      writer.pushUnit(codePoint, start, end);
    }
    decoded++;
    byteIndex += width;
  }
  return decoded;
}

function isEscape(text: string, index: number): boolean {
  return (
    text.charCodeAt(index) === 37 &&
    index + 2 < text.length &&
    hexValue(text.charCodeAt(index + 1)) >= 0 &&
    hexValue(text.charCodeAt(index + 2)) >= 0
  );
}

/** Width of the valid UTF-8 sequence starting at `index`, or 0 when invalid. */
function utf8Width(bytes: readonly number[], index: number): number {
  const first = bytes[index] ?? 0;
  let width: number;
  let minimum: number;
  if (first < 0x80) return 1;
  if (first >= 0xc2 && first <= 0xdf) {
    width = 2;
    minimum = 0x80;
  } else if (first >= 0xe0 && first <= 0xef) {
    width = 3;
    minimum = 0x800;
  } else if (first >= 0xf0 && first <= 0xf4) {
    width = 4;
    minimum = 0x10000;
  } else return 0;
  if (index + width > bytes.length) return 0;
  let codePoint = first & (0xff >> (width + 1));
  for (let offset = 1; offset < width; offset++) {
    const next = bytes[index + offset] ?? 0;
    if ((next & 0xc0) !== 0x80) return 0;
    codePoint = (codePoint << 6) | (next & 0x3f);
  }
  if (codePoint < minimum || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return 0;
  return width;
}

// Tag characters and supplementary selectors all start with the high surrogate U+DB40.
const tagSurrogate = String.fromCharCode(0xdb40);
const selectorCandidate = /[\ufe00-\ufe0f]/;

/** Byte value smuggled by a variation selector (VS1–VS16 → 0–15, VS17–VS256 → 16–255), or -1. */
export function variationSelectorByte(codePoint: number): number {
  if (codePoint >= 0xfe00 && codePoint <= 0xfe0f) return codePoint - 0xfe00;
  if (codePoint >= 0xe0100 && codePoint <= 0xe01ef) return codePoint - 0xe0100 + 16;
  return -1;
}

/** The ASCII character a Unicode tag character (U+E0020–U+E007E) spells, or -1. */
export function tagCharacterAscii(codePoint: number): number {
  return codePoint >= 0xe0020 && codePoint <= 0xe007e ? codePoint - 0xe0000 : -1;
}

/**
 * The `hidden` view: text smuggled in invisible characters — ASCII spelled with Unicode tag
 * characters (U+E0020–U+E007E, "ASCII smuggling") and UTF-8 bytes encoded as runs of two or more
 * variation selectors ("emoji smuggling"). Each decoded unit maps to the invisible characters
 * that encode it; payloads are joined by newlines. `null` when there is none.
 *
 * @example
 * buildHiddenView('hi' + String.fromCodePoint(...[...'run rm'].map((c) => 0xe0000 + c.charCodeAt(0))))?.text; // 'run rm'
 */
export function buildHiddenView(text: string): TextView | null {
  if (!text.includes(tagSurrogate) && !selectorCandidate.test(text)) return null;
  const length = text.length;
  const writer = new ViewWriter(64);
  let run = byteRun(64);
  let previousEnd = 0;
  let index = 0;
  while (index < length && writer.length < maximumDecodedUnits) {
    const codePoint = text.codePointAt(index) ?? 0;
    const width = codePoint > 0xffff ? 2 : 1;
    if (tagCharacterAscii(codePoint) >= 0) {
      if (writer.length > 0) writer.pushUnit(10, previousEnd, previousEnd);
      while (index < length) {
        const point = text.codePointAt(index) ?? 0;
        const ascii = tagCharacterAscii(point);
        if (ascii < 0 && point !== 0xe0001 && point !== 0xe007f) break;
        if (ascii >= 0) writer.pushUnit(ascii, index, index + 2);
        index += 2;
      }
      previousEnd = index;
      continue;
    }
    if (variationSelectorByte(codePoint) >= 0) {
      run.length = 0;
      const runStart = index;
      while (index < length) {
        const point = text.codePointAt(index) ?? 0;
        const byte = variationSelectorByte(point);
        if (byte < 0) break;
        if (run.length === run.bytes.length) run = growRun(run);
        const pointWidth = point > 0xffff ? 2 : 1;
        run.bytes[run.length] = byte;
        run.starts[run.length] = index;
        run.ends[run.length] = index + pointWidth;
        run.length++;
        index += pointWidth;
      }
      // One selector after a character is ordinary (emoji presentation, CJK variants).
      if (run.length >= 2 && appendSegment(run, writer, previousEnd)) previousEnd = index;
      else if (index === runStart) index += width;
      continue;
    }
    index += width;
  }
  return writer.length === 0 ? null : writer.toView('hidden', length);
}
