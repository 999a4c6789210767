import { describe, expect, it } from 'vitest';
import { createPiiAnalyzer } from './pii-scanner.js';

const analyzer = createPiiAnalyzer();

function found(text: string): Array<[string, string]> {
  return analyzer.analyze(text).map((candidate) => [candidate.entity, text.slice(candidate.start, candidate.end)]);
}

describe('structured recognizers', () => {
  it.each([
    ['Write to ana.lopez+news@mail.example.co.uk today', 'EMAIL', 'ana.lopez+news@mail.example.co.uk'],
    ['card 4111 1111 1111 1111.', 'CREDIT_CARD', '4111 1111 1111 1111'],
    ['Amex 3782-822463-10005 please', 'CREDIT_CARD', '3782-822463-10005'],
    ['mc 2223003122003222', 'CREDIT_CARD', '2223003122003222'],
    ["Here's my SSN: 460-89-9847", 'US_SSN', '460-89-9847'],
    ['IBAN GB82 WEST 1234 5698 7654 32, thanks', 'IBAN', 'GB82 WEST 1234 5698 7654 32'],
    ['from gb42nawi04454264788619 to', 'IBAN', 'gb42nawi04454264788619'],
    ['blocked at 86.121.97.248 again', 'IP_ADDRESS', '86.121.97.248'],
    ['link-local fe80::1ff:fe23:4567:890a%eth0 seen', 'IP_ADDRESS', 'fe80::1ff:fe23:4567:890a%eth0'],
    ['full 2001:0db8:85a3:0000:0000:8a2e:0370:7334 ok', 'IP_ADDRESS', '2001:0db8:85a3:0000:0000:8a2e:0370:7334'],
    ['visit https://www.ArtistMovie.se/ now', 'URL', 'https://www.ArtistMovie.se/'],
    ['call +44 (0)20 7946 0958 now', 'PHONE', '+44 (0)20 7946 0958'],
    ['ring (978)645-9740x11144', 'PHONE', '(978)645-9740x11144'],
    ['Tel: +33 1 42 68 53 00', 'PHONE', '+33 1 42 68 53 00'],
    ['Telefon 030 12345678', 'PHONE', '030 12345678'],
    ['móvil +34 612 34 56 78', 'PHONE', '+34 612 34 56 78'],
    ['cellulare +39 312 345 6789', 'PHONE', '+39 312 345 6789'],
    ['bel 06-12345678', 'PHONE', '06-12345678'],
    ['telemóvel +351 912 345 678', 'PHONE', '+351 912 345 678'],
    ['celular +55 11 91234-5678', 'PHONE', '+55 11 91234-5678'],
    ['電話 03-1234-5678', 'PHONE', '03-1234-5678'],
    ['手机 +86 138 0013 8000', 'PHONE', '+86 138 0013 8000'],
    ['телефон +7 (495) 123-45-67', 'PHONE', '+7 (495) 123-45-67'],
    ['phone +91 98765 43210', 'PHONE', '+91 98765 43210'],
    ['mobile 0412 345 678', 'PHONE', '0412 345 678'],
    ['phone 0803 123 4567', 'PHONE', '0803 123 4567'],
    ['born on 12 March 1985 in a village', 'DATE_OF_BIRTH', '12 March 1985'],
    ['DOB: 04/12/1986', 'DATE_OF_BIRTH', '04/12/1986'],
    ['geboren am 3. Mai 1979', 'DATE_OF_BIRTH', '3. Mai 1979'],
    ['née le 5 juillet 1990', 'DATE_OF_BIRTH', '5 juillet 1990'],
    ['fecha de nacimiento: 7 de agosto de 1968', 'DATE_OF_BIRTH', '7 de agosto de 1968'],
    ['生年月日 1985年3月12日', 'DATE_OF_BIRTH', '1985年3月12日'],
    ['дата рождения 12 марта 1985', 'DATE_OF_BIRTH', '12 марта 1985'],
    ['passport number 531234567 expires', 'US_PASSPORT', '531234567'],
    ["my driver's license number is 2270-66-1551", 'DRIVER_LICENSE', '2270-66-1551'],
    ['NI number AB 12 34 56 C', 'UK_NINO', 'AB 12 34 56 C'],
    ['NHS number 943 476 5919', 'UK_NHS', '943 476 5919'],
    ['PAN ABCPD1234E', 'IN_PAN', 'ABCPD1234E'],
    ['Aadhaar 2341 2341 2346', 'IN_AADHAAR', '2341 2341 2346'],
    ['DNI 12345678Z', 'ES_NIF', '12345678Z'],
    ['NIE X1234567L', 'ES_NIE', 'X1234567L'],
    ['codice fiscale RSSMRA85T10A562S', 'IT_FISCAL_CODE', 'RSSMRA85T10A562S'],
    ['SIN 130 692 544', 'CA_SIN', '130 692 544'],
    ['Steuer-ID 86095742719', 'DE_TAX_ID', '86095742719'],
  ])('%s', (text, entity, value) => {
    expect(found(text)).toContainEqual([entity, value]);
  });

  it('reports UTF-16 offsets on text with astral characters', () => {
    const text = '😀😀 mail: zoë@example.org';
    const [candidate] = analyzer.analyze(text);
    expect(candidate?.entity).toBe('EMAIL');
    expect(text.slice(candidate!.start, candidate!.end)).toBe('zoë@example.org');
    expect(candidate!.start).toBe(11);
  });

  it('stays linear on adversarial input', () => {
    const inputs = [
      '1'.repeat(50_000),
      '1 '.repeat(25_000),
      'a@'.repeat(25_000),
      ':'.repeat(50_000),
      'a.'.repeat(25_000),
      '(1'.repeat(20_000),
      'AB12 '.repeat(8_000),
      '+1 '.repeat(10_000),
      'x@y.'.repeat(10_000),
    ];
    for (const input of inputs) expect(Array.isArray(analyzer.analyze(input))).toBe(true);
  });
});
