import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRegistry } from '@palisade/guard';
import { patternScanner } from '@palisade/guard/testing';
import { Secret, TOTP } from 'otpauth';
import { createApiKey } from '../../packages/gateway/src/auth/api-keys.js';
import { createUser } from '../../packages/gateway/src/auth/bootstrap-access.js';
import { GatewayConfig } from '../../packages/gateway/src/config/gateway-config.js';
import { createLogger } from '../../packages/gateway/src/logging/create-logger.js';
import { type RunningGateway, startGateway } from '../../packages/gateway/src/server/start-gateway.js';
import { openStorage } from '../../packages/gateway/src/storage/open-storage.js';
import type { Storage } from '../../packages/gateway/src/storage/storage.js';
import { type ServedUpstream, serveUpstream } from '../gateway/gateway-harness.js';

/** A policy that holds `PLEASE REVIEW` requests for a reviewer and blocks injections. */
export const oversightPolicy = `version: 1
id: oversight
input:
  scanners: [{ use: injection }, { use: hold }]
  rules:
    - when: { scanner: hold }
      action: review
review:
  mode: hold
  holdSeconds: 40
  onTimeout: block
audit:
  storeText: true
`;

/** The scanners of {@link oversightPolicy}. */
export const oversightRegistry = createRegistry([
  patternScanner({ id: 'injection', words: ['IGNORE ALL PREVIOUS INSTRUCTIONS'], category: 'injection.override' }),
  patternScanner({
    id: 'hold',
    words: ['PLEASE REVIEW'],
    category: 'review.borderline',
    severity: 'medium',
    score: 0.5,
  }),
]);

/** The gateway config of the harness (plain-HTTP cookies for the test browser). */
export function oversightConfig(storageUrl: string, upstreamUrl: string): GatewayConfig {
  return GatewayConfig.parse({
    listen: { host: '127.0.0.1', port: 0 },
    storage: storageUrl,
    logging: { level: 'silent' },
    policies: [{ file: 'policy.yaml' }],
    upstreams: [{ name: 'primary', baseUrl: upstreamUrl, models: ['*'], retry: { maxRetries: 0 } }],
    auth: { secureCookies: false },
  });
}

/** A listening gateway with the oversight UI, a reviewer with TOTP and an app key. */
export interface OversightHarness {
  readonly gateway: RunningGateway;
  readonly upstream: ServedUpstream;
  readonly storage: Storage;
  /** The folder holding policy.yaml (the base directory of a second instance). */
  readonly directory: string;
  readonly apiKey: string;
  readonly keyId: string;
  readonly username: string;
  readonly password: string;
  /** A current TOTP code of the reviewer. */
  code(): string;
  chat(content: string): Promise<Response>;
  close(): Promise<void>;
}

export async function startOversightHarness(storageUrl = 'memory:'): Promise<OversightHarness> {
  const upstream = await serveUpstream();
  const directory = mkdtempSync(join(tmpdir(), 'palisade-oversight-'));
  writeFileSync(join(directory, 'policy.yaml'), oversightPolicy);
  const config = oversightConfig(storageUrl, upstream.url);
  const storage = await openStorage(storageUrl);
  const { key, record } = await createApiKey(storage, { name: 'browser-app', roles: ['app'] });
  const username = 'rita';
  const password = 'correct horse battery staple 42';
  const user = await createUser(storage, { username, roles: ['reviewer', 'operator'], password });
  const secret = new Secret({ size: 20 }).base32;
  await storage.updateUser(user.id, { totpSecret: secret, totpEnabled: true });
  const totp = new TOTP({ secret, algorithm: 'SHA1', digits: 6, period: 30 });
  const gateway = await startGateway({
    config,
    baseDirectory: directory,
    registry: oversightRegistry,
    storage,
    logger: createLogger({ level: 'silent' }),
    environment: { PALISADE_REVIEW_STORE_TEXT: 'all', PALISADE_KILL_SWITCH_TTL_MS: '0' },
  });
  return {
    gateway,
    upstream,
    storage,
    directory,
    apiKey: key,
    keyId: record.id,
    username,
    password,
    code: () => totp.generate(),
    chat: (content) =>
      fetch(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-test', messages: [{ role: 'user', content }] }),
      }),
    async close() {
      await gateway.close();
      await storage.close();
      await upstream.close();
    },
  };
}
