import { GuardError } from '../../errors.js';
import {
  type ArtifactLoader,
  createMemoryArtifactLoader,
  loadVerifiedArtifact,
  type ModelManifest,
} from '../shared/artifact-loader.js';
import { decodeTensorArtifact } from '../shared/tensor-artifact.js';
import { type Gazetteer, parseGazetteer } from './gazetteer.js';
import { forEachTokenFeature, lineFacts, type Token, TokenFlag, TokenKind, tokenize } from './token-features.js';

/** Header metadata of the `pii-tagger` artifact. */
export interface PiiTaggerMetadata {
  readonly dimensions: number;
  readonly personBias: number;
  readonly addressBias: number;
  readonly [key: string]: unknown;
}

/** A tagged span: PERSON or ADDRESS with the mean token probability. */
export interface TaggedSpan {
  readonly entity: 'PERSON' | 'ADDRESS';
  readonly start: number;
  readonly end: number;
  readonly score: number;
}

function sigmoid(value: number): number {
  return value >= 0 ? 1 / (1 + Math.exp(-value)) : Math.exp(value) / (1 + Math.exp(value));
}

const cjkAdministrative = /[都道府県省市区縣县]/;
const cjkAddressPattern =
  /(?:〒\s?\d{3}-\d{4}\s?)?[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]{2,24}\d{1,4}(?:[-‐ー−の]\d{1,4}){0,3}(?:号|番地|番|丁目)?/gu;
const cjkLeadingNoise = new Set([
  '在',
  '于',
  '是',
  '住',
  '到',
  '寄',
  '送',
  '址',
  '所',
  'の',
  'に',
  'は',
  'で',
  'へ',
  '：',
  '我',
]);
const cjkNameCues = [
  '我叫',
  '我是',
  '名字是',
  '名字叫',
  '姓名',
  '氏名',
  '名前は',
  '名前',
  '私は',
  '客户',
  'お客様の',
  '联系人',
];

/**
 * The learned PERSON/ADDRESS tagger: per-token logistic regressions over hashed gazetteer, shape
 * and context features, decoded into spans; plus gazetteer rules for CJK names and addresses.
 *
 * @example
 * const tagger = await loadPiiTagger();
 * tagger.tag('Ship to Ana Souza, Rua Augusta 100, 1100-053 Lisboa');
 */
export class PiiTagger {
  readonly gazetteer: Gazetteer;
  readonly metadata: PiiTaggerMetadata;
  private readonly person: Float32Array;
  private readonly address: Float32Array;

  constructor(gazetteer: Gazetteer, metadata: PiiTaggerMetadata, person: Float32Array, address: Float32Array) {
    if (person.length !== metadata.dimensions || address.length !== metadata.dimensions) {
      throw new GuardError('model-integrity', 'PII tagger weights do not match the declared dimensions.');
    }
    this.gazetteer = gazetteer;
    this.metadata = metadata;
    this.person = person;
    this.address = address;
  }

  /** Per-token probabilities of being inside a PERSON and an ADDRESS span. */
  probabilities(tokens: readonly Token[]): { person: Float32Array; address: Float32Array } {
    const person = new Float32Array(tokens.length);
    const address = new Float32Array(tokens.length);
    const facts = lineFacts(tokens);
    const personWeights = this.person;
    const addressWeights = this.address;
    for (let index = 0; index < tokens.length; index += 1) {
      const token = tokens[index]!;
      if (token.kind !== TokenKind.word && token.kind !== TokenKind.number) continue;
      // Lower-case words that no list knows are neither names nor address parts: skip the models
      // (three quarters of the tokens of ordinary prose).
      if (token.kind === TokenKind.word && (token.flags & modelWorthy) === 0) continue;
      // Lower-case common words and plain punctuation never start a name: skip the model there.
      let personMargin = this.metadata.personBias;
      let addressMargin = this.metadata.addressBias;
      forEachTokenFeature(tokens, index, facts, this.metadata.dimensions, (bucketIndex) => {
        personMargin += personWeights[bucketIndex]!;
        addressMargin += addressWeights[bucketIndex]!;
      });
      person[index] = token.kind === TokenKind.number ? 0 : sigmoid(personMargin);
      address[index] = sigmoid(addressMargin);
    }
    return { person, address };
  }

