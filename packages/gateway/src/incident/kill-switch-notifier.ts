import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** Redis channel on which instances announce kill switch changes. */
export const killSwitchChannel = 'palisade:kill-switch';

/** Announces kill switch changes to every instance and hears theirs. */
export interface KillSwitchNotifier {
  /** Tells every instance (this one included) to re-read the switches now. */
  publish(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Redis pub/sub for kill switches: storage stays the source of truth, and a message on
 * {@link killSwitchChannel} makes every instance drop its cached copy at once instead of waiting for
 * the cache TTL. Redis being down only delays switches to the TTL.
 *
 * @example
 * const notifier = createKillSwitchNotifier(process.env.REDIS_URL, () => killSwitch.invalidate());
 * await killSwitch.set({ ... }); await notifier.publish();
 */
export function createKillSwitchNotifier(redisUrl: string, onChange: () => void, logger?: Logger): KillSwitchNotifier {
  const options = { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false } as const;
  const publisher = new Redis(redisUrl, options);
  const subscriber = new Redis(redisUrl, { ...options, enableOfflineQueue: true });
  const report = (error: Error) => logger?.warn({ err: error.message }, 'kill switch notifier: Redis error');
  publisher.on('error', report);
  subscriber.on('error', report);
  subscriber.on('message', (channel) => {
    if (channel === killSwitchChannel) onChange();
  });
  void subscriber.subscribe(killSwitchChannel).catch(report);
  return {
    async publish() {
      try {
        await publisher.publish(killSwitchChannel, String(Date.now()));
      } catch (error) {
        report(error as Error);
      }
    },
    async close() {
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}
