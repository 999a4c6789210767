/** Bit flags describing a token (gazetteer hits and shape); shared by the gazetteer index and the features. */
export const TokenFlag = {
  given: 1,
  surname: 2,
  place: 4,
  country: 8,
  streetTypeBefore: 16,
  streetTypeAfter: 32,
  streetSuffix: 64,
  unit: 128,
  title: 256,
  particle: 512,
  capitalized: 1024,
  allCaps: 2048,
  initial: 4096,
  lineStart: 8192,
  sentenceStart: 16384,
  common: 32768,
  number: 65536,
  cjk: 131072,
  /** A lower-case English dictionary word (wamerican); may also be a listed name (Hall, Baker). */
  dictionary: 262144,
} as const;
