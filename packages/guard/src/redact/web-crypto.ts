import { GuardError } from '../errors.js';

/*
 * WebCrypto helpers (globalThis.crypto, available in Node 20 and edge runtimes) for the hash,
 * synthetic and encrypt operators. No `node:` imports here.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Cryptographically random bytes. */
export function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  globalThis.crypto.getRandomValues(bytes);
  return bytes;
}

/** HMAC-SHA-256 of a message under a key. */
export async function hmacSha256(key: Uint8Array, message: string): Promise<Uint8Array> {
  const cryptoKey = await globalThis.crypto.subtle.importKey(
    'raw',
    key as BufferSource,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const signature = await globalThis.crypto.subtle.sign('HMAC', cryptoKey, encoder.encode(message));
  return new Uint8Array(signature);
}

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += byte.toString(16).padStart(2, '0');
  return text;
}

/** Base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** Decodes base64 or base64url. */
export function fromBase64(text: string): Uint8Array {
  const normalised = text.replaceAll('-', '+').replaceAll('_', '/');
  const padded = normalised + '='.repeat((4 - (normalised.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/**
 * Reads a 32-byte key written as 64 hex characters or base64.
 *
 * @example
 * const key = await importAesKey(decodeKey(process.env.PALISADE_REDACTION_KEY ?? ''));
 */
export function decodeKey(text: string): Uint8Array {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) {
    const bytes = new Uint8Array(32);
    for (let index = 0; index < 32; index += 1)
      bytes[index] = Number.parseInt(trimmed.slice(index * 2, index * 2 + 2), 16);
    return bytes;
  }
  let bytes: Uint8Array | undefined;
  try {
    bytes = fromBase64(trimmed);
  } catch {
    bytes = undefined;
  }
  if (bytes?.length !== 32) {
    throw new GuardError(
      'config-invalid',
      'the encryption key must be 32 bytes written as 64 hex characters or base64',
    );
  }
  return bytes;
}

/**
 * Imports a 32-byte AES-256-GCM key (for the encrypt operator and `restoreEncryptedTokens`).
 *
 * @example
 * const key = await importAesKey(decodeKey(hexKey));
 */
export async function importAesKey(key: Uint8Array): Promise<CryptoKey> {
  return globalThis.crypto.subtle.importKey('raw', key as BufferSource, { name: 'AES-GCM' }, false, [
    'encrypt',
    'decrypt',
  ]);
}

/** AES-256-GCM with a random 96-bit IV; returns base64url(iv ‖ ciphertext ‖ tag). */
export async function encryptText(key: CryptoKey, plaintext: string, additionalData: string): Promise<string> {
  const iv = randomBytes(12);
  const ciphertext = await globalThis.crypto.subtle.encrypt(
    { name: 'AES-GCM', iv: iv as BufferSource, additionalData: encoder.encode(additionalData) },
    key,
    encoder.encode(plaintext),
  );
  const sealed = new Uint8Array(12 + ciphertext.byteLength);
  sealed.set(iv, 0);
  sealed.set(new Uint8Array(ciphertext), 12);
  return toBase64Url(sealed);
}

/** Reverses {@link encryptText}; throws `vault-missing` when the token does not authenticate. */
export async function decryptText(key: CryptoKey, sealedText: string, additionalData: string): Promise<string> {
  try {
    const sealed = fromBase64(sealedText);
    const plaintext = await globalThis.crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: sealed.slice(0, 12) as BufferSource, additionalData: encoder.encode(additionalData) },
      key,
      sealed.slice(12) as BufferSource,
    );
    return decoder.decode(plaintext);
  } catch (error) {
    throw new GuardError('vault-missing', 'an encrypted token could not be decrypted with this key', { cause: error });
  }
}
