import type { Span } from '../scanner/types.js';
import type { TextView, TextViewKind } from './text-view.js';

const chunkSize = 8192;

/**
 * Accumulates the code units of a view together with, for each unit, the span of the ORIGINAL
 * text it came from. Internal to text/: views are built left to right, so both arrays are
 * non-decreasing and a view span maps to `[starts[first], ends[last])`.
 */
export class ViewWriter {
  private units: Uint16Array;
  private starts: Int32Array;
  private ends: Int32Array;
  length = 0;
  /** A surrogate unit was written (TextDecoder would replace a lone one, so it is not used then). */
  private surrogates = false;

  constructor(capacity = 64) {
    const size = Math.max(16, capacity);
    this.units = new Uint16Array(size);
    this.starts = new Int32Array(size);
    this.ends = new Int32Array(size);
  }

  /** Appends one UTF-16 code unit that came from `[start, end)` of the original. */
  pushUnit(unit: number, start: number, end: number): void {
    if (this.length === this.units.length) this.grow(this.length + 1);
    const index = this.length++;
    if (unit >= 0xd800 && unit <= 0xdfff) this.surrogates = true;
    this.units[index] = unit;
    this.starts[index] = start;
    this.ends[index] = end;
  }

  /** Appends a string whose every unit came from `[start, end)` of the original. */
  pushString(value: string, start: number, end: number): void {
    const count = value.length;
    if (this.length + count > this.units.length) this.grow(this.length + count);
    for (let offset = 0; offset < count; offset++) {
      const index = this.length++;
      const unit = value.charCodeAt(offset);
      if (unit >= 0xd800 && unit <= 0xdfff) this.surrogates = true;
      this.units[index] = unit;
      this.starts[index] = start;
      this.ends[index] = end;
    }
  }

  private grow(minimum: number): void {
    let size = this.units.length * 2;
    while (size < minimum) size *= 2;
    const units = new Uint16Array(size);
    units.set(this.units.subarray(0, this.length));
    const starts = new Int32Array(size);
    starts.set(this.starts.subarray(0, this.length));
    const ends = new Int32Array(size);
    ends.set(this.ends.subarray(0, this.length));
    this.units = units;
    this.starts = starts;
    this.ends = ends;
  }

  /** The accumulated text. */
  text(): string {
    return unitsToString(this.units, this.length, this.surrogates);
  }

  /** The finished view. */
  toView(kind: TextViewKind, originalLength: number): TextView {
    return mappedView(
      kind,
      this.text(),
      this.starts.subarray(0, this.length),
      this.ends.subarray(0, this.length),
      originalLength,
    );
  }

  /** The original span of each unit, for composing a derived view. */
  mapping(): { starts: Int32Array; ends: Int32Array } {
    return { starts: this.starts.subarray(0, this.length), ends: this.ends.subarray(0, this.length) };
  }
}

const utf16Decoder = createUtf16Decoder();

function createUtf16Decoder(): TextDecoder | undefined {
  try {
    return typeof TextDecoder === 'function' ? new TextDecoder('utf-16le', { ignoreBOM: true }) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Converts UTF-16 code units to a string. TextDecoder is several times faster but replaces lone
 * surrogates, so it is only used when the caller knows there are none; otherwise
 * `String.fromCharCode.apply` in chunks (never spread: it is slow and can overflow the stack).
 */
export function unitsToString(units: Uint16Array, length: number, mayHaveSurrogates = true): string {
  if (!mayHaveSurrogates && utf16Decoder !== undefined && length > 64) {
    return utf16Decoder.decode(units.subarray(0, length));
  }
  if (length <= chunkSize) return String.fromCharCode.apply(null, units.subarray(0, length) as unknown as number[]);
  const parts: string[] = [];
  for (let offset = 0; offset < length; offset += chunkSize) {
    const chunk = units.subarray(offset, Math.min(length, offset + chunkSize));
    parts.push(String.fromCharCode.apply(null, chunk as unknown as number[]));
  }
  return parts.join('');
}

function clampSpan(span: Span, length: number): { start: number; end: number } {
  const start = Math.min(Math.max(0, Math.trunc(span.start) || 0), length);
  const end = Math.min(Math.max(start, Math.trunc(span.end) || 0), length);
  return { start, end };
}

/** A view whose unit i came from `[starts[i], ends[i])` of the original. */
export function mappedView(
  kind: TextViewKind,
  text: string,
  starts: Int32Array,
  ends: Int32Array,
  originalLength: number,
): TextView {
  const length = text.length;
  return Object.freeze({
    kind,
    text,
    toOriginal(span: Span): Span {
      const { start, end } = clampSpan(span, length);
      if (length === 0) return { start: 0, end: 0 };
      if (start === end) {
        const position = start < length ? (starts[start] ?? 0) : (ends[length - 1] ?? originalLength);
        return { start: position, end: position };
      }
      return { start: starts[start] ?? 0, end: ends[end - 1] ?? originalLength };
    },
  });
}

/** A view with the same length as the original and unit i coming from unit i. */
export function identityView(kind: TextViewKind, text: string): TextView {
  const length = text.length;
  return Object.freeze({
    kind,
    text,
    toOriginal(span: Span): Span {
      return clampSpan(span, length);
    },
  });
}
