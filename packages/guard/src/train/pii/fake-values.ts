// A small, seeded, faker-like generator over the shipped gazetteer: names in several scripts and
// street addresses in the layouts of US, UK, DE, FR, ES, IT, NL, PT, BR, JP, CN and RU.
import type { GazetteerData } from '../../models/pii/gazetteer.js';

/** Random helpers over one seeded generator. */
export interface Picker {
  next(): number;
  int(min: number, max: number): number;
  pick<Item>(items: readonly Item[]): Item;
  chance(probability: number): boolean;
}

/** Wraps a `() => number` PRNG. */
export function createPicker(random: () => number): Picker {
  return {
    next: random,
    int: (min, max) => min + Math.floor(random() * (max - min + 1)),
    pick: (items) => items[Math.floor(random() * items.length)]!,
    chance: (probability) => random() < probability,
  };
}

function capitalize(word: string): string {
  return word
    .split(/([\s-])/)
    .map((part) => (part.length > 0 ? part[0]!.toUpperCase() + part.slice(1) : part))
    .join('');
}

const cyrillic = /[\u0400-\u04ff]/;
const latin = /^[\p{Script=Latin}'-]+$/u;

/** Name and place pools derived from the gazetteer. */
export interface ValuePools {
  readonly latinGiven: readonly string[];
  readonly latinSurnames: readonly string[];
  readonly cyrillicGiven: readonly string[];
  readonly cyrillicSurnames: readonly string[];
  readonly cities: readonly string[];
  readonly countries: readonly string[];
  readonly data: GazetteerData;
}

/** Splits gazetteer lists by script for script-consistent names. */
export function createValuePools(data: GazetteerData): ValuePools {
  return {
    latinGiven: data.givenNames.filter((name) => latin.test(name) && name.length > 2),
    latinSurnames: data.surnames.filter((name) => latin.test(name) && name.length > 2),
    cyrillicGiven: data.givenNames.filter((name) => cyrillic.test(name)),
    cyrillicSurnames: data.surnames.filter((name) => cyrillic.test(name)),
    cities: data.cities.filter((city) => latin.test(city.replace(/\s/g, ''))),
    countries: data.countries.filter((country) => latin.test(country.replace(/\s/g, ''))),
    data,
  };
}

const englishStreetWords = [
  'maple',
  'oak',
  'pine',
  'cedar',
  'elm',
  'washington',
  'lake',
  'hill',
  'park',
  'main',
  'church',
  'high',
  'station',
  'mill',
  'river',
  'sunset',
  'lincoln',
  'jackson',
  'franklin',
  'king',
  'queen',
  'victoria',
  'albert',
  'george',
  'meadow',
  'forest',
  'spring',
  'north',
  'south',
  'west',
  'east',
  'green',
  'bridge',
  'market',
  'school',
  'chestnut',
  'willow',
  'birch',
  'highland',
  'valley',
  'ridge',
];
const usSuffixes = [
  'Street',
  'St.',
  'Avenue',
  'Ave',
  'Road',
  'Rd.',
  'Lane',
  'Drive',
  'Dr.',
  'Court',
  'Boulevard',
  'Way',
  'Place',
  'Terrace',
  'Circle',
  'Parkway',
];
const ukSuffixes = [
  'Road',
  'Street',
  'Lane',
  'Close',
  'Crescent',
  'Gardens',
  'Grove',
  'Avenue',
  'Way',
  'Mews',
  'Terrace',
  'Hill',
  'Drive',
];
const usStates = [
  'AL',
  'AK',
  'AZ',
  'CA',
  'CO',
  'CT',
  'FL',
  'GA',
  'IL',
  'IN',
  'MA',
  'MD',
  'MI',
  'MN',
  'NC',
  'NJ',
  'NY',
  'OH',
  'OR',
  'PA',
  'TX',
  'VA',
  'WA',
  'WI',
];
const deSuffixes = ['straße', 'str.', 'weg', 'allee', 'platz', 'gasse', 'ring', 'damm'];
const nlSuffixes = ['straat', 'laan', 'weg', 'plein', 'gracht', 'kade', 'singel', 'dijk'];
const nordicSuffixes = ['katu', 'tie', 'gatan', 'vägen', 'gade', 'vej', 'veien', 'utca'];
const frTypes = ['rue', 'avenue', 'boulevard', 'chemin', 'impasse', 'allée', 'place', 'quai'];
const esTypes = ['Calle', 'Avenida', 'Paseo', 'Plaza', 'Camino', 'Carrera', 'Ronda', 'Travesía'];
const itTypes = ['Via', 'Viale', 'Piazza', 'Corso', 'Largo', 'Vicolo'];
const ptTypes = ['Rua', 'Avenida', 'Travessa', 'Praça', 'Alameda', 'Estrada', 'Largo'];
const ruTypes = ['ул.', 'улица', 'проспект', 'пер.', 'шоссе', 'бульвар', 'наб.'];
const ruStreetNames = [
  'Тверская',
  'Ленина',
  'Пушкина',
  'Гагарина',
  'Садовая',
  'Мира',
  'Советская',
  'Лесная',
  'Невский',
  'Арбат',
];
const ruCities = ['Москва', 'Санкт-Петербург', 'Казань', 'Новосибирск', 'Екатеринбург', 'Самара'];
const jpPrefectures = ['東京都', '大阪府', '京都府', '北海道', '神奈川県', '愛知県', '福岡県'];
const jpWards = ['千代田区', '中央区', '港区', '新宿区', '渋谷区', '北区', '中区', '博多区'];
const jpTowns = ['丸の内', '銀座', '六本木', '梅田', '栄', '天神', '本町'];
const cnCities = ['北京市', '上海市', '广州市', '深圳市', '杭州市', '成都市'];
const cnDistricts = ['朝阳区', '海淀区', '浦东新区', '天河区', '南山区', '西湖区'];
const cnRoads = ['建国路', '中山路', '人民路', '解放路', '长安街', '南京路'];
const unitWords = ['Apt.', 'Apt', 'Suite', 'Unit', 'Flat', 'Floor'];

/** One generated value; parts of an address are one span. */
export function personName(pools: ValuePools, picker: Picker): string {
  if (picker.chance(0.08) && pools.cyrillicGiven.length > 0) {
    return `${capitalize(picker.pick(pools.cyrillicGiven))} ${capitalize(picker.pick(pools.cyrillicSurnames))}`;
  }
  const first = capitalize(picker.pick(pools.latinGiven));
  let last = capitalize(picker.pick(pools.latinSurnames));
  const roll = picker.next();
  if (roll < 0.06) last = `${last}-${capitalize(picker.pick(pools.latinSurnames))}`;
  else if (roll < 0.12)
    last = `${picker.pick(['van', 'van der', 'de', 'de la', 'von', 'di', 'da', 'dos', 'ter', 'del', 'le'])} ${last}`;
  else if (roll < 0.17) last = `O'${last}`;
  const middle = picker.next();
  if (middle < 0.1) return `${first} ${String.fromCharCode(65 + picker.int(0, 25))}. ${last}`;
  if (middle < 0.14) return `${first} ${String.fromCharCode(65 + picker.int(0, 25))} ${last}`;
  if (middle < 0.2) return `${first} ${capitalize(picker.pick(pools.latinGiven))} ${last}`;
  return `${first} ${last}`;
}

/** A CJK name: surname + given name from the gazetteer. */
export function cjkName(pools: ValuePools, picker: Picker): string {
  return `${picker.pick(pools.data.cjkSurnames)}${picker.pick(pools.data.cjkGivenNames)}`;
}

function streetFromSurname(pools: ValuePools, picker: Picker, suffixes: readonly string[]): string {
  const base = picker.pick(pools.latinSurnames).replace(/[-']/g, '');
  const suffix = picker.pick(suffixes);
  return suffix.startsWith('str') || suffix.length <= 4 || picker.chance(0.7)
    ? `${capitalize(base)}${suffix}`
    : `${capitalize(base)} ${capitalize(suffix)}`;
}

function zip(picker: Picker, digits: number): string {
  let out = '';
  for (let index = 0; index < digits; index += 1) out += String(index === 0 ? picker.int(1, 9) : picker.int(0, 9));
  return out;
}

function ukPostcode(picker: Picker): string {
  const letters = 'ABCDEFGHJKLMNPRSTUWXYZ';
  const letter = () => letters[picker.int(0, letters.length - 1)]!;
  return `${letter()}${letter()}${picker.int(1, 20)} ${picker.int(1, 9)}${letter()}${letter()}`;
}

/** A street name alone, in one of several layouts. */
export function streetName(pools: ValuePools, picker: Picker): string {
  const roll = picker.next();
  if (roll < 0.45) return `${capitalize(picker.pick(englishStreetWords))} ${picker.pick(usSuffixes)}`;
  if (roll < 0.6) return streetFromSurname(pools, picker, deSuffixes);
  if (roll < 0.7) return streetFromSurname(pools, picker, nlSuffixes);
  if (roll < 0.8) return streetFromSurname(pools, picker, nordicSuffixes);
  if (roll < 0.9)
    return `${picker.pick(itTypes)} ${capitalize(picker.pick(pools.latinGiven))} ${capitalize(picker.pick(pools.latinSurnames))}`;
  return `${picker.pick(esTypes)} ${capitalize(picker.pick(pools.latinSurnames))}`;
}

/** A full address for a country code, or a random layout. */
export function address(pools: ValuePools, picker: Picker, country?: string): string {
  const code =
    country ??
    picker.pick([
      'us',
      'us',
      'us',
      'uk',
      'de',
      'fr',
      'es',
      'it',
      'nl',
      'pt',
      'br',
      'faker',
      'faker',
      'faker',
      'nordic',
      'military',
      'corner',
    ]);
  const city = capitalize(picker.pick(pools.cities));
  const separator = picker.chance(0.25) ? '\n' : ', ';
  switch (code) {
    case 'us': {
      const unit = picker.chance(0.3) ? ` ${picker.pick(unitWords)} ${picker.int(1, 999)}` : '';
      return `${picker.int(1, 99999)} ${capitalize(picker.pick(englishStreetWords))} ${picker.pick(usSuffixes)}${unit}${separator}${city}, ${picker.pick(usStates)} ${zip(picker, 5)}`;
    }
    case 'uk':
      return `${picker.chance(0.2) ? `Flat ${picker.int(1, 40)}, ` : ''}${picker.int(1, 250)} ${capitalize(picker.pick(englishStreetWords))} ${picker.pick(ukSuffixes)}${separator}${city} ${ukPostcode(picker)}`;
    case 'de':
      return `${streetFromSurname(pools, picker, deSuffixes)} ${picker.int(1, 180)}${picker.chance(0.15) ? 'a' : ''}${separator}${zip(picker, 5)} ${city}`;
    case 'nl':
      return `${streetFromSurname(pools, picker, nlSuffixes)} ${picker.int(1, 300)}${separator}${zip(picker, 4)} ${String.fromCharCode(65 + picker.int(0, 25))}${String.fromCharCode(65 + picker.int(0, 25))} ${city}`;
    case 'nordic':
      return `${streetFromSurname(pools, picker, nordicSuffixes)} ${picker.int(1, 90)}${separator}${zip(picker, 5)} ${city.toUpperCase()}`;
    case 'fr':
      return `${picker.int(1, 200)}${picker.chance(0.1) ? ' bis' : ''} ${picker.pick(frTypes)} ${picker.pick(['de la', 'des', 'du', 'de'])} ${capitalize(picker.pick(pools.latinSurnames))}${separator}${zip(picker, 5)} ${city}`;
    case 'es':
      return `${picker.pick(esTypes)} ${capitalize(picker.pick(pools.latinSurnames))}, ${picker.int(1, 150)}${picker.chance(0.4) ? `, ${picker.int(1, 9)}º ${String.fromCharCode(65 + picker.int(0, 3))}` : ''}${separator}${zip(picker, 5)} ${city}`;
    case 'it':
      return `${picker.pick(itTypes)} ${capitalize(picker.pick(pools.latinGiven))} ${capitalize(picker.pick(pools.latinSurnames))} ${picker.int(1, 200)}${separator}${zip(picker, 5)} ${city} (${String.fromCharCode(65 + picker.int(0, 25))}${String.fromCharCode(65 + picker.int(0, 25))})`;
    case 'pt':
      return `${picker.pick(ptTypes)} ${picker.pick(['de', 'da', 'do', 'dos'])} ${capitalize(picker.pick(pools.latinSurnames))}, ${picker.int(1, 300)}${separator}${zip(picker, 4)}-${zip(picker, 3)} ${city}`;
    case 'br':
      return `${picker.pick(ptTypes)} ${capitalize(picker.pick(pools.latinGiven))} ${capitalize(picker.pick(pools.latinSurnames))}, ${picker.int(1, 3000)} - ${capitalize(picker.pick(pools.latinSurnames))}${separator}${city} - ${String.fromCharCode(65 + picker.int(0, 25))}${String.fromCharCode(65 + picker.int(0, 25))}, ${zip(picker, 5)}-${zip(picker, 3)}`;
    case 'jp':
      return `〒${zip(picker, 3)}-${zip(picker, 4)} ${picker.pick(jpPrefectures)}${picker.pick(jpWards)}${picker.pick(jpTowns)}${picker.int(1, 9)}-${picker.int(1, 30)}-${picker.int(1, 20)}`;
    case 'cn':
      return `${picker.pick(cnCities)}${picker.pick(cnDistricts)}${picker.pick(cnRoads)}${picker.int(1, 999)}号`;
    case 'ru':
      return `${picker.pick(ruTypes)} ${picker.pick(ruStreetNames)}, д. ${picker.int(1, 120)}, кв. ${picker.int(1, 300)}, ${picker.pick(ruCities)}, ${zip(picker, 6)}`;
    case 'military': {
      // US military mail: PSC/Unit + Box, then APO/FPO/DPO + region + ZIP; ships as USNS/USS/USCGC + name.
      const region = picker.pick(['AA', 'AE', 'AP']);
      const first = picker.pick([
        `PSC ${zip(picker, 4)}, Box ${zip(picker, 4)}`,
        `Unit ${zip(picker, 4)} Box ${zip(picker, 4)}`,
        `${picker.pick(['USNS', 'USS', 'USCGC', 'USNV'])} ${capitalize(picker.pick(pools.latinSurnames))}`,
      ]);
      return `${first}${picker.chance(0.6) ? '\n' : ' '}${picker.pick(['APO', 'FPO', 'DPO'])} ${region} ${zip(picker, 5)}`;
    }
    case 'corner':
      return `the corner of ${streetName(pools, picker)}${picker.chance(0.5) ? ` ${picker.int(1, 200)}` : ''} and ${streetName(pools, picker)}`;
    default: {
      // The layout of Faker's en_US address with any locale's street and city.
      const unit = picker.chance(0.4) ? ` ${picker.pick(unitWords)} ${picker.int(1, 999)}` : '';
      const street = picker.chance(0.5)
        ? streetFromSurname(pools, picker, nordicSuffixes)
        : `${capitalize(picker.pick(pools.latinSurnames))} ${picker.pick(usSuffixes)}`;
      const lines = [`${picker.int(1, 99999)} ${street} ${picker.int(1, 99)}`];
      if (unit) lines.push(unit.trim());
      lines.push(picker.chance(0.3) ? city.toUpperCase() : city);
      if (picker.chance(0.5)) lines.push(picker.pick(usStates));
      if (picker.chance(0.6))
        lines.push(`${capitalize(picker.pick(pools.countries))}${picker.chance(0.7) ? ` ${zip(picker, 5)}` : ''}`);
      return lines.join(picker.chance(0.5) ? '\n' : ', ');
    }
  }
}

/** Organisation-like names (negatives for PERSON). */
export function organization(pools: ValuePools, picker: Picker): string {
  const roll = picker.next();
  const surname = capitalize(picker.pick(pools.latinSurnames));
  if (roll < 0.3)
    return `${surname} ${picker.pick(['Ltd.', 'Inc.', 'GmbH', 'LLC', 'S.A.', 'and Sons', 'Group', 'PLC'])}`;
  if (roll < 0.5)
    return `${surname}, ${capitalize(picker.pick(pools.latinSurnames))} and ${capitalize(picker.pick(pools.latinSurnames))}`;
  return `${capitalize(picker.pick(['global', 'blue', 'north', 'bright', 'smart', 'green', 'quantum', 'silver', 'first']))}${capitalize(picker.pick(['tech', 'works', 'labs', 'systems', 'logistics', 'media', 'foods', 'energy']))}`;
}

/** A date string in a random common format. */
export function dateString(picker: Picker): string {
  const year = picker.int(1950, 2030);
  const month = picker.int(1, 12);
  const day = picker.int(1, 28);
  const months = [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ];
  const roll = picker.next();
  if (roll < 0.3) return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (roll < 0.6) return `${month}/${day}/${year}`;
  return `${day} ${months[month - 1]} ${year}`;
}

/** A phone number in one of several national layouts. */
export function phoneNumber(picker: Picker): string {
  const digits = (count: number) => zip(picker, count);
  return picker.pick([
    () => `(${digits(3)}) ${digits(3)}-${digits(4)}`,
    () => `+44 20 ${digits(4)} ${digits(4)}`,
    () => `+49 30 ${digits(8)}`,
    () => `0${digits(1)} ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)}`,
    () => `${digits(3)}.${digits(3)}.${digits(4)}`,
    () => `+1-${digits(3)}-${digits(3)}-${digits(4)}`,
  ])();
}
