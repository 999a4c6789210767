import { Hono } from 'hono';
import type { RequestIdVariables } from 'hono/request-id';
import { describe, expect, it } from 'vitest';
import { requestId, requestIdHeader } from './request-id.js';

describe('requestId', () => {
  const app = new Hono<{ Variables: RequestIdVariables }>();
  app.use(requestId());
  app.get('/', (c) => c.text(c.get('requestId')));

  it('generates a UUID and echoes it in the header', async () => {
    const response = await app.request('/');
    const id = response.headers.get(requestIdHeader);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.text()).toBe(id);
  });

  it('keeps a well-formed client id and replaces a malicious one', async () => {
    const kept = await app.request('/', { headers: { [requestIdHeader]: 'trace-123' } });
    expect(kept.headers.get(requestIdHeader)).toBe('trace-123');
    const replaced = await app.request('/', { headers: { [requestIdHeader]: 'a b<script>' } });
    expect(replaced.headers.get(requestIdHeader)).not.toContain('script');
  });
});
