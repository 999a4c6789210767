import { randomBytes, randomUUID } from 'node:crypto';
import type { Role } from '../rbac/roles.js';
import type { Storage, UserRecord } from '../storage/storage.js';
import { createApiKey } from './api-keys.js';
import { hashPassword, type ScryptParameters } from './passwords.js';

/**
 * A strong random password (24 characters, ~143 bits) for first accounts and resets.
 *
 * @example
 * const password = generatePassword();
 */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * Creates a person account (password hashed with scrypt; TOTP enrolment follows at first sign-in).
 *
 * @example
 * const user = await createUser(storage, { username: 'alice', roles: ['reviewer'], password });
 */
export async function createUser(
  storage: Storage,
  options: {
    readonly username: string;
    readonly roles: readonly Role[];
    readonly password: string;
    readonly tenant?: string;
    readonly scrypt?: ScryptParameters;
  },
): Promise<UserRecord> {
  return storage.createUser({
    id: `user_${randomUUID()}`,
    username: options.username,
    passwordHash: await hashPassword(options.password, options.scrypt),
    roles: options.roles,
    totpEnabled: false,
    totpLastStep: 0,
    failedLogins: 0,
    createdAt: new Date().toISOString(),
    ...(options.tenant === undefined ? {} : { tenant: options.tenant }),
  });
}

/** What `palisade init` prints once. */
export interface BootstrapResult {
  readonly adminUsername: string;
  readonly adminPassword: string;
  readonly appKeyId: string;
  readonly appKey: string;
}

/**
 * First-run setup for `palisade init`: when no person exists yet, creates an admin account with a
 * random password and a first `app` key, audits both, and returns the secrets to print once.
 * Returns undefined (and changes nothing) when accounts already exist.
 *
 * @example
 * const first = await bootstrapAccess(storage);
 * if (first) console.log(`admin password: ${first.adminPassword}\napp key: ${first.appKey}`);
 */
export async function bootstrapAccess(
  storage: Storage,
  options: { readonly adminUsername?: string; readonly actor?: string; readonly scrypt?: ScryptParameters } = {},
): Promise<BootstrapResult | undefined> {
  if ((await storage.listUsers()).length > 0) return undefined;
  const adminUsername = options.adminUsername ?? 'admin';
  const adminPassword = generatePassword();
  const actor = options.actor ?? 'system:init';
  const admin = await createUser(storage, {
    username: adminUsername,
    roles: ['admin'],
    password: adminPassword,
    ...(options.scrypt === undefined ? {} : { scrypt: options.scrypt }),
  });
  await storage.appendAudit({ actor, action: 'user.create', details: { userId: admin.id, roles: admin.roles } });
  const { record, key } = await createApiKey(storage, { name: 'first-app', roles: ['app'], createdBy: actor });
  await storage.appendAudit({ actor, action: 'key.create', keyId: record.id, details: { roles: record.roles } });
  return { adminUsername, adminPassword, appKeyId: record.id, appKey: key };
}
