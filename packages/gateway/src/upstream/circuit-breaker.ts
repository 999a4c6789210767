/** Circuit states; the numeric value is what the `palisade_upstream_circuit_state` gauge reports. */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** Numeric encoding of circuit states for metrics. */
export const circuitStateValue: Readonly<Record<CircuitState, number>> = { closed: 0, open: 1, 'half-open': 2 };

/** Circuit breaker settings. */
export interface CircuitBreakerOptions {
  /** Failures within `windowMs` that open the circuit. */
  readonly failureThreshold: number;
  readonly windowMs: number;
  /** How long the circuit stays open before one half-open probe is let through. */
  readonly openMs: number;
  readonly now?: () => number;
  readonly onStateChange?: (state: CircuitState) => void;
}

/** A per-upstream circuit breaker. */
export interface CircuitBreaker {
  /** Whether a call may go out now; in half-open state only one probe at a time is admitted. */
  tryAcquire(): boolean;
  recordSuccess(): void;
  recordFailure(): void;
  /** Releases a probe slot that ended neither in success nor failure (client cancelled). */
  release(): void;
  state(): CircuitState;
  /** Milliseconds until a probe is admitted (0 when not open). */
  retryAfterMs(): number;
}

/**
 * Counts failures in a sliding window; opens after `failureThreshold`, admits one half-open probe
 * after `openMs`, closes on the probe's success and reopens on its failure.
 *
 * @example
 * const breaker = createCircuitBreaker({ failureThreshold: 5, windowMs: 30_000, openMs: 15_000 });
 * if (!breaker.tryAcquire()) throw new GuardError('circuit-open', 'upstream openai is unavailable');
 */
export function createCircuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  const now = options.now ?? Date.now;
  let current: CircuitState = 'closed';
  let failures: number[] = [];
  let openedAt = 0;
  let probeInFlight = false;

  const transition = (next: CircuitState): void => {
    if (next === current) return;
    current = next;
    options.onStateChange?.(next);
  };

  const refresh = (): void => {
    if (current === 'open' && now() - openedAt >= options.openMs) transition('half-open');
  };

  return {
    tryAcquire() {
      refresh();
      if (current === 'closed') return true;
      if (current === 'half-open' && !probeInFlight) {
        probeInFlight = true;
        return true;
      }
      return false;
    },
    recordSuccess() {
      probeInFlight = false;
      failures = [];
      transition('closed');
    },
    recordFailure() {
      const at = now();
      if (current === 'half-open') {
        probeInFlight = false;
        openedAt = at;
        transition('open');
        return;
      }
      failures = failures.filter((time) => at - time < options.windowMs);
      failures.push(at);
      if (current === 'closed' && failures.length >= options.failureThreshold) {
        openedAt = at;
        failures = [];
        transition('open');
      }
    },
    release() {
      probeInFlight = false;
    },
    state() {
      refresh();
      return current;
    },
    retryAfterMs() {
      refresh();
      return current === 'open' ? Math.max(0, options.openMs - (now() - openedAt)) : 0;
    },
  };
}