  /** Tags PERSON and ADDRESS spans (UTF-16 offsets into `text`). */
  tag(text: string, threshold = 0.5): TaggedSpan[] {
    let tokens = tokenize(text, this.gazetteer);
    // All-lower-case text (chat, transcripts): restore capitals on listed names and street words
    // that are no English word, then tag that copy (same length, so offsets are unchanged).
    if (tokens.length > 0 && !hasUpperCase(text)) {
      const cased = this.restoreCase(text, tokens);
      if (cased !== text && cased.length === text.length) tokens = tokenize(cased, this.gazetteer);
    }
    const spans: TaggedSpan[] = [];
    if (tokens.length > 0) {
      const { person, address } = this.probabilities(tokens);
      const addresses: TaggedSpan[] = [];
      decodeAddresses(text, tokens, address, threshold, addresses);
      const persons: TaggedSpan[] = [];
      decodePersons(tokens, person, threshold, persons);
      addListedNames(tokens, persons);
      // Street names often contain personal names (Via Santa Teresa, Kálmán Imre u.): where a name
      // overlaps an address span, the address wins.
      for (const candidate of persons) {
        if (!addresses.some((other) => other.start < candidate.end && candidate.start < other.end))
          spans.push(candidate);
      }
      spans.push(...addresses);
      this.tagCjk(text, tokens, spans);
    }
    return spans;
  }

  private restoreCase(text: string, tokens: readonly Token[]): string {
    let cased = '';
    let cursor = 0;
    const candidate = TokenFlag.given | TokenFlag.surname | TokenFlag.streetSuffix | TokenFlag.place;
    for (const token of tokens) {
      if (token.kind !== TokenKind.word || token.lower.length < 3) continue;
      if ((token.flags & candidate) === 0 || (token.flags & (TokenFlag.dictionary | TokenFlag.particle)) !== 0)
        continue;
      if (token.commonBucket <= 2) continue;
      const first = text[token.start]!.toUpperCase();
      if (first.length !== 1) continue;
      cased += text.slice(cursor, token.start) + first;
      cursor = token.start + 1;
    }
    return cursor === 0 ? text : cased + text.slice(cursor);
  }

  private tagCjk(text: string, tokens: readonly Token[], spans: TaggedSpan[]): void {
    if (!tokens.some((token) => token.kind === TokenKind.cjk)) return;
    cjkAddressPattern.lastIndex = 0;
    for (let match = cjkAddressPattern.exec(text); match !== null; match = cjkAddressPattern.exec(text)) {
      const value = match[0];
      const marker = value.search(cjkAdministrative);
      if (marker < 0) continue;
      let offset = value.startsWith('〒') ? 0 : Math.max(0, marker - 3);
      while (offset < marker && cjkLeadingNoise.has(value[offset]!)) offset += 1;
      if (!value.startsWith('〒') && marker - offset > 3) offset = marker - 2;
      spans.push({ entity: 'ADDRESS', start: match.index + offset, end: match.index + value.length, score: 0.8 });
    }
    const { cjkSurnames, cjkGivenNames, cjkHonorifics } = this.gazetteer;
    for (const token of tokens) {
      if (token.kind !== TokenKind.cjk) continue;
      const run = text.slice(token.start, token.end);
      const found = new Set<number>();
      const tryAt = (position: number, score: number, requireGiven: boolean, endAt?: number) => {
        for (const surnameLength of [2, 1]) {
          const surname = run.slice(position, position + surnameLength);
          if (surname.length !== surnameLength || !cjkSurnames.has(surname)) continue;
          const lengths = endAt === undefined ? [2, 1] : [endAt - position - surnameLength];
          for (const givenLength of lengths) {
            if (givenLength < 1 || givenLength > 2) continue;
            const given = run.slice(position + surnameLength, position + surnameLength + givenLength);
            if (given.length !== givenLength) continue;
            if (requireGiven && !cjkGivenNames.has(given)) continue;
            if (found.has(position)) return;
            found.add(position);
            const start = token.start + position;
            spans.push({ entity: 'PERSON', start, end: start + surnameLength + givenLength, score });
            return;
          }
        }
      };
      for (const honorific of cjkHonorifics) {
        for (let at = run.indexOf(honorific); at > 0; at = run.indexOf(honorific, at + 1)) {
          for (const length of [4, 3, 2]) if (at - length >= 0) tryAt(at - length, 0.8, false, at);
        }
      }
      for (const cue of cjkNameCues) {
        const at = run.indexOf(cue);
        if (at >= 0) tryAt(at + cue.length, 0.8, false);
      }
      if (run.length >= 2 && run.length <= 4) tryAt(0, 0.65, true, run.length);
    }
  }
}

