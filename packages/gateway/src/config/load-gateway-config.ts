import { readFile } from 'node:fs/promises';
import { GuardError } from '@palisade/guard';
import { isMap, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { z } from 'zod';
import { GatewayConfig } from './gateway-config.js';

/** Command-line overrides (`palisade serve` flags). Flags beat environment variables, which beat the file. */
export interface GatewayFlags {
  readonly host?: string;
  readonly port?: number;
  readonly upstream?: string;
  /** Secret reference for `--upstream`'s API key (`env:OPENAI_API_KEY`). */
  readonly upstreamKey?: string;
  readonly policy?: string;
  readonly demo?: boolean;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  readonly storage?: string;
  readonly logLevel?: string;
}

/** Environment variables read by the gateway (all optional). */
export const gatewayEnvironmentVariables = {
  host: 'PALISADE_HOST',
  port: 'PALISADE_PORT',
  upstream: 'PALISADE_UPSTREAM',
  upstreamKey: 'PALISADE_UPSTREAM_KEY',
  policy: 'PALISADE_POLICY',
  storage: 'PALISADE_STORAGE',
  logLevel: 'PALISADE_LOG_LEVEL',
  otlpEndpoint: 'PALISADE_OTLP_ENDPOINT',
} as const;

type RawObject = Record<string, unknown>;
type Locate = (path: readonly PropertyKey[], atKey?: boolean) => string | undefined;

/**
 * Parses and validates a gateway config YAML text. Errors name `file:line:column` and the key path.
 *
 * @example
 * const config = parseGatewayConfig('listen:\n  port: 9000\n', { file: 'palisade.config.yaml' });
 */
export function parseGatewayConfig(text: string, options: { readonly file?: string } = {}): GatewayConfig {
  const { raw, locate } = parseYaml(text, options.file ?? 'config');
  return validate(raw, locate);
}

/**
 * Loads the config file (optional), applies environment variables and flags, validates and freezes.
 *
 * @example
 * const config = await loadGatewayConfig({ file: 'palisade.config.yaml', flags: { port: 9000 } });
 */
export async function loadGatewayConfig(
  options: {
    readonly file?: string;
    readonly flags?: GatewayFlags;
    readonly environment?: Readonly<Record<string, string | undefined>>;
  } = {},
): Promise<GatewayConfig> {
  let raw: RawObject = {};
  let locate: Locate = () => undefined;
  if (options.file !== undefined) {
    let text: string;
    try {
      text = await readFile(options.file, 'utf8');
    } catch (error) {
      throw new GuardError('config-invalid', `cannot read config file ${options.file}`, { cause: error });
    }
    ({ raw, locate } = parseYaml(text, options.file));
  }
  const environment = options.environment ?? process.env;
  const fromEnvironment: GatewayFlags = {
    ...optional('host', environment[gatewayEnvironmentVariables.host]),
    ...optional('port', parsePort(environment[gatewayEnvironmentVariables.port], gatewayEnvironmentVariables.port)),
    ...optional('upstream', environment[gatewayEnvironmentVariables.upstream]),
    ...optional('upstreamKey', environment[gatewayEnvironmentVariables.upstreamKey]),
    ...optional('policy', environment[gatewayEnvironmentVariables.policy]),
    ...optional('storage', environment[gatewayEnvironmentVariables.storage]),
    ...optional('logLevel', environment[gatewayEnvironmentVariables.logLevel]),
  };
  const withEnvironment = applyOverrides(raw, fromEnvironment);
  const otlp = environment[gatewayEnvironmentVariables.otlpEndpoint];
  if (otlp !== undefined && otlp !== '') {
    withEnvironment['telemetry'] = { ...asObject(withEnvironment['telemetry']), enabled: true, endpoint: otlp };
  }
  return validate(applyOverrides(withEnvironment, options.flags ?? {}), locate);
}

function optional<Key extends keyof GatewayFlags>(
  key: Key,
  value: GatewayFlags[Key] | undefined,
): Partial<GatewayFlags> {
  return value === undefined || value === '' ? {} : { [key]: value };
}

function parsePort(value: string | undefined, source: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new GuardError('config-invalid', `${source}: expected a port number 0..65535`);
  }
  return port;
}

