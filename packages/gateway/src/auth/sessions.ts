import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { GuardError } from '@palisade/guard';
import type { SessionRecord, Storage, UserRecord } from '../storage/storage.js';
import {
  defaultScryptParameters,
  hashPassword,
  passwordNeedsRehash,
  type ScryptParameters,
  verifyPassword,
} from './passwords.js';
import type { Principal } from './principal.js';
import { useRecoveryCode, verifyTotp } from './totp.js';

/** Session and sign-in settings. */
export interface SessionOptions {
  /** Absolute session lifetime (default 12 h). */
  readonly lifetimeMs?: number;
  /** Failed sign-ins before the account locks (default 5). */
  readonly maxFailedLogins?: number;
  /** Lock duration (default 15 min). */
  readonly lockMs?: number;
  /** `false` only for plain-HTTP development: drops `Secure` and the `__Host-` prefix. */
  readonly secureCookies?: boolean;
  /** Password hashing cost; stored hashes below it are upgraded at sign-in. */
  readonly scrypt?: ScryptParameters;
}

const defaults = {
  lifetimeMs: 12 * 3_600_000,
  maxFailedLogins: 5,
  lockMs: 15 * 60_000,
  scrypt: defaultScryptParameters,
};

/** SHA-256 hex of a session or CSRF token: only hashes are stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * The session cookie name: `__Host-palisade_session` (browser-enforced Secure, Path=/, no Domain),
 * or `palisade_session` when secure cookies are off.
 *
 * @example
 * sessionCookieName(true); // '__Host-palisade_session'
 */
export function sessionCookieName(secure = true): string {
  return secure ? '__Host-palisade_session' : 'palisade_session';
}

/**
 * Cookie attributes for the session cookie: HttpOnly, SameSite=Strict, Secure, Path=/.
 *
 * @example
 * setCookie(c, sessionCookieName(), token, sessionCookieOptions(expiresAt));
 */
export function sessionCookieOptions(expiresAt: Date, secure = true) {
  return { httpOnly: true, secure, sameSite: 'Strict', path: '/', expires: expiresAt } as const;
}

/** The result of the password step. The two tokens are returned once and stored hashed. */
export interface SignInResult {
  /** Session cookie value. */
  readonly sessionToken: string;
  /** Synchroniser token for forms and the `x-csrf-token` header. */
  readonly csrfToken: string;
  readonly expiresAt: Date;
  readonly user: UserRecord;
  /** True when the TOTP step still has to follow (always for enrolled users). */
  readonly mfaRequired: boolean;
  /** True when the user has no authenticator yet and must enrol before anything else. */
  readonly enrolmentRequired: boolean;
}

// A fixed valid hash so unknown usernames cost the same scrypt work as known ones (no user enumeration by timing).
const decoyHash = `scrypt$15$8$1$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(32).toString('base64url')}`;
const wrongCredentials = () => new GuardError('auth-invalid', 'wrong username or password');

/**
 * Password step of sign-in. Locks the account after repeated failures; the resulting session is only
 * fully signed in after {@link completeSignIn} (TOTP or recovery code).
 *
 * @example
 * const result = await signIn(storage, 'alice', password);
 * setCookie(c, sessionCookieName(), result.sessionToken, sessionCookieOptions(result.expiresAt));
 */
export async function signIn(
  storage: Storage,
  username: string,
  password: string,
  options: SessionOptions = {},
): Promise<SignInResult> {
  const settings = { ...defaults, ...options };
  const user =
    typeof username === 'string' && username.length <= 200 ? await storage.getUserByName(username) : undefined;
  const passwordMatches = await verifyPassword(String(password), user?.passwordHash ?? decoyHash);
  if (user === undefined) throw wrongCredentials();
  const now = new Date();
  if (user.disabledAt !== undefined) throw wrongCredentials();
  if (user.lockedUntil !== undefined && user.lockedUntil > now.toISOString()) {
    throw new GuardError('auth-invalid', 'the account is temporarily locked after failed sign-ins', {
      details: { retryAfterSeconds: Math.ceil((Date.parse(user.lockedUntil) - now.getTime()) / 1000) },
    });
  }
  if (!passwordMatches) {
    const failedLogins = user.failedLogins + 1;
    const locked = failedLogins >= settings.maxFailedLogins;
    await storage.updateUser(user.id, {
      failedLogins: locked ? 0 : failedLogins,
      ...(locked ? { lockedUntil: new Date(now.getTime() + settings.lockMs).toISOString() } : {}),
    });
    throw wrongCredentials();
  }
  if (user.failedLogins > 0 || user.lockedUntil !== undefined) {
    await storage.updateUser(user.id, { failedLogins: 0, lockedUntil: null });
  }
  // Hashes made with weaker parameters are upgraded while the plain password is at hand.
  if (passwordNeedsRehash(user.passwordHash, settings.scrypt)) {
    await storage.updateUser(user.id, { passwordHash: await hashPassword(String(password), settings.scrypt) });
  }
  const sessionToken = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + settings.lifetimeMs);
  await storage.createSession({
    idHash: hashToken(sessionToken),
    userId: user.id,
    csrfHash: hashToken(csrfToken),
    mfaVerified: false,
    createdAt: now.toISOString(),
    expiresAt: expiresAt.toISOString(),
  });
  return {
    sessionToken,
    csrfToken,
    expiresAt,
    user,
    mfaRequired: true,
    enrolmentRequired: !user.totpEnabled,
  };
}

