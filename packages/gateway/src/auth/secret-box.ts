import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { GuardError } from '@palisade/guard';

const prefix = 'sealed:v1:';

/**
 * The 256-bit sealing key derived (HKDF-SHA256) from `PALISADE_SECRET_KEY`, or undefined when unset.
 *
 * @example
 * const key = sealingKey(process.env.PALISADE_SECRET_KEY);
 */
export function sealingKey(secret: string | undefined = process.env['PALISADE_SECRET_KEY']): Buffer | undefined {
  if (secret === undefined || secret === '') return undefined;
  if (secret.length < 32) throw new GuardError('config-invalid', 'PALISADE_SECRET_KEY must be at least 32 characters');
  return Buffer.from(hkdfSync('sha256', secret, 'palisade', 'stored-secrets-v1', 32));
}

/**
 * Seals a secret for storage with AES-256-GCM (`sealed:v1:<iv>.<ciphertext>.<tag>`); without a key
 * the value is stored as is (documented: set `PALISADE_SECRET_KEY` in production).
 *
 * @example
 * await storage.updateUser(id, { totpSecret: sealSecret(secret.base32, sealingKey()) });
 */
export function sealSecret(plain: string, key: Buffer | undefined): string {
  if (key === undefined) return plain;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${prefix}${iv.toString('base64url')}.${sealed.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}`;
}

/**
 * Opens a value made by {@link sealSecret} (plain values pass through). Fails with `config-invalid`
 * when the key is missing or wrong, never revealing the secret.
 *
 * @example
 * const secret = openSecret(user.totpSecret, sealingKey());
 */
export function openSecret(stored: string, key: Buffer | undefined): string {
  if (!stored.startsWith(prefix)) return stored;
  if (key === undefined) throw new GuardError('config-invalid', 'PALISADE_SECRET_KEY is needed to read sealed secrets');
  const [iv = '', sealed = '', tag = ''] = stored.slice(prefix.length).split('.');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8');
  } catch (error) {
    throw new GuardError(
      'config-invalid',
      'a sealed secret cannot be opened: wrong PALISADE_SECRET_KEY or tampered value',
      {
        cause: error,
      },
    );
  }
}
