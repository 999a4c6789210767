import { Secret, TOTP } from 'otpauth';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../storage/memory-storage.js';
import { openSecret, sealingKey, sealSecret } from './secret-box.js';
import { beginTotpEnrolment, confirmTotpEnrolment } from './totp.js';

afterEach(() => {
  delete process.env['PALISADE_SECRET_KEY'];
});

describe('secret box', () => {
  it('seals and opens with the key, refuses a wrong key or tampering', () => {
    const key = sealingKey('k'.repeat(40));
    const sealed = sealSecret('JBSWY3DPEHPK3PXP', key);
    expect(sealed).toMatch(/^sealed:v1:/);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(openSecret(sealed, key)).toBe('JBSWY3DPEHPK3PXP');
    expect(() => openSecret(sealed, sealingKey('x'.repeat(40)))).toThrow(/cannot be opened/);
    expect(() => openSecret(`${sealed.slice(0, -3)}AAA`, key)).toThrow(/cannot be opened/);
    expect(() => openSecret(sealed, undefined)).toThrow(/PALISADE_SECRET_KEY/);
    expect(openSecret('PLAIN', undefined)).toBe('PLAIN');
    expect(sealSecret('PLAIN', undefined)).toBe('PLAIN');
    expect(() => sealingKey('short')).toThrow(/at least 32/);
  });

  it('keeps TOTP seeds sealed in storage when PALISADE_SECRET_KEY is set', async () => {
    process.env['PALISADE_SECRET_KEY'] = 's'.repeat(48);
    const storage = createMemoryStorage();
    const user = await storage.createUser({
      id: 'u1',
      username: 'alice',
      passwordHash: 'scrypt$10$8$1$AA$AA',
      roles: ['reviewer'],
      totpEnabled: false,
      totpLastStep: 0,
      failedLogins: 0,
      createdAt: new Date().toISOString(),
    });
    const { secret } = await beginTotpEnrolment(storage, user);
    const stored = (await storage.getUser('u1'))!.totpSecret!;
    expect(stored.startsWith('sealed:v1:')).toBe(true);
    expect(stored).not.toContain(secret);
    const { recoveryCodes } = await confirmTotpEnrolment(
      storage,
      (await storage.getUser('u1'))!,
      TOTP.generate({ secret: Secret.fromBase32(secret) }),
    );
    expect(recoveryCodes).toHaveLength(10);
  });
});
