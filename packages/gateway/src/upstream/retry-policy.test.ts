import { describe, expect, it } from 'vitest';
import { backoffDelayMs, isRetryableStatus, parseRetryAfter } from './retry-policy.js';

describe('retry policy', () => {
  it('retries only transient statuses', () => {
    expect([429, 500, 502, 503, 504, 408].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 422].some(isRetryableStatus)).toBe(false);
  });

  it('backs off exponentially with full jitter, capped', () => {
    const options = { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 1_000 };
    expect(backoffDelayMs(0, options, undefined, () => 0.999)).toBe(99);
    expect(backoffDelayMs(3, options, undefined, () => 0.999)).toBe(799);
    expect(backoffDelayMs(10, options, undefined, () => 0.999)).toBe(999);
    expect(backoffDelayMs(2, options, undefined, () => 0)).toBe(0);
    expect(backoffDelayMs(0, options, 600, () => 0)).toBe(600);
    expect(backoffDelayMs(0, options, 60_000, () => 0)).toBe(1_000);
  });

  it('parses retry-after seconds and dates', () => {
    expect(parseRetryAfter('2')).toBe(2_000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 5_000)).toBe(5_000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
