import { GuardError } from '@palisade/guard';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  type JSONWebKeySet,
  type JWTPayload,
  errors as joseErrors,
  jwtVerify,
} from 'jose';
import { isRole, type Role } from '../rbac/roles.js';
import type { Principal } from './principal.js';

/** How bearer JWTs are verified and mapped to roles and tenant. */
export interface JwtVerifierOptions {
  /** JWKS endpoint of the identity provider (keys fetched, cached and rotated by jose). */
  readonly jwksUrl?: string;
  /** Or static public keys. */
  readonly keys?: JSONWebKeySet;
  /** Required `iss`. */
  readonly issuer: string | readonly string[];
  /** Required `aud`. */
  readonly audience: string | readonly string[];
  /** Accepted algorithms (asymmetric only; `none` and HMAC are never accepted). */
  readonly algorithms?: readonly string[];
  /** Claim path holding roles, dotted for nested claims (default `roles`; Keycloak: `realm_access.roles`). */
  readonly rolesClaim?: string;
  /** Claim path holding the tenant (default `tenant`). */
  readonly tenantClaim?: string;
  /** Maps identity-provider group/role names to Palisade roles; names that are already roles map to themselves. */
  readonly roleMap?: Readonly<Record<string, Role>>;
  readonly clockToleranceSeconds?: number;
  /** JWKS fetch timeout (default 5 s). */
  readonly timeoutMs?: number;
}

const defaultAlgorithms = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA'];

function claimAt(payload: JWTPayload, path: string): unknown {
  let value: unknown = payload;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function reasonOf(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `claim ${error.claim}`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'signature';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'algorithm';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'unknown key';
  if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid) return 'jwks unavailable';
  return 'malformed';
}

/** Verifies bearer JWTs into principals. */
export interface JwtVerifier {
  verify(token: string): Promise<Principal>;
}

/**
 * Creates a JWT verifier (jose) against a JWKS URL or static keys. Expired tokens, wrong issuer or
 * audience, bad signatures, unknown keys and `alg: none` all fail with `auth-invalid`; the message
 * gives the reason, never the token.
 *
 * @example
 * const verifier = createJwtVerifier({ jwksUrl: 'https://idp.example.com/.well-known/jwks.json', issuer: 'https://idp.example.com/', audience: 'palisade', roleMap: { 'sec-team': 'admin' } });
 * const principal = await verifier.verify(token);
 */
export function createJwtVerifier(options: JwtVerifierOptions): JwtVerifier {
  if ((options.jwksUrl === undefined) === (options.keys === undefined)) {
    throw new GuardError('config-invalid', 'jwt: configure exactly one of jwksUrl or keys');
  }
  const algorithms = [...(options.algorithms ?? defaultAlgorithms)];
  if (algorithms.some((algorithm) => algorithm === 'none' || algorithm.startsWith('HS'))) {
    throw new GuardError('config-invalid', 'jwt: only asymmetric algorithms are supported');
  }
  const keySet =
    options.jwksUrl !== undefined
      ? createRemoteJWKSet(new URL(options.jwksUrl), { timeoutDuration: options.timeoutMs ?? 5000 })
      : createLocalJWKSet(options.keys as JSONWebKeySet);
  const rolesClaim = options.rolesClaim ?? 'roles';
  const tenantClaim = options.tenantClaim ?? 'tenant';
  return {
    async verify(token) {
      if (typeof token !== 'string' || token.length > 16_384) {
        throw new GuardError('auth-invalid', 'the bearer token is invalid (malformed)');
      }
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keySet, {
          issuer: options.issuer as string | string[],
          audience: options.audience as string | string[],
          algorithms,
          clockTolerance: options.clockToleranceSeconds ?? 30,
          requiredClaims: ['exp', 'sub'],
        }));
      } catch (error) {
        const reason = reasonOf(error);
        throw new GuardError('auth-invalid', `the bearer token is invalid (${reason})`, {
          cause: error,
          details: { reason },
        });
      }
      const claimed = claimAt(payload, rolesClaim);
      const names = Array.isArray(claimed) ? claimed : typeof claimed === 'string' ? claimed.split(/\s+/) : [];
      const roles = new Set<Role>();
      for (const name of names) {
        if (typeof name !== 'string') continue;
        const mapped = options.roleMap?.[name] ?? (isRole(name) ? name : undefined);
        if (mapped !== undefined) roles.add(mapped);
      }
      const tenant = claimAt(payload, tenantClaim);
      const subject = String(payload.sub).slice(0, 200);
      return {
        kind: 'jwt',
        id: subject,
        name: subject,
        roles: [...roles],
        ...(typeof tenant === 'string' && tenant.length <= 128 ? { tenant } : {}),
      };
    },
  };
}
