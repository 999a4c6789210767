import { GuardError } from '@palisade/guard';
import type { Storage } from '../storage/storage.js';

/** What a kill switch covers. */
export type KillSwitchScope = 'global' | 'key' | 'route' | 'upstream';

/** A kill switch as stored in the shared settings (`kill-switch:<scope>[:<target>]`). */
export interface KillSwitchEntry {
  readonly scope: KillSwitchScope;
  /** Key id, route path (`/v1/chat/completions`) or upstream name; absent for `global`. */
  readonly target?: string;
  /** `block` refuses with 503 `kill-switch`; `fallback` sends model calls to `fallbackModel`. */
  readonly mode: 'block' | 'fallback';
  readonly fallbackModel?: string;
  readonly reason: string;
  readonly setBy: string;
  readonly setAt: string;
}

/** What one request looks like to the kill switch. */
export interface KillSwitchSubject {
  readonly route: string;
  readonly keyId?: string;
  /** The upstream that would serve the request, when known. */
  readonly upstream?: string;
}

/** Options of {@link createKillSwitch}. */
export interface KillSwitchOptions {
  readonly storage: Pick<Storage, 'listSettings' | 'setSetting' | 'deleteSetting'>;
  /** How long an instance caches the switches (the delay before a switch set elsewhere applies). Default 1000 ms. */
  readonly cacheTtlMs?: number;
  readonly now?: () => number;
  /** Called after this instance changed a switch (e.g. to announce it over Redis pub/sub). */
  readonly onChange?: () => void | Promise<void>;
}

/** Kill switches shared by all gateway instances through storage settings. */
export interface KillSwitch {
  /** Every active switch (cached for `cacheTtlMs`). */
  list(): Promise<readonly KillSwitchEntry[]>;
  /** The switch that applies to a request, most specific first (key, route, upstream, global). */
  match(subject: KillSwitchSubject): Promise<KillSwitchEntry | undefined>;
  set(entry: Omit<KillSwitchEntry, 'setAt'>): Promise<KillSwitchEntry>;
  /** Returns false when no such switch was set. */
  clear(scope: KillSwitchScope, target?: string): Promise<boolean>;
  /** Drops the cache (after a change announced by another instance, e.g. Redis pub/sub). */
  invalidate(): void;
}

const prefix = 'kill-switch:';
const scopes: readonly KillSwitchScope[] = ['global', 'key', 'route', 'upstream'];

/**
 * The settings key of a switch.
 *
 * @example
 * killSwitchKey('key', 'pal_abc'); // 'kill-switch:key:pal_abc'
 */
export function killSwitchKey(scope: KillSwitchScope, target?: string): string {
  if (!scopes.includes(scope)) throw new GuardError('invalid-input', `scope: expected ${scopes.join(', ')}`);
  if (scope === 'global') return `${prefix}global`;
  if (target === undefined || target.trim() === '' || target.length > 300) {
    throw new GuardError('invalid-input', `a ${scope} kill switch needs a target (1..300 characters)`);
  }
  return `${prefix}${scope}:${target.trim()}`;
}

function parseEntry(value: unknown): KillSwitchEntry | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const entry = value as Partial<KillSwitchEntry>;
  if (!scopes.includes(entry.scope as KillSwitchScope)) return undefined;
  if (entry.mode !== 'block' && entry.mode !== 'fallback') return undefined;
  return entry as KillSwitchEntry;
}

/**
 * Kill switches (global, per key, per route, per upstream) stored in the shared storage settings, so
 * a switch set through one instance applies on every instance within `cacheTtlMs`.
 *
 * @example
 * const killSwitch = createKillSwitch({ storage });
 * await killSwitch.set({ scope: 'global', mode: 'block', reason: 'incident 42', setBy: 'user:alice' });
 * await killSwitch.match({ route: '/v1/chat/completions' }); // the global switch
 */
export function createKillSwitch(options: KillSwitchOptions): KillSwitch {
  const { storage } = options;
  const ttl = options.cacheTtlMs ?? 1000;
  const now = options.now ?? Date.now;
  let cache: { readonly at: number; readonly entries: Promise<readonly KillSwitchEntry[]> } | undefined;

  const load = async (): Promise<readonly KillSwitchEntry[]> => {
    const settings = await storage.listSettings(prefix);
    return settings.map((setting) => parseEntry(setting.value)).filter((entry) => entry !== undefined);
  };

  const list = (): Promise<readonly KillSwitchEntry[]> => {
    if (cache === undefined || now() - cache.at >= ttl) {
      const entries = load();
      cache = { at: now(), entries };
      // A failed read is not cached: the next request retries.
      entries.catch(() => {
        if (cache?.entries === entries) cache = undefined;
      });
    }
    return cache.entries;
  };

  return {
    list,
    async match(subject) {
      const entries = await list();
      if (entries.length === 0) return undefined;
      const find = (scope: KillSwitchScope, target: string | undefined) =>
        target === undefined ? undefined : entries.find((entry) => entry.scope === scope && entry.target === target);
      return (
        find('key', subject.keyId) ??
        find('route', subject.route) ??
        find('upstream', subject.upstream) ??
        entries.find((entry) => entry.scope === 'global')
      );
    },
    async set(input) {
      if (input.mode === 'fallback' && (input.fallbackModel === undefined || input.fallbackModel.trim() === '')) {
        throw new GuardError('invalid-input', 'a fallback kill switch needs fallbackModel');
      }
      const key = killSwitchKey(input.scope, input.target);
      const entry: KillSwitchEntry = {
        scope: input.scope,
        mode: input.mode,
        reason: input.reason.slice(0, 500),
        setBy: input.setBy,
        setAt: new Date(now()).toISOString(),
        ...(input.scope === 'global' || input.target === undefined ? {} : { target: input.target.trim() }),
        ...(input.mode === 'fallback' && input.fallbackModel !== undefined
          ? { fallbackModel: input.fallbackModel.trim() }
          : {}),
      };
      await storage.setSetting(key, entry, { updatedBy: input.setBy });
      cache = undefined;
      await options.onChange?.();
      return entry;
    },
    async clear(scope, target) {
      const removed = await storage.deleteSetting(killSwitchKey(scope, target));
      cache = undefined;
      if (removed) await options.onChange?.();
      return removed;
    },
    invalidate() {
      cache = undefined;
    },
  };
}
