import { GuardError } from '@palisade/guard';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { ApiKeyVerifier } from '../../auth/api-keys.js';
import type { JwtVerifier } from '../../auth/jwt-verifier.js';
import type { Principal } from '../../auth/principal.js';
import { csrfMatches, resolveSession, sessionCookieName } from '../../auth/sessions.js';
import type { Storage } from '../../storage/storage.js';

/** Context variables set by the access-control middlewares. */
export interface AccessVariables {
  /** The authenticated caller, absent for anonymous requests. */
  principal?: Principal;
}

/** Options of {@link authMiddleware}. */
export interface AuthMiddlewareOptions {
  /** API keys (`Authorization: Bearer pal_…` or `x-api-key`). */
  readonly keys: ApiKeyVerifier;
  /** Bearer JWTs from an identity provider, when configured. */
  readonly jwt?: JwtVerifier;
  /** Cookie sessions of people (UI and admin API), when configured. */
  readonly sessions?: { readonly storage: Storage; readonly secureCookies?: boolean };
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

async function presentedCsrfToken(c: Context): Promise<string | undefined> {
  const header = c.req.header('x-csrf-token');
  if (header !== undefined) return header;
  const type = c.req.header('content-type') ?? '';
  if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
    const body = await c.req.parseBody();
    const field = body['_csrf'];
    return typeof field === 'string' ? field : undefined;
  }
  return undefined;
}

function sameOrigin(c: Context): boolean {
  const origin = c.req.header('origin');
  if (origin === undefined || origin === 'null') return origin === undefined;
  try {
    return new URL(origin).host === (c.req.header('host') ?? new URL(c.req.url).host);
  } catch {
    return false;
  }
}

/**
 * Establishes who is calling: an API key, a bearer JWT, or a session cookie (with CSRF checks on
 * state-changing requests). Presented but invalid credentials fail with 401 at once; no credentials
 * leave `principal` unset and the RBAC middleware decides (401 unless the route is public).
 *
 * @example
 * app.use(authMiddleware({ keys: createApiKeyVerifier(storage), sessions: { storage } }));
 */
export function authMiddleware(options: AuthMiddlewareOptions): MiddlewareHandler<{ Variables: AccessVariables }> {
  return async (c, next) => {
    const authorization = c.req.header('authorization');
    const apiKeyHeader = c.req.header('x-api-key');
    if (authorization !== undefined) {
      const match = /^Bearer +(\S+)$/i.exec(authorization.length > 20_000 ? '' : authorization);
      const token = match?.[1];
      if (token === undefined) throw new GuardError('auth-invalid', 'expected "Authorization: Bearer <key or token>"');
      if (token.startsWith('pal_')) c.set('principal', await options.keys.verify(token));
      else if (options.jwt !== undefined && token.split('.').length === 3)
        c.set('principal', await options.jwt.verify(token));
      else throw new GuardError('auth-invalid', 'the API key is invalid, expired or revoked');
      return next();
    }
    if (apiKeyHeader !== undefined) {
      c.set('principal', await options.keys.verify(apiKeyHeader));
      return next();
    }
    if (options.sessions !== undefined) {
      const token = getCookie(c, sessionCookieName(options.sessions.secureCookies ?? true));
      if (token !== undefined) {
        const active = await resolveSession(options.sessions.storage, token);
        if (active === undefined)
          throw new GuardError('auth-invalid', 'the session is invalid or expired; sign in again');
        if (unsafeMethods.has(c.req.method)) {
          if (!sameOrigin(c)) throw new GuardError('csrf-invalid', 'cross-origin request refused');
          if (!csrfMatches(active.session, await presentedCsrfToken(c))) {
            throw new GuardError('csrf-invalid', 'the CSRF token is missing or does not match the session');
          }
        }
        c.set('principal', active.principal);
      }
    }
    return next();
  };
}
