/** One replacement remembered for a conversation. */
export interface VaultEntry {
  /** What the text now contains: `<EMAIL_1>`, a synthetic surrogate… */
  readonly token: string;
  /** The original value. Never logged, never part of an error. */
  readonly original: string;
  readonly entity: string;
  /** False for replacements made on the output stage: they must not be restored to the reader. */
  readonly restorable: boolean;
}

/**
 * Storage of reversible replacements, scoped per conversation, with a TTL. Pluggable so a gateway
 * can back it with shared storage (Redis, SQL); the in-memory one is {@link createMemoryVault}.
 * Implementations must never log entries.
 */
export interface Vault {
  /** The live entries of a conversation (empty when unknown or expired). */
  read(conversationId: string): Promise<readonly VaultEntry[]>;
  /** Adds entries (same token → replaced) and extends the conversation's TTL. */
  write(conversationId: string, entries: readonly VaultEntry[], ttlMs: number): Promise<void>;
  /** Forgets a conversation. */
  delete(conversationId: string): Promise<void>;
}

/** Options for {@link createMemoryVault}. */
export interface MemoryVaultOptions {
  /** Milliseconds clock (default `Date.now`). */
  clock?: () => number;
  /** Oldest conversations are evicted beyond this many (default 10,000). */
  maxConversations?: number;
  /** Oldest entries of a conversation are forgotten beyond this many (default 10,000): bounds memory. */
  maxEntriesPerConversation?: number;
}

interface Scope {
  readonly entries: Map<string, VaultEntry>;
  expiresAt: number;
}

/**
 * An in-process vault with per-conversation TTL and a bound on the number of conversations.
 * Its string and JSON forms never reveal entries.
 *
 * @example
 * const vault = createMemoryVault();
 * const guard = await createGuard({ policy, registry, vault });
 */
export function createMemoryVault(options: MemoryVaultOptions = {}): Vault {
  const clock = options.clock ?? Date.now;
  const maxConversations = options.maxConversations ?? 10_000;
  const maxEntries = options.maxEntriesPerConversation ?? 10_000;
  const scopes = new Map<string, Scope>();

  const live = (conversationId: string): Scope | undefined => {
    const scope = scopes.get(conversationId);
    if (scope && scope.expiresAt <= clock()) {
      scopes.delete(conversationId);
      return undefined;
    }
    return scope;
  };

  const vault: Vault & { toJSON(): string; toString(): string } = {
    async read(conversationId) {
      const scope = live(conversationId);
      return scope ? [...scope.entries.values()] : [];
    },
    async write(conversationId, entries, ttlMs) {
      let scope = live(conversationId);
      if (!scope) {
        scope = { entries: new Map(), expiresAt: 0 };
      } else {
        scopes.delete(conversationId);
      }
      // Re-inserting keeps the Map in least-recently-written order for eviction.
      scopes.set(conversationId, scope);
      for (const entry of entries) {
        scope.entries.delete(entry.token);
        scope.entries.set(entry.token, Object.freeze({ ...entry }));
      }
      // A forgotten entry only means its placeholder stays unrestored: the safe direction.
      while (scope.entries.size > maxEntries) {
        const oldest = scope.entries.keys().next().value;
        if (oldest === undefined) break;
        scope.entries.delete(oldest);
      }
      scope.expiresAt = clock() + ttlMs;
      while (scopes.size > maxConversations) {
        const oldest = scopes.keys().next().value;
        if (oldest === undefined) break;
        scopes.delete(oldest);
      }
    },
    async delete(conversationId) {
      scopes.delete(conversationId);
    },
    toJSON: () => '[Vault]',
    toString: () => '[Vault]',
  };
  return Object.freeze(vault);
}
