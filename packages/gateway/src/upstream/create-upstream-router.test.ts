import { isGuardError } from '@palisade/guard';
import { describe, expect, it } from 'vitest';
import { createUpstreamRouter, type UpstreamAttempt } from './create-upstream-router.js';
import type { UpstreamSettings } from './upstream-client.js';

const retry = { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 5 };

function upstream(name: string, overrides: Partial<UpstreamSettings> = {}): UpstreamSettings {
  return {
    name,
    type: 'openai',
    baseUrl: `http://${name}.test/v1`,
    models: ['*'],
    timeoutMs: 1_000,
    retry,
    fallbacks: [],
    ...overrides,
  };
}

function scriptedFetch(script: Record<string, Array<number | 'throw'>>) {
  const calls: Array<{ url: string; headers: Record<string, string>; body: Record<string, unknown> | undefined }> = [];
  const implementation = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    const host = new URL(url).hostname.split('.')[0] ?? '';
    calls.push({
      url,
      headers: (init?.headers ?? {}) as Record<string, string>,
      body: init?.body === undefined ? undefined : (JSON.parse(String(init.body)) as Record<string, unknown>),
    });
    const next = script[host]?.shift() ?? 200;
    if (next === 'throw') throw new TypeError('fetch failed');
    if (next !== 200) return Response.json({ error: { message: `boom ${next}` } }, { status: next });
    return Response.json({ id: 'x', served: host });
  }) as typeof fetch;
  return { implementation, calls };
}

const breaker = { failureThreshold: 100, windowMs: 60_000, openMs: 1_000 };
const signal = new AbortController().signal;

