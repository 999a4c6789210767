import type { Role } from './roles.js';

/**
 * Who may call a route:
 * - a list of roles (any one suffices);
 * - `public`: no credentials (health probes, the sign-in form, static assets);
 * - `signed-in`: any authenticated principal, including a session still waiting for its second factor
 *   (only the sign-in, enrolment and sign-out routes use it).
 */
export type RouteAccess = readonly Role[] | 'public' | 'signed-in';

/** One row of the permission table. */
export interface RoutePermission {
  /** Stable id (the gateway's route ids for its own routes). */
  readonly id: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Hono-style pattern: `:name` matches one segment, a trailing `*` matches the rest. */
  readonly path: string;
  readonly access: RouteAccess;
  /** Whether the rate-limit middleware applies per-key model limits (tokens) on this route. */
  readonly model?: boolean;
}

const people: readonly Role[] = ['admin', 'operator', 'reviewer', 'auditor'];
const modelCallers: readonly Role[] = ['app', 'admin', 'operator'];
const keyManagers: readonly Role[] = ['admin', 'operator'];
const readers: readonly Role[] = ['admin', 'operator', 'auditor'];
const auditReaders: readonly Role[] = ['admin', 'auditor'];
const reviewers: readonly Role[] = ['admin', 'reviewer'];
const admins: readonly Role[] = ['admin'];

/**
 * THE permission table: every route of the gateway, admin API, review API and UI with the roles
 * allowed on it. The RBAC middleware and the route × role test matrix both read it; a route missing
 * here is reachable by `admin` only (deny by default).
 */
export const permissions: readonly RoutePermission[] = [
  // Probes and metrics.
  { id: 'health', method: 'GET', path: '/healthz', access: 'public' },
  { id: 'ready', method: 'GET', path: '/readyz', access: 'public' },
  { id: 'metrics', method: 'GET', path: '/metrics', access: readers },

  // Model and guard endpoints (OpenAI-compatible).
  { id: 'chat.completions', method: 'POST', path: '/v1/chat/completions', access: modelCallers, model: true },
  { id: 'completions', method: 'POST', path: '/v1/completions', access: modelCallers, model: true },
  { id: 'embeddings', method: 'POST', path: '/v1/embeddings', access: modelCallers, model: true },
  { id: 'models', method: 'GET', path: '/v1/models', access: modelCallers },
  { id: 'guard.scan', method: 'POST', path: '/v1/guard/scan', access: modelCallers },

  // People sign-in (password, then TOTP or recovery code; enrolment).
  { id: 'auth.login', method: 'POST', path: '/auth/login', access: 'public' },
  { id: 'auth.mfa', method: 'POST', path: '/auth/mfa', access: 'signed-in' },
  { id: 'auth.totp.enrol', method: 'POST', path: '/auth/totp/enrol', access: 'signed-in' },
  { id: 'auth.totp.confirm', method: 'POST', path: '/auth/totp/confirm', access: 'signed-in' },
  { id: 'auth.logout', method: 'POST', path: '/auth/logout', access: 'signed-in' },
  { id: 'auth.me', method: 'GET', path: '/auth/me', access: [...people, 'app'] },

  // Admin API: API keys.
  { id: 'admin.keys.list', method: 'GET', path: '/admin/keys', access: keyManagers },
  { id: 'admin.keys.create', method: 'POST', path: '/admin/keys', access: keyManagers },
  { id: 'admin.keys.get', method: 'GET', path: '/admin/keys/:id', access: keyManagers },
  { id: 'admin.keys.revoke', method: 'DELETE', path: '/admin/keys/:id', access: keyManagers },
  { id: 'admin.keys.rotate', method: 'POST', path: '/admin/keys/:id/rotate', access: keyManagers },
  { id: 'admin.keys.quarantine', method: 'POST', path: '/admin/keys/:id/quarantine', access: keyManagers },
  { id: 'admin.keys.release', method: 'POST', path: '/admin/keys/:id/release', access: keyManagers },

  // Admin API: people (admin only).
  { id: 'admin.users.list', method: 'GET', path: '/admin/users', access: admins },
  { id: 'admin.users.create', method: 'POST', path: '/admin/users', access: admins },
  { id: 'admin.users.update', method: 'PATCH', path: '/admin/users/:id', access: admins },
  { id: 'admin.users.disable', method: 'DELETE', path: '/admin/users/:id', access: admins },
  { id: 'admin.users.reset-totp', method: 'POST', path: '/admin/users/:id/reset-totp', access: admins },

  // Admin API: policies, kill switches, settings.
  { id: 'admin.policies.list', method: 'GET', path: '/admin/policies', access: readers },
  { id: 'admin.policies.get', method: 'GET', path: '/admin/policies/:id', access: readers },
  { id: 'admin.policies.put', method: 'PUT', path: '/admin/policies/:id', access: keyManagers },
  { id: 'admin.policies.reload', method: 'POST', path: '/admin/policies/reload', access: keyManagers },
  { id: 'admin.kill-switch.get', method: 'GET', path: '/admin/kill-switch', access: readers },
  { id: 'admin.kill-switch.set', method: 'POST', path: '/admin/kill-switch', access: keyManagers },
  { id: 'admin.kill-switch.clear', method: 'DELETE', path: '/admin/kill-switch', access: keyManagers },
  { id: 'admin.settings.list', method: 'GET', path: '/admin/settings', access: admins },
  { id: 'admin.settings.put', method: 'PUT', path: '/admin/settings/:key', access: admins },

  // Audit, usage, alerts, incidents.
  { id: 'admin.audit.list', method: 'GET', path: '/admin/audit', access: auditReaders },
  { id: 'admin.audit.verify', method: 'GET', path: '/admin/audit/verify', access: auditReaders },
  { id: 'admin.audit.export', method: 'GET', path: '/admin/audit/export', access: auditReaders },
  { id: 'admin.usage', method: 'GET', path: '/admin/usage', access: readers },
  { id: 'admin.alerts.list', method: 'GET', path: '/admin/alerts', access: readers },
  { id: 'admin.alerts.ack', method: 'POST', path: '/admin/alerts/:id/ack', access: keyManagers },
  { id: 'admin.incidents.export', method: 'GET', path: '/admin/incidents/export', access: readers },

  // Review queue API.
  { id: 'review.list', method: 'GET', path: '/review/items', access: reviewers },
  { id: 'review.get', method: 'GET', path: '/review/items/:id', access: reviewers },
  { id: 'review.decide', method: 'POST', path: '/review/items/:id/decision', access: reviewers },
  { id: 'review.bulk', method: 'POST', path: '/review/items/bulk', access: reviewers },

  // Server-rendered UI.
  { id: 'ui.login', method: 'GET', path: '/ui/login', access: 'public' },
  { id: 'ui.assets', method: 'GET', path: '/ui/assets/*', access: 'public' },
  { id: 'ui.mfa', method: 'GET', path: '/ui/mfa', access: 'signed-in' },
  { id: 'ui.enrol', method: 'GET', path: '/ui/enrol', access: 'signed-in' },
  { id: 'ui.home', method: 'GET', path: '/ui', access: people },
  { id: 'ui.dashboard', method: 'GET', path: '/ui/dashboard', access: people },
  { id: 'ui.dashboard.events', method: 'GET', path: '/ui/dashboard/events', access: people },
  { id: 'ui.review', method: 'GET', path: '/ui/review', access: reviewers },
  { id: 'ui.review.item', method: 'GET', path: '/ui/review/:id', access: reviewers },
  { id: 'ui.review.decide', method: 'POST', path: '/ui/review/:id', access: reviewers },
  { id: 'ui.review.bulk', method: 'POST', path: '/ui/review/bulk', access: reviewers },
  { id: 'ui.alerts', method: 'GET', path: '/ui/alerts', access: readers },
  { id: 'ui.audit', method: 'GET', path: '/ui/audit', access: auditReaders },
  { id: 'ui.keys', method: 'GET', path: '/ui/keys', access: keyManagers },
  { id: 'ui.kill-switch', method: 'GET', path: '/ui/kill-switch', access: keyManagers },
  { id: 'ui.kill-switch.set', method: 'POST', path: '/ui/kill-switch', access: keyManagers },
];

