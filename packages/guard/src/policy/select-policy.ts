import { globMatch } from '../pipeline/match-rules.js';
import type { Policy } from './policy.js';

/** What a gateway knows about a request when it picks a policy. */
export interface PolicyContext {
  /** Request path: `/v1/chat/completions`. */
  readonly route?: string;
  /** API key id or name. */
  readonly key?: string;
  /** Roles of the calling principal. */
  readonly roles?: readonly string[];
  /** Requested model name. */
  readonly model?: string;
}

/**
 * True when the policy's `match` accepts the request: every list that is given must contain a
 * matching entry (globs with `*`); lists that are absent match anything.
 *
 * @example
 * policyMatches(policy, { route: '/v1/chat/completions', key: 'team-a-prod' });
 */
export function policyMatches(policy: Pick<Policy, 'match'>, context: PolicyContext): boolean {
  const { routes, keys, roles, models } = policy.match;
  if (routes && !(context.route !== undefined && routes.some((route) => globMatch(route, context.route as string)))) {
    return false;
  }
  if (keys && !(context.key !== undefined && keys.some((key) => globMatch(key, context.key as string)))) return false;
  if (models && !(context.model !== undefined && models.some((model) => globMatch(model, context.model as string)))) {
    return false;
  }
  if (roles && !(context.roles ?? []).some((role) => roles.includes(role))) return false;
  return true;
}

/**
 * The most specific matching policy: the one constraining the most of routes, keys, roles and models;
 * ties go to the earlier policy. Undefined when none matches.
 *
 * @example
 * const policy = selectPolicy(loadedPolicies, { route: request.path, key: principal.keyId, roles: principal.roles });
 */
export function selectPolicy<Candidate extends Pick<Policy, 'match'>>(
  policies: readonly Candidate[],
  context: PolicyContext,
): Candidate | undefined {
  let best: Candidate | undefined;
  let bestSpecificity = -1;
  for (const policy of policies) {
    if (!policyMatches(policy, context)) continue;
    const { routes, keys, roles, models } = policy.match;
    const specificity = [routes, keys, roles, models].filter((list) => list !== undefined).length;
    if (specificity > bestSpecificity) {
      best = policy;
      bestSpecificity = specificity;
    }
  }
  return best;
}
