import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cardNetwork,
  isCaSin,
  isCreditCard,
  isDeTaxId,
  isEsNie,
  isEsNif,
  isIban,
  isInAadhaar,
  isInPan,
  isItFiscalCode,
  isUkNhs,
  isUkNino,
  isUsSsn,
  luhn,
  mod97,
  verhoeff,
} from './validators.js';

describe('checksums', () => {
  it('luhn accepts test card numbers and rejects a changed digit', () => {
    expect(luhn('4111 1111 1111 1111')).toBe(true);
    expect(luhn('4111 1111 1111 1112')).toBe(false);
    expect(luhn('79927398713')).toBe(true);
  });

  it('luhn detects every single-digit change', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 14 }), fc.integer({ min: 1, max: 9 }), (position, delta) => {
        const digits = '4539578763621486'.split('').map(Number);
        digits[position] = (digits[position]! + delta) % 10;
        return !luhn(digits.join(''));
      }),
    );
  });

  it('mod97 and IBAN', () => {
    expect(mod97('3214282912345698765432161182')).toBe(1);
    expect(isIban('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(isIban('DE89370400440532013000')).toBe(true);
    expect(isIban('gb42nawi04454264788619')).toBe(true);
    expect(isIban('GB82 WEST 1234 5698 7654 33')).toBe(false);
    expect(isIban('DE8937040044053201300')).toBe(false);
    expect(isIban('XX89370400440532013000')).toBe(false);
  });

  it('verhoeff and Aadhaar', () => {
    expect(verhoeff('2363')).toBe(true);
    expect(verhoeff('2364')).toBe(false);
    expect(isInAadhaar('2341 2341 2346')).toBe(true);
    expect(isInAadhaar('2341 2341 2347')).toBe(false);
    expect(isInAadhaar('1341 2341 2346')).toBe(false);
  });
});

describe('payment cards', () => {
  it('knows the networks by prefix and length', () => {
    expect(cardNetwork('4111111111111111')).toBe('visa');
    expect(cardNetwork('5555555555554444')).toBe('mastercard');
    expect(cardNetwork('2223003122003222')).toBe('mastercard');
    expect(cardNetwork('378282246310005')).toBe('amex');
    expect(cardNetwork('6011111111111117')).toBe('discover');
    expect(cardNetwork('3530111333300000')).toBe('jcb');
    expect(cardNetwork('9111111111111111')).toBeUndefined();
  });

  it('needs a network, Luhn and a non-trivial number', () => {
    expect(isCreditCard('3782 822463 10005')).toBe(true);
    expect(isCreditCard('4111-1111-1111-1112')).toBe(false);
    expect(isCreditCard('0000 0000 0000 0000')).toBe(false);
  });
});

describe('national identifiers', () => {
  it('US SSN follows SSA rules', () => {
    expect(isUsSsn('536-22-1234')).toBe(true);
    for (const invalid of [
      '000-12-3456',
      '666-12-3456',
      '912-12-3456',
      '536-00-1234',
      '536-22-0000',
      '078-05-1120',
      '111-11-1111',
      '123-45-6789',
    ]) {
      expect(isUsSsn(invalid)).toBe(false);
    }
  });

  it('UK NINO and NHS', () => {
    expect(isUkNino('AB 12 34 56 C')).toBe(true);
    expect(isUkNino('QQ123456C')).toBe(false);
    expect(isUkNino('GB123456A')).toBe(false);
    expect(isUkNino('AB123456E')).toBe(false);
    expect(isUkNhs('943 476 5919')).toBe(true);
    expect(isUkNhs('4010232137')).toBe(true);
    expect(isUkNhs('943 476 5918')).toBe(false);
  });

  it('India PAN, Spain NIF/NIE, Italy codice fiscale, Canada SIN, Germany tax id', () => {
    expect(isInPan('ABCPD1234E')).toBe(true);
    expect(isInPan('ABCXD1234E')).toBe(false);
    expect(isEsNif('12345678Z')).toBe(true);
    expect(isEsNif('12345678A')).toBe(false);
    expect(isEsNie('X1234567L')).toBe(true);
    expect(isEsNie('X1234567A')).toBe(false);
    expect(isItFiscalCode('RSSMRA85T10A562S')).toBe(true);
    expect(isItFiscalCode('RSSMRA85T10A562T')).toBe(false);
    expect(isCaSin('130 692 544')).toBe(true);
    expect(isCaSin('130 692 545')).toBe(false);
    expect(isCaSin('046 454 286')).toBe(false);
    expect(isDeTaxId('86095742719')).toBe(true);
    expect(isDeTaxId('86095742718')).toBe(false);
    expect(isDeTaxId('12345678901')).toBe(false);
  });
});
