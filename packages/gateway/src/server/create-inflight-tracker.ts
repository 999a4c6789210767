import type { InflightTracker } from './gateway-dependencies.js';

/**
 * Counts in-flight requests and streams so `palisade serve` can drain them on shutdown.
 *
 * @example
 * const inflight = createInflightTracker();
 * const done = inflight.begin(); try { await work(); } finally { done(); }
 * await inflight.drained(30_000);
 */
export function createInflightTracker(): InflightTracker {
  let active = 0;
  let waiters: Array<() => void> = [];
  return {
    begin() {
      active += 1;
      let finished = false;
      return () => {
        if (finished) return;
        finished = true;
        active -= 1;
        if (active === 0) {
          const ready = waiters;
          waiters = [];
          for (const resolve of ready) resolve();
        }
      };
    },
    count: () => active,
    drained(timeoutMs) {
      if (active === 0) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((waiter) => waiter !== onDrained);
          resolve(false);
        }, timeoutMs);
        const onDrained = (): void => {
          clearTimeout(timer);
          resolve(true);
        };
        waiters.push(onDrained);
      });
    },
  };
}
