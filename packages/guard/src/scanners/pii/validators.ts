/**
 * Checksum and structure validators for identifiers. Each takes the matched text (separators
 * allowed) and answers whether it can be a real, issued value. Pure functions, no allocation-heavy
 * work: they run on every candidate.
 */

/** Keeps only ASCII digits. */
export function digitsOf(value: string): string {
  let out = '';
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code >= 48 && code <= 57) out += value[index];
  }
  return out;
}

/** Keeps only ASCII letters and digits, upper-cased. */
export function alphanumericOf(value: string): string {
  let out = '';
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if ((code >= 48 && code <= 57) || (code >= 65 && code <= 90)) out += value[index];
    else if (code >= 97 && code <= 122) out += String.fromCharCode(code - 32);
  }
  return out;
}

/**
 * Luhn (mod 10) check over the digits of `value`.
 *
 * @example
 * luhn('4111 1111 1111 1111'); // true
 */
export function luhn(value: string): boolean {
  const digits = digitsOf(value);
  if (digits.length < 2) return false;
  let sum = 0;
  let double = false;
  for (let index = digits.length - 1; index >= 0; index -= 1) {
    let digit = digits.charCodeAt(index) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

/** A run of one repeated digit or an ascending run like 123456789: typical placeholders. */
export function isTrivialNumber(digits: string): boolean {
  if (digits.length === 0) return true;
  if (/^(\d)\1*$/.test(digits)) return true;
  let ascending = true;
  let descending = true;
  for (let index = 1; index < digits.length; index += 1) {
    const step = digits.charCodeAt(index) - digits.charCodeAt(index - 1);
    if (step !== 1 && step !== -9) ascending = false;
    if (step !== -1 && step !== 9) descending = false;
  }
  return ascending || descending;
}

/** Card network for a number, by issuer prefix and length; undefined when no network matches. */
export function cardNetwork(digits: string): string | undefined {
  const length = digits.length;
  const two = Number(digits.slice(0, 2));
  const three = Number(digits.slice(0, 3));
  const four = Number(digits.slice(0, 4));
  const six = Number(digits.slice(0, 6));
  if (digits.startsWith('4') && (length === 13 || length === 16 || length === 19)) return 'visa';
  if (((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) && length === 16) return 'mastercard';
  if ((two === 34 || two === 37) && length === 15) return 'amex';
  if (
    (digits.startsWith('6011') ||
      digits.startsWith('65') ||
      (three >= 644 && three <= 649) ||
      (six >= 622126 && six <= 622925)) &&
    length >= 16 &&
    length <= 19
  ) {
    return 'discover';
  }
  // JCB's assigned range is 3528–3589; test generators (Faker) use all of 35xx, so accept 3500–3599.
  if (four >= 3500 && four <= 3599 && length >= 16 && length <= 19) return 'jcb';
  if ((four === 2131 || four === 1800) && length === 15) return 'jcb';
  if ((three >= 300 && three <= 305) || two === 36 || two === 38 || two === 39) {
    if (length >= 14 && length <= 19) return 'diners';
  }
  if (two === 62 && length >= 16 && length <= 19) return 'unionpay';
  if ((two === 50 || (two >= 56 && two <= 69) || digits.startsWith('0604')) && length >= 12 && length <= 19)
    return 'maestro';
  return undefined;
}

/**
 * A payment card number: known network prefix and length, Luhn-valid, not a placeholder.
 *
 * @example
 * isCreditCard('4111-1111-1111-1111'); // true (test number, valid checksum)
 */
export function isCreditCard(value: string): boolean {
  const digits = digitsOf(value);
  if (digits.length < 12 || digits.length > 19) return false;
  if (isTrivialNumber(digits)) return false;
  return cardNetwork(digits) !== undefined && luhn(digits);
}

/** IBAN lengths per country (SWIFT registry). */
const ibanLengths: Readonly<Record<string, number>> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MR: 27,
  MT: 31,
  MU: 30,
  NL: 18,
  NO: 15,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  SA: 24,
  SC: 31,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
};

/**
 * ISO 13616 IBAN: known country, its length, and mod-97 = 1.
 *
 * @example
 * isIban('DE89 3704 0044 0532 0130 00'); // true
 */
export function isIban(value: string): boolean {
  const compact = alphanumericOf(value);
  const country = compact.slice(0, 2);
  const expected = ibanLengths[country];
  if (expected === undefined || compact.length !== expected) return false;
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(compact)) return false;
  return mod97(compact.slice(4) + compact.slice(0, 4)) === 1;
}

/** Remainder of a base-36 alphanumeric string read as a decimal number, mod 97. */
export function mod97(value: string): number {
  let remainder = 0;
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    const number = code <= 57 ? code - 48 : code - 55;
    remainder = number >= 10 ? (remainder * 100 + number) % 97 : (remainder * 10 + number) % 97;
  }
  return remainder;
}