function hasUpperCase(text: string): boolean {
  return text !== text.toLowerCase();
}

const modelWorthy =
  TokenFlag.capitalized |
  TokenFlag.allCaps |
  TokenFlag.initial |
  TokenFlag.given |
  TokenFlag.surname |
  TokenFlag.place |
  TokenFlag.streetTypeBefore |
  TokenFlag.streetTypeAfter |
  TokenFlag.streetSuffix |
  TokenFlag.unit |
  TokenFlag.particle |
  TokenFlag.title;
const joinable = new Set(['.', "'", '’', '-']);
const nameShape = TokenFlag.capitalized | TokenFlag.allCaps | TokenFlag.initial;

/** Hysteresis: once a name has started, a capitalised neighbour needs less evidence to join it. */
function extendsName(token: Token, probability: number, threshold: number): boolean {
  if (probability >= threshold) return true;
  if ((token.flags & nameShape) === 0 || (token.flags & TokenFlag.title) !== 0) return false;
  const listed = (token.flags & (TokenFlag.given | TokenFlag.surname)) !== 0;
  return probability >= threshold * (listed ? 0.1 : 0.3);
}

function decodePersons(
  tokens: readonly Token[],
  probability: Float32Array,
  threshold: number,
  spans: TaggedSpan[],
): void {
  let index = 0;
  while (index < tokens.length) {
    if (probability[index]! < threshold || tokens[index]!.kind !== TokenKind.word) {
      index += 1;
      continue;
    }
    let first = index;
    // Hysteresis to the left too: "John F. Kennedy" where only "F." and "Kennedy" were confident.
    while (first > 0) {
      const previous = tokens[first - 1]!;
      const bridge = previous.kind === TokenKind.punctuation && previous.lower === '.' ? tokens[first - 2] : undefined;
      const candidate = bridge && (bridge.flags & TokenFlag.initial) !== 0 ? bridge : previous;
      const candidateIndex = candidate === previous ? first - 1 : first - 2;
      if (candidate.kind !== TokenKind.word || tokens[first]!.start - candidate.end > 2) break;
      if (!extendsName(candidate, probability[candidateIndex]!, threshold)) break;
      first = candidateIndex;
    }
    let last = index;
    let sum = probability[index]!;
    let count = 1;
    let cursor = index + 1;
    while (cursor < tokens.length) {
      const token = tokens[cursor]!;
      const previous = tokens[cursor - 1]!;
      if (token.start - previous.end > 1 || crossesLine(previous, token)) break;
      if (token.kind === TokenKind.word && extendsName(token, probability[cursor]!, threshold)) {
        last = cursor;
        sum += probability[cursor]!;
        count += 1;
        cursor += 1;
        continue;
      }
      // An initial's period, or a particle, may sit between two name tokens.
      const next = tokens[cursor + 1];
      const bridges =
        ((token.kind === TokenKind.punctuation && joinable.has(token.lower)) ||
          (token.kind === TokenKind.word && (token.flags & TokenFlag.particle) !== 0)) &&
        next !== undefined &&
        next.kind === TokenKind.word &&
        extendsName(next, probability[cursor + 1]!, threshold);
      if (!bridges) break;
      cursor += 1;
    }
    let end = tokens[last]!.end;
    const after = tokens[last + 1];
    if (after && after.lower === '.' && after.start === end && (tokens[last]!.flags & TokenFlag.initial) !== 0)
      end = after.end;
    const score = sum / count;
    if (isPlausibleName(tokens, first, last)) spans.push({ entity: 'PERSON', start: tokens[first]!.start, end, score });
    index = last + 1;
  }
}

