import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../storage/memory-storage.js';
import { findTestRedis } from '../storage/test-databases.js';
import { createKillSwitch } from './create-kill-switch.js';
import { createKillSwitchNotifier, type KillSwitchNotifier } from './kill-switch-notifier.js';

const redisUrl = await findTestRedis();
const reachable = redisUrl !== undefined;

describe.skipIf(!reachable)('kill switch notifier (Redis at PALISADE_TEST_REDIS_URL)', () => {
  it('makes another instance drop its cached switches at once', async () => {
    const storage = createMemoryStorage();
    let notifierA: KillSwitchNotifier | undefined;
    const a = createKillSwitch({ storage, cacheTtlMs: 60_000, onChange: () => notifierA?.publish() });
    const b = createKillSwitch({ storage, cacheTtlMs: 60_000 });
    notifierA = createKillSwitchNotifier(redisUrl!, () => a.invalidate());
    const notifierB = createKillSwitchNotifier(redisUrl!, () => b.invalidate());
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await b.list()).toEqual([]);
      await a.set({ scope: 'global', mode: 'block', reason: 'pubsub', setBy: 'system' });
      let seen = false;
      for (let attempt = 0; attempt < 100 && !seen; attempt += 1) {
        seen = (await b.list()).length === 1;
        if (!seen) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(seen).toBe(true);
    } finally {
      await notifierA.close();
      await notifierB.close();
    }
  });
});