function asObject(value: unknown): RawObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...(value as RawObject) } : {};
}

function applyOverrides(source: RawObject, flags: GatewayFlags): RawObject {
  const raw: RawObject = { ...source };
  if (
    flags.host !== undefined ||
    flags.port !== undefined ||
    flags.tlsCert !== undefined ||
    flags.tlsKey !== undefined
  ) {
    const listen = asObject(raw['listen']);
    if (flags.host !== undefined) listen['host'] = flags.host;
    if (flags.port !== undefined) listen['port'] = flags.port;
    if (flags.tlsCert !== undefined || flags.tlsKey !== undefined) {
      listen['tls'] = { ...asObject(listen['tls']), cert: flags.tlsCert, key: flags.tlsKey };
    }
    raw['listen'] = listen;
  }
  if (flags.upstream !== undefined) {
    // --upstream replaces the file's upstreams with one catch-all upstream named "default".
    const upstream: RawObject = { name: 'default', baseUrl: flags.upstream, models: ['*'] };
    if (flags.upstreamKey !== undefined) upstream['apiKey'] = flags.upstreamKey;
    raw['upstreams'] = [upstream];
  }
  if (flags.policy !== undefined) {
    const bindings = Array.isArray(raw['policies']) ? (raw['policies'] as unknown[]) : [];
    const scoped = bindings.filter((binding) => asObject(binding)['match'] !== undefined);
    raw['policies'] = [...scoped, { file: flags.policy }];
  }
  if (flags.demo !== undefined) raw['demo'] = flags.demo;
  if (flags.storage !== undefined) raw['storage'] = flags.storage;
  if (flags.logLevel !== undefined) raw['logging'] = { ...asObject(raw['logging']), level: flags.logLevel };
  return raw;
}

function parseYaml(text: string, file: string): { raw: RawObject; locate: Locate } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number): string => {
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  const first = document.errors[0];
  if (first !== undefined) {
    throw new GuardError('config-invalid', `${position(first.pos[0])}: ${first.message.split('\n')[0]}`, {
      details: { file },
    });
  }
  const value: unknown = document.toJS() ?? {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new GuardError('config-invalid', `${file}:1:1: the config must be a mapping of keys`, { details: { file } });
  }
  const locate: Locate = (path, atKey = false) => {
    let node: unknown = document.contents;
    let last: Node | undefined = isMap(node) || isSeq(node) ? node : undefined;
    for (const [index, segment] of path.entries()) {
      if (isMap(node)) {
        const pair = node.items.find(
          (item) => String((item.key as { value?: unknown } | null)?.value) === String(segment),
        );
        if (pair === undefined) break;
        const pointAtKey = atKey && index === path.length - 1;
        last = pointAtKey ? (pair.key as Node) : ((pair.value as Node | null) ?? (pair.key as Node));
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment] as Node | undefined;
        if (item === undefined) break;
        last = item;
        node = item;
      } else break;
    }
    const range = last?.range;
    return range === undefined || range === null ? `${file}:1:1` : position(range[0]);
  };
  return { raw: value as RawObject, locate };
}

function validate(raw: RawObject, locate: Locate): GatewayConfig {
  const result = GatewayConfig.safeParse(raw);
  if (result.success) return deepFreeze(result.data);
  const messages = result.error.issues.slice(0, 5).map((issue) => describe(issue, locate));
  throw new GuardError('config-invalid', messages.join('\n'), {
    details: {
      issues: result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
    },
  });
}

function describe(issue: z.core.$ZodIssue, locate: Locate): string {
  const path = issue.path
    .map((segment) => (typeof segment === 'number' ? `[${segment}]` : String(segment)))
    .join('.')
    .replaceAll('.[', '[');
  let keyPath = issue.path;
  let message = issue.message;
  let atKey = false;
  if (issue.code === 'unrecognized_keys') {
    keyPath = [...issue.path, issue.keys[0] ?? ''];
    atKey = true;
    message = `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
  }
  const where = locate(keyPath, atKey) ?? 'flags/environment';
  return `${where}: ${path === '' ? '(root)' : path}: ${message}`;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