const calendarWords = new Set([
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'easter',
  'christmas',
]);
const articles = new Set([
  'the',
  'a',
  'an',
  'this',
  'that',
  'der',
  'die',
  'das',
  'le',
  'la',
  'les',
  'el',
  'il',
  'lo',
  'de',
  'het',
  'een',
]);

const listedName = TokenFlag.given | TokenFlag.surname;
const notAName =
  TokenFlag.dictionary |
  TokenFlag.title |
  TokenFlag.place |
  TokenFlag.streetTypeAfter |
  TokenFlag.streetTypeBefore |
  TokenFlag.unit;

/**
 * Gazetteer rule beside the model: a capitalised listed given name followed by capitalised name
 * words ("Angela Langen"), or a listed given name inside a sentence that is neither a frequent nor
 * a dictionary word ("…, James, Erika"), is a name even where the model was unsure.
 */
function addListedNames(tokens: readonly Token[], persons: TaggedSpan[]): void {
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index]!;
    if (token.kind !== TokenKind.word || (token.flags & TokenFlag.given) === 0) continue;
    if ((token.flags & (TokenFlag.capitalized | TokenFlag.allCaps)) === 0 || (token.flags & notAName) !== 0) continue;
    if (token.commonBucket <= 2) continue;
    if (persons.some((span) => span.start < token.end && token.start < span.end)) continue;
    const previous = tokens[index - 1];
    if (previous && (previous.flags & (TokenFlag.streetTypeBefore | TokenFlag.number)) !== 0) continue;
    // Inside a longer capitalised phrase (Royal Albert Hall, Saint James Park) it is a proper noun.
    if (
      previous &&
      previous.kind === TokenKind.word &&
      (previous.flags & TokenFlag.capitalized) !== 0 &&
      (previous.flags & TokenFlag.sentenceStart) === 0
    )
      continue;
    let last = index;
    while (last + 1 < tokens.length && last - index < 3) {
      const next = tokens[last + 1]!;
      if (next.kind !== TokenKind.word || next.start - tokens[last]!.end > 1) break;
      const capitalised = (next.flags & (TokenFlag.capitalized | TokenFlag.allCaps | TokenFlag.initial)) !== 0;
      const listed = (next.flags & listedName) !== 0;
      if (!capitalised || (next.flags & notAName) !== 0) break;
      if (!listed && next.commonBucket <= 2) break;
      last += 1;
    }
    const followedByStreet =
      tokens[last + 1] && (tokens[last + 1]!.flags & (TokenFlag.streetTypeAfter | TokenFlag.place)) !== 0;
    const sentenceStart = (token.flags & TokenFlag.sentenceStart) !== 0;
    if (followedByStreet || (last === index && sentenceStart)) continue;
    if (!isPlausibleName(tokens, index, last)) continue;
    persons.push({ entity: 'PERSON', start: token.start, end: tokens[last]!.end, score: last > index ? 0.75 : 0.6 });
    index = last;
  }
}

/**
 * A name needs a capitalised (or all-caps) word, and cannot consist only of frequent common words
 * that no name list knows ("The Great Wall") or of a lone title or initial.
 */
