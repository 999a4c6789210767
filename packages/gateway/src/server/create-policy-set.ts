import { type FSWatcher, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import {
  createGuard,
  createMemoryVault,
  defaultPolicyYaml,
  GuardError,
  isGuardError,
  loadPolicy,
  type Registry,
  type Vault,
} from '@palisade/guard';
import type { Logger } from 'pino';
import type { PolicyBinding } from '../config/gateway-config.js';
import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import { adaptGuard } from './adapt-guard.js';
import type { GatewayGuard, GatewayPrincipal, GuardResolver } from './gateway-dependencies.js';

/** The embedded default policy's pseudo file name. */
export const builtinDefaultPolicy = 'builtin:default';

/** Which requests a policy serves (globs with `*`; absent lists match anything). */
export interface PolicyMatch {
  readonly routes?: readonly string[];
  readonly keys?: readonly string[];
  readonly roles?: readonly string[];
}

/** One loaded policy. */
export interface LoadedPolicy {
  readonly id: string;
  readonly file: string;
  readonly match: PolicyMatch;
  readonly guard: GatewayGuard;
  close(): Promise<void>;
}

/** Loads one policy file into a guard (replaceable in tests). */
export type PolicyLoader = (source: string, file: string) => Promise<LoadedPolicy>;

/** The gateway's policies, swapped atomically on reload. */
export interface PolicySet {
  readonly resolve: GuardResolver;
  /** Like `resolve`, with the selected policy's id (canary rollouts). */
  resolvePolicy(request: Parameters<GuardResolver>[0]): LoadedPolicy | undefined;
  /** Loads another policy file with the same registry and vault (a canary version). */
  loadFile(file: string): Promise<LoadedPolicy>;
  /** Loads every policy again; on any error keeps serving the old set and reports why. */
  reload(reason: string): Promise<{ readonly ok: true } | { readonly ok: false; readonly message: string }>;
  /** Reloads when a policy file changes (debounced). */
  watch(): void;
  ids(): readonly string[];
  close(): Promise<void>;
}

/**
 * Loads the configured policies (or the embedded default), picks one per request — the key's bound
 * policy first, then the most specific `match` (routes, keys, roles), then a policy without `match` —
 * and hot-reloads them: a bad new policy is rejected with a logged error while the old ones keep serving.
 *
 * @example
 * const policies = await createPolicySet({ bindings: config.policies, baseDirectory: '.', registry });
 * const app = createGateway(config, { guards: policies.resolve });
 * process.on('SIGHUP', () => void policies.reload('SIGHUP'));
 */
export async function createPolicySet(options: {
  readonly bindings: readonly PolicyBinding[];
  readonly baseDirectory: string;
  readonly registry: Registry;
  readonly logger?: Logger;
  readonly metrics?: GatewayMetrics;
  readonly loader?: PolicyLoader;
  /** Old guards are closed this long after a reload so in-flight requests finish on them. */
  readonly retireAfterMs?: number;
}): Promise<PolicySet> {
  const vault: Vault = createMemoryVault();
  const loader: PolicyLoader = options.loader ?? defaultLoader(options.registry, vault);
  const bindings: readonly PolicyBinding[] =
    options.bindings.length > 0 ? options.bindings : [{ file: builtinDefaultPolicy }];
  const paths = bindings.map((binding) =>
    binding.file === builtinDefaultPolicy || isAbsolute(binding.file)
      ? binding.file
      : resolve(options.baseDirectory, binding.file),
  );

  const loadAll = async (): Promise<LoadedPolicy[]> => {
    const loaded: LoadedPolicy[] = [];
    try {
      for (const [index, binding] of bindings.entries()) {
        const path = paths[index] ?? binding.file;
        let source: string;
        if (path === builtinDefaultPolicy) source = defaultPolicyYaml;
        else {
          try {
            source = await readFile(path, 'utf8');
          } catch (error) {
            throw new GuardError('policy-invalid', `cannot read policy file ${path}`, {
              cause: error,
              details: { file: path },
            });
          }
        }
        const policy = await loader(source, path === builtinDefaultPolicy ? 'builtin:default' : path);
        loaded.push(binding.match === undefined ? policy : { ...policy, match: binding.match });
      }
    } catch (error) {
      await Promise.allSettled(loaded.map((policy) => policy.close()));
      throw error;
    }
    const ids = new Set<string>();
    for (const policy of loaded) {
      if (ids.has(policy.id)) {
        await Promise.allSettled(loaded.map((entry) => entry.close()));
        throw new GuardError('policy-invalid', `${policy.file}: policy id "${policy.id}" is used by two policy files`);
      }
      ids.add(policy.id);
    }
    return loaded;
  };

  let current = await loadAll();
  let watchers: FSWatcher[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let reloading: Promise<unknown> = Promise.resolve();

  const resolveGuard: GuardResolver = ({ route, principal }) => select(current, route, principal)?.guard;

  const reload: PolicySet['reload'] = (reason) => {
    const next = reloading.then(async () => {
      try {
        const loaded = await loadAll();
        const retired = current;
        current = loaded;
        options.metrics?.policyReloads.inc({ outcome: 'applied' });
        options.logger?.info({ reason, policies: loaded.map((policy) => policy.id) }, 'policies reloaded');
        setTimeout(
          () => void Promise.allSettled(retired.map((policy) => policy.close())),
          options.retireAfterMs ?? 60_000,
        ).unref();
        return { ok: true as const };
      } catch (error) {
        const message = isGuardError(error) ? error.message : 'unexpected error while loading policies';
        options.metrics?.policyReloads.inc({ outcome: 'rejected' });
        options.logger?.error({ reason, error: message }, 'policy reload rejected; the previous policies keep serving');
        return { ok: false as const, message };
      }
    });
    reloading = next;
    return next;
  };

  return {
    resolve: resolveGuard,
    resolvePolicy: ({ route, principal }) => select(current, route, principal),
    loadFile: async (file) => loader(await readFile(file, 'utf8'), file),
    reload,
    ids: () => current.map((policy) => policy.id),
    watch() {
      const files = paths.filter((path) => path !== builtinDefaultPolicy);
      const directories = new Map<string, Set<string>>();
      for (const file of files) {
        const names = directories.get(dirname(file)) ?? new Set<string>();
        names.add(basename(file));
        directories.set(dirname(file), names);
      }
      // Watch directories, not files: editors and deploy tools replace files by renaming.
      for (const [directory, names] of directories) {
        try {
          const watcher = watch(directory, (_event, name) => {
            if (name === null || !names.has(String(name))) return;
            if (timer !== undefined) clearTimeout(timer);
            timer = setTimeout(() => void reload(`file changed: ${name}`), 150);
          });
          watcher.unref();
          watchers.push(watcher);
        } catch (error) {
          options.logger?.warn(
            { directory, error: error instanceof Error ? error.message : 'unknown' },
            'cannot watch policy directory',
          );
        }
      }
    },
    async close() {
      if (timer !== undefined) clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
      watchers = [];
      await reloading;
      await Promise.allSettled(current.map((policy) => policy.close()));
    },
  };
}

function defaultLoader(registry: Registry, vault: Vault): PolicyLoader {
  return async (source, file) => {
    const policy = await loadPolicy(source, { file, registry });
    const guard = await createGuard({ policy, registry, vault });
    const match: { routes?: readonly string[]; keys?: readonly string[]; roles?: readonly string[] } = {};
    if (policy.match.routes !== undefined) match.routes = policy.match.routes;
    if (policy.match.keys !== undefined) match.keys = policy.match.keys;
    if (policy.match.roles !== undefined) match.roles = policy.match.roles;
    return { id: policy.id, file, match, guard: adaptGuard(guard), close: () => guard.close() };
  };
}

function globMatch(pattern: string, value: string): boolean {
  if (!pattern.includes('*')) return pattern === value;
  const parts = pattern.split('*');
  let position = 0;
  for (const [index, part] of parts.entries()) {
    if (index === 0) {
      if (!value.startsWith(part)) return false;
      position = part.length;
    } else if (index === parts.length - 1) {
      return value.length - part.length >= position && value.endsWith(part);
    } else {
      const found = value.indexOf(part, position);
      if (found === -1) return false;
      position = found + part.length;
    }
  }
  return true;
}

function select(
  policies: readonly LoadedPolicy[],
  route: string,
  principal: GatewayPrincipal | undefined,
): LoadedPolicy | undefined {
  // A key bound to a policy that is not loaded gets no policy (503) rather than a weaker default.
  if (principal?.policyId !== undefined) return policies.find((policy) => policy.id === principal.policyId);
  let best: LoadedPolicy | undefined;
  let bestSpecificity = -1;
  for (const policy of policies) {
    const { routes, keys, roles } = policy.match;
    if (routes !== undefined && !routes.some((pattern) => globMatch(pattern, route))) continue;
    if (
      keys !== undefined &&
      !(principal?.keyId !== undefined && keys.some((pattern) => globMatch(pattern, principal.keyId as string)))
    )
      continue;
    if (roles !== undefined && !(principal?.roles ?? []).some((role) => roles.includes(role))) continue;
    const specificity = [routes, keys, roles].filter((list) => list !== undefined).length;
    if (specificity > bestSpecificity) {
      best = policy;
      bestSpecificity = specificity;
    }
  }
  return best;
}
