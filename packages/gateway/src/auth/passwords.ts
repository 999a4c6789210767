import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { GuardError } from '@palisade/guard';

/** scrypt cost parameters; the hash string records them, so they can be raised later. */
export interface ScryptParameters {
  /** log2 of N (CPU/memory cost). */
  readonly logN: number;
  readonly r: number;
  readonly p: number;
}

/** Default cost: N = 2^15, r = 8, p = 1 (32 MiB, ~50–100 ms per hash). */
export const defaultScryptParameters: ScryptParameters = { logN: 15, r: 8, p: 1 };

/** Password length bounds: long enough to resist guessing, short enough to bound hashing work. */
export const passwordLimits = { min: 12, max: 1024 } as const;

const keyLength = 32;

function derive(password: string, salt: Buffer, parameters: ScryptParameters): Promise<Buffer> {
  const N = 2 ** parameters.logN;
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFKC'),
      salt,
      keyLength,
      { N, r: parameters.r, p: parameters.p, maxmem: 256 * N * parameters.r },
      (error, key) => (error === null ? resolve(key) : reject(error)),
    );
  });
}

/**
 * Checks a new password against the length policy. Errors never include the password.
 *
 * @example
 * checkPasswordPolicy('correct horse battery staple');
 */
export function checkPasswordPolicy(password: string): void {
  if (typeof password !== 'string' || password.length < passwordLimits.min) {
    throw new GuardError('invalid-input', `password: at least ${passwordLimits.min} characters`);
  }
  if (password.length > passwordLimits.max) {
    throw new GuardError('input-too-large', `password: at most ${passwordLimits.max} characters`);
  }
}

/**
 * Hashes a password with scrypt and a random salt into `scrypt$logN$r$p$salt$hash` (base64url).
 *
 * @example
 * const stored = await hashPassword('correct horse battery staple');
 */
export async function hashPassword(
  password: string,
  parameters: ScryptParameters = defaultScryptParameters,
): Promise<string> {
  checkPasswordPolicy(password);
  const salt = randomBytes(16);
  const hash = await derive(password, salt, parameters);
  return [
    'scrypt',
    parameters.logN,
    parameters.r,
    parameters.p,
    salt.toString('base64url'),
    hash.toString('base64url'),
  ].join('$');
}

/**
 * Verifies a password against a stored hash in constant time. False for malformed hashes.
 *
 * @example
 * if (!(await verifyPassword(input, user.passwordHash))) throw new GuardError('auth-invalid', 'wrong username or password');
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [logN, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![logN, r, p].every(Number.isSafeInteger) || logN < 10 || logN > 20 || r < 1 || r > 32 || p < 1 || p > 16) {
    return false;
  }
  if (typeof password !== 'string' || password.length > passwordLimits.max) return false;
  const expected = Buffer.from(parts[5] ?? '', 'base64url');
  const actual = await derive(password, Buffer.from(parts[4] ?? '', 'base64url'), { logN, r, p });
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * True when a stored hash uses weaker parameters than `parameters` (rehash on next sign-in).
 *
 * @example
 * if (passwordNeedsRehash(user.passwordHash)) await storage.updateUser(user.id, { passwordHash: await hashPassword(input) });
 */
export function passwordNeedsRehash(stored: string, parameters: ScryptParameters = defaultScryptParameters): boolean {
  const parts = stored.split('$');
  return parts[0] !== 'scrypt' || Number(parts[1]) < parameters.logN || Number(parts[2]) < parameters.r;
}