describe('createUpstreamRouter', () => {
  it('routes by model pattern and alias, sends the bearer key and the resolved model', async () => {
    const fake = scriptedFetch({});
    const router = createUpstreamRouter({
      upstreams: [upstream('gpt', { models: ['gpt-4o*'], apiKey: 'sk-secret' }), upstream('local')],
      aliases: { fast: 'gpt-4o-mini' },
      circuitBreaker: breaker,
      fetch: fake.implementation,
    });
    const result = await router.json('chat/completions', { model: 'fast', messages: [] }, signal);
    expect(result.upstream).toBe('gpt');
    expect(result.model).toBe('gpt-4o-mini');
    expect(fake.calls[0]?.url).toBe('http://gpt.test/v1/chat/completions');
    expect(fake.calls[0]?.headers['authorization']).toBe('Bearer sk-secret');
    expect(fake.calls[0]?.body?.['model']).toBe('gpt-4o-mini');
    expect((await router.json('embeddings', { model: 'llama3' }, signal)).upstream).toBe('local');
  });

  it('builds Azure OpenAI deployment URLs with api-key', async () => {
    const fake = scriptedFetch({});
    const router = createUpstreamRouter({
      upstreams: [upstream('azure', { type: 'azure', apiKey: 'k', apiVersion: '2024-10-21' })],
      circuitBreaker: breaker,
      fetch: fake.implementation,
    });
    await router.json('chat/completions', { model: 'my-deployment' }, signal);
    expect(fake.calls[0]?.url).toBe(
      'http://azure.test/v1/openai/deployments/my-deployment/chat/completions?api-version=2024-10-21',
    );
    expect(fake.calls[0]?.headers['api-key']).toBe('k');
  });

  it('retries retryable errors, then falls back to the next upstream with its model', async () => {
    const fake = scriptedFetch({ primary: [500, 503, 'throw'] });
    const attempts: UpstreamAttempt[] = [];
    const delays: number[] = [];
    const router = createUpstreamRouter({
      upstreams: [upstream('primary', { fallbacks: [{ upstream: 'backup', model: 'small' }] }), upstream('backup')],
      circuitBreaker: breaker,
      fetch: fake.implementation,
      sleep: async (ms) => {
        delays.push(ms);
      },
      observer: { attempt: (attempt) => attempts.push(attempt) },
    });
    const result = await router.json('chat/completions', { model: 'big' }, signal);
    expect(result).toMatchObject({ upstream: 'backup', model: 'small', attempts: 4 });
    expect(attempts.map((attempt) => attempt.outcome)).toEqual([
      'http-error',
      'http-error',
      'network-error',
      'success',
    ]);
    expect(delays).toHaveLength(2);
    expect(fake.calls[3]?.body?.['model']).toBe('small');
  });

  it('does not retry or fall back on client errors and relays the upstream status', async () => {
    const fake = scriptedFetch({ primary: [400] });
    const router = createUpstreamRouter({
      upstreams: [upstream('primary', { fallbacks: [{ upstream: 'backup' }] }), upstream('backup')],
      circuitBreaker: breaker,
      fetch: fake.implementation,
    });
    const error = await router.json('chat/completions', { model: 'm' }, signal).catch((caught: unknown) => caught);
    expect(isGuardError(error) && error.status).toBe(400);
    expect(fake.calls).toHaveLength(1);
  });

  it('answers 502 after every attempt fails and 503 circuit-open once breakers trip', async () => {
    const fake = scriptedFetch({ primary: [500, 500] });
    let time = 0;
    const router = createUpstreamRouter({
      upstreams: [upstream('primary', { retry: { ...retry, maxRetries: 1 } })],
      circuitBreaker: { failureThreshold: 2, windowMs: 10_000, openMs: 5_000 },
      fetch: fake.implementation,
      now: () => time,
      sleep: async () => {},
    });
    const failed = await router.json('chat/completions', { model: 'm' }, signal).catch((caught: unknown) => caught);
    expect(isGuardError(failed) && [failed.code, failed.status]).toEqual(['upstream-failed', 502]);
    expect(router.circuitStates()['primary']).toBe('open');
    const open = await router.json('chat/completions', { model: 'm' }, signal).catch((caught: unknown) => caught);
    expect(isGuardError(open) && [open.code, open.status, open.details['retryAfterSeconds']]).toEqual([
      'circuit-open',
      503,
      5,
    ]);
    expect(fake.calls).toHaveLength(2);
    time = 5_000;
    const probe = await router.json('chat/completions', { model: 'm' }, signal);
    expect(probe.upstream).toBe('primary');
    expect(router.circuitStates()['primary']).toBe('closed');
  });

  it('answers 504 when the upstream does not answer in time', async () => {
    const hanging = ((_input: string | URL | Request, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      })) as typeof fetch;
    const router = createUpstreamRouter({
      upstreams: [upstream('slow', { timeoutMs: 20, retry: { ...retry, maxRetries: 0 } })],
      circuitBreaker: breaker,
      fetch: hanging,
    });
    const error = await router.json('chat/completions', { model: 'm' }, signal).catch((caught: unknown) => caught);
    expect(isGuardError(error) && [error.code, error.status]).toEqual(['upstream-timeout', 504]);
  });

  it('reports a missing upstream for unknown models and rejects unknown fallbacks', () => {
    const router = createUpstreamRouter({
      upstreams: [upstream('gpt', { models: ['gpt-*'] })],
      circuitBreaker: breaker,
    });
    expect(() => router.resolveModel('x')).not.toThrow();
    return expect(router.json('chat/completions', { model: 'claude' }, signal)).rejects.toMatchObject({
      code: 'upstream-missing',
    });
  });

  it('lists configured models, aliases and what wildcard upstreams report', async () => {
    const listing = (async () => Response.json({ data: [{ id: 'llama3' }, { id: 'qwen' }] })) as typeof fetch;
    const router = createUpstreamRouter({
      upstreams: [upstream('gpt', { models: ['gpt-4o'] }), upstream('local')],
      aliases: { fast: 'gpt-4o' },
      circuitBreaker: breaker,
      fetch: listing,
    });
    expect(await router.models(signal)).toEqual(['fast', 'gpt-4o', 'llama3', 'qwen']);
  });
});
