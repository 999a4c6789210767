import { isGuardError } from '@palisade/guard';
import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../storage/memory-storage.js';
import type { Storage, UserRecord } from '../storage/storage.js';
import { hashPassword } from './passwords.js';
import { completeSignIn, csrfMatches, hashToken, resolveSession, signIn, signOut } from './sessions.js';
import { beginTotpEnrolment, confirmTotpEnrolment, issueRecoveryCodes, useRecoveryCode, verifyTotp } from './totp.js';

const password = 'correct horse battery staple';

async function person(storage: Storage, username = 'alice'): Promise<UserRecord> {
  return storage.createUser({
    id: `user_${username}`,
    username,
    passwordHash: await hashPassword(password, { logN: 10, r: 8, p: 1 }),
    roles: ['reviewer'],
    totpEnabled: false,
    totpLastStep: 0,
    failedLogins: 0,
    createdAt: new Date().toISOString(),
  });
}

function codeAt(secret: string, timestamp: number): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp });
}

async function code(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  return isGuardError(error) ? error.code : undefined;
}

describe('TOTP', () => {
  it('enrols, accepts each code once and rejects replays and older codes', async () => {
    const storage = createMemoryStorage();
    const alice = await person(storage);
    const { secret, uri } = await beginTotpEnrolment(storage, alice);
    expect(uri).toMatch(/^otpauth:\/\/totp\/Palisade:alice\?/);
    const now = Date.now();
    const enrolling = (await storage.getUser(alice.id))!;
    expect(enrolling.totpEnabled).toBe(false);
    expect(await code(confirmTotpEnrolment(storage, enrolling, '000000', now))).toBe('mfa-invalid');
    const { recoveryCodes } = await confirmTotpEnrolment(storage, enrolling, codeAt(secret, now), now);
    expect(recoveryCodes).toHaveLength(10);
    const enrolled = (await storage.getUser(alice.id))!;
    expect(enrolled.totpEnabled).toBe(true);
    // The enrolment code was consumed: replaying it fails.
    expect(await code(verifyTotp(storage, enrolled, codeAt(secret, now), now))).toBe('mfa-invalid');
    const later = now + 30_000;
    await verifyTotp(storage, enrolled, codeAt(secret, later), later);
    expect(await code(verifyTotp(storage, enrolled, codeAt(secret, later), later))).toBe('mfa-invalid');
    // A code from a step already passed is refused even inside the drift window.
    expect(await code(verifyTotp(storage, enrolled, codeAt(secret, now), later))).toBe('mfa-invalid');
    expect(await code(verifyTotp(storage, enrolled, codeAt(secret, later + 300_000), later))).toBe('mfa-invalid');
    for (const bad of ['', '12345', 'abcdef', "1' OR '1'='1", '1234567']) {
      expect(await code(verifyTotp(storage, enrolled, bad, later + 60_000))).toBe('mfa-invalid');
    }
    expect(await code(beginTotpEnrolment(storage, enrolled))).toBe('conflict');
  });

  it('accepts each recovery code once, stored only as hashes', async () => {
    const storage = createMemoryStorage();
    const alice = await person(storage);
    const codes = await issueRecoveryCodes(storage, alice.id, 3);
    expect(codes[0]).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    await useRecoveryCode(storage, alice.id, codes[0]!.toUpperCase());
    expect(await code(useRecoveryCode(storage, alice.id, codes[0]!))).toBe('mfa-invalid');
    expect(await code(useRecoveryCode(storage, alice.id, 'aaaa-bbbb-cccc'))).toBe('mfa-invalid');
    expect(await storage.countRecoveryCodes(alice.id)).toBe(2);
  });
});

describe('sign-in sessions', () => {
  it('signs in with password then TOTP, with CSRF bound to the session', async () => {
    const storage = createMemoryStorage();
    const alice = await person(storage);
    const { secret } = await beginTotpEnrolment(storage, alice);
    const start = Date.now() - 60_000;
    await confirmTotpEnrolment(storage, (await storage.getUser(alice.id))!, codeAt(secret, start), start);
    const weakHash = (await storage.getUser(alice.id))!.passwordHash;
    const result = await signIn(storage, 'alice', password, { scrypt: { logN: 11, r: 8, p: 1 } });
    expect(result).toMatchObject({ mfaRequired: true, enrolmentRequired: false });
    // The logN 10 hash was upgraded to the configured cost at sign-in.
    const upgraded = (await storage.getUser(alice.id))!.passwordHash;
    expect(upgraded).not.toBe(weakHash);
    expect(upgraded.startsWith('scrypt$11$')).toBe(true);
    const pending = await resolveSession(storage, result.sessionToken);
    expect(pending?.principal).toMatchObject({ kind: 'user', name: 'alice', roles: ['reviewer'], mfaPending: true });
    expect((await storage.getSession(hashToken(result.sessionToken)))?.idHash).not.toBe(result.sessionToken);
    expect(await code(completeSignIn(storage, result.sessionToken, {}))).toBe('mfa-required');
    expect(await code(completeSignIn(storage, result.sessionToken, { totp: '000000' }))).toBe('mfa-invalid');
    const { session } = await completeSignIn(storage, result.sessionToken, { totp: codeAt(secret, Date.now()) });
    // The pending session id is retired (no fixation); the new one is fully signed in.
    expect(await resolveSession(storage, result.sessionToken)).toBeUndefined();
    const active = await resolveSession(storage, session.sessionToken);
    expect(active?.principal.mfaPending).toBeUndefined();
    expect(csrfMatches(active!.session, session.csrfToken)).toBe(true);
    expect(csrfMatches(active!.session, result.csrfToken)).toBe(false);
    expect(csrfMatches(active!.session, 'forged')).toBe(false);
    expect(csrfMatches(active!.session, undefined)).toBe(false);
    await signOut(storage, session.sessionToken);
    expect(await resolveSession(storage, session.sessionToken)).toBeUndefined();
  });

  it('gives one answer for unknown users and wrong passwords, and locks after repeated failures', async () => {
    const storage = createMemoryStorage();
    await person(storage, 'bob');
    const unknown = await signIn(storage, 'nobody', password).catch((error: Error) => error.message);
    const wrong = await signIn(storage, 'bob', 'wrong password!!').catch((error: Error) => error.message);
    expect(unknown).toBe(wrong);
    for (let attempt = 0; attempt < 4; attempt++) {
      expect(await code(signIn(storage, 'bob', 'wrong password!!', { maxFailedLogins: 5 }))).toBe('auth-invalid');
    }
    const locked = await signIn(storage, 'bob', password).catch((error: Error) => error.message);
    expect(locked).toMatch(/locked/);
    expect(await code(signIn(storage, "bob' OR '1'='1", password))).toBe('auth-invalid');
    const result = await signIn(storage, 'bob', password, {}).catch(() => undefined);
    expect(result).toBeUndefined();
  });

  it('reports enrolment as required for people without an authenticator', async () => {
    const storage = createMemoryStorage();
    await person(storage, 'carol');
    const result = await signIn(storage, 'carol', password);
    expect(result.enrolmentRequired).toBe(true);
    expect(await code(completeSignIn(storage, result.sessionToken, { totp: '123456' }))).toBe('mfa-required');
  });
});
