import { createPatternRecognizer, hasDigit, type MatchVerdict } from './pattern-recognizer.js';
import { hasContext, type Recognizer } from './recognizer.js';
import {
  alphanumericOf,
  digitsOf,
  isCaSin,
  isCreditCard,
  isDeTaxId,
  isEsNie,
  isEsNif,
  isIban,
  isInAadhaar,
  isInPan,
  isItFiscalCode,
  isTrivialNumber,
  isUkNhs,
  isUkNino,
  isUsSsn,
} from './validators.js';

// Every pattern starts with a negative lookbehind on its own leading class, so the engine gives up
// in O(1) at positions inside a token; all repetitions are bounded. Linear on adversarial input.

const email = createPatternRecognizer({
  id: 'email',
  entity: 'EMAIL',
  pattern:
    /(?<![\p{L}\p{N}_.%+-])[\p{L}\p{N}][\p{L}\p{N}_.%+-]{0,63}@[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,62}[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,62}[\p{L}\p{N}])?){0,8}\.\p{L}{2,24}(?![\p{L}\p{N}_@-])/gu,
  score: 0.95,
  quickCheck: (lower) => lower.includes('@'),
  validate: (value) => {
    const local = value.slice(0, value.indexOf('@'));
    if (local.includes('..') || local.endsWith('.')) return false;
    const domain = value.slice(value.indexOf('@') + 1).toLowerCase();
    // Placeholders: you@example, user@domain.com, your.name@…, firstname.lastname@…
    if (
      /^(?:your[._-]?(?:name|email|mail|address)|first[._-]?last|firstname[._-]?lastname|name[._-]?surname|xxx+)$/.test(
        local.toLowerCase(),
      )
    ) {
      return false;
    }
    if (
      /^(?:your|you|user|username|name|email|someone|xxx+)$/.test(local.toLowerCase()) &&
      /^(?:domain|example|company|email|mail|xxx+)\./.test(domain)
    ) {
      return false;
    }
    return 0.95;
  },
});

const phoneContext = [
  'phone',
  'tel',
  'telephone',
  'mobile',
  'cell',
  'call',
  'fax',
  'whatsapp',
  'sms',
  'text me',
  'contact',
  'reach me',
  'reach',
  'reach you',
  'dial',
  'ring',
  'answering',
  'number',
  'office',
  'landline',
  'téléphone',
  'portable',
  'telefon',
  'handy',
  'teléfono',
  'móvil',
  'telefono',
  'cellulare',
  'telefone',
  'celular',
  'telefoonnummer',
  'mobiel',
  'телефон',
  'тел',
  '電話',
  '电话',
  '手机',
  'फ़ोन',
];

const yearLike = /^(?:19|20)\d{2}$/;

