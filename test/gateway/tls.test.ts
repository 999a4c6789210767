import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GatewayConfig } from '../../packages/gateway/src/config/gateway-config.js';
import { createLogger } from '../../packages/gateway/src/logging/create-logger.js';
import { startGateway } from '../../packages/gateway/src/server/start-gateway.js';
import { openStorage } from '../../packages/gateway/src/storage/open-storage.js';
import { testRegistry } from './gateway-harness.js';

function selfSigned(directory: string): boolean {
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(directory, 'key.pem'),
        '-out',
        join(directory, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return true;
  } catch {
    return false;
  }
}

const directory = mkdtempSync(join(tmpdir(), 'palisade-tls-'));
const haveOpenssl = selfSigned(directory);

describe.skipIf(!haveOpenssl)('HTTPS with --tls-cert/--tls-key', () => {
  it('serves over TLS with security headers', async () => {
    const storage = await openStorage('memory:');
    const gateway = await startGateway({
      config: GatewayConfig.parse({
        listen: { host: '127.0.0.1', port: 0, tls: { cert: 'cert.pem', key: 'key.pem' } },
        policies: [{ file: new URL('./permissive-policy.yaml', import.meta.url).pathname }],
      }),
      baseDirectory: directory,
      registry: testRegistry,
      storage,
      logger: createLogger({ level: 'silent' }),
    });
    expect(gateway.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const { status, headers, body } = await new Promise<{
      status: number;
      headers: Record<string, unknown>;
      body: string;
    }>((resolve, reject) => {
      get(`${gateway.url}/healthz`, { ca: readFileSync(join(directory, 'cert.pem')) }, (response) => {
        let text = '';
        response.on('data', (chunk) => {
          text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
      }).on('error', reject);
    });
    expect(status).toBe(200);
    expect(JSON.parse(body)).toEqual({ status: 'ok' });
    expect(headers['strict-transport-security']).toContain('max-age=');
    await gateway.close();
    await storage.close();
  });
});
