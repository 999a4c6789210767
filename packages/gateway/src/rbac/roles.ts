/**
 * The five roles. People get `admin`, `operator`, `reviewer` or `auditor`; applications get `app`.
 *
 * - `admin`: everything, including people accounts and settings.
 * - `operator`: policies, app keys, kill switches, incident response.
 * - `reviewer`: the human review queue.
 * - `auditor`: read the audit log, reports and dashboards.
 * - `app`: model and guard endpoints only.
 */
export const roles = ['admin', 'operator', 'reviewer', 'auditor', 'app'] as const;

/** One of {@link roles}. */
export type Role = (typeof roles)[number];

/**
 * True when `value` names a known role.
 *
 * @example
 * isRole('admin'); // true
 */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}
