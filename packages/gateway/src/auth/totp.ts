import { createHash, randomBytes } from 'node:crypto';
import { GuardError } from '@palisade/guard';
import { Secret, TOTP } from 'otpauth';
import type { Storage, UserRecord } from '../storage/storage.js';
import { openSecret, sealingKey, sealSecret } from './secret-box.js';

const period = 30;
const digits = 6;
/** Codes one step before or after now are accepted (clock drift). */
const window = 1;

/**
 * Starts TOTP enrolment: stores a fresh secret (inactive until confirmed) and returns the secret and
 * the `otpauth://` URI for an authenticator app (show as QR code or text, once).
 *
 * @example
 * const { uri } = await beginTotpEnrolment(storage, user);
 */
export async function beginTotpEnrolment(
  storage: Storage,
  user: UserRecord,
  issuer = 'Palisade',
): Promise<{ readonly secret: string; readonly uri: string }> {
  if (user.totpEnabled) throw new GuardError('conflict', 'TOTP is already enrolled; reset it first');
  const secret = new Secret({ size: 20 });
  // Sealed with AES-256-GCM when PALISADE_SECRET_KEY is set, so a database dump does not yield the seeds.
  await storage.updateUser(user.id, { totpSecret: sealSecret(secret.base32, sealingKey()) });
  const totp = new TOTP({ issuer, label: user.username, secret, period, digits, algorithm: 'SHA1' });
  return { secret: secret.base32, uri: totp.toString() };
}

/** The TOTP time step a code belongs to, or undefined when it matches none in the window. */
export function matchTotpStep(secret: string, code: string, now = Date.now()): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const delta = TOTP.validate({
    token: code,
    secret: Secret.fromBase32(secret),
    period,
    digits,
    window,
    timestamp: now,
  });
  if (delta === null) return undefined;
  return TOTP.counter({ period, timestamp: now }) + delta;
}

/**
 * Verifies a TOTP code for a user and consumes its time step atomically, so a code (or any earlier
 * one) can never be used twice, even by two gateways at once.
 *
 * @example
 * await verifyTotp(storage, user, '123456');
 */
export async function verifyTotp(storage: Storage, user: UserRecord, code: string, now = Date.now()): Promise<void> {
  if (user.totpSecret === undefined) throw new GuardError('mfa-invalid', 'no authenticator is enrolled');
  const step = matchTotpStep(openSecret(user.totpSecret, sealingKey()), code.trim(), now);
  if (step === undefined || !(await storage.consumeTotpStep(user.id, step))) {
    throw new GuardError('mfa-invalid', 'the one-time code is wrong, expired or was already used');
  }
}

/**
 * Confirms enrolment with a first valid code, activates TOTP and returns fresh recovery codes (show
 * them once; only their hashes are stored).
 *
 * @example
 * const { recoveryCodes } = await confirmTotpEnrolment(storage, user, '123456');
 */
export async function confirmTotpEnrolment(
  storage: Storage,
  user: UserRecord,
  code: string,
  now = Date.now(),
): Promise<{ readonly recoveryCodes: readonly string[] }> {
  if (user.totpEnabled) throw new GuardError('conflict', 'TOTP is already enrolled');
  await verifyTotp(storage, user, code, now);
  await storage.updateUser(user.id, { totpEnabled: true });
  return { recoveryCodes: await issueRecoveryCodes(storage, user.id) };
}

const recoveryAlphabet = 'abcdefghjkmnpqrstuvwxyz23456789';

function normaliseRecoveryCode(code: string): string {
  return code.trim().toLowerCase().replace(/[\s-]/g, '');
}

/**
 * Hashes a recovery code (normalised: case, spaces and dashes ignored).
 *
 * @example
 * hashRecoveryCode('abcd-efgh-jkmn');
 */
export function hashRecoveryCode(code: string): string {
  return createHash('sha256')
    .update(`palisade-recovery:${normaliseRecoveryCode(code)}`)
    .digest('hex');
}

/**
 * Replaces a user's recovery codes with `count` new ones (60 random bits each, `xxxx-xxxx-xxxx`).
 *
 * @example
 * const codes = await issueRecoveryCodes(storage, user.id);
 */
export async function issueRecoveryCodes(storage: Storage, userId: string, count = 10): Promise<readonly string[]> {
  const codes = Array.from({ length: count }, () => {
    const bytes = randomBytes(12);
    let code = '';
    for (const [index, byte] of bytes.entries()) {
      if (index > 0 && index % 4 === 0) code += '-';
      code += recoveryAlphabet[byte % recoveryAlphabet.length];
    }
    return code;
  });
  await storage.setRecoveryCodes(userId, codes.map(hashRecoveryCode));
  return codes;
}

/**
 * Uses a recovery code instead of a TOTP code; each code works once.
 *
 * @example
 * await useRecoveryCode(storage, user.id, 'abcd-efgh-jkmn');
 */
export async function useRecoveryCode(storage: Storage, userId: string, code: string): Promise<void> {
  if (code.length > 64 || !(await storage.consumeRecoveryCode(userId, hashRecoveryCode(code)))) {
    throw new GuardError('mfa-invalid', 'the recovery code is wrong or was already used');
  }
}
