import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGatewayConfig, parseGatewayConfig } from './load-gateway-config.js';

const sample = `listen:
  port: 9000
upstreams:
  - name: openai
    baseUrl: https://api.openai.com/v1
    apiKey: env:OPENAI_API_KEY
    models: ['gpt-4o*']
    fallbacks: [local]
  - name: local
    baseUrl: http://127.0.0.1:11434/v1
aliases:
  fast: gpt-4o-mini
`;

describe('parseGatewayConfig', () => {
  it('applies defaults and freezes the result', () => {
    const config = parseGatewayConfig(sample);
    expect(config.listen).toEqual({ host: '127.0.0.1', port: 9000 });
    expect(config.upstreams[1]?.models).toEqual(['*']);
    expect(config.upstreams[0]?.retry.maxRetries).toBe(2);
    expect(config.limits.bodyBytes).toBe(1_048_576);
    expect(Object.isFrozen(config.listen)).toBe(true);
  });

  it('reports file:line:column and the key path', () => {
    expect(() => parseGatewayConfig(sample.replace('port: 9000', 'port: nine'), { file: 'p.yaml' })).toThrow(
      /p\.yaml:2:9: listen\.port: /,
    );
    expect(() => parseGatewayConfig(sample.replace('    models', '    modles'), { file: 'p.yaml' })).toThrow(
      /p\.yaml:7:5: upstreams\[0\]: unknown key "modles"/,
    );
    expect(() => parseGatewayConfig('listen: [\n', { file: 'bad.yaml' })).toThrow(/bad\.yaml:\d+:\d+: /);
  });

  it('refuses literal API keys without echoing them', () => {
    const error = (() => {
      try {
        parseGatewayConfig(sample.replace('env:OPENAI_API_KEY', 'sk-live-1234567890'));
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error?.message).toMatch(/config:6:13: upstreams\[0\]\.apiKey: must be a secret reference/);
    expect(error?.message).not.toContain('sk-live');
  });
});

describe('loadGatewayConfig', () => {
  it('layers file < environment < flags', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'palisade-config-')), 'palisade.config.yaml');
    writeFileSync(file, sample);
    const config = await loadGatewayConfig({
      file,
      environment: {
        PALISADE_PORT: '7000',
        PALISADE_HOST: '0.0.0.0',
        PALISADE_OTLP_ENDPOINT: 'http://127.0.0.1:4318/v1/traces',
      },
      flags: { port: 7100, upstream: 'http://127.0.0.1:9999/v1', policy: 'strict.yaml', demo: true },
    });
    expect(config.listen).toEqual({ host: '0.0.0.0', port: 7100 });
    expect(config.upstreams.map((upstream) => upstream.name)).toEqual(['default']);
    expect(config.policies).toEqual([{ file: 'strict.yaml' }]);
    expect(config.demo).toBe(true);
    expect(config.telemetry.enabled).toBe(true);
  });

  it('works without a file and rejects bad environment values', async () => {
    expect((await loadGatewayConfig({ environment: {} })).listen.port).toBe(8787);
    await expect(loadGatewayConfig({ environment: { PALISADE_PORT: 'x' } })).rejects.toThrow(/PALISADE_PORT/);
  });
});
