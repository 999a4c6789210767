import type { PiiTagger } from '../../models/pii/pii-tagger.js';
import { clampScore, hasContext, type PiiCandidate, type Recognizer } from './recognizer.js';

const addressCues = [
  'address',
  'live at',
  'lives at',
  'living at',
  'ship to',
  'deliver to',
  'billing',
  'shipping',
  'mailing',
  'adresse',
  'dirección',
  'indirizzo',
  'endereço',
  'morada',
  'anschrift',
  'adres',
  'адрес',
  '住所',
  '地址',
];
const personCues = [
  'name',
  'my name is',
  'called',
  'dear',
  'mr',
  'mrs',
  'ms',
  'dr',
  'signed',
  'regards',
  'patient',
  'customer',
  'contact',
  'nom',
  'nombre',
  'nome',
  'naam',
  'имя',
];

/**
 * Wraps the learned tagger as a recognizer for PERSON and ADDRESS. Context words raise the score a
 * little; a span that is only a place name is never a person.
 *
 * @example
 * const recognizer = createTaggerRecognizer(await loadPiiTagger());
 */
export function createTaggerRecognizer(tagger: PiiTagger): Recognizer {
  const { places } = tagger.gazetteer;
  return {
    id: 'pii-tagger',
    entities: ['PERSON', 'ADDRESS'],
    find(text, lower) {
      const candidates: PiiCandidate[] = [];
      for (const span of tagger.tag(text)) {
        const value = lower.slice(span.start, span.end);
        let score = span.score;
        if (span.entity === 'PERSON') {
          if (places.has(value)) continue;
          if (hasContext(lower, span.start, span.end, personCues, 24, 8)) score += 0.05;
        } else if (hasContext(lower, span.start, span.end, addressCues, 40, 0)) score += 0.05;
        candidates.push({
          entity: span.entity,
          start: span.start,
          end: span.end,
          score: clampScore(score),
          recognizer: 'pii-tagger',
        });
      }
      return candidates;
    },
  };
}