/**
 * US Social Security Number by SSA rules: area not 000, 666 or 900–999; group not 00; serial not
 * 0000; not an advertised or placeholder number.
 *
 * @example
 * isUsSsn('536-22-1234'); // true
 * isUsSsn('000-12-3456'); // false
 */
export function isUsSsn(value: string): boolean {
  const digits = digitsOf(value);
  if (digits.length !== 9) return false;
  const area = Number(digits.slice(0, 3));
  const group = Number(digits.slice(3, 5));
  const serial = Number(digits.slice(5));
  if (area === 0 || area === 666 || area >= 900 || group === 0 || serial === 0) return false;
  if (digits === '078051120' || digits === '219099999' || digits === '457555462') return false;
  return !isTrivialNumber(digits);
}

/**
 * UK NHS number: 10 digits, mod-11 check digit.
 *
 * @example
 * isUkNhs('943 476 5919'); // true
 */
export function isUkNhs(value: string): boolean {
  const digits = digitsOf(value);
  if (digits.length !== 10 || isTrivialNumber(digits)) return false;
  let sum = 0;
  for (let index = 0; index < 9; index += 1) sum += (digits.charCodeAt(index) - 48) * (10 - index);
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  if (check === 10) return false;
  return check === digits.charCodeAt(9) - 48;
}

/** UK National Insurance number prefixes and letters per HMRC rules. */
export function isUkNino(value: string): boolean {
  const compact = alphanumericOf(value);
  if (!/^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/.test(compact)) return false;
  const prefix = compact.slice(0, 2);
  return !['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'].includes(prefix);
}

const verhoeffMultiplication = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const verhoeffPermutation = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

/** Verhoeff checksum over the digits of `value`. */
export function verhoeff(value: string): boolean {
  const digits = digitsOf(value);
  let check = 0;
  for (let index = 0; index < digits.length; index += 1) {
    const digit = digits.charCodeAt(digits.length - 1 - index) - 48;
    check = verhoeffMultiplication[check]![verhoeffPermutation[index % 8]![digit]!]!;
  }
  return digits.length > 0 && check === 0;
}

/**
 * Indian Aadhaar: 12 digits, first digit 2–9, Verhoeff check digit.
 *
 * @example
 * isInAadhaar('2341 2341 2346'); // true
 */
export function isInAadhaar(value: string): boolean {
  const digits = digitsOf(value);
  if (digits.length !== 12 || digits[0] === '0' || digits[0] === '1' || isTrivialNumber(digits)) return false;
  return verhoeff(digits);
}

/** Indian PAN: AAAPA9999A, fourth letter a known holder type. */
export function isInPan(value: string): boolean {
  return /^[A-Z]{3}[ABCFGHJLPT][A-Z]\d{4}[A-Z]$/.test(value) && !/^(\d)\1{3}$/.test(value.slice(5, 9));
}

const nifLetters = 'TRWAGMYFPDXBNJZSQVHLCKE';

/**
 * Spanish DNI/NIF: 8 digits and the mod-23 letter.
 *
 * @example
 * isEsNif('12345678Z'); // true
 */
export function isEsNif(value: string): boolean {
  const compact = alphanumericOf(value);
  if (!/^\d{8}[A-Z]$/.test(compact)) return false;
  return nifLetters[Number(compact.slice(0, 8)) % 23] === compact[8];
}

