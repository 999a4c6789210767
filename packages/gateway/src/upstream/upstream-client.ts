import type { RetryOptions } from './retry-policy.js';

/** The OpenAI-compatible operations the gateway forwards. */
export type UpstreamOperation = 'chat/completions' | 'completions' | 'embeddings' | 'models';

/** Where to fall back when an upstream fails: another upstream, optionally with another model name. */
export interface UpstreamFallback {
  readonly upstream: string;
  readonly model?: string;
}

/** One named upstream after config validation and secret resolution. */
export interface UpstreamSettings {
  readonly name: string;
  /** `openai` covers OpenAI, vLLM, Ollama, LM Studio and any compatible base URL; `azure` uses deployments. */
  readonly type: 'openai' | 'azure';
  /** Base URL including the version path, e.g. `https://api.openai.com/v1`. */
  readonly baseUrl: string;
  /** Resolved API key (from a secret reference); never logged. */
  readonly apiKey?: string;
  /** Azure OpenAI `api-version`. */
  readonly apiVersion?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Model names served here: exact names or prefixes ending in `*` (`gpt-4o*`, `*`). */
  readonly models: readonly string[];
  readonly timeoutMs: number;
  readonly retry: RetryOptions;
  readonly fallbacks: readonly UpstreamFallback[];
}

/** A thin fetch-based client for one upstream. */
export interface UpstreamClient {
  readonly settings: UpstreamSettings;
  /** Sends one request; `body.model` is the model name for this upstream. */
  send(
    operation: UpstreamOperation,
    body: Readonly<Record<string, unknown>> | undefined,
    signal: AbortSignal,
  ): Promise<Response>;
}

/**
 * Builds the URL and headers for an OpenAI-compatible (or Azure OpenAI) upstream and calls fetch.
 *
 * @example
 * const client = createUpstreamClient(settings);
 * const response = await client.send('chat/completions', { model: 'gpt-4o', messages }, signal);
 */
export function createUpstreamClient(
  settings: UpstreamSettings,
  fetchImplementation: typeof fetch = fetch,
): UpstreamClient {
  const base = settings.baseUrl.replace(/\/+$/, '');
  return {
    settings,
    send(operation, body, signal) {
      const headers: Record<string, string> = { accept: 'application/json', ...(settings.headers ?? {}) };
      let url: string;
      if (settings.type === 'azure' && operation !== 'models') {
        const deployment = encodeURIComponent(String(body?.['model'] ?? ''));
        url = `${base}/openai/deployments/${deployment}/${operation}?api-version=${encodeURIComponent(settings.apiVersion ?? '2024-10-21')}`;
        if (settings.apiKey !== undefined) headers['api-key'] = settings.apiKey;
      } else if (settings.type === 'azure') {
        url = `${base}/openai/models?api-version=${encodeURIComponent(settings.apiVersion ?? '2024-10-21')}`;
        if (settings.apiKey !== undefined) headers['api-key'] = settings.apiKey;
      } else {
        url = `${base}/${operation}`;
        if (settings.apiKey !== undefined) headers['authorization'] = `Bearer ${settings.apiKey}`;
      }
      if (body === undefined) return fetchImplementation(url, { method: 'GET', headers, signal });
      headers['content-type'] = 'application/json';
      if (body['stream'] === true) headers['accept'] = 'text/event-stream';
      return fetchImplementation(url, { method: 'POST', headers, body: JSON.stringify(body), signal });
    },
  };
}

/**
 * True when `model` matches one of the patterns (exact, or a prefix ending in `*`).
 *
 * @example
 * modelMatches('gpt-4o-mini', ['gpt-4o*']); // true
 */
export function modelMatches(model: string, patterns: readonly string[]): boolean {
  for (const pattern of patterns) {
    if (pattern.endsWith('*') ? model.startsWith(pattern.slice(0, -1)) : model === pattern) return true;
  }
  return false;
}
