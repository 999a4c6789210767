/*
 * Format-preserving synthetic surrogates: a fake value of the same kind and layout, derived
 * deterministically from a seed (an HMAC of the original), so the same value always gets the same
 * surrogate. Surrogates are chosen to be recognisably fake where a reserved range exists
 * (example.com, TEST-NET addresses, SSN area 9xx).
 */

const givenNames = [
  'Alex',
  'Sam',
  'Jordan',
  'Taylor',
  'Morgan',
  'Casey',
  'Robin',
  'Jamie',
  'Avery',
  'Riley',
  'Quinn',
  'Rowan',
  'Emery',
  'Hayden',
  'Kendall',
  'Parker',
];
const surnames = [
  'Smith',
  'Moreau',
  'Keller',
  'Rossi',
  'Novak',
  'Silva',
  'Tanaka',
  'Larsen',
  'Garcia',
  'Nowak',
  'Weber',
  'Dubois',
  'Jensen',
  'Costa',
  'Fischer',
  'Martin',
];

/** A deterministic stream of pseudo-random integers from seed bytes (xorshift32). */
class SeededRandom {
  private state: number;

  constructor(seed: Uint8Array) {
    let state = 0x9e3779b9;
    for (const byte of seed) state = Math.imul(state ^ byte, 0x01000193) >>> 0 || 1;
    this.state = state || 1;
  }

  next(bound: number): number {
    let state = this.state;
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    this.state = state;
    return state % bound;
  }
}

/** Luhn check digit for a digit string (without the check digit). */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * True when a digit string passes the Luhn check.
 *
 * @example
 * isLuhnValid('4111111111111111'); // true
 */
export function isLuhnValid(digits: string): boolean {
  return digits.length > 1 && luhnCheckDigit(digits.slice(0, -1)) === Number(digits[digits.length - 1]);
}

/** ISO 13616 mod-97 remainder of an IBAN (letters as numbers, first four characters moved last). */
export function ibanRemainder(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const character of rearranged.toUpperCase()) {
    const code = character.charCodeAt(0);
    const value = code >= 65 && code <= 90 ? String(code - 55) : character;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder;
}

function replaceDigits(value: string, random: SeededRandom, keep: number): string {
  let seen = 0;
  let result = '';
  for (const character of value) {
    if (character >= '0' && character <= '9') {
      result += seen < keep ? character : String(random.next(10));
      seen += 1;
    } else {
      result += character;
    }
  }
  return result;
}

function syntheticCard(value: string, random: SeededRandom): string {
  const digits = value.replace(/\D/g, '');
  if (digits.length < 12) return syntheticGeneric(value, random);
  const prefix = digits.slice(0, 2);
  let body = prefix;
  while (body.length < digits.length - 1) body += String(random.next(10));
  let card = body + String(luhnCheckDigit(body));
  if (card === digits) {
    body = `${body.slice(0, -1)}${(Number(body[body.length - 1]) + 1) % 10}`;
    card = body + String(luhnCheckDigit(body));
  }
  let index = 0;
  let result = '';
  for (const character of value) {
    if (character >= '0' && character <= '9') {
      result += card[index] ?? character;
      index += 1;
    } else {
      result += character;
    }
  }
  return result;
}

function syntheticIban(value: string, random: SeededRandom): string {
  const compact = value.replace(/\s/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{4,}$/.test(compact)) return syntheticGeneric(value, random);
  let bban = '';
  for (const character of compact.slice(4)) {
    bban += character >= '0' && character <= '9' ? String(random.next(10)) : String.fromCharCode(65 + random.next(26));
  }
  const country = compact.slice(0, 2);
  const check = 98 - ibanRemainder(`${country}00${bban}`);
  const iban = `${country}${String(check).padStart(2, '0')}${bban}`;
  let index = 0;
  let result = '';
  for (const character of value) {
    if (/\s/.test(character)) {
      result += character;
    } else {
      result += iban[index] ?? '';
      index += 1;
    }
  }
  return result;
}

function syntheticName(value: string, random: SeededRandom): string {
  const words = value.trim().split(/\s+/);
  const given = givenNames[random.next(givenNames.length)] ?? 'Alex';
  const family = surnames[random.next(surnames.length)] ?? 'Smith';
  const name = words.length <= 1 ? family : `${given} ${family}`;
  return value === value.toUpperCase() && /[A-Z]/.test(value) ? name.toUpperCase() : name;
}

function syntheticEmail(random: SeededRandom): string {
  const given = (givenNames[random.next(givenNames.length)] ?? 'alex').toLowerCase();
  const family = (surnames[random.next(surnames.length)] ?? 'smith').toLowerCase();
  return `${given}.${family}${random.next(1000)}@example.com`;
}

function syntheticIp(value: string, random: SeededRandom): string {
  if (value.includes(':')) return `2001:db8::${random.next(0xffff).toString(16)}`;
  const networks = ['192.0.2', '198.51.100', '203.0.113'];
  return `${networks[random.next(networks.length)]}.${1 + random.next(254)}`;
}

function syntheticSsn(value: string, random: SeededRandom): string {
  const replaced = replaceDigits(value, random, 0);
  // Area numbers 900-999 are never issued: the surrogate cannot be a real SSN.
  const firstDigit = replaced.search(/\d/);
  return firstDigit < 0 ? replaced : `${replaced.slice(0, firstDigit)}9${replaced.slice(firstDigit + 1)}`;
}

function syntheticGeneric(value: string, random: SeededRandom): string {
  let result = '';
  for (const character of value) {
    if (character >= '0' && character <= '9') result += String(random.next(10));
    else if (character >= 'a' && character <= 'z') result += String.fromCharCode(97 + random.next(26));
    else if (character >= 'A' && character <= 'Z') result += String.fromCharCode(65 + random.next(26));
    else result += character;
  }
  return result;
}

/**
 * A fake value with the layout of `value` for an entity type, deterministic in `seed`.
 *
 * @example
 * syntheticValue('CREDIT_CARD', '4111 1111 1111 1111', seed); // → '4173 0392 8812 6605' (Luhn-valid)
 */
export function syntheticValue(entity: string, value: string, seed: Uint8Array): string {
  const random = new SeededRandom(seed);
  switch (entity) {
    case 'CREDIT_CARD':
      return syntheticCard(value, random);
    case 'IBAN':
      return syntheticIban(value, random);
    case 'PERSON':
      return syntheticName(value, random);
    case 'EMAIL':
    case 'EMAIL_ADDRESS':
      return syntheticEmail(random);
    case 'IP_ADDRESS':
      return syntheticIp(value, random);
    case 'US_SSN':
      return syntheticSsn(value, random);
    case 'PHONE':
    case 'PHONE_NUMBER':
      return replaceDigits(value, random, value.trimStart().startsWith('+') ? 2 : 1);
    default:
      return syntheticGeneric(value, random);
  }
}
