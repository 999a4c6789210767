import { describe, expect, it } from 'vitest';
import { type CircuitState, createCircuitBreaker } from './circuit-breaker.js';

describe('createCircuitBreaker', () => {
  it('opens after N failures in the window, probes once when half-open, closes on success', () => {
    let time = 0;
    const transitions: CircuitState[] = [];
    const breaker = createCircuitBreaker({
      failureThreshold: 3,
      windowMs: 1_000,
      openMs: 500,
      now: () => time,
      onStateChange: (state) => transitions.push(state),
    });
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.state()).toBe('closed');
    breaker.recordFailure();
    expect(breaker.state()).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.retryAfterMs()).toBe(500);
    time = 500;
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.state()).toBe('half-open');
    expect(breaker.tryAcquire()).toBe(false);
    breaker.recordSuccess();
    expect(breaker.state()).toBe('closed');
    expect(transitions).toEqual(['open', 'half-open', 'closed']);
  });

  it('forgets failures older than the window', () => {
    let time = 0;
    const breaker = createCircuitBreaker({ failureThreshold: 2, windowMs: 100, openMs: 50, now: () => time });
    breaker.recordFailure();
    time = 150;
    breaker.recordFailure();
    expect(breaker.state()).toBe('closed');
  });

  it('reopens when the half-open probe fails', () => {
    let time = 0;
    const breaker = createCircuitBreaker({ failureThreshold: 1, windowMs: 100, openMs: 50, now: () => time });
    breaker.recordFailure();
    time = 60;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordFailure();
    expect(breaker.state()).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
  });
});
