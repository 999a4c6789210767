// Public surface of text/ (re-exported from the package index by the integrator).
export type { BuildViewsOptions } from './build-views.js';
export { buildViews } from './build-views.js';
export { confusables } from './confusables.js';
export {
  buildBase64View,
  buildHexView,
  buildHiddenView,
  buildUrlView,
  maximumDecodedUnits,
  minimumBase64Length,
  minimumHexBytes,
  tagCharacterAscii,
  variationSelectorByte,
} from './decode-payloads.js';
export type { FindAllOptions, ViewMatch, ViewMatcher } from './find-all.js';
export { findAll } from './find-all.js';
export type { InvisibleKind } from './invisible-characters.js';
export { invisibleKind } from './invisible-characters.js';
export { leetClass, leetFold } from './leet-fold.js';
export { normalizeForMatching } from './normalize-for-matching.js';
export { buildRot13View, rot13 } from './rot13.js';
export type { TextView, TextViewKind } from './text-view.js';
export { textViewKinds } from './text-view.js';
