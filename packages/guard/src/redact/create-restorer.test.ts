import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRestorer, restoreText } from './create-restorer.js';
import { createMemoryVault, type VaultEntry } from './vault.js';

const entries: VaultEntry[] = [
  { token: '<EMAIL_1>', original: 'bob@example.com', entity: 'EMAIL', restorable: true },
  { token: '<EMAIL_12>', original: 'eve@example.com', entity: 'EMAIL', restorable: true },
  { token: '<PERSON_1>', original: 'Bob Stone', entity: 'PERSON', restorable: true },
  { token: '<PHONE_1>', original: '+44 20 7946 0958', entity: 'PHONE', restorable: false },
];

function chunk(text: string, cuts: number[]): string[] {
  const positions = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((left, right) => left - right);
  const pieces: string[] = [];
  let previous = 0;
  for (const position of positions) {
    pieces.push(text.slice(previous, position));
    previous = position;
  }
  pieces.push(text.slice(previous));
  return pieces;
}

describe('createRestorer', () => {
  it('restores tokens split across chunks and leaves unknown or non-restorable ones', () => {
    const restorer = createRestorer(entries);
    const output = [restorer.push('Hi <PER'), restorer.push('SON_1>, mail <EMAIL_1'), restorer.push('2> or <EM')];
    output.push(restorer.push('AIL_1>; call <PHONE_1> <EMAIL_7>'), restorer.flush());
    expect(output.join('')).toBe('Hi Bob Stone, mail eve@example.com or bob@example.com; call <PHONE_1> <EMAIL_7>');
    expect(output[0]).toBe('Hi ');
  });

  it('gives the same output for every chunking (property)', () => {
    const alphabet = fc.constantFrom(
      '<',
      '>',
      'E',
      'M',
      'A',
      'I',
      'L',
      '_',
      '1',
      '2',
      ' ',
      'x',
      '<EMAIL_1>',
      '<EMAIL_12>',
      '<PERSON_1>',
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 12 }), (parts, cuts) => {
        const text = parts.join('');
        const restorer = createRestorer(entries);
        const streamed =
          chunk(text, cuts)
            .map((piece) => restorer.push(piece))
            .join('') + restorer.flush();
        expect(streamed).toBe(restoreText(text, entries));
      }),
      { numRuns: 300 },
    );
  });

  it('stays exact with many tokens of many lengths', () => {
    const many: VaultEntry[] = [];
    for (let index = 1; index <= 2000; index += 1) {
      many.push({ token: `<EMAIL_${index}>`, original: `user${index}@example.com`, entity: 'EMAIL', restorable: true });
    }
    const text = 'a <EMAIL_1999> b <EMAIL_2> c <EMAIL_20> d <EMAIL_2001> e <EMAIL_';
    const restorer = createRestorer(many);
    const streamed = [...text].map((character) => restorer.push(character)).join('') + restorer.flush();
    expect(streamed).toBe('a user1999@example.com b user2@example.com c user20@example.com d <EMAIL_2001> e <EMAIL_');
    expect(restoreText(text, many)).toBe(streamed);
  });

  it('is a passthrough without entries', () => {
    const restorer = createRestorer([]);
    expect(restorer.push('<EMAIL_1>')).toBe('<EMAIL_1>');
    expect(restorer.flush()).toBe('');
  });
});

describe('createMemoryVault', () => {
  it('scopes entries per conversation, expires them and never prints them', async () => {
    let now = 0;
    const vault = createMemoryVault({ clock: () => now });
    await vault.write('a', entries.slice(0, 1), 1000);
    expect(await vault.read('a')).toEqual(entries.slice(0, 1));
    expect(await vault.read('b')).toEqual([]);
    expect(String(vault)).toBe('[Vault]');
    expect(JSON.stringify({ vault })).not.toContain('bob');
    now = 999;
    expect(await vault.read('a')).toHaveLength(1);
    now = 1000;
    expect(await vault.read('a')).toEqual([]);
  });

  it('bounds the entries of one conversation, forgetting the oldest', async () => {
    const vault = createMemoryVault({ maxEntriesPerConversation: 2 });
    await vault.write('a', entries.slice(0, 2), 60_000);
    await vault.write('a', entries.slice(2, 3), 60_000);
    expect((await vault.read('a')).map((entry) => entry.token)).toEqual(['<EMAIL_12>', '<PERSON_1>']);
  });

  it('evicts the least recently written conversation beyond its bound', async () => {
    const vault = createMemoryVault({ maxConversations: 2 });
    await vault.write('a', entries.slice(0, 1), 60_000);
    await vault.write('b', entries.slice(0, 1), 60_000);
    await vault.write('a', entries.slice(1, 2), 60_000);
    await vault.write('c', entries.slice(0, 1), 60_000);
    expect(await vault.read('b')).toEqual([]);
    expect(await vault.read('a')).toHaveLength(2);
    await vault.delete('a');
    expect(await vault.read('a')).toEqual([]);
  });
});