function isPlausibleName(tokens: readonly Token[], first: number, last: number): boolean {
  let words = 0;
  let shaped = false;
  let nameLike = false;
  for (let index = first; index <= last; index += 1) {
    const token = tokens[index]!;
    if (token.kind !== TokenKind.word) continue;
    words += 1;
    if (token.flags & (TokenFlag.capitalized | TokenFlag.allCaps)) shaped = true;
    const known = (token.flags & (TokenFlag.given | TokenFlag.surname)) !== 0;
    // "Rufen Sie", "Thank You": a very frequent word that no name list knows breaks the name.
    if (!known && token.commonBucket <= 1) return false;
    if (known || token.commonBucket > 2) {
      if ((token.flags & (TokenFlag.title | TokenFlag.particle)) === 0 || known) nameLike = true;
    }
  }
  if (!shaped || !nameLike) return false;
  // A lone short all-caps word is an acronym (MAC, IBM, NASA), not a name.
  const only = tokens[first]!;
  if (words === 1 && (only.flags & TokenFlag.allCaps) !== 0 && only.end - only.start <= 4) return false;
  // Month and day names double as given names (June, April, May): alone they are dates.
  if (words === 1 && calendarWords.has(tokens[first]!.lower)) return false;
  // A lone dictionary word that no name list knows ("Unfortunately", "Suspense") is not a name.
  if (
    words === 1 &&
    (tokens[first]!.flags & (TokenFlag.dictionary | TokenFlag.given | TokenFlag.surname)) === TokenFlag.dictionary
  )
    return false;
  // "The Great Wall", "the Hilton": after an article, a lone word must be a listed name.
  const before = tokens[first - 1];
  const known = (tokens[first]!.flags & (TokenFlag.given | TokenFlag.surname)) !== 0;
  if (words === 1 && before !== undefined && articles.has(before.lower) && !known) return false;
  // "Lot 2271-B", "Room 404", "Flight 454": a lone word followed by a number is a label.
  const after = tokens[last + 1];
  if (words === 1 && after !== undefined && (after.kind === TokenKind.number || after.kind === TokenKind.code))
    return false;
  return !(words === 1 && (tokens[first]!.flags & (TokenFlag.title | TokenFlag.initial)) !== 0);
}

/** True when either token is a line break (names are never joined across lines). */
function crossesLine(previous: Token, token: Token): boolean {
  return previous.kind === TokenKind.newline || token.kind === TokenKind.newline;
}

