import type {
  GatewayCheckRequest,
  GatewayDecision,
  GatewayGuard,
  GuardResolver,
} from '../server/gateway-dependencies.js';
import type { Storage } from '../storage/storage.js';
import { chooseVariant, type PolicyRollout, readRollout } from './policy-rollout.js';

/** Options for {@link createRolloutResolver}. */
export interface RolloutResolverOptions {
  /** Resolves the stable guard and its policy id (the gateway's policy set). */
  readonly base: (request: Parameters<GuardResolver>[0]) => { guard: GatewayGuard; policyId: string } | undefined;
  readonly storage: Pick<Storage, 'getSetting'>;
  /** Loads a canary policy file into a guard (cached per file by the resolver). */
  readonly loadGuard: (file: string) => Promise<GatewayGuard>;
  /** How long a rollout read from shared storage is trusted (ms). */
  readonly refreshMs?: number;
  /** Records the canary's shadow decisions (rest: shadow) for comparison on dashboards. */
  readonly onShadowDecision?: (request: GatewayCheckRequest, decision: GatewayDecision) => void;
  readonly onError?: (error: unknown) => void;
}

function labelled(guard: GatewayGuard, label: string): GatewayGuard {
  return {
    ...guard,
    check: async (request) => {
      const decision = await guard.check(request);
      return { ...decision, policyId: `${decision.policyId ?? 'policy'}@${label}` };
    },
  };
}

function withShadow(stable: GatewayGuard, canary: GatewayGuard, options: RolloutResolverOptions): GatewayGuard {
  return {
    ...stable,
    check: async (request) => {
      const [decision, shadow] = await Promise.all([
        stable.check(request),
        canary.check(request).catch(() => undefined),
      ]);
      if (shadow) options.onShadowDecision?.(request, { ...shadow, effective: 'allow', mode: 'shadow' });
      return decision;
    },
  };
}

/**
 * Wraps the gateway's guard resolution with canary rollouts read from shared storage: a rollout's
 * share of keys (or requests) is served by the canary policy in enforce mode, labelled `<id>@canary`
 * in decisions, audit and metrics; the rest stays on the stable version (optionally with the canary in
 * shadow). Promotion and rollback take effect on every instance within `refreshMs`.
 *
 * @example
 * const resolve = createRolloutResolver({ base, storage, loadGuard });
 * createGateway(config, { guards: resolve });
 */
export function createRolloutResolver(options: RolloutResolverOptions): GuardResolver & { refresh(): Promise<void> } {
  const refreshMs = options.refreshMs ?? 1000;
  const rollouts = new Map<string, { rollout: PolicyRollout | undefined; readAt: number }>();
  const canaries = new Map<string, GatewayGuard>();
  const loading = new Map<string, Promise<void>>();

  const refreshPolicy = (policyId: string): void => {
    if (loading.has(policyId)) return;
    const task = (async () => {
      try {
        const rollout = await readRollout(options.storage, policyId);
        if (rollout && !canaries.has(rollout.canaryFile))
          canaries.set(rollout.canaryFile, await options.loadGuard(rollout.canaryFile));
        rollouts.set(policyId, { rollout, readAt: Date.now() });
      } catch (error) {
        options.onError?.(error);
        rollouts.set(policyId, { rollout: rollouts.get(policyId)?.rollout, readAt: Date.now() });
      } finally {
        loading.delete(policyId);
      }
    })();
    loading.set(policyId, task);
  };

  const resolver = ((request) => {
    const stable = options.base(request);
    if (!stable) return undefined;
    const cached = rollouts.get(stable.policyId);
    if (!cached || Date.now() - cached.readAt > refreshMs) refreshPolicy(stable.policyId);
    const rollout = cached?.rollout;
    const canary = rollout ? canaries.get(rollout.canaryFile) : undefined;
    if (!rollout || !canary) return stable.guard;
    const variant = chooseVariant(rollout, {
      ...(request.principal?.keyId ? { keyId: request.principal.keyId } : {}),
      requestId: crypto.randomUUID(),
    });
    if (variant === 'canary') return labelled(canary, 'canary');
    return rollout.rest === 'shadow'
      ? withShadow(stable.guard, labelled(canary, 'canary-shadow'), options)
      : stable.guard;
  }) as GuardResolver & { refresh(): Promise<void> };
  resolver.refresh = async () => {
    for (const policyId of rollouts.keys()) refreshPolicy(policyId);
    await Promise.all(loading.values());
  };
  return resolver;
}
