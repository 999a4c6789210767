import { randomBytes } from 'node:crypto';
import { isGuardError } from '@palisade/guard';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../storage/memory-storage.js';
import { findTestRedis } from '../storage/test-databases.js';
import { createMemoryRateLimiter } from './memory-rate-limiter.js';
import { perMinute, type RateLimiter } from './rate-limiter.js';
import { createRedisRateLimiter } from './redis-rate-limiter.js';
import { createBudgetChecker } from './token-budget.js';

function describeLimiter(name: string, create: () => RateLimiter) {
  describe(`rate limiter contract: ${name}`, () => {
    const limiters: RateLimiter[] = [];
    const limiter = () => {
      const created = create();
      limiters.push(created);
      return created;
    };
    const bucket = () => `test:${randomBytes(6).toString('hex')}`;
    afterAll(async () => {
      await Promise.all(limiters.map((created) => created.close()));
    });

    it('allows a burst up to the limit, then refuses with retry-after', async () => {
      const subject = limiter();
      const name = bucket();
      const limit = perMinute(5);
      for (let index = 0; index < 5; index++) expect((await subject.consume(name, limit)).allowed).toBe(true);
      const refused = await subject.consume(name, limit);
      expect(refused.allowed).toBe(false);
      expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(refused.retryAfterSeconds).toBeLessThanOrEqual(12);
      expect((await subject.consume(bucket(), limit)).allowed).toBe(true);
    });

    it('allows exactly the capacity under concurrent callers', async () => {
      const subject = limiter();
      const name = bucket();
      const results = await Promise.all(Array.from({ length: 40 }, () => subject.consume(name, perMinute(10))));
      expect(results.filter((result) => result.allowed)).toHaveLength(10);
    });

    it('charges token debt that blocks later requests until refilled', async () => {
      const subject = limiter();
      const name = bucket();
      const limit = perMinute(1000);
      expect((await subject.consume(name, limit, 0)).allowed).toBe(true);
      const charged = await subject.charge(name, limit, 1500);
      expect(charged.remaining).toBeLessThan(0);
      expect(charged.remaining).toBeGreaterThanOrEqual(-1000);
      const refused = await subject.consume(name, limit, 0);
      expect(refused.allowed).toBe(false);
      expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect((await subject.consume(name, limit, 1)).allowed).toBe(false);
    });
  });
}

describe('memory rate limiter', () => {
  it('refills over time', async () => {
    let now = 0;
    const limiter = createMemoryRateLimiter({ now: () => now });
    const limit = perMinute(60);
    for (let index = 0; index < 60; index++) await limiter.consume('b', limit);
    expect((await limiter.consume('b', limit)).allowed).toBe(false);
    now += 1000;
    expect((await limiter.consume('b', limit)).allowed).toBe(true);
    expect((await limiter.consume('b', limit)).allowed).toBe(false);
    now += 60_000;
    expect((await limiter.consume('b', limit)).remaining).toBe(59);
  });

  it('bounds the number of buckets', async () => {
    const limiter = createMemoryRateLimiter({ maxBuckets: 3 });
    const limit = perMinute(1);
    await limiter.consume('a', limit);
    for (const name of ['b', 'c', 'd']) await limiter.consume(name, limit);
    // 'a' was evicted: it starts full again (acceptable: evicted buckets are the oldest).
    expect((await limiter.consume('a', limit)).allowed).toBe(true);
  });
});

describeLimiter('memory', () => createMemoryRateLimiter());

const redisUrl = await findTestRedis();
const redisReachable = redisUrl !== undefined;

if (redisReachable && redisUrl !== undefined) {
  const prefix = `palisade:test:${randomBytes(4).toString('hex')}:`;
  describeLimiter('redis', () => createRedisRateLimiter(redisUrl, { prefix }));

  describe('redis rate limiter across instances', () => {
    it('enforces one global limit for two gateway instances', async () => {
      const first = createRedisRateLimiter(redisUrl, { prefix });
      const second = createRedisRateLimiter(redisUrl, { prefix });
      try {
        const results = await Promise.all(
          Array.from({ length: 30 }, (_, index) => (index % 2 === 0 ? first : second).consume('shared', perMinute(12))),
        );
        expect(results.filter((result) => result.allowed)).toHaveLength(12);
      } finally {
        await Promise.all([first.close(), second.close()]);
      }
    });

    it('fails closed with a typed error when Redis is down, or open when configured', async () => {
      const closed = createRedisRateLimiter('redis://127.0.0.1:1', { prefix });
      const open = createRedisRateLimiter('redis://127.0.0.1:1', { prefix, onError: 'open' });
      try {
        const error = await closed.consume('x', perMinute(1)).catch((caught: unknown) => caught);
        expect(isGuardError(error) && error.code).toBe('overloaded');
        expect((await open.consume('x', perMinute(1))).allowed).toBe(true);
      } finally {
        await Promise.all([closed.close(), open.close()]);
      }
    });
  });
} else {
  describe.skip(`rate limiter contract: redis (skipped: ${redisUrl ? 'unreachable' : 'PALISADE_TEST_REDIS_URL is not set'})`, () => {
    it('needs Redis', () => undefined);
  });
}

describe('token budgets', () => {
  it('refuses a key over its daily or monthly budget until the period ends', async () => {
    const storage = createMemoryStorage();
    const budgets = createBudgetChecker(storage, { cacheTtlMs: 0 });
    const now = new Date('2026-03-15T12:00:00.000Z');
    await budgets.check('k', undefined, now);
    await storage.recordUsage({ keyId: 'k', at: '2026-03-15T01:00:00.000Z', promptTokens: 900, completionTokens: 100 });
    await storage.recordUsage({ keyId: 'k', at: '2026-03-02T01:00:00.000Z', promptTokens: 5000, completionTokens: 0 });
    await budgets.check('k', { dailyTokens: 1001, monthlyTokens: 6001 }, now);
    const daily = await budgets.check('k', { dailyTokens: 1000 }, now).catch((error: unknown) => error);
    expect(isGuardError(daily) && daily.code).toBe('budget-exceeded');
    expect(isGuardError(daily) && daily.details['retryAfterSeconds']).toBe(12 * 3600);
    const monthly = await budgets.check('k', { monthlyTokens: 6000 }, now).catch((error: unknown) => error);
    expect(isGuardError(monthly) && monthly.details['period']).toBe('month');
    expect(isGuardError(monthly) && monthly.details['retryAfterSeconds']).toBe(16 * 86_400 + 12 * 3600);
  });
});
