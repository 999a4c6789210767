/**
 * Test helper process: a minimal gateway stand-in that uses the real access-control stack on shared
 * storage and rate limits. Prints `{"port":N}` once listening. Used by the scale-out test.
 * Usage: node --import tsx access-server-worker.ts <storage-url> <redis-url> <instance-name>
 */

import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { errorHandler } from '../middleware/error-handler/error-handler.js';
import type { RateLimitVariables } from '../middleware/rate-limit/rate-limit.js';
import { openStorage } from '../storage/open-storage.js';
import { createAccessControl } from './create-access-control.js';

const [storageUrl, redisUrl, instance] = process.argv.slice(2);
if (storageUrl === undefined || redisUrl === undefined || instance === undefined) {
  process.stderr.write('usage: access-server-worker <storage-url> <redis-url> <instance>\n');
  process.exitCode = 2;
} else {
  const storage = await openStorage(storageUrl);
  const access = createAccessControl({ storage, config: { redisUrl, keyCacheTtlMs: 0 } });
  const app = new Hono<{ Variables: RateLimitVariables }>();
  app.onError(errorHandler());
  app.use(...access.middleware);
  app.route('/', access.routes);
  app.post('/v1/chat/completions', async (c) => {
    const principal = c.get('principal');
    await access.audit.record({
      type: 'guard.decision',
      requestId: `${instance}-${crypto.randomUUID()}`,
      route: '/v1/chat/completions',
      stage: 'input',
      action: 'allow',
      effective: 'allow',
      findings: [],
      latencyMs: 0,
      model: instance,
      ...(principal?.keyId === undefined ? {} : { keyId: principal.keyId }),
    });
    return c.json({ instance });
  });
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
    process.stdout.write(`${JSON.stringify({ port: info.port })}\n`);
  });
  process.on('SIGTERM', () => {
    server.close();
    void access.close().then(() => storage.close());
  });
}
