// Node-only, run by hand when the lexicons change:
//   npx tsx packages/guard/src/train/pii/build-gazetteers.ts <faker-lexicon.json>
// Writes packages/guard/src/models/pii/gazetteer.json, the gazetteer artifact that training embeds.
// Also reads the Debian `wamerican` word list (/usr/share/dict/american-english) for dictionary words.
// <faker-lexicon.json> holds the person/location word lists of @faker-js/faker 10.6.0 (MIT),
// flattened across its 77 locales ({ first, last, city, country, state, streetSuffix, prefix }).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeGazetteer } from '../../models/pii/gazetteer.js';
import { sharedDataDirectory } from '../shared/load-labelled-data.js';
import {
  addressUnits,
  cjkHonorifics,
  extraGivenNames,
  extraSurnames,
  particles,
  streetSuffixes,
  streetTypesAfter,
  streetTypesBefore,
  titles,
  worldPlaces,
} from './lexicon-additions.js';

interface FakerLexicon {
  first: string[];
  last: string[];
  city: string[];
  country: string[];
  state: string[];
  streetSuffix: string[];
  prefix: string[];
}

const cjk = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/;

function wordsOf(values: readonly string[]): string[] {
  const out = new Set<string>();
  for (const value of values) {
    const lower = value.toLowerCase().trim();
    if (lower.length === 0 || /\d/.test(lower)) continue;
    if (cjk.test(lower)) continue;
    for (const word of lower.split(/[\s]+/)) if (word.length > 1) out.add(word);
  }
  return [...out].sort();
}

function phrasesOf(values: readonly string[]): string[] {
  return [
    ...new Set(
      values.map((value) => value.toLowerCase().trim()).filter((value) => value.length > 1 && !/\d/.test(value)),
    ),
  ].sort();
}

function commonWords(nameWords: { given: readonly string[]; surnames: readonly string[] }): string[] {
  // Lower-case word frequencies over benign prompts (English and 20 other languages): a word that is
  // often written in lower case is a common word, even when it is also a name (Will, May, Rose).
  // Only properly cased texts count (all-lower-case chat queries write names in lower case too), and
  // a word must be written in lower case at least three times as often as capitalised mid-sentence.
  const counts = new Map<string, number>();
  const capitalised = new Map<string, number>();
  const benign = join(sharedDataDirectory, 'benign');
  for (const file of readdirSync(benign).sort()) {
    if (!file.endsWith('.jsonl')) continue;
    for (const line of readFileSync(join(benign, file), 'utf8').split('\n')) {
      if (!line) continue;
      const text = (JSON.parse(line) as { text?: string }).text ?? '';
      if (!/\p{Lu}/u.test(text)) continue;
      for (const match of text.matchAll(/(?<![\p{L}\p{N}])\p{Ll}[\p{Ll}'’-]{1,30}(?![\p{L}\p{N}])/gu)) {
        counts.set(match[0], (counts.get(match[0]) ?? 0) + 1);
      }
      for (const match of text.matchAll(/(?<=[\p{Ll},;] )\p{Lu}\p{Ll}[\p{Ll}'’-]{0,30}(?![\p{L}\p{N}])/gu)) {
        const word = match[0].toLowerCase();
        capitalised.set(word, (capitalised.get(word) ?? 0) + 1);
      }
    }
  }
  // Capitalised words that are no name (German nouns, Sie, product words) are common words too.
  const names = new Set([...nameWords.given, ...nameWords.surnames]);
  for (const [word, count] of capitalised) {
    if (count >= 6 && !names.has(word)) counts.set(word, Math.max(counts.get(word) ?? 0, count));
  }
  return [...counts.entries()]
    .filter(([word, count]) => count >= 4 && (count >= 3 * (capitalised.get(word) ?? 0) || !names.has(word)))
    .sort((left, right) => right[1] - left[1] || (left[0] < right[0] ? -1 : 1))
    .slice(0, 12_000)
    .map(([word]) => word);
}

/**
 * Lower-case entries of the system English word list (Debian `wamerican`, /usr/share/dict): a
 * capitalised "Unfortunately", "Salesperson" or "Suspense" is a word. Names that are also words
 * (Hall, Royal, Baker, John) keep both flags; three-letter names (Tom, Ann) stay names only.
 */
function dictionaryWords(names: ReadonlySet<string>): string[] {
  const path = '/usr/share/dict/american-english';
  if (!existsSync(path)) throw new Error(`${path} is missing: apt-get install wamerican`);
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((word) => /^[a-z]{3,14}$/.test(word) && (word.length > 3 || !names.has(word)))
    .sort();
}

function main(): void {
  const lexiconPath = process.argv[2];
  if (!lexiconPath) throw new Error('usage: build-gazetteers.ts <faker-lexicon.json>');
  const lexicon = JSON.parse(readFileSync(lexiconPath, 'utf8')) as FakerLexicon;
  const splitList = (text: string) => text.split(/\s+/).filter((word) => word.length > 0);
  const cjkSurnames = lexicon.last.filter((name) => cjk.test(name) && name.length <= 3);
  const cjkGiven = lexicon.first.filter((name) => cjk.test(name) && name.length <= 3);
  const givenNames = [...new Set([...wordsOf(lexicon.first), ...splitList(extraGivenNames)])].sort();
  const surnames = [...new Set([...wordsOf(lexicon.last), ...splitList(extraSurnames)])].sort();
  const gazetteer = {
    version: 2,
    givenNames,
    surnames,
    cities: [
      ...new Set([
        ...phrasesOf(lexicon.city).filter((city) => city.split(' ').length <= 3 && city.length <= 24),
        ...splitList(worldPlaces),
      ]),
    ].sort(),
    countries: phrasesOf(lexicon.country),
    states: phrasesOf(lexicon.state).filter((state) => state.length <= 24),
    streetTypesBefore: [...new Set(streetTypesBefore)].sort(),
    // Faker's street_suffix lists hold whole street names in some locales: only the curated list is used.
    streetTypesAfter: [...new Set(streetTypesAfter)].sort(),
    streetSuffixes: [...new Set(streetSuffixes)].sort(),
    addressUnits: [...new Set(addressUnits)].sort(),
    titles: [...new Set([...titles, ...wordsOf(lexicon.prefix)])].sort(),
    particles: [...new Set(particles)].sort(),
    cjkSurnames: [...new Set(cjkSurnames)].sort(),
    cjkGivenNames: [...new Set(cjkGiven)].sort(),
    cjkHonorifics,
    commonWords: commonWords({ given: givenNames, surnames }),
    dictionaryWords: dictionaryWords(new Set([...givenNames, ...surnames])),
  };
  const target = join(import.meta.dirname, '..', '..', 'models', 'pii', 'gazetteer.json');
  writeFileSync(target, encodeGazetteer(gazetteer));
  const sizes = Object.fromEntries(
    Object.entries(gazetteer).map(([key, value]) => [key, Array.isArray(value) ? value.length : value]),
  );
  process.stdout.write(`${JSON.stringify(sizes)}\n`);
}

main();
