import { GuardError } from '@palisade/guard';
import type { KeyLimits, Storage } from '../storage/storage.js';

/** Checks daily and monthly token budgets of keys against their usage records. */
export interface BudgetChecker {
  /** Throws `budget-exceeded` (429 with retry-after until the period ends) when a budget is used up. */
  check(keyId: string, limits: KeyLimits | undefined, now?: Date): Promise<void>;
}

/**
 * Reads usage totals from storage (cached for `cacheTtlMs`, default 2 s, so the hot path rarely hits
 * the database; a budget may overshoot by what is spent within that window).
 *
 * @example
 * const budgets = createBudgetChecker(storage);
 * await budgets.check(principal.id, principal.limits);
 */
export function createBudgetChecker(
  storage: Pick<Storage, 'usageTotals'>,
  options: { readonly cacheTtlMs?: number } = {},
): BudgetChecker {
  const ttl = options.cacheTtlMs ?? 2000;
  const cache = new Map<string, { total: number; until: number }>();

  async function total(keyId: string, from: string, to: string, time: number): Promise<number> {
    const cacheKey = `${keyId}\u0000${from}\u0000${to}`;
    const cached = cache.get(cacheKey);
    if (cached !== undefined && cached.until > time) return cached.total;
    const { totalTokens } = await storage.usageTotals(keyId, from, to);
    if (cache.size > 10_000) cache.clear();
    cache.set(cacheKey, { total: totalTokens, until: time + ttl });
    return totalTokens;
  }

  return {
    async check(keyId, limits, now = new Date()) {
      if (limits?.dailyTokens === undefined && limits?.monthlyTokens === undefined) return;
      const day = now.toISOString().slice(0, 10);
      const time = now.getTime();
      if (limits.dailyTokens !== undefined && (await total(keyId, day, day, time)) >= limits.dailyTokens) {
        const tomorrow = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
        throw new GuardError('budget-exceeded', 'the daily token budget of this key is used up', {
          details: { period: 'day', limit: limits.dailyTokens, retryAfterSeconds: Math.ceil((tomorrow - time) / 1000) },
        });
      }
      if (limits.monthlyTokens !== undefined) {
        const monthStart = `${day.slice(0, 8)}01`;
        if ((await total(keyId, monthStart, day, time)) >= limits.monthlyTokens) {
          const nextMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
          throw new GuardError('budget-exceeded', 'the monthly token budget of this key is used up', {
            details: {
              period: 'month',
              limit: limits.monthlyTokens,
              retryAfterSeconds: Math.ceil((nextMonth - time) / 1000),
            },
          });
        }
      }
    },
  };
}
