import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy, hashPassword, passwordNeedsRehash, verifyPassword } from './passwords.js';

const fast = { logN: 10, r: 8, p: 1 };

describe('passwords', () => {
  it('hashes with scrypt and a random salt, and verifies', async () => {
    const first = await hashPassword('correct horse battery staple', fast);
    const second = await hashPassword('correct horse battery staple', fast);
    expect(first).toMatch(/^scrypt\$10\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain('horse');
    expect(await verifyPassword('correct horse battery staple', first)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', first)).toBe(false);
    expect(await verifyPassword('correct horse battery staple', 'plain')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$40$8$1$AA$AA')).toBe(false);
    expect(passwordNeedsRehash(first)).toBe(true);
  });

  it('enforces length bounds without echoing the password', () => {
    expect(() => checkPasswordPolicy('short-pw')).toThrow(/at least 12/);
    expect(() => checkPasswordPolicy('p'.repeat(2000))).toThrow(/at most/);
    try {
      checkPasswordPolicy('hunter2');
    } catch (error) {
      expect(String(error)).not.toContain('hunter2');
    }
  });
});