function decodeAddresses(
  text: string,
  tokens: readonly Token[],
  probability: Float32Array,
  threshold: number,
  spans: TaggedSpan[],
): void {
  let index = 0;
  while (index < tokens.length) {
    const token = tokens[index]!;
    if (probability[index]! < threshold || (token.kind !== TokenKind.word && token.kind !== TokenKind.number)) {
      index += 1;
      continue;
    }
    const first = index;
    let last = index;
    let sum = probability[index]!;
    let count = 1;
    let cursor = index + 1;
    let gap = 0;
    while (cursor < tokens.length) {
      const current = tokens[cursor]!;
      const candidate = current.kind === TokenKind.word || current.kind === TokenKind.number;
      if (candidate && probability[cursor]! >= threshold) {
        last = cursor;
        sum += probability[cursor]!;
        count += 1;
        gap = 0;
      } else if (candidate && probability[cursor]! >= threshold * 0.5) {
        // Weak tokens bridge two confident ones; only numbers, places and units may end an address.
        if (current.kind === TokenKind.number || (current.flags & (TokenFlag.place | TokenFlag.unit)) !== 0)
          last = cursor;
        gap = 0;
      } else if (current.kind === TokenKind.punctuation || current.kind === TokenKind.newline) {
        gap += 1;
        const sentenceEnd = ['.', ';', '?', '!'].includes(current.lower) && !isAbbreviationPeriod(tokens, cursor);
        if (gap > 5 || sentenceEnd) break;
      } else break;
      cursor += 1;
    }
    let hasAnchor = false;
    let hasWord = false;
    for (let inner = first; inner <= last; inner += 1) {
      const current = tokens[inner]!;
      // A number or street type anchors an address; a lower-case street type that is also an English
      // word ("via", "place", "route") does not ("pay Pierre Martin via IBAN").
      const streetType =
        (current.flags & (TokenFlag.streetTypeAfter | TokenFlag.streetTypeBefore | TokenFlag.streetSuffix)) !== 0;
      const plainWord =
        (current.flags & (TokenFlag.capitalized | TokenFlag.allCaps)) === 0 &&
        (current.flags & TokenFlag.dictionary) !== 0;
      if ((current.flags & TokenFlag.number) !== 0 || (streetType && !plainWord)) hasAnchor = true;
      if (current.kind === TokenKind.word && (current.flags & TokenFlag.unit) === 0) hasWord = true;
    }
    // A house number written before the street's own number ("78 Camiño Ancho 91") starts the address.
    let head = first;
    for (;;) {
      const previous = tokens[head - 1];
      if (!previous || tokens[head]!.start - previous.end > 2) break;
      const weakWord =
        previous.kind === TokenKind.word &&
        (previous.flags & TokenFlag.capitalized) !== 0 &&
        probability[head - 1]! >= threshold * 0.3 &&
        tokens[head - 2]?.kind === TokenKind.number;
      if (previous.kind !== TokenKind.number && !weakWord) break;
      head -= 1;
    }
    // An address line that starts with a house number belongs to the address as a whole
    // ("2224 Trenerys gate 232", "28030 Edeby 55").
    let lineHead = head;
    while (lineHead > 0 && head - lineHead < 6) {
      const previous = tokens[lineHead - 1]!;
      if (previous.kind !== TokenKind.word && previous.kind !== TokenKind.number) break;
      lineHead -= 1;
    }
    let lineStart = lineHead;
    while (
      lineStart > 0 &&
      tokens[lineStart - 1]!.kind === TokenKind.punctuation &&
      tokens[lineStart - 1]!.lower !== '.'
    )
      lineStart -= 1;
    if (
      tokens[lineHead]!.kind === TokenKind.number &&
      (lineStart === 0 || tokens[lineStart - 1]!.kind === TokenKind.newline)
    )
      head = lineHead;
    if (head < first && !hasWord) {
      for (let inner = head; inner < first; inner += 1) if (tokens[inner]!.kind === TokenKind.word) hasWord = true;
    }
    const leading = head;
    // A trailing frequent word ("…, Madrid, a nombre", "…, München, Tel.") is not part of the address.
    while (last > first) {
      const tail = tokens[last]!;
      const keep =
        TokenFlag.streetTypeAfter |
        TokenFlag.streetTypeBefore |
        TokenFlag.streetSuffix |
        TokenFlag.unit |
        TokenFlag.place;
      if (tail.kind !== TokenKind.word || (tail.flags & keep) !== 0 || (tail.commonBucket > 2 && tail.lower.length > 3))
        break;
      last -= 1;
      while (last > first && tokens[last]!.kind !== TokenKind.word && tokens[last]!.kind !== TokenKind.number)
        last -= 1;
    }
    // A following "Country 12345" line (postal code last) closes a multi-line address block.
    last = extendOverCountryLine(tokens, last);
    let end = tokens[last]!.end;
    const after = tokens[last + 1];
    if (after && after.lower === '.' && after.start === end && isAbbreviationPeriod(tokens, last + 1)) end = after.end;
    // Groups of four capitals and digits (GB82 WEST 1234 5698) are account numbers, not streets.
    const accountLike = /^[A-Z0-9]{4}(?: [A-Z0-9]{2,4})+$/.test(text.slice(tokens[first]!.start, end));
    if (hasAnchor && hasWord && count >= 2 && !accountLike)
      spans.push({ entity: 'ADDRESS', start: tokens[leading]!.start, end, score: sum / count });
    index = last + 1;
  }
}

