import { clampScore, hasWordInRange, type PiiCandidate, type Recognizer } from './recognizer.js';

// Month names (and common abbreviations) in English, German, French, Spanish, Italian, Portuguese,
// Dutch and Russian (genitive, as used in dates).
const monthNames = [
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
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'januar',
  'jänner',
  'februar',
  'märz',
  'mai',
  'juni',
  'juli',
  'oktober',
  'dezember',
  'janvier',
  'février',
  'mars',
  'avril',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
  'enero',
  'febrero',
  'marzo',
  'abril',
  'mayo',
  'junio',
  'julio',
  'agosto',
  'septiembre',
  'setiembre',
  'octubre',
  'noviembre',
  'diciembre',
  'gennaio',
  'febbraio',
  'aprile',
  'maggio',
  'giugno',
  'luglio',
  'settembre',
  'ottobre',
  'dicembre',
  'janeiro',
  'fevereiro',
  'março',
  'maio',
  'junho',
  'julho',
  'setembro',
  'outubro',
  'novembro',
  'dezembro',
  'januari',
  'februari',
  'maart',
  'mei',
  'augustus',
  'января',
  'февраля',
  'марта',
  'апреля',
  'мая',
  'июня',
  'июля',
  'августа',
  'сентября',
  'октября',
  'ноября',
  'декабря',
];
const month = `(?:${[...monthNames].sort((left, right) => right.length - left.length).join('|')})\\.?`;

// Alternatives are anchored by digits or month names, bounded, and never nested.
const datePattern = new RegExp(
  [
    '\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2})?)?',
    '\\d{1,2}[-/.]\\d{1,2}[-/.](?:\\d{4}|\\d{2})',
    `\\d{1,2}(?:st|nd|rd|th|er|e|º|°)?\\.?\\s{1,2}(?:of\\s|de\\s|di\\s)?${month},?\\s{1,2}(?:de\\s|del\\s)?\\d{4}(?:\\s?г\\.?)?`,
    `${month}\\s{1,2}\\d{1,2}(?:st|nd|rd|th)?,?\\s{1,2}\\d{4}`,
    '\\d{4}\\s?年\\s?\\d{1,2}\\s?月\\s?\\d{1,2}\\s?日',
    '\\d{4}\\s?년\\s?\\d{1,2}\\s?월\\s?\\d{1,2}\\s?일',
  ]
    .map((alternative) => `(?:${alternative})`)
    .join('|'),
  'giu',
);
const wrappedDatePattern = new RegExp(
  `(?<![\\p{L}\\p{N}/.-])(?:${datePattern.source})(?![\\p{L}\\p{N}/-]|\\.\\d)`,
  'giu',
);

/** Words that mark a date as a birth date (lower-case; several languages). */
export const birthContext = [
  'born',
  'birth',
  'birthday',
  'birthdate',
  'date of birth',
  'dob',
  'd.o.b',
  'd.o.b.',
  'b.',
  'bday',
  'geboren',
  'geb.',
  'geburtsdatum',
  'geburtstag',
  'né',
  'née',
  'né le',
  'née le',
  'naissance',
  'date de naissance',
  'nacido',
  'nacida',
  'nacimiento',
  'fecha de nacimiento',
  'nato',
  'nata',
  'nascita',
  'data di nascita',
  'nascido',
  'nascida',
  'nascimento',
  'data de nascimento',
  'geboortedatum',
  'geboren op',
  'рождения',
  'родился',
  'родилась',
  'дата рождения',
  '生年月日',
  '出生',
  '出生日期',
  '生日',
  '誕生日',
  '생년월일',
  '태어',
];

const abbreviations = new Set(['geb', 'b', 'o.b', 'd.o.b', 'dob', 'no', 'nr', 'st', 'dr', 'mr', 'mrs', 'ms']);

/** Start of the sentence containing `position`, at most `limit` characters back. */
function sentenceStart(lower: string, position: number, limit: number): number {
  const from = Math.max(0, position - limit);
  for (let index = position - 1; index >= from; index -= 1) {
    const character = lower[index];
    if (character === '\n' && lower[index - 1] === '\n') return index;
    if (
      (character === '.' || character === '!' || character === '?' || character === '。') &&
      /\s/.test(lower[index + 1] ?? '')
    ) {
      if (character === '.') {
        const token = /[\p{L}.]{1,6}$/u.exec(lower.slice(Math.max(0, index - 6), index))?.[0] ?? '';
        if (abbreviations.has(token)) continue;
      }
      return index + 1;
    }
  }
  return from;
}

// Cheap pre-check: every birth context word contains one of these stems.
const birthStem =
  /born|birth|dob|d\.o\.b|b\.|bday|geb|né|naissance|nac|nat[oa]|nasc|geboort|рожд|родил|生|誕|생년|태어/;

function isPlausible(value: string): boolean {
  const numbers = (value.match(/\d+/g) ?? []).map(Number);
  const year = numbers.find((number) => number >= 1000);
  if (year !== undefined && (year < 1900 || year > 2030)) return false;
  const small = numbers.filter((number) => number < 1000);
  if (small.some((number) => number === 0 || number > 31)) return false;
  if (small.length >= 2 && small[0]! > 12 && small[1]! > 12) return false;
  return true;
}

/**
 * DATE_OF_BIRTH: dates in numeric, ISO, CJK and month-name forms (8 languages), emitted only when a
 * birth word is near ("born on", "DOB:", "geboren am", "date de naissance", "生年月日"). Other dates
 * are not personal data and are never reported.
 *
 * @example
 * dateOfBirthRecognizer.find('DOB: 04/12/1986', 'dob: 04/12/1986'); // [{ entity: 'DATE_OF_BIRTH', start: 5, end: 15, … }]
 */
export const dateOfBirthRecognizer: Recognizer = {
  id: 'date-of-birth',
  entities: ['DATE_OF_BIRTH'],
  find(text, lower) {
    if (!/\d/.test(text) || !birthStem.test(lower)) return [];
    const candidates: PiiCandidate[] = [];
    wrappedDatePattern.lastIndex = 0;
    for (let match = wrappedDatePattern.exec(text); match !== null; match = wrappedDatePattern.exec(text)) {
      const start = match.index;
      const end = start + match[0].length;
      if (!isPlausible(match[0])) continue;
      const from = sentenceStart(lower, start, 60);
      const near =
        hasWordInRange(lower, from, start, birthContext) ||
        hasWordInRange(lower, end, end + 12, ['生まれ', '生']) ||
        hasWordInRange(lower, end, end + 28, ['date of birth', 'birthday', 'birth date', 'dob']);
      if (!near) continue;
      candidates.push({ entity: 'DATE_OF_BIRTH', start, end, score: clampScore(0.85), recognizer: 'date-of-birth' });
    }
    return candidates;
  },
};
