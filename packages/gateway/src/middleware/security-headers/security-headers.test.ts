import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { securityHeaders } from './security-headers.js';

describe('securityHeaders', () => {
  it('sets a locked-down CSP, nosniff, frame denial and HSTS', async () => {
    const app = new Hono();
    app.use(securityHeaders());
    app.get('/', (c) => c.json({ ok: true }));
    const response = await app.request('/');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('strict-transport-security')).toContain('max-age=31536000');
  });
});
