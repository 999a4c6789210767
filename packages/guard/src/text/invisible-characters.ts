/** Why a character is invisible or hidden. */
export type InvisibleKind = 'zero-width' | 'bidi' | 'tag' | 'variation-selector' | 'private-use';

/**
 * Classifies a code point that renders as nothing (or as an implementation-defined glyph) and can
 * smuggle or hide content: zero-width and format characters, bidi controls, Unicode tag
 * characters (U+E0000 block), variation selectors and private-use characters. `null` otherwise.
 *
 * @example
 * invisibleKind(0x200b); // 'zero-width'
 * invisibleKind(0x202e); // 'bidi'
 * invisibleKind(0x61); // null
 */
export function invisibleKind(codePoint: number): InvisibleKind | null {
  if (codePoint < 0xad) return null;
  if (codePoint < 0x2000) {
    if (codePoint === 0xad || codePoint === 0x34f || codePoint === 0x115f || codePoint === 0x1160) return 'zero-width';
    if (codePoint === 0x61c) return 'bidi';
    if (codePoint === 0x17b4 || codePoint === 0x17b5 || codePoint === 0x180e) return 'zero-width';
    if (codePoint >= 0x180b && codePoint <= 0x180f) return 'variation-selector';
    return null;
  }
  if (codePoint <= 0x206f) {
    if (codePoint >= 0x200b && codePoint <= 0x200d) return 'zero-width';
    if (codePoint === 0x200e || codePoint === 0x200f) return 'bidi';
    if (codePoint >= 0x202a && codePoint <= 0x202e) return 'bidi';
    if (codePoint >= 0x2060 && codePoint <= 0x2064) return 'zero-width';
    if (codePoint >= 0x2066 && codePoint <= 0x2069) return 'bidi';
    if (codePoint >= 0x206a && codePoint <= 0x206f) return 'zero-width';
    return null;
  }
  if (codePoint < 0xe000) return codePoint === 0x3164 ? 'zero-width' : null;
  if (codePoint <= 0xf8ff) return 'private-use';
  if (codePoint < 0xfe00) return null;
  if (codePoint <= 0xfe0f) return 'variation-selector';
  if (codePoint === 0xfeff || codePoint === 0xffa0) return 'zero-width';
  if (codePoint >= 0xfff9 && codePoint <= 0xfffb) return 'zero-width';
  if (codePoint < 0x1bca0) return null;
  if (codePoint <= 0x1bca3) return 'zero-width';
  if (codePoint >= 0x1d173 && codePoint <= 0x1d17a) return 'zero-width';
  if (codePoint >= 0xe0000 && codePoint <= 0xe007f) return 'tag';
  if (codePoint >= 0xe0100 && codePoint <= 0xe01ef) return 'variation-selector';
  if (codePoint >= 0xf0000) return codePoint <= 0x10fffd && (codePoint & 0xfffe) !== 0xfffe ? 'private-use' : null;
  return null;
}
