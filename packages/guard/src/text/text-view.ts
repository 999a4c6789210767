import type { Span } from '../scanner/types.js';

/** Which transformation produced a view. */
export type TextViewKind =
  | 'original'
  | 'normalized'
  | 'leet'
  | 'spaced'
  | 'base64'
  | 'hex'
  | 'rot13'
  | 'url'
  | 'hidden';

/** Every view kind, in the order `buildViews` produces them. */
export const textViewKinds: readonly TextViewKind[] = [
  'original',
  'normalized',
  'leet',
  'spaced',
  'base64',
  'hex',
  'rot13',
  'url',
  'hidden',
];

/**
 * One view of a text: its transformed content and a map back to the original.
 * Scanners search `text` and report `toOriginal(span)` so spans are always on the original.
 */
export interface TextView {
  readonly kind: TextViewKind;
  readonly text: string;
  /** Maps a span of `text` to the smallest covering span of the original text. */
  toOriginal(span: Span): Span;
}
