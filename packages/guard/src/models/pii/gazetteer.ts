import { GuardError } from '../../errors.js';
import { TokenFlag } from './token-flags.js';

/** The JSON form of the gazetteer artifact (`gazetteer.json`); every entry lower-case. */
export interface GazetteerData {
  readonly version: number;
  readonly givenNames: readonly string[];
  readonly surnames: readonly string[];
  readonly cities: readonly string[];
  readonly countries: readonly string[];
  readonly states: readonly string[];
  readonly streetTypesBefore: readonly string[];
  readonly streetTypesAfter: readonly string[];
  readonly streetSuffixes: readonly string[];
  readonly addressUnits: readonly string[];
  readonly titles: readonly string[];
  readonly particles: readonly string[];
  readonly cjkSurnames: readonly string[];
  readonly cjkGivenNames: readonly string[];
  readonly cjkHonorifics: readonly string[];
  /** Words often written in lower case, most frequent first. */
  readonly commonWords: readonly string[];
  /** English dictionary words (lower-case entries of wamerican) that are not listed names. */
  readonly dictionaryWords?: readonly string[];
}

/** Bit position of the common-word bucket inside `wordFlags` values. */
export const commonShift = 24;

/**
 * Encodes gazetteer data as the artifact text: JSON whose lists are newline-joined strings (a
 * quarter smaller than JSON arrays).
 */
export function encodeGazetteer(data: GazetteerData): string {
  const entries = Object.entries(data).map(([key, value]) => [key, Array.isArray(value) ? value.join('\n') : value]);
  return `${JSON.stringify(Object.fromEntries(entries))}\n`;
}

/** Decodes the artifact text written by {@link encodeGazetteer}. */
export function decodeGazetteer(text: string): GazetteerData {
  const raw = JSON.parse(text) as Record<string, unknown>;
  const entries = Object.entries(raw).map(([key, value]) => [
    key,
    typeof value === 'string' ? (value.length > 0 ? value.split('\n') : []) : value,
  ]);
  return Object.fromEntries(entries) as unknown as GazetteerData;
}

/** Fast lookups over the gazetteer. */
export interface Gazetteer {
  readonly data: GazetteerData;
  readonly givenNames: ReadonlySet<string>;
  readonly surnames: ReadonlySet<string>;
  /** Cities, countries and states (single and multi-word, lower-case). */
  readonly places: ReadonlySet<string>;
  readonly countries: ReadonlySet<string>;
  readonly streetTypesBefore: ReadonlySet<string>;
  readonly streetTypesAfter: ReadonlySet<string>;
  readonly streetSuffixes: readonly string[];
  readonly addressUnits: ReadonlySet<string>;
  readonly titles: ReadonlySet<string>;
  readonly particles: ReadonlySet<string>;
  readonly cjkSurnames: ReadonlySet<string>;
  readonly cjkGivenNames: ReadonlySet<string>;
  readonly cjkHonorifics: readonly string[];
  /** Frequency rank (0 = most frequent) of common lower-case words. */
  readonly commonRank: ReadonlyMap<string, number>;
  /**
   * Every listed word with its gazetteer flag bits (see `TokenFlag`) and, above bit
   * {@link commonShift}, its common-word frequency bucket: one lookup per token.
   */
  readonly wordFlags: ReadonlyMap<string, number>;
}

/**
 * Parses and indexes the gazetteer artifact.
 *
 * @example
 * const gazetteer = parseGazetteer(bytes); gazetteer.givenNames.has('maría'); // true
 */
export function parseGazetteer(bytes: Uint8Array): Gazetteer {
  let data: GazetteerData;
  try {
    data = decodeGazetteer(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new GuardError('model-integrity', 'The PII gazetteer artifact is not valid JSON.', { cause: error });
  }
  if (data.version !== 2) throw new GuardError('model-integrity', 'The PII gazetteer artifact has an unknown layout.');
  return indexGazetteer(data);
}

/** Indexes already-parsed gazetteer data (training uses this directly). */
export function indexGazetteer(data: GazetteerData): Gazetteer {
  const commonRank = new Map<string, number>();
  data.commonWords.forEach((word, rank) => {
    if (!commonRank.has(word)) commonRank.set(word, rank);
  });
  const wordFlags = new Map<string, number>();
  const mark = (words: readonly string[], flag: number) => {
    for (const word of words) wordFlags.set(word, (wordFlags.get(word) ?? 0) | flag);
  };
  mark(data.givenNames, TokenFlag.given);
  mark(data.surnames, TokenFlag.surname);
  mark(data.cities, TokenFlag.place);
  mark(data.states, TokenFlag.place);
  mark(data.countries, TokenFlag.place | TokenFlag.country);
  mark(data.streetTypesBefore, TokenFlag.streetTypeBefore);
  mark(data.streetTypesAfter, TokenFlag.streetTypeAfter);
  mark(data.addressUnits, TokenFlag.unit);
  mark(data.titles, TokenFlag.title);
  mark(data.particles, TokenFlag.particle);
  mark(data.dictionaryWords ?? [], TokenFlag.dictionary);
  // Common-word frequency bucket (1..4 = top 100 / 1k / 5k / rest) packed above the flag bits.
  data.commonWords.forEach((word, rank) => {
    const bucket = rank < 100 ? 1 : rank < 1000 ? 2 : rank < 5000 ? 3 : 4;
    const current = wordFlags.get(word) ?? 0;
    if (current >>> commonShift === 0) wordFlags.set(word, current | TokenFlag.common | (bucket << commonShift));
  });
  return {
    data,
    wordFlags,
    givenNames: new Set(data.givenNames),
    surnames: new Set(data.surnames),
    places: new Set([...data.cities, ...data.countries, ...data.states]),
    countries: new Set(data.countries),
    streetTypesBefore: new Set(data.streetTypesBefore),
    streetTypesAfter: new Set(data.streetTypesAfter),
    streetSuffixes: data.streetSuffixes,
    addressUnits: new Set(data.addressUnits),
    titles: new Set(data.titles),
    particles: new Set(data.particles),
    cjkSurnames: new Set(data.cjkSurnames),
    cjkGivenNames: new Set(data.cjkGivenNames),
    cjkHonorifics: data.cjkHonorifics,
    commonRank,
  };
}