/** Spanish NIE: X/Y/Z, 7 digits and the mod-23 letter. */
export function isEsNie(value: string): boolean {
  const compact = alphanumericOf(value);
  if (!/^[XYZ]\d{7}[A-Z]$/.test(compact)) return false;
  const lead = 'XYZ'.indexOf(compact[0]!);
  return nifLetters[Number(`${lead}${compact.slice(1, 8)}`) % 23] === compact[8];
}

const fiscalOdd: Readonly<Record<string, number>> = {
  '0': 1,
  '1': 0,
  '2': 5,
  '3': 7,
  '4': 9,
  '5': 13,
  '6': 15,
  '7': 17,
  '8': 19,
  '9': 21,
  A: 1,
  B: 0,
  C: 5,
  D: 7,
  E: 9,
  F: 13,
  G: 15,
  H: 17,
  I: 19,
  J: 21,
  K: 2,
  L: 4,
  M: 18,
  N: 20,
  O: 11,
  P: 3,
  Q: 6,
  R: 8,
  S: 12,
  T: 14,
  U: 16,
  V: 10,
  W: 22,
  X: 25,
  Y: 24,
  Z: 23,
};

/**
 * Italian codice fiscale: 16 characters in the fixed layout and the check character.
 *
 * @example
 * isItFiscalCode('RSSMRA85T10A562S'); // true
 */
export function isItFiscalCode(value: string): boolean {
  const compact = value.toUpperCase();
  if (!/^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/.test(compact)) {
    return false;
  }
  let sum = 0;
  for (let index = 0; index < 15; index += 1) {
    const character = compact[index]!;
    if (index % 2 === 0) sum += fiscalOdd[character] ?? 0;
    else sum += character <= '9' ? character.charCodeAt(0) - 48 : character.charCodeAt(0) - 65;
  }
  return String.fromCharCode(65 + (sum % 26)) === compact[15];
}

/**
 * Canadian Social Insurance Number: 9 digits, Luhn, first digit not 0 or 8.
 *
 * @example
 * isCaSin('046 454 286'); // true
 */
export function isCaSin(value: string): boolean {
  const digits = digitsOf(value);
  if (digits.length !== 9 || digits[0] === '0' || digits[0] === '8' || isTrivialNumber(digits)) return false;
  return luhn(digits);
}

/**
 * German tax identification number (Steuer-IdNr): 11 digits, no leading zero, in the first ten
 * digits exactly one digit repeated (twice or three times), ISO 7064 MOD 11,10 check digit.
 *
 * @example
 * isDeTaxId('86095742719'); // true
 */
export function isDeTaxId(value: string): boolean {
  const digits = digitsOf(value);
  if (digits.length !== 11 || digits[0] === '0') return false;
  const counts = new Map<string, number>();
  for (const digit of digits.slice(0, 10)) counts.set(digit, (counts.get(digit) ?? 0) + 1);
  const repeated = [...counts.values()].filter((count) => count > 1);
  if (repeated.length !== 1 || (repeated[0] !== 2 && repeated[0] !== 3)) return false;
  let product = 10;
  for (let index = 0; index < 10; index += 1) {
    let sum = (digits.charCodeAt(index) - 48 + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  let check = 11 - product;
  if (check === 10) check = 0;
  return check === digits.charCodeAt(10) - 48;
}

/**
 * Validators that policies can name for custom recognizers.
 *
 * @example
 * namedValidators.luhn('4111111111111111'); // true
 */
export const namedValidators = {
  luhn,
  mod97: (value: string) => mod97(alphanumericOf(value)) === 1,
  iban: isIban,
  verhoeff,
  'credit-card': isCreditCard,
  'us-ssn': isUsSsn,
  'uk-nhs': isUkNhs,
  'uk-nino': isUkNino,
  'in-aadhaar': isInAadhaar,
  'es-nif': isEsNif,
  'es-nie': isEsNie,
  'it-fiscal-code': isItFiscalCode,
  'ca-sin': isCaSin,
  'de-tax-id': isDeTaxId,
} as const satisfies Record<string, (value: string) => boolean>;

/** Name of a validator a policy can reference. */
export type ValidatorName = keyof typeof namedValidators;
