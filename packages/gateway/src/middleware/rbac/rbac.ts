import { GuardError } from '@palisade/guard';
import type { MiddlewareHandler } from 'hono';
import {
  createPermissionTable,
  isAllowed,
  type PermissionTable,
  type RoutePermission,
} from '../../rbac/permissions.js';
import type { AccessVariables } from '../auth/auth.js';

/** Options of {@link rbacMiddleware}. */
export interface RbacMiddlewareOptions {
  /** Defaults to the built-in table. */
  readonly table?: PermissionTable;
  /**
   * Route ids opened to anonymous callers by configuration (`auth: none`). The gateway must log a
   * warning at every start for each of them.
   */
  readonly openRoutes?: readonly string[];
}

/** Context variables set by {@link rbacMiddleware}. */
export interface RbacVariables extends AccessVariables {
  /** The permission rule that matched this request. */
  permission?: RoutePermission;
}

/**
 * Enforces the permission table: public or opened routes pass; otherwise no principal → 401
 * `auth-missing`, second factor pending → 401 `mfa-required`, role not allowed → 403 `forbidden`.
 * Routes missing from the table admit `admin` only.
 *
 * @example
 * app.use(authMiddleware({ keys }), rbacMiddleware());
 */
export function rbacMiddleware(options: RbacMiddlewareOptions = {}): MiddlewareHandler<{ Variables: RbacVariables }> {
  const table = options.table ?? createPermissionTable();
  const open = new Set(options.openRoutes ?? []);
  return async (c, next) => {
    const permission = table.find(c.req.method, c.req.path);
    if (permission !== undefined) c.set('permission', permission);
    if (permission !== undefined && (permission.access === 'public' || open.has(permission.id))) return next();
    const principal = c.get('principal');
    if (principal === undefined) throw new GuardError('auth-missing', 'credentials are required for this route');
    if (principal.mfaPending === true && permission?.access !== 'signed-in') {
      throw new GuardError('mfa-required', 'complete the second sign-in factor first');
    }
    if (!isAllowed(principal.roles, permission?.access)) {
      throw new GuardError('forbidden', 'your role does not allow this route', {
        details: { route: permission?.id ?? 'unlisted' },
      });
    }
    return next();
  };
}
