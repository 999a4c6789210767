import { describe, expect, it } from 'vitest';
import type { Finding } from '../scanner/types.js';
import { buildFinding } from '../testing/build-decision.js';
import { mergeSpans } from './merge-spans.js';
import { entityOf, maskValue, RedactionSession } from './redaction-session.js';
import { restoreEncryptedTokens } from './restore-encrypted.js';
import { ibanRemainder, isLuhnValid } from './synthetic-value.js';
import { decodeKey, importAesKey } from './web-crypto.js';

const keys = { salt: new TextEncoder().encode('test-salt') };

function spanOf(text: string, value: string, entity: string, score?: number): Finding {
  const start = text.indexOf(value);
  return buildFinding({
    scanner: 'pii',
    category: `pii.${entity.toLowerCase()}`,
    entity,
    span: { start, end: start + value.length },
    ...(score === undefined ? {} : { score }),
  });
}

describe('mergeSpans', () => {
  it('keeps the higher score, then the longer span, and sorts by position', () => {
    const a = { span: { start: 0, end: 10 }, score: 0.6 };
    const b = { span: { start: 5, end: 8 }, score: 0.9 };
    const c = { span: { start: 20, end: 30 }, score: 0.5 };
    const d = { span: { start: 18, end: 32 }, score: 0.5 };
    const e = { span: { start: 40, end: 40 }, score: 1 };
    expect(mergeSpans([c, a, d, b, e])).toEqual([b, d]);
  });

  it('treats missing scores as certain', () => {
    const certain = { span: { start: 0, end: 3 } };
    const probable = { span: { start: 0, end: 9 }, score: 0.99 };
    expect(mergeSpans([probable, certain])).toEqual([certain]);
  });
});

