import { describe, expect, it } from 'vitest';
import { errorCatalogue, GuardError, isGuardError, toGuardError } from './errors.js';

describe('GuardError', () => {
  it('carries code, status and an OpenAI-shaped body', () => {
    const error = new GuardError('rate-limited', 'slow down', { details: { retryAfter: 3 } });
    expect(error.status).toBe(429);
    expect(error.toJSON()).toEqual({
      error: { message: 'slow down', type: 'rate_limit_error', code: 'rate-limited', details: { retryAfter: 3 } },
    });
    expect(isGuardError(error)).toBe(true);
    expect(isGuardError(new Error('x'))).toBe(false);
  });

  it('wraps foreign errors without leaking their message', () => {
    const wrapped = toGuardError(new Error('password=hunter2'));
    expect(wrapped.code).toBe('internal');
    expect(wrapped.message).not.toContain('hunter2');
  });

  it('has a status for every code', () => {
    for (const entry of Object.values(errorCatalogue)) expect(entry.status).toBeGreaterThanOrEqual(400);
  });
});