function validatePhone(value: string, text: string, start: number): MatchVerdict {
  let core = value;
  let extension = '';
  const extensionMatch = /\s?(?:x|ext\.?|extension)\s?\d{1,6}$/i.exec(core);
  if (extensionMatch) {
    extension = extensionMatch[0];
    core = core.slice(0, core.length - extension.length);
  }
  const digits = digitsOf(core);
  const international = core.startsWith('+') || core.startsWith('00');
  if (digits.length < (international ? 8 : 7) || digits.length > 15) return false;
  if (isTrivialNumber(digits)) return false;
  const open = core.split('(').length - 1;
  const close = core.split(')').length - 1;
  if (open !== close) return false;
  if (open > 0 && core.indexOf('(') > core.indexOf(')')) return false;
  const groups = core.split(/[^\d]+/).filter((group) => group.length > 0);
  // Dates (2024-05-12, 12/05/2024, 12.05.2024), times and version strings.
  if (/^\d{1,4}[-./]\d{1,2}[-./]\d{1,4}$/.test(core)) return false;
  if (/^(?:19|20)\d{2}[-./]\d{1,2}[-./]\d{1,2}\b|^\d{1,2}[-./]\d{1,2}[-./](?:19|20)\d{2}\b/.test(core)) return false;
  if (text[start + value.length] === ':') return false;
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(core)) return false;
  if (core.includes('.') && groups.some((group) => group.length === 1)) return false;
  if (groups.length > 1 && groups.every((group) => yearLike.test(group))) return false;
  // Thousands separators: 1 234 567, 12,345,678, 1.234.567.
  // Thousands separators (1 234 567, 12,345,678): only with a phone word nearby.
  const thousands = !international && /^\d{1,3}(?:[ ,.]\d{3})+$/.test(core) && !/^0/.test(core);
  if (thousands && !core.includes(' ')) return false;
  // SSN layout (3-2-4) belongs to the SSN recognizer unless written internationally.
  if (!international && /^\d{3}-\d{2}-\d{4}$/.test(core)) return false;
  // ISBN-13 with valid check digit.
  if ((digits.startsWith('978') || digits.startsWith('979')) && digits.length === 13 && isbn13(digits)) return false;
  const separated = groups.length > 1;
  const nextCharacter = text[start + value.length];
  if (nextCharacter === '%' || nextCharacter === '€' || nextCharacter === '$') return false;
  const previous = text.slice(Math.max(0, start - 2), start);
  if (/[$€£¥]\s?$/.test(previous)) return false;
  // The tail of an IBAN-like group sequence (GB82 WEST 1234 …).
  if (/[A-Za-z]{2}\d{2}(?: [A-Za-z0-9]{4}){1,2} $/.test(text.slice(Math.max(0, start - 16), start))) return false;
  if (international) return 0.7;
  if (core.startsWith('(') || core.includes(')')) return 0.65;
  if (thousands) return 0.3;
  if (separated) return digits.length >= 9 || groups.length >= 3 ? 0.6 : 0.4;
  return 0.25;
}

function isbn13(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < 12; index += 1) sum += (digits.charCodeAt(index) - 48) * (index % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10 === digits.charCodeAt(12) - 48;
}

const phone = createPatternRecognizer({
  id: 'phone',
  entity: 'PHONE',
  pattern:
    /(?<![\w+(.\-/])(?:\+|\(\+?)?\d[\d \u00a0().-]{5,24}\d(?:\s?(?:x|ext\.?|extension)\s?\d{1,6})?(?![\w/]|-\d|[.,]\d)/g,
  score: 0.6,
  quickCheck: hasDigit,
  validate: validatePhone,
  context: phoneContext,
  contextBoost: 0.25,
  contextWindow: [40, 16],
});

const creditCard = createPatternRecognizer({
  id: 'credit-card',
  entity: 'CREDIT_CARD',
  pattern:
    /(?<![\w+.,-])(?:\d{4}[ -]\d{6}[ -]\d{4,5}|\d{4}([ -])\d{4}\1\d{4}\1\d{1,4}(?:\1\d{1,4})?|\d{12,19})(?![\w-]|[.,]\d)/g,
  score: 0.9,
  quickCheck: hasDigit,
  validate: (value) => {
    return isCreditCard(value) ? 0.9 : false;
  },
  context: ['card', 'credit', 'debit', 'visa', 'mastercard', 'amex', 'cc', 'kreditkarte', 'carte', 'tarjeta', 'carta'],
  contextBoost: 0.1,
});

const ssnContext = ['ssn', 'social security', 'social', 'ss#', 'ss #', 'taxpayer', 'tin', 'itin'];
const usSsn = createPatternRecognizer({
  id: 'us-ssn',
  entity: 'US_SSN',
  pattern: /(?<![\w+.-])\d{3}([- ]?)\d{2}\1\d{4}(?![\w-]|[.,]\d)/g,
  score: 0.6,
  quickCheck: hasDigit,
  validate: (value) => {
    if (!isUsSsn(value)) return false;
    if (value.includes('-')) return 0.65;
    if (value.includes(' ')) return 0.4;
    return 0.2;
  },
  context: ssnContext,
  contextBoost: 0.3,
});

const iban = createPatternRecognizer({
  id: 'iban',
  entity: 'IBAN',
  pattern: /(?<![\w])[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]{4}){2,7}(?:[ ]?[A-Za-z0-9]{1,4})?(?![\w])/g,
  score: 0.95,
  quickCheck: hasDigit,
  validate: (value) => (isIban(value) ? 0.95 : false),
});

const ipContext = [
  'ip',
  'ip address',
  'host',
  'server',
  'dns',
  'gateway',
  'router',
  'address',
  'ping',
  'connect',
  'subnet',
];

const ipv4 = createPatternRecognizer({
  id: 'ipv4',
  entity: 'IP_ADDRESS',
  pattern: /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?:\/\d{1,2})?(?![\w]|\.\d)/g,
  score: 0.8,
  quickCheck: (lower) => lower.includes('.'),
  validate: (value, text, start) => {
    const [address] = value.split('/');
    const octets = (address ?? '').split('.');
    for (const octet of octets) {
      if (Number(octet) > 255 || (octet.length > 1 && octet.startsWith('0'))) return false;
    }
    // Loopback, unspecified and broadcast addresses identify no one.
    if (octets[0] === '127' || address === '0.0.0.0' || address === '255.255.255.255') return false;
    const lower = text.toLowerCase();
    const before = lower.slice(Math.max(0, start - 24), start);
    if (/\b(?:v|version|release|build|firmware|ver\.?|update|upgrade(?: to)?|patch)\s{0,2}$/.test(before)) return false;
    if (octets.every((octet) => octet.length === 1)) {
      return hasContext(lower, start, start + value.length, ipContext, 32, 16) ? 0.6 : false;
    }
    return 0.8;
  },
  context: ipContext,
  contextBoost: 0.1,
});

