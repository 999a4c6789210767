// Builds handwritten-eval.jsonl: PII evaluation texts written by hand for Palisade, independent of
// the Presidio templates and of the training generator. Each row is a list of segments: plain
// strings, or [TYPE, value] for a gold span; offsets are computed here (UTF-16, end exclusive).
// Values are fictitious (example domains, test card numbers, published sample identifiers).
//   node data/pii/build-handwritten-eval.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const rows = [
  [
    'Hey, it is ',
    ['PERSON', 'Oluwaseun Adeyemi'],
    ' from accounts; my direct line is ',
    ['PHONE', '+234 803 555 0142'],
    '.',
  ],
  ['Could you resend the receipt to ', ['EMAIL', 'k.nakamura@example.jp'], '? Thanks, ', ['PERSON', 'Kenji'], '.'],
  [
    'Patient ',
    ['PERSON', 'Siobhán Ní Bhriain'],
    ' (',
    ['DATE_OF_BIRTH', '14/02/1979'],
    ' is her date of birth) was admitted yesterday.',
  ],
  ['Wire the deposit to ', ['IBAN', 'DE89 3704 0044 0532 0130 00'], ' before Friday.'],
  ['My visa ends in 1111 — full number ', ['CREDIT_CARD', '4111 1111 1111 1111'], ', expiry 09/27.'],
  ['Ship it to ', ['ADDRESS', '221B Baker Street, London NW1 6XE'], ', attention ', ['PERSON', 'Martha Hudson'], '.'],
  ['Neue Anschrift: ', ['ADDRESS', 'Lindenstraße 14, 10969 Berlin'], '. Gruß, ', ['PERSON', 'Jürgen Weiß']],
  ['Je m’appelle ', ['PERSON', 'Amélie Poulain'], ' et j’habite ', ['ADDRESS', '15 rue Lepic, 75018 Paris'], '.'],
  [
    'Envíenlo a ',
    ['ADDRESS', 'Calle de Alcalá 48, 28014 Madrid'],
    ', a nombre de ',
    ['PERSON', 'Lucía Fernández Ortega'],
    '.',
  ],
  [
    'Il pacco va consegnato in ',
    ['ADDRESS', 'Via dei Mille 22, 80121 Napoli'],
    ' a ',
    ['PERSON', 'Giuseppe Esposito'],
    '.',
  ],
  ['Bezorgadres: ', ['ADDRESS', 'Prinsengracht 263, 1016 GV Amsterdam'], '.'],
  ['A fatura vai para ', ['ADDRESS', 'Rua Garrett 73, 1200-203 Lisboa'], '.'],
  ['Pode entregar na ', ['ADDRESS', 'Avenida Paulista, 1578 - Bela Vista, São Paulo - SP, 01310-200'], '?'],
  ['お届け先：', ['ADDRESS', '東京都千代田区丸の内1-9-1'], '、', ['PERSON', '山田太郎'], '様'],
  ['收件地址：', ['ADDRESS', '上海市浦东新区世纪大道100号'], '，联系人', ['PERSON', '李娜'], '。'],
  ['Доставьте, пожалуйста, по адресу ', ['ADDRESS', 'ул. Арбат, д. 10, кв. 5, Москва, 119002'], '.'],
  ['Клиентка ', ['PERSON', 'Анна Смирнова'], ' просила перезвонить ей.'],
  ['Her SSN is ', ['US_SSN', '536-22-1234'], ' and she was born on ', ['DATE_OF_BIRTH', 'March 3, 1988'], '.'],
  [
    'The firewall blocked ',
    ['IP_ADDRESS', '203.0.113.77'],
    ' and ',
    ['IP_ADDRESS', '2001:db8:4006:812::200e'],
    ' overnight.',
  ],
  ['Profile: ', ['URL', 'https://www.linkedin.com/in/tomas-novak-1982'], ' — ping me there.'],
  ['Passport number ', ['US_PASSPORT', '561234987'], ', issued in Denver.'],
  ["Driver's license: ", ['DRIVER_LICENSE', 'D4417-88203-11'], ', state of Illinois.'],
  ['NI number ', ['UK_NINO', 'JG 10 37 05 C'], ', NHS number ', ['UK_NHS', '485 777 3457'], '.'],
  ['PAN card ', ['IN_PAN', 'BNZPM2501F'], ' and Aadhaar ', ['IN_AADHAAR', '4991 1866 5246'], ' for KYC.'],
  ['DNI ', ['ES_NIF', '45678912S'], ', NIE ', ['ES_NIE', 'Y2345678Z'], '.'],
  ['Codice fiscale: ', ['IT_FISCAL_CODE', 'BNCGNN70A01H501R'], '.'],
  ['SIN: ', ['CA_SIN', '130 692 544'], ' (Service Canada letter attached).'],
  ['Steuer-ID ', ['DE_TAX_ID', '65929970489'], ' laut Bescheid.'],
  ['Dear Mr. ', ['PERSON', 'Okonkwo'], ', your appointment is confirmed.'],
  ['Regards,\n', ['PERSON', 'Priya Raghunathan'], '\nSenior Analyst\n', ['PHONE', '+91 98450 12345']],
  ['FULL NAME: ', ['PERSON', 'HANNAH MÜLLER-LÜDENSCHEIDT'], '\nDOB: ', ['DATE_OF_BIRTH', '1990-07-21']],
  ['Can ', ['PERSON', 'Wojciech'], ' review the PR? ', ['PERSON', 'Ingrid'], ' is on leave.'],
  [
    'Minutes taken by ',
    ['PERSON', 'Thandiwe Nkosi'],
    '; attendees: ',
    ['PERSON', 'Luis Alvarado'],
    ', ',
    ['PERSON', 'Mei Chen'],
    ' and ',
    ['PERSON', 'Dmitri Volkov'],
    '.',
  ],
  ['Emergency contact: ', ['PERSON', 'Fatima Zahra El Amrani'], ', ', ['PHONE', '+212 6 12 34 56 78'], '.'],
  ['Call me on ', ['PHONE', '(415) 555-0199'], ' after 6pm.'],
  ['Téléphone : ', ['PHONE', '01 42 68 53 00'], '.'],
  ['Rufen Sie mich unter ', ['PHONE', '+49 (0)30 901820'], ' an.'],
  ['Mi número es ', ['PHONE', '+34 612 345 678'], '.'],
  ['Il mio cellulare è ', ['PHONE', '333 123 4567'], '.'],
  ['電話番号は', ['PHONE', '090-1234-5678'], 'です。'],
  ['Мой телефон ', ['PHONE', '8 (916) 123-45-67'], '.'],
  ['WhatsApp: ', ['PHONE', '+55 21 98765-4321'], '.'],
  ['Mobile: ', ['PHONE', '0412 555 019'], ' (Sydney).'],
  [
    'The tenant, ',
    ['PERSON', 'Rashid Al-Mansouri'],
    ', lives at ',
    ['ADDRESS', '4502 Willow Creek Road, Apt 12B, Austin, TX 78745'],
    '.',
  ],
  ['Send the cheque to ', ['ADDRESS', 'Flat 3, 17 Kingsley Gardens, Leeds LS6 2AB'], '.'],
  ['Please update my billing address to ', ['ADDRESS', '88 Rue du Faubourg Saint-Honoré, 75008 Paris'], '.'],
  ['Refund to card ', ['CREDIT_CARD', '5555-5555-5555-4444'], ' please.'],
  ['Amex ', ['CREDIT_CARD', '3714 496353 98431'], ' was charged twice.'],
  ['Transfer from ', ['IBAN', 'GB29NWBK60161331926819'], ' failed.'],
  ['Contact ', ['EMAIL', 'priya.r+billing@example.co.in'], ' or ', ['EMAIL', 'support-team@example.org'], '.'],
  ['I was born on ', ['DATE_OF_BIRTH', '7 August 1965'], ' in Lagos.'],
  ['Geburtsdatum: ', ['DATE_OF_BIRTH', '03.11.1972'], '.'],
  ['Né le ', ['DATE_OF_BIRTH', '12 janvier 1984'], ' à Lyon.'],
  ['My grandmother ', ['PERSON', 'Eleanor Whitfield'], ' turned 90 this year.'],
  ['Interview with ', ['PERSON', 'Björn Ulvaeus'], ' and ', ['PERSON', 'Agnetha Fältskog'], ' on Monday.'],
  ['The report was reviewed by Dr. ', ['PERSON', 'Abebe Bikila'], '.'],
  ['Ask ', ['PERSON', 'Nguyễn Thị Mai'], ' about the Hanoi office budget.'],
  ['Assignee: ', ['PERSON', 'Kowalczyk'], ' (backend).'],
  ['Hi ', ['PERSON', 'Sven'], ', the build is green again.'],
  ['This is ', ['PERSON', 'Maximilian von Habsburg'], ' speaking.'],
  ['Forward this to ', ['PERSON', "Seán O'Sullivan"], ' in Cork.'],
  ['Written by ', ['PERSON', 'Chiamaka Obi'], ' and ', ['PERSON', 'Tunde Bakare'], '.'],
  [
    'The package for ',
    ['PERSON', 'Aiko Tanaka'],
    ' was left at ',
    ['ADDRESS', '1200 Pine Avenue, Seattle, WA 98101'],
    '.',
  ],
  ['Server ', ['IP_ADDRESS', '198.51.100.23'], ' is down; ping ', ['PERSON', 'Carlos Mendes'], '.'],
  ['Lookup requested for ', ['EMAIL', 'jane.doe.1990@example.net'], ' from ', ['IP_ADDRESS', '192.0.2.146'], '.'],
  ['My name is ', ['PERSON', 'Aroha Ngata'], ' and my number is ', ['PHONE', '+64 21 555 0193'], '.'],
  ['Office: ', ['ADDRESS', 'Kerkstraat 112, 1017 GP Amsterdam'], ', tel. ', ['PHONE', '+31 20 555 0134'], '.'],
  ['Wohnhaft in der ', ['ADDRESS', 'Goethestraße 7, 80336 München'], ', Tel. ', ['PHONE', '089 5550 1234'], '.'],
  [
    'Our customer ',
    ['PERSON', 'Zeynep Yılmaz'],
    ' (',
    ['EMAIL', 'zeynep.yilmaz@example.com.tr'],
    ') asked for a refund.',
  ],
  ['Billing contact ', ['PERSON', 'Oksana Kovalenko'], ', ', ['ADDRESS', 'вул. Хрещатик, 22, Київ, 01001'], '.'],
];

const out = rows.map((segments) => {
  let text = '';
  const entities = [];
  for (const segment of segments) {
    if (typeof segment === 'string') {
      text += segment;
      continue;
    }
    const [type, value] = segment;
    entities.push({ type, start: text.length, end: text.length + value.length });
    text += value;
  }
  return { text, entities };
});
const target = join(dirname(fileURLToPath(import.meta.url)), 'handwritten-eval.jsonl');
writeFileSync(target, `${out.map((row) => JSON.stringify(row)).join('\n')}\n`);
process.stdout.write(
  `${out.length} rows, ${out.reduce((sum, row) => sum + row.entities.length, 0)} spans -> ${target}\n`,
);
