import { GuardError } from '@palisade/guard';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { bodyLimit } from '../body-limit/body-limit.js';
import { errorHandler, notFoundHandler } from './error-handler.js';

describe('errorHandler', () => {
  const app = new Hono();
  app.onError(errorHandler());
  app.notFound(notFoundHandler());
  app.use(bodyLimit(16));
  app.get('/guard', () => {
    throw new GuardError('circuit-open', 'upstream openai is unavailable', { details: { retryAfterSeconds: 7 } });
  });
  app.get('/boom', () => {
    throw new Error('database password=hunter2 leaked?');
  });
  app.get('/http', () => {
    throw new HTTPException(401, { message: 'nope' });
  });
  app.get('/slow', () => {
    throw new HTTPException(504, { message: 'too slow' });
  });
  app.post('/echo', async (c) => c.text(await c.req.text()));

  it('answers GuardErrors in the OpenAI shape with status and retry-after', async () => {
    const response = await app.request('/guard');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(await response.json()).toMatchObject({
      error: { message: 'upstream openai is unavailable', type: 'server_error', code: 'circuit-open' },
    });
  });

  it('hides unexpected errors behind a generic 500', async () => {
    const response = await app.request('/boom');
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain('hunter2');
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'internal', type: 'server_error' } });
  });

  it('maps Hono HTTP exceptions, 404 and 413', async () => {
    expect((await app.request('/http')).status).toBe(401);
    const slow = await app.request('/slow');
    expect(slow.status).toBe(504);
    expect(await slow.json()).toMatchObject({ error: { code: 'upstream-timeout', message: 'too slow' } });
    const missing = await app.request('/nowhere');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not-found' } });
    const large = await app.request('/echo', { method: 'POST', body: 'x'.repeat(17) });
    expect(large.status).toBe(413);
    expect(await large.json()).toMatchObject({ error: { code: 'input-too-large' } });
    expect(await (await app.request('/echo', { method: 'POST', body: 'small' })).text()).toBe('small');
  });
});