function isIpv6(value: string): boolean {
  let address = value;
  const zone = address.indexOf('%');
  if (zone !== -1) address = address.slice(0, zone);
  let groupsNeeded = 8;
  const lastColon = address.lastIndexOf(':');
  const tail = address.slice(lastColon + 1);
  if (tail.includes('.')) {
    const octets = tail.split('.');
    if (octets.length !== 4 || octets.some((octet) => !/^\d{1,3}$/.test(octet) || Number(octet) > 255)) return false;
    address = `${address.slice(0, lastColon + 1)}0:0`;
  }
  const doubleColon = address.indexOf('::');
  if (doubleColon !== address.lastIndexOf('::')) return false;
  const parts = doubleColon === -1 ? address.split(':') : [];
  if (doubleColon === -1) {
    if (parts.length !== groupsNeeded) return false;
    return parts.every((part) => /^[0-9a-fA-F]{1,4}$/.test(part));
  }
  const left = address.slice(0, doubleColon);
  const right = address.slice(doubleColon + 2);
  const leftParts = left === '' ? [] : left.split(':');
  const rightParts = right === '' ? [] : right.split(':');
  groupsNeeded -= 1;
  if (leftParts.length + rightParts.length > groupsNeeded) return false;
  if (![...leftParts, ...rightParts].every((part) => /^[0-9a-fA-F]{1,4}$/.test(part))) return false;
  // "::" alone, or C++ scope "std::vector" is not an address.
  return leftParts.length + rightParts.length >= 1;
}

const ipv6 = createPatternRecognizer({
  id: 'ipv6',
  entity: 'IP_ADDRESS',
  pattern:
    /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?:%[0-9A-Za-z]{1,15})?(?![\w:])/g,
  score: 0.8,
  quickCheck: (lower) => lower.includes(':'),
  validate: (value) => {
    if (!isIpv6(value)) return false;
    // Times (10:30:00) and plain decimals with colons are not addresses.
    if (!value.includes('::') && /^[\d:]+$/.test(value) && value.split(':').every((part) => part.length <= 2))
      return false;
    if (value.endsWith(':') && !value.endsWith('::')) return false;
    return 0.8;
  },
});

