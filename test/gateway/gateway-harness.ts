import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createRegistry, type Registry } from '@palisade/guard';
import { patternScanner } from '@palisade/guard/testing';
import { createApiKey } from '../../packages/gateway/src/auth/api-keys.js';
import { GatewayConfig } from '../../packages/gateway/src/config/gateway-config.js';
import { createLogger } from '../../packages/gateway/src/logging/create-logger.js';
import { type RunningGateway, startGateway } from '../../packages/gateway/src/server/start-gateway.js';
import {
  createFakeUpstream,
  type FakeUpstream,
} from '../../packages/gateway/src/server/testing/create-fake-upstream.js';
import { openStorage } from '../../packages/gateway/src/storage/open-storage.js';

/** Scanners of the end-to-end policy: the real pipeline with literal-word fakes. */
export const testRegistry: Registry = createRegistry([
  patternScanner({
    id: 'emails',
    words: ['alice@example.com', 'bob@example.com'],
    category: 'pii.email',
    entity: 'EMAIL',
  }),
  patternScanner({ id: 'injection', words: ['IGNORE ALL PREVIOUS INSTRUCTIONS'], category: 'injection.override' }),
  patternScanner({ id: 'secret', words: ['SECRET-1234-5678'], category: 'secret.token', severity: 'critical' }),
  patternScanner({ id: 'danger', words: ['rm -rf'], category: 'tool.dangerous' }),
]);

export const testPolicy = `version: 1
id: e2e
input:
  scanners: [{ use: injection }, { use: emails }, { use: secret }]
  rules:
    - when: { scanner: emails }
      action: redact
output:
  scanners: [{ use: secret }]
  stream: { windowChars: 32 }
tool:
  scanners: [{ use: danger }]
`;

/** A fake upstream listening on a real loopback port. */
export interface ServedUpstream extends FakeUpstream {
  readonly url: string;
  close(): Promise<void>;
}

export async function serveUpstream(): Promise<ServedUpstream> {
  const upstream = createFakeUpstream();
  const server = serve({ fetch: upstream.app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
  const { port } = server.address() as AddressInfo;
  return {
    ...upstream,
    url: `http://127.0.0.1:${port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A gateway on 127.0.0.1:0 with two upstreams (primary falls back to backup) and a flaky one. */
export interface Harness {
  readonly gateway: RunningGateway;
  readonly primary: ServedUpstream;
  readonly backup: ServedUpstream;
  readonly flaky: ServedUpstream;
  readonly apiKey: string;
  readonly policyFile: string;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const [primary, backup, flaky] = await Promise.all([serveUpstream(), serveUpstream(), serveUpstream()]);
  const directory = mkdtempSync(join(tmpdir(), 'palisade-e2e-'));
  const policyFile = join(directory, 'policy.yaml');
  writeFileSync(policyFile, testPolicy);
  const config = GatewayConfig.parse({
    listen: { host: '127.0.0.1', port: 0 },
    storage: 'memory:',
    logging: { level: 'silent' },
    policies: [{ file: 'policy.yaml' }],
    upstreams: [
      { name: 'flaky', baseUrl: flaky.url, models: ['flaky-*'], retry: { maxRetries: 0 } },
      {
        name: 'primary',
        baseUrl: primary.url,
        models: ['*'],
        retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 5 },
        fallbacks: [{ upstream: 'backup', model: 'backup-model' }],
      },
      { name: 'backup', baseUrl: backup.url, models: ['backup-model'], retry: { maxRetries: 0 } },
    ],
    circuitBreaker: { failureThreshold: 3, windowMs: 60_000, openMs: 60_000 },
  });
  const storage = await openStorage('memory:');
  const { key } = await createApiKey(storage, { name: 'e2e', roles: ['app'] });
  const gateway = await startGateway({
    config,
    baseDirectory: directory,
    registry: testRegistry,
    storage,
    logger: createLogger({ level: 'silent' }),
  });
  return {
    gateway,
    primary,
    backup,
    flaky,
    apiKey: key,
    policyFile,
    async close() {
      await gateway.close();
      await storage.close();
      await Promise.all([primary.close(), backup.close(), flaky.close()]);
    },
  };
}

/** Polls until `condition` holds (no timing assertions: bounded waiting only). */
export async function waitFor(condition: () => boolean | Promise<boolean>, attempts = 200): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