describe('RedactionSession', () => {
  it('numbers placeholders per entity in order of appearance, same value same placeholder', async () => {
    const text = 'Bob <b@x.io> met Ann <a@x.io>; Bob again <b@x.io>';
    const session = new RedactionSession({ keys, restorable: true });
    const findings = [
      spanOf(text, 'Bob', 'PERSON'),
      spanOf(text, 'b@x.io', 'EMAIL'),
      spanOf(text, 'Ann', 'PERSON'),
      spanOf(text, 'a@x.io', 'EMAIL'),
    ];
    const later = text.lastIndexOf('b@x.io');
    findings.push(buildFinding({ entity: 'EMAIL', span: { start: later, end: later + 6 } }));
    const result = await session.redact(text, findings);
    expect(result.text).toBe('<PERSON_1> <<EMAIL_1>> met <PERSON_2> <<EMAIL_2>>; Bob again <<EMAIL_1>>');
    expect(session.newEntries().map((entry) => entry.token)).toEqual([
      '<PERSON_1>',
      '<EMAIL_1>',
      '<PERSON_2>',
      '<EMAIL_2>',
    ]);
  });

  it('continues numbering from existing vault entries and reuses their tokens', async () => {
    const session = new RedactionSession({
      keys,
      restorable: true,
      existing: [{ token: '<EMAIL_3>', original: 'old@x.io', entity: 'EMAIL', restorable: true }],
    });
    expect(await session.replacementFor('new@x.io', 'EMAIL')).toBe('<EMAIL_4>');
    expect(await session.replacementFor('old@x.io', 'EMAIL')).toBe('<EMAIL_3>');
    expect(session.newEntries()).toEqual([
      { token: '<EMAIL_4>', original: 'new@x.io', entity: 'EMAIL', restorable: true },
    ]);
  });

  it('masks keeping the last digits and separators; short values are fully masked', async () => {
    expect(maskValue('4111 1111 1111 1234', 0, 4, '*')).toBe('**** **** **** 1234');
    expect(maskValue('abc', 0, 4, '#')).toBe('###');
    const session = new RedactionSession({
      keys,
      restorable: true,
      operators: { CREDIT_CARD: { type: 'mask', keepFirst: 0, keepLast: 4, char: '*' } },
    });
    expect(await session.replacementFor('5500-0000-0000-0004', 'CREDIT_CARD')).toBe('****-****-****-0004');
    expect(session.newEntries()).toEqual([]);
  });

  it('hashes stably with the salt and differently with another salt', async () => {
    const operators = { EMAIL: { type: 'hash', length: 16 } } as const;
    const one = new RedactionSession({ keys, restorable: true, operators });
    const two = new RedactionSession({ keys, restorable: true, operators });
    const other = new RedactionSession({ keys: { salt: new Uint8Array([1, 2, 3]) }, restorable: true, operators });
    const token = await one.replacementFor('bob@example.com', 'EMAIL');
    expect(token).toMatch(/^<EMAIL#[0-9a-f]{16}>$/);
    expect(await two.replacementFor('bob@example.com', 'EMAIL')).toBe(token);
    expect(await other.replacementFor('bob@example.com', 'EMAIL')).not.toBe(token);
    expect(token).not.toContain('bob');
  });

  it('encrypts with AES-256-GCM and decrypts without a vault; a wrong key leaves the token', async () => {
    const key = await importAesKey(decodeKey('a'.repeat(64)));
    const wrong = await importAesKey(decodeKey('b'.repeat(64)));
    const session = new RedactionSession({
      keys: { ...keys, encryptionKey: key },
      restorable: true,
      operators: { '*': { type: 'encrypt' } },
    });
    const token = await session.replacementFor('4111 1111 1111 1111', 'CREDIT_CARD');
    expect(token).toMatch(/^<CREDIT_CARD:enc:[A-Za-z0-9_-]+>$/);
    expect(token).not.toContain('4111');
    expect(await restoreEncryptedTokens(`card ${token}.`, key)).toBe('card 4111 1111 1111 1111.');
    expect(await restoreEncryptedTokens(`card ${token}.`, wrong)).toBe(`card ${token}.`);
  });

  it('rejects keys that are not 32 bytes', () => {
    expect(() => decodeKey('c2hvcnQ=')).toThrow(/32 bytes/);
  });

  it('makes format-preserving synthetic surrogates that are stable and valid', async () => {
    const session = new RedactionSession({ keys, restorable: true, operators: { '*': { type: 'synthetic' } } });
    const card = await session.replacementFor('4111 1111 1111 1111', 'CREDIT_CARD');
    expect(card).toMatch(/^41\d\d \d{4} \d{4} \d{4}$/);
    expect(card).not.toBe('4111 1111 1111 1111');
    expect(isLuhnValid(card.replace(/\s/g, ''))).toBe(true);
    const iban = await session.replacementFor('DE89 3704 0044 0532 0130 00', 'IBAN');
    expect(iban).toMatch(/^DE\d\d \d{4} \d{4} \d{4} \d{4} \d{2}$/);
    expect(ibanRemainder(iban.replace(/\s/g, ''))).toBe(1);
    expect(await session.replacementFor('Marie Curie', 'PERSON')).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
    expect(await session.replacementFor('JOHN SMITH', 'PERSON')).toMatch(/^[A-Z]+ [A-Z]+$/);
    expect(await session.replacementFor('bob@corp.io', 'EMAIL')).toMatch(/^[a-z]+\.[a-z]+\d+@example\.com$/);
    expect(await session.replacementFor('123-45-6789', 'US_SSN')).toMatch(/^9\d\d-\d\d-\d{4}$/);
    expect(await session.replacementFor('10.1.2.3', 'IP_ADDRESS')).toMatch(
      /^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d+$/,
    );
    expect(await session.replacementFor('AB-12cd', 'ORDER')).toMatch(/^[A-Z]{2}-\d\d[a-z]{2}$/);
    const again = new RedactionSession({ keys, restorable: true, operators: { '*': { type: 'synthetic' } } });
    expect(await again.replacementFor('4111 1111 1111 1111', 'CREDIT_CARD')).toBe(card);
    expect(session.newEntries().find((entry) => entry.token === card)?.original).toBe('4111 1111 1111 1111');
  });

  it('replaces with a fixed text when asked', async () => {
    const session = new RedactionSession({
      keys,
      restorable: true,
      operators: { '*': { type: 'replace', with: '[X]' } },
    });
    expect(await session.replacementFor('secret', 'PASSWORD')).toBe('[X]');
  });
});

describe('entityOf', () => {
  it('prefers the entity, else derives it from the category', () => {
    expect(entityOf({ entity: 'EMAIL', category: 'x' })).toBe('EMAIL');
    expect(entityOf({ category: 'pii.credit-card' })).toBe('CREDIT_CARD');
    expect(entityOf({ category: 'secrets.1password' })).toBe('ENTITY_1PASSWORD');
  });
});