interface CompiledPermission {
  readonly permission: RoutePermission;
  readonly segments: readonly string[];
  readonly rest: boolean;
}

function compile(list: readonly RoutePermission[]): CompiledPermission[] {
  return list.map((permission) => {
    const segments = permission.path.split('/').filter((segment) => segment.length > 0);
    const rest = segments.at(-1) === '*';
    return { permission, segments: rest ? segments.slice(0, -1) : segments, rest };
  });
}

function matches(compiled: CompiledPermission, parts: readonly string[]): boolean {
  if (compiled.rest ? parts.length < compiled.segments.length : parts.length !== compiled.segments.length) return false;
  return compiled.segments.every((segment, index) => segment.startsWith(':') || segment === parts[index]);
}

/** Looks up routes in a permission table. */
export interface PermissionTable {
  readonly permissions: readonly RoutePermission[];
  /** The rule for a request; literal segments win over `:params` (so `/admin/policies/reload` beats `/:id`). */
  find(method: string, path: string): RoutePermission | undefined;
  byId(id: string): RoutePermission | undefined;
}

/**
 * Builds a lookup over a permission table (the default table unless given).
 *
 * @example
 * const table = createPermissionTable();
 * table.find('POST', '/v1/chat/completions')?.access; // ['app', 'admin', 'operator']
 */
export function createPermissionTable(list: readonly RoutePermission[] = permissions): PermissionTable {
  const compiled = compile(list);
  // More literal segments first, then longer patterns: the most specific rule wins.
  const literalCount = (entry: CompiledPermission) =>
    entry.segments.filter((segment) => !segment.startsWith(':')).length;
  compiled.sort(
    (a, b) =>
      literalCount(b) - literalCount(a) || Number(a.rest) - Number(b.rest) || b.segments.length - a.segments.length,
  );
  const ids = new Map(list.map((permission) => [permission.id, permission]));
  return {
    permissions: list,
    find(method, path) {
      const upper = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
      const parts = path
        .split('?', 1)[0]!
        .split('/')
        .filter((segment) => segment.length > 0);
      for (const entry of compiled) {
        if (entry.permission.method === upper && matches(entry, parts)) return entry.permission;
      }
      return undefined;
    },
    byId: (id) => ids.get(id),
  };
}

/**
 * Whether principal roles satisfy an access rule (`public` always, `signed-in` for anyone
 * authenticated, otherwise any shared role; an unknown route admits `admin` only).
 *
 * @example
 * isAllowed(['reviewer'], table.find('GET', '/review/items')?.access); // true
 */
export function isAllowed(principalRoles: readonly Role[] | undefined, access: RouteAccess | undefined): boolean {
  if (access === 'public') return true;
  if (principalRoles === undefined) return false;
  if (access === 'signed-in') return true;
  const allowed = access ?? admins;
  return principalRoles.some((role) => allowed.includes(role));
}
