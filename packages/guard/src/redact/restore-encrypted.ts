import { decryptText } from './web-crypto.js';

// Entity, then base64url; both bounded, no nested quantifiers.
const encryptedTokenPattern = /<([A-Z][A-Z0-9_]{0,63}):enc:([A-Za-z0-9_-]{16,8192})>/g;

/**
 * Decrypts every `<ENTITY:enc:…>` token made by the `encrypt` operator, without a vault. Tokens that do
 * not authenticate under the key are left as they are.
 *
 * @example
 * const key = await importAesKey(decodeKey(process.env.PALISADE_KEY!));
 * await restoreEncryptedTokens('Mail <EMAIL:enc:q9…>', key);
 */
export async function restoreEncryptedTokens(text: string, key: CryptoKey): Promise<string> {
  const matches = [...text.matchAll(encryptedTokenPattern)];
  if (matches.length === 0) return text;
  let result = '';
  let cursor = 0;
  for (const match of matches) {
    const [token, entity, sealed] = match as unknown as [string, string, string];
    const start = match.index ?? 0;
    let original = token;
    try {
      original = await decryptText(key, sealed, entity);
    } catch {
      original = token;
    }
    result += text.slice(cursor, start) + original;
    cursor = start + token.length;
  }
  return result + text.slice(cursor);
}
