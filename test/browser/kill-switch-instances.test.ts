import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../packages/gateway/src/logging/create-logger.js';
import { startGateway } from '../../packages/gateway/src/server/start-gateway.js';
import { openStorage } from '../../packages/gateway/src/storage/open-storage.js';
import { oversightConfig, oversightRegistry, startOversightHarness } from './oversight-harness.js';

const directory = mkdtempSync(join(tmpdir(), 'palisade-instances-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('kill switch across gateway instances', () => {
  it('a switch tripped in the UI of one instance blocks a second instance sharing the SQLite storage', async () => {
    const url = `sqlite:${join(directory, 'shared.db')}`;
    const first = await startOversightHarness(url);
    const secondStorage = await openStorage(url);
    const second = await startGateway({
      config: oversightConfig(url, first.upstream.url),
      baseDirectory: first.directory,
      registry: oversightRegistry,
      storage: secondStorage,
      logger: createLogger({ level: 'silent' }),
      environment: { PALISADE_KILL_SWITCH_TTL_MS: '0' },
    });
    const chatOnSecond = () =>
      fetch(`${second.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${first.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-test', messages: [{ role: 'user', content: 'hello' }] }),
      });
    try {
      expect((await chatOnSecond()).status).toBe(200);
      // Sign in on the first instance (password, then TOTP) and trip the global switch there.
      const cookies = new Map<string, string>();
      const post = async (path: string, form: Record<string, string>) => {
        const response = await fetch(`${first.gateway.url}${path}`, {
          method: 'POST',
          redirect: 'manual',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            origin: first.gateway.url,
            cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
          },
          body: new URLSearchParams(form),
        });
        for (const line of response.headers.getSetCookie()) {
          const [name, value] = (line.split(';')[0] ?? '').split('=');
          if (name !== undefined) cookies.set(name, value ?? '');
        }
        return response;
      };
      await post('/ui/login', { username: first.username, password: first.password });
      await post('/ui/mfa', { _csrf: cookies.get('palisade_csrf') ?? '', code: first.code() });
      const tripped = await post('/ui/kill-switch', {
        _csrf: cookies.get('palisade_csrf') ?? '',
        action: 'set',
        scope: 'global',
        mode: 'block',
        reason: 'two-instance drill',
      });
      expect(tripped.headers.get('location')).toBe('/ui/kill-switch?notice=kill-set');
      const blocked = await chatOnSecond();
      expect(blocked.status).toBe(503);
      expect(((await blocked.json()) as { error: { code: string } }).error.code).toBe('kill-switch');
      await post('/ui/kill-switch', { _csrf: cookies.get('palisade_csrf') ?? '', action: 'clear', scope: 'global' });
      expect((await chatOnSecond()).status).toBe(200);
    } finally {
      await second.close();
      await secondStorage.close();
      await first.close();
    }
  });
});
