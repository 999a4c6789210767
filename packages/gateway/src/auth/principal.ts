import type { Role } from '../rbac/roles.js';
import type { KeyLimits } from '../storage/storage.js';

/** Who is calling: an API key, a signed-in person, or the subject of a verified JWT. */
export interface Principal {
  readonly kind: 'key' | 'user' | 'jwt';
  /** Key prefix id, user id or JWT subject. */
  readonly id: string;
  /** Display name (key name, username, JWT subject). */
  readonly name: string;
  /** Set for API keys (same as `id`), for code that only cares about keys. */
  readonly keyId?: string;
  readonly roles: readonly Role[];
  readonly tenant?: string;
  /** Policy bound to an API key. */
  readonly policyId?: string;
  /** Rate limits and budgets of an API key. */
  readonly limits?: KeyLimits;
  /** For cookie sessions: the stored session hash (CSRF checks, sign-out). */
  readonly sessionIdHash?: string;
  /** A cookie session whose second factor (or enrolment) is still missing: only sign-in routes allow it. */
  readonly mfaPending?: boolean;
}

/**
 * The audit `actor` string of a principal: `key:<id>`, `user:<id>`, `jwt:<subject>`.
 *
 * @example
 * principalActor({ kind: 'key', id: 'pal_3k9f2m1x8q0z', name: 'app1', roles: ['app'] }); // 'key:pal_3k9f2m1x8q0z'
 */
export function principalActor(principal: Principal): string {
  return `${principal.kind}:${principal.id}`;
}