/** A freshly issued session: both tokens are returned once (set the cookie, embed the CSRF token). */
export interface IssuedSession {
  readonly sessionToken: string;
  readonly csrfToken: string;
  readonly expiresAt: Date;
}

/**
 * Replaces a pending session by a fully signed-in one with new tokens (same expiry). Rotating the
 * session id when privileges rise defeats session fixation.
 *
 * @example
 * const issued = await promoteSession(storage, sessionToken);
 */
export async function promoteSession(storage: Storage, sessionToken: string): Promise<IssuedSession> {
  const old = await storage.getSession(hashToken(sessionToken));
  if (old === undefined) throw new GuardError('auth-invalid', 'the session is invalid or expired');
  const issued = {
    sessionToken: randomBytes(32).toString('base64url'),
    csrfToken: randomBytes(32).toString('base64url'),
  };
  await storage.createSession({
    idHash: hashToken(issued.sessionToken),
    userId: old.userId,
    csrfHash: hashToken(issued.csrfToken),
    mfaVerified: true,
    createdAt: new Date().toISOString(),
    expiresAt: old.expiresAt,
  });
  await storage.deleteSession(old.idHash);
  return { ...issued, expiresAt: new Date(old.expiresAt) };
}

/**
 * Second step: a TOTP code (or a recovery code) signs the person in fully. The pending session is
 * replaced by a new one: use the returned tokens from now on.
 *
 * @example
 * const { session } = await completeSignIn(storage, sessionToken, { totp: '123456' });
 */
export async function completeSignIn(
  storage: Storage,
  sessionToken: string,
  proof: { readonly totp?: string; readonly recoveryCode?: string },
  now = Date.now(),
): Promise<{ readonly user: UserRecord; readonly session: IssuedSession }> {
  const session = await storage.getSession(hashToken(sessionToken));
  if (session === undefined || session.expiresAt <= new Date(now).toISOString()) {
    throw new GuardError('auth-invalid', 'the session is invalid or expired');
  }
  const user = await storage.getUser(session.userId);
  if (user === undefined || user.disabledAt !== undefined)
    throw new GuardError('auth-invalid', 'the session is invalid');
  if (!user.totpEnabled) throw new GuardError('mfa-required', 'enrol an authenticator first');
  if (proof.totp !== undefined) await verifyTotp(storage, user, proof.totp, now);
  else if (proof.recoveryCode !== undefined) await useRecoveryCode(storage, user.id, proof.recoveryCode);
  else throw new GuardError('mfa-required', 'a one-time code is required');
  return { user, session: await promoteSession(storage, sessionToken) };
}

/** A session looked up from its cookie, with its user. */
export interface ActiveSession {
  readonly session: SessionRecord;
  readonly user: UserRecord;
  readonly principal: Principal;
}

/**
 * Resolves a session cookie value. Returns undefined for unknown, expired or disabled sessions.
 *
 * @example
 * const active = await resolveSession(storage, getCookie(c, sessionCookieName()) ?? '');
 */
export async function resolveSession(
  storage: Storage,
  sessionToken: string,
  now = new Date(),
): Promise<ActiveSession | undefined> {
  if (sessionToken.length === 0 || sessionToken.length > 128) return undefined;
  const session = await storage.getSession(hashToken(sessionToken));
  if (session === undefined || session.expiresAt <= now.toISOString()) return undefined;
  const user = await storage.getUser(session.userId);
  if (user === undefined || user.disabledAt !== undefined) return undefined;
  return {
    session,
    user,
    principal: {
      kind: 'user',
      id: user.id,
      name: user.username,
      roles: user.roles,
      sessionIdHash: session.idHash,
      ...(session.mfaVerified ? {} : { mfaPending: true }),
      ...(user.tenant === undefined ? {} : { tenant: user.tenant }),
    },
  };
}

/**
 * Constant-time check of a presented CSRF token against the session's stored hash.
 *
 * @example
 * if (!csrfMatches(session, c.req.header('x-csrf-token'))) throw new GuardError('csrf-invalid', 'bad CSRF token');
 */
export function csrfMatches(session: SessionRecord, presented: string | undefined): boolean {
  if (presented === undefined || presented.length === 0 || presented.length > 128) return false;
  const expected = Buffer.from(session.csrfHash, 'hex');
  const actual = Buffer.from(hashToken(presented), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * Signs out: deletes the session (or all of a user's sessions).
 *
 * @example
 * await signOut(storage, sessionToken);
 */
export async function signOut(storage: Storage, sessionToken: string): Promise<void> {
  await storage.deleteSession(hashToken(sessionToken));
}
