import { buildBase64View, buildHexView, buildHiddenView, buildUrlView } from './decode-payloads.js';
import { leetFold } from './leet-fold.js';
import { isAscii, writeNormalized } from './normalize-for-matching.js';
import { buildRot13View } from './rot13.js';
import { type UnitMapping, writeSpacedJoin } from './spaced-join.js';
import type { TextView, TextViewKind } from './text-view.js';
import { identityView, mappedView, ViewWriter } from './view-writer.js';

/** Options for {@link buildViews}. */
export interface BuildViewsOptions {
  /** Only build these kinds (`original` is always built). Default: all. */
  readonly kinds?: readonly TextViewKind[];
}

/**
 * Builds the views of a text that scanners search, in this order:
 * - `original` — the text itself (always);
 * - `normalized` — NFKC, homoglyphs folded, invisible characters removed, accents stripped, case folded (always);
 * - `leet` — `normalized` with leetspeak folded (`h3ll0` → `hello`), only when that changes something;
 * - `spaced` — `normalized` with spaced letters joined (`b a n n e d` → `banned`) then leet folded, only when a run was joined;
 * - `base64`, `hex` — decoded payloads (readable UTF-8 only), joined by newlines, only when present;
 * - `rot13` — the whole text ROT13-decoded, only when it reads as ROT13 English;
 * - `url` — the whole text with percent-escapes decoded, only when it has one;
 * - `hidden` — text smuggled in Unicode tag characters or variation-selector runs, only when present.
 *
 * Every view maps a span of its text to the smallest covering span of the original (UTF-16
 * offsets) with `toOriginal`. Linear time and memory; decoded views are capped at 1 Mi units each.
 *
 * @example
 * for (const view of buildViews(text)) {
 *   const index = view.text.indexOf('ignore');
 *   if (index >= 0) report(view.kind, view.toOriginal({ start: index, end: index + 6 }));
 * }
 */
export function buildViews(text: string, options: BuildViewsOptions = {}): readonly TextView[] {
  const wanted = (kind: TextViewKind): boolean => options.kinds === undefined || options.kinds.includes(kind);
  const views: TextView[] = [identityView('original', text)];
  const needsNormalized = wanted('normalized') || wanted('leet') || wanted('spaced');
  if (needsNormalized) {
    let normalizedText: string;
    let mapping: UnitMapping;
    let normalized: TextView;
    if (isAscii(text)) {
      normalizedText = text.toLowerCase();
      mapping = { starts: null, ends: null };
      normalized = identityView('normalized', normalizedText);
    } else {
      const writer = new ViewWriter(text.length + 16);
      writeNormalized(text, writer);
      normalizedText = writer.text();
      const { starts, ends } = writer.mapping();
      mapping = { starts, ends };
      normalized = mappedView('normalized', normalizedText, starts, ends, text.length);
    }
    if (wanted('normalized')) views.push(normalized);
    if (wanted('leet')) {
      const leet = leetFold(normalizedText);
      if (leet.changed) views.push(withMapping('leet', leet.text, mapping, text.length));
    }
    if (wanted('spaced')) {
      const writer = new ViewWriter(normalizedText.length + 16);
      if (writeSpacedJoin(normalizedText, mapping, writer)) {
        const { starts, ends } = writer.mapping();
        views.push(mappedView('spaced', leetFold(writer.text()).text, starts, ends, text.length));
      }
    }
  }
  const decoders: readonly (readonly [TextViewKind, (input: string) => TextView | null])[] = [
    ['base64', buildBase64View],
    ['hex', buildHexView],
    ['rot13', buildRot13View],
    ['url', buildUrlView],
    ['hidden', buildHiddenView],
  ];
  for (const [kind, decode] of decoders) {
    if (!wanted(kind)) continue;
    const view = decode(text);
    if (view !== null) views.push(view);
  }
  return views;
}

function withMapping(kind: TextViewKind, text: string, mapping: UnitMapping, originalLength: number): TextView {
  return mapping.starts && mapping.ends
    ? mappedView(kind, text, mapping.starts, mapping.ends, originalLength)
    : identityView(kind, text);
}