function extendOverCountryLine(tokens: readonly Token[], last: number): number {
  // Up to two following lines: an optional city line of capitalised words, then "Country 12345".
  let cursor = last;
  for (let line = 0; line < 2; line += 1) {
    const next = nextLine(tokens, cursor);
    if (next === undefined) return last;
    let words = 0;
    let place = false;
    let index = next;
    for (; index < tokens.length && index - next < 6; index += 1) {
      const token = tokens[index]!;
      if (token.kind !== TokenKind.word || (token.flags & (TokenFlag.capitalized | TokenFlag.allCaps)) === 0) break;
      words += 1;
      if (token.flags & TokenFlag.place) place = true;
    }
    const token = tokens[index];
    const lineEnds = (at: number) => {
      const after = tokens[at];
      return !after || after.kind === TokenKind.newline || after.kind === TokenKind.punctuation;
    };
    if (
      token &&
      token.kind === TokenKind.number &&
      words > 0 &&
      words <= 3 &&
      place &&
      token.end - token.start >= 4 &&
      lineEnds(index + 1)
    ) {
      return index;
    }
    // Only a bare city line may sit between the address and its country line.
    if (line > 0 || words === 0 || words > 3 || !lineEnds(index)) return last;
    cursor = index - 1;
  }
  return last;
}

/** Index of the first token of the line after `index`, when only punctuation separates them. */
function nextLine(tokens: readonly Token[], index: number): number | undefined {
  let cursor = index + 1;
  let sawNewline = false;
  while (cursor < tokens.length && cursor - index <= 4) {
    const token = tokens[cursor]!;
    if (token.kind === TokenKind.newline) sawNewline = true;
    else if (token.kind !== TokenKind.punctuation || token.lower === '.') break;
    cursor += 1;
  }
  return sawNewline && cursor < tokens.length ? cursor : undefined;
}

/** A period right after a street type or unit abbreviation (St., Apt., str.). */
function isAbbreviationPeriod(tokens: readonly Token[], index: number): boolean {
  const previous = tokens[index - 1];
  if (!previous || previous.end !== tokens[index]!.start) return false;
  return (
    (previous.flags & (TokenFlag.streetTypeAfter | TokenFlag.streetTypeBefore | TokenFlag.unit | TokenFlag.initial)) !==
      0 && previous.lower.length <= 4
  );
}

/**
 * Builds a tagger from verified artifact bytes (`gazetteer.json`, `tagger.bin`).
 *
 * @example
 * const tagger = createPiiTagger(gazetteerBytes, taggerBytes);
 */
export function createPiiTagger(gazetteerBytes: Uint8Array, taggerBytes: Uint8Array): PiiTagger {
  const artifact = decodeTensorArtifact(taggerBytes);
  const person = artifact.tensors.get('person');
  const address = artifact.tensors.get('address');
  if (artifact.kind !== 'pii-tagger' || person === undefined || address === undefined) {
    throw new GuardError('model-integrity', 'Artifact is not a PII tagger.');
  }
  return new PiiTagger(parseGazetteer(gazetteerBytes), artifact.metadata as PiiTaggerMetadata, person, address);
}

let cached: Promise<PiiTagger> | undefined;

/**
 * Loads the shipped PII tagger (embedded artifacts, sha256-verified against the manifest) or one
 * from another loader (files, fetch). The default instance is loaded once and shared.
 *
 * @example
 * const tagger = await loadPiiTagger();
 */
export async function loadPiiTagger(loader?: ArtifactLoader, manifest?: ModelManifest): Promise<PiiTagger> {
  if (loader === undefined) {
    cached ??= (async () => {
      const { embeddedArtifacts, embeddedManifest } = await import('./embedded-artifacts.js');
      return loadPiiTagger(createMemoryArtifactLoader(embeddedArtifacts), embeddedManifest);
    })();
    return cached;
  }
  if (manifest === undefined)
    throw new GuardError('model-unavailable', 'A PII model manifest is required with a custom loader.');
  const [gazetteerBytes, taggerBytes] = await Promise.all([
    loadVerifiedArtifact(loader, manifest, 'gazetteer.json'),
    loadVerifiedArtifact(loader, manifest, 'tagger.bin'),
  ]);
  return createPiiTagger(gazetteerBytes, taggerBytes);
}