const url = createPatternRecognizer({
  id: 'url',
  entity: 'URL',
  pattern: /(?<![\w@/.-])(?:https?:\/\/|ftp:\/\/|www\.)[^\s<>"'`{}|\\^\u3000-\u303f]{2,2048}/gi,
  score: 0.6,
  quickCheck: (lower) => lower.includes('http') || lower.includes('www.') || lower.includes('ftp:'),
  validate: (value) => {
    if (/^(?:https?:\/\/|ftp:\/\/)?(?:www\.)?(?:example\.(?:com|org|net)|localhost)(?:[/:?#]|$)/i.test(value))
      return false;
    return 0.6;
  },
});

// URLs may end in punctuation that belongs to the sentence; trim it and unbalanced closers.
function trimUrl(recognizer: Recognizer): Recognizer {
  return {
    ...recognizer,
    find(text, lower) {
      return recognizer.find(text, lower).map((candidate) => {
        let end = candidate.end;
        for (;;) {
          const last = text[end - 1];
          if (last !== undefined && '.,;:!?\'"'.includes(last)) end -= 1;
          else if (last === ')' || last === ']') {
            const inner = text.slice(candidate.start, end);
            const opener = last === ')' ? '(' : '[';
            if (inner.split(opener).length < inner.split(last).length) end -= 1;
            else break;
          } else break;
        }
        return end === candidate.end ? candidate : { ...candidate, end };
      });
    },
  };
}

const passportContext = [
  'passport',
  'passport no',
  'passport number',
  'reisepass',
  'passeport',
  'pasaporte',
  'passaporto',
  'passaporte',
  'paspoort',
  'паспорт',
  '旅券',
  '护照',
];

const usPassport = createPatternRecognizer({
  id: 'us-passport',
  entity: 'US_PASSPORT',
  pattern: /(?<![\w-])[A-Za-z]?\d{8,9}(?![\w-])/g,
  score: 0.1,
  quickCheck: (lower) =>
    lower.includes('pass') || lower.includes('паспорт') || lower.includes('旅券') || lower.includes('护照'),
  validate: (value) => (isTrivialNumber(digitsOf(value)) ? false : 0.1),
  context: passportContext,
  contextBoost: 0.75,
  contextWindow: [48, 8],
});

const driverContext = [
  "driver's license",
  "driver's licence",
  'drivers license',
  'driver license',
  'driving licence',
  'driving license',
  "driver's lic",
  'dl',
  'dl#',
  'dl no',
  'license number',
  'licence number',
  'license no',
  'licence no',
  'führerschein',
  'permis de conduire',
  'carnet de conducir',
  'licencia de conducir',
  'patente',
  'carta de condução',
  'cnh',
  'rijbewijs',
  'водительское удостоверение',
  '運転免許',
  '驾驶证',
];

const driverLicense = createPatternRecognizer({
  id: 'driver-license',
  entity: 'DRIVER_LICENSE',
  pattern: /(?<![\w-])[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){4,19}(?![\w-])/g,
  score: 0.1,
  quickCheck: (lower) =>
    /licen[cs]e|\bdl\b|führerschein|permis|conducir|patente|condução|cnh|rijbewijs|удостоверение|免許|驾驶/.test(lower),
  validate: (value) => {
    const digits = digitsOf(value);
    if (digits.length < 4 || isTrivialNumber(digits)) return false;
    if (/^(?:19|20)\d{2}$/.test(value)) return false;
    return 0.1;
  },
  context: driverContext,
  contextBoost: 0.75,
  contextWindow: [48, 4],
});

const ukNino = createPatternRecognizer({
  id: 'uk-nino',
  entity: 'UK_NINO',
  pattern: /(?<![\w-])[A-Za-z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-Da-d](?![\w-])/g,
  score: 0.75,
  validate: (value) => (isUkNino(value) && value === value.toUpperCase() ? 0.75 : false),
  quickCheck: hasDigit,
  context: ['national insurance', 'nino', 'ni number', 'ni no', 'insurance number'],
  contextBoost: 0.2,
});

const ukNhs = createPatternRecognizer({
  id: 'uk-nhs',
  entity: 'UK_NHS',
  pattern: /(?<![\w+.-])\d{3}([ -]?)\d{3}\1\d{4}(?![\w-]|[.,]\d)/g,
  score: 0.3,
  quickCheck: hasDigit,
  validate: (value) => (isUkNhs(value) ? 0.3 : false),
  context: ['nhs', 'nhs number', 'nhs no', 'health service', 'patient number'],
  contextBoost: 0.6,
});

const inPan = createPatternRecognizer({
  id: 'in-pan',
  entity: 'IN_PAN',
  pattern: /(?<![\w-])[A-Z]{5}\d{4}[A-Z](?![\w-])/g,
  score: 0.45,
  quickCheck: hasDigit,
  validate: (value) => (isInPan(value) ? 0.45 : false),
  context: ['pan', 'pan card', 'permanent account', 'income tax', 'pan no', 'pan number'],
  contextBoost: 0.45,
});

const inAadhaar = createPatternRecognizer({
  id: 'in-aadhaar',
  entity: 'IN_AADHAAR',
  pattern: /(?<![\w+.-])\d{4}([ -]?)\d{4}\1\d{4}(?![\w-]|[.,]\d)/g,
  score: 0.35,
  quickCheck: hasDigit,
  validate: (value) => (isInAadhaar(value) ? 0.35 : false),
  context: ['aadhaar', 'aadhar', 'uidai', 'uid', 'आधार'],
  contextBoost: 0.6,
});

const esNif = createPatternRecognizer({
  id: 'es-nif',
  entity: 'ES_NIF',
  pattern: /(?<![\w-])\d{8}-?[A-Za-z](?![\w-])/g,
  score: 0.7,
  quickCheck: hasDigit,
  validate: (value) => (isEsNif(value.toUpperCase()) ? 0.7 : false),
  context: ['dni', 'nif', 'documento nacional', 'identidad'],
  contextBoost: 0.25,
});

const esNie = createPatternRecognizer({
  id: 'es-nie',
  entity: 'ES_NIE',
  pattern: /(?<![\w-])[XYZxyz]-?\d{7}-?[A-Za-z](?![\w-])/g,
  score: 0.75,
  quickCheck: hasDigit,
  validate: (value) => (isEsNie(value.toUpperCase()) ? 0.75 : false),
  context: ['nie', 'extranjero', 'identidad'],
  contextBoost: 0.2,
});

const itFiscalCode = createPatternRecognizer({
  id: 'it-fiscal-code',
  entity: 'IT_FISCAL_CODE',
  pattern:
    /(?<![\w-])[A-Za-z]{6}[0-9LMNPQRSTUVlmnpqrstuv]{2}[A-Za-z][0-9LMNPQRSTUVlmnpqrstuv]{2}[A-Za-z][0-9LMNPQRSTUVlmnpqrstuv]{3}[A-Za-z](?![\w-])/g,
  score: 0.9,
  quickCheck: hasDigit,
  validate: (value) => (isItFiscalCode(value) ? 0.9 : false),
  context: ['codice fiscale', 'cf', 'fiscal code', 'tax code'],
  contextBoost: 0.1,
});

const caSin = createPatternRecognizer({
  id: 'ca-sin',
  entity: 'CA_SIN',
  pattern: /(?<![\w+.-])\d{3}([ -]?)\d{3}\1\d{3}(?![\w-]|[.,]\d)/g,
  score: 0.35,
  quickCheck: hasDigit,
  validate: (value) => (isCaSin(value) ? 0.35 : false),
  context: ['sin', 'social insurance', 'nas', 'assurance sociale'],
  contextBoost: 0.55,
});

const deTaxId = createPatternRecognizer({
  id: 'de-tax-id',
  entity: 'DE_TAX_ID',
  pattern: /(?<![\w+.-])\d{2} ?\d{3} ?\d{3} ?\d{3}(?![\w-]|[.,]\d)/g,
  score: 0.4,
  quickCheck: hasDigit,
  validate: (value) => (isDeTaxId(value) ? 0.4 : false),
  context: [
    'steuer-id',
    'steuerid',
    'steuer id',
    'steuerliche identifikationsnummer',
    'identifikationsnummer',
    'idnr',
    'tax id',
    'steuernummer',
    'tin',
  ],
  contextBoost: 0.5,
});

/**
 * Regex + validator recognizers for structured identifiers (everything but PERSON, ADDRESS and
 * DATE_OF_BIRTH, which have their own recognizers).
 *
 * @example
 * const found = patternRecognizers.flatMap((recognizer) => recognizer.find(text, text.toLowerCase()));
 */
export const patternRecognizers: readonly Recognizer[] = [
  email,
  phone,
  creditCard,
  usSsn,
  iban,
  ipv4,
  ipv6,
  trimUrl(url),
  usPassport,
  driverLicense,
  ukNino,
  ukNhs,
  inPan,
  inAadhaar,
  esNif,
  esNie,
  itFiscalCode,
  caSin,
  deTaxId,
];

/** Exposed for tests of the IPv6 grammar. */
export { alphanumericOf, isIpv6 };
