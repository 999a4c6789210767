/** Built-in PII entity types. Custom recognizers may add their own upper-case names. */
export const piiEntities = [
  'EMAIL',
  'PHONE',
  'CREDIT_CARD',
  'US_SSN',
  'IBAN',
  'IP_ADDRESS',
  'URL',
  'DATE_OF_BIRTH',
  'ADDRESS',
  'PERSON',
  'US_PASSPORT',
  'DRIVER_LICENSE',
  'UK_NINO',
  'UK_NHS',
  'IN_PAN',
  'IN_AADHAAR',
  'ES_NIF',
  'ES_NIE',
  'IT_FISCAL_CODE',
  'CA_SIN',
  'DE_TAX_ID',
] as const;

/** A built-in PII entity type. */
export type PiiEntity = (typeof piiEntities)[number];

/** One possible PII span before overlaps are resolved. Offsets are UTF-16 into the scanned text. */
export interface PiiCandidate {
  readonly entity: string;
  readonly start: number;
  readonly end: number;
  /** 0..1 confidence after validators and context. */
  readonly score: number;
  /** Which recognizer produced it (for metadata and debugging; never the value). */
  readonly recognizer: string;
}

/** Finds candidates of one or more entity types in a text. */
export interface Recognizer {
  readonly id: string;
  /** Entity types this recognizer can emit; used to skip it when none is enabled. */
  readonly entities: readonly string[];
  find(text: string, lower: string): readonly PiiCandidate[];
}

/** True for ASCII/Unicode letters, digits and the underscore: characters that continue a word. */
export function isWordCharacter(character: string | undefined): boolean {
  if (character === undefined || character === '') return false;
  const code = character.charCodeAt(0);
  if (code < 128) {
    return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
  }
  return /[\p{L}\p{N}\p{M}]/u.test(character);
}

/**
 * True when one of `words` occurs as a whole word in `lower` between `from` and `to`.
 * `words` must be lower-case; multi-word phrases are matched literally.
 */
export function hasWordInRange(lower: string, from: number, to: number, words: readonly string[]): boolean {
  const start = Math.max(0, from);
  const end = Math.min(lower.length, to);
  if (end <= start) return false;
  // Search only the window (plus one character each side for the boundary check).
  const windowStart = Math.max(0, start - 1);
  const window = lower.slice(windowStart, Math.min(lower.length, end + 1));
  const offset = start - windowStart;
  const limit = end - windowStart;
  for (const word of words) {
    let index = window.indexOf(word, offset);
    while (index !== -1 && index + word.length <= limit) {
      const before = window[index - 1];
      const after = window[index + word.length];
      const boundaryFree = unspacedWord(word);
      if (
        boundaryFree ||
        ((!isWordCharacter(word[0]) || !isWordCharacter(before)) &&
          (!isWordCharacter(word[word.length - 1]) || !isWordCharacter(after)))
      ) {
        return true;
      }
      index = window.indexOf(word, index + 1);
    }
  }
  return false;
}

const unspacedCache = new Map<string, boolean>();

/** Words in scripts written without spaces match anywhere. */
function unspacedWord(word: string): boolean {
  let cached = unspacedCache.get(word);
  if (cached === undefined) {
    cached = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/.test(word);
    if (unspacedCache.size < 5000) unspacedCache.set(word, cached);
  }
  return cached;
}

/**
 * True when `words` appear in a window around a span: `before` characters before it and `after`
 * characters after it (the span itself is not searched).
 */
export function hasContext(
  lower: string,
  start: number,
  end: number,
  words: readonly string[],
  before = 48,
  after = 24,
): boolean {
  if (words.length === 0) return false;
  return hasWordInRange(lower, start - before, start, words) || hasWordInRange(lower, end, end + after, words);
}

/**
 * Labels that, right before a number, say it is not personal: order, ticket, tracking, invoice,
 * ISBN, serial, version… Anchored at the end of the preceding text.
 */
const lookalikeLabel =
  /\b(?:order|ordre|bestellung|pedido|ticket|tracking|invoice|facture|rechnung|factura|fattura|receipt|ref|reference|référence|confirmation|booking|reservation|shipment|parcel|package|sku|isbn|issn|serial|part|model|version|build|release|case|claim|transaction|txn|po|item|product|account id|customer id|request|incident|bug|issue|job|batch|lot|doi|pmid|arxiv)\s{0,2}(?:#|no\.?|nr\.?|n°|number|num|id|code|key)?\s{0,2}(?:is|was|ist|est|es|è)?\s{0,2}[:#=-]?\s{0,2}$/;

/** True when the text right before `start` labels what follows as an order/ticket/… number. */
export function hasLookalikeLabel(lower: string, start: number): boolean {
  const window = lower.slice(Math.max(0, start - 40), start);
  return lookalikeLabel.test(window);
}

/** Clamps a score to 0..1 with two decimals, so outputs are stable across platforms. */
export function clampScore(score: number): number {
  return Math.round(Math.min(1, Math.max(0, score)) * 100) / 100;
}
