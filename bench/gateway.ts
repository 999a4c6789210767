// Gateway overhead on loopback: requests/s and latency p50/p99 through the gateway vs calling the
// fake upstream directly, non-streaming and streaming, 1k-character prompts, the default policy when
// its scanners are all registered (otherwise the deterministic fake guard, labelled as such).
// Three processes: fake upstream, gateway, and this load generator (autocannon), bounded in count and time.
// Run: npx tsx bench/gateway.ts [--amount 3000] [--rate 1000] [--connections 16]
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface AutocannonResult {
  readonly requests: { readonly average: number };
  readonly latency: { readonly p50: number; readonly p99: number; readonly p90: number; readonly average: number };
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly duration: number;
  readonly '2xx': number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;

const benchDirectory = dirname(fileURLToPath(import.meta.url));

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

const role = argument('role', 'driver');

async function listen(fetchHandler: (request: Request) => Response | Promise<Response>): Promise<string> {
  const { serve } = await import('@hono/node-server');
  const server = serve({ fetch: fetchHandler, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function runUpstream(): Promise<void> {
  const { createFakeUpstream } = await import('../packages/gateway/src/server/testing/create-fake-upstream.js');
  const upstream = createFakeUpstream();
  const answer = 'The weather today is mild with a light breeze from the west and scattered clouds. '.repeat(4);
  upstream.reply({ content: answer });
  upstream.app.get('/__bench/cpu', (c) => c.json(process.cpuUsage()));
  const url = await listen(upstream.app.fetch);
  // Keep memory flat: the fake records requests, which the benchmark does not need.
  setInterval(() => upstream.requests.splice(0), 1000).unref();
  process.stdout.write(`READY ${url}\n`);
}

async function runGateway(): Promise<void> {
  const upstreamUrl = argument('upstream', '');
  const { builtinScanners, createRegistry } = await import('@palisade/guard');
  const { GatewayConfig } = await import('../packages/gateway/src/config/gateway-config.js');
  const { createLogger } = await import('../packages/gateway/src/logging/create-logger.js');
  const { startGateway } = await import('../packages/gateway/src/server/start-gateway.js');
  const { createGateway } = await import('../packages/gateway/src/server/create-gateway.js');
  const { createFakeGuard } = await import('../packages/gateway/src/server/testing/create-fake-guard.js');
  const { createUpstreamRouter } = await import('../packages/gateway/src/upstream/create-upstream-router.js');
  const { createNodeFetch } = await import('../packages/gateway/src/upstream/create-node-fetch.js');
  const config = GatewayConfig.parse({
    listen: { host: '127.0.0.1', port: 0 },
    storage: 'memory:',
    logging: { level: 'silent' },
    upstreams: [{ name: 'fake', baseUrl: `${upstreamUrl}/v1`, models: ['*'] }],
  });
  const started = performance.now();
  try {
    const gateway = await startGateway({
      config,
      registry: createRegistry(builtinScanners),
      logger: createLogger({ level: 'silent' }),
      unauthenticated: true,
      mount: (app) => {
        app.get('/__bench/cpu', (c) => c.json(process.cpuUsage()));
      },
    });
    process.stdout.write(`READY ${gateway.url} default-policy ${Math.round(performance.now() - started)}\n`);
  } catch (error) {
    // The default policy needs every built-in scanner; until they are all registered, measure the
    // gateway path with the deterministic fake guard and say so.
    const message = error instanceof Error ? error.message.split('\n')[0] : 'unknown';
    process.stderr.write(`default policy unavailable (${message}); using the fake guard\n`);
    const router = createUpstreamRouter({
      upstreams: [
        {
          name: 'fake',
          type: 'openai',
          baseUrl: `${upstreamUrl}/v1`,
          models: ['*'],
          timeoutMs: 30_000,
          retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1 },
          fallbacks: [],
        },
      ],
      circuitBreaker: config.circuitBreaker,
      fetch: createNodeFetch(),
    });
    const app = createGateway(config, {
      guards: createFakeGuard(),
      router,
      mount: (gatewayApp) => {
        gatewayApp.get('/__bench/cpu', (c) => c.json(process.cpuUsage()));
      },
    });
    const url = await listen(app.fetch);
    process.stdout.write(`READY ${url} fake-guard ${Math.round(performance.now() - started)}\n`);
  }
}

function startChild(args: readonly string[]): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`child ${args.join(' ')} did not start in 60 s`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split('\n').find((entry) => entry.startsWith('READY '));
      if (line !== undefined) {
        clearTimeout(timer);
        resolve({ child, line });
      }
    });
    child.once('exit', (code) => reject(new Error(`child ${args.join(' ')} exited with ${code}`)));
  });
}

async function runDriver(): Promise<void> {
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  const amount = Number(argument('amount', '3000'));
  const rate = Number(argument('rate', '1000'));
  const connections = Number(argument('connections', '16'));
  const upstream = await startChild(['--role', 'upstream']);
  const upstreamUrl = upstream.line.split(' ')[1] ?? '';
  const gateway = await startChild(['--role', 'gateway', '--upstream', upstreamUrl]);
  const [, gatewayUrl = '', guardKind = '', coldStartMs = ''] = gateway.line.split(' ');
  try {
    const prompt = 'Please summarise the following customer note in two sentences. '.padEnd(
      1000,
      ' The note is about delivery times and packaging quality.',
    );
    const body = (stream: boolean) =>
      JSON.stringify({ model: 'fake-model', stream, messages: [{ role: 'user', content: prompt.slice(0, 1000) }] });
    const rows: Record<string, unknown>[] = [];
    // CPU time the measured server process spent per request: robust to a loaded machine, unlike latency.
    const cpu = async (base: string): Promise<number> => {
      const usage = (await (await fetch(`${base.replace(/\/v1$/, '')}/__bench/cpu`)).json()) as {
        user: number;
        system: number;
      };
      return usage.user + usage.system;
    };
    const load = async (label: string, base: string, stream: boolean, fixedRate: boolean) => {
      const cpuBefore = await cpu(base);
      const result = await autocannon({
        url: `${base}/v1/chat/completions`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: body(stream),
        connections,
        amount,
        ...(fixedRate ? { overallRate: rate } : {}),
        timeout: 30,
        duration: 60,
      });
      const row = {
        scenario: label,
        mode: fixedRate ? `${rate} req/s offered` : 'max throughput',
        requestsPerSecond: Math.round(result.requests.average),
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        serverCpuMicrosecondsPerRequest: Math.round(((await cpu(base)) - cpuBefore) / Math.max(1, result['2xx'])),
        ok: result['2xx'],
        failed: result.non2xx + result.errors + result.timeouts,
      };
      rows.push(row);
      return row;
    };
    for (const stream of [false, true]) {
      const kind = stream ? 'streaming' : 'non-streaming';
      // Warm up both paths (JIT, connection pools) before measuring.
      await autocannon({
        url: `${gatewayUrl}/v1/chat/completions`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: body(stream),
        connections: 4,
        amount: 300,
        timeout: 30,
      });
      for (const fixedRate of [false, true]) {
        const direct = await load(`direct ${kind}`, upstreamUrl, stream, fixedRate);
        const through = await load(`gateway ${kind}`, gatewayUrl, stream, fixedRate);
        rows.push({
          scenario: `added by gateway, ${kind}`,
          mode: direct.mode,
          p50Ms: Number((through.p50Ms - direct.p50Ms).toFixed(2)),
          p99Ms: Number((through.p99Ms - direct.p99Ms).toFixed(2)),
          serverCpuMicrosecondsPerRequest: Math.round(through.serverCpuMicrosecondsPerRequest),
        });
      }
    }
    process.stdout.write(
      `guard: ${guardKind}; gateway cold start ${coldStartMs} ms; ${amount} requests per run, ${connections} connections\n`,
    );
    console.table(rows);
    mkdirSync(join(benchDirectory, 'results'), { recursive: true });
    writeFileSync(
      join(benchDirectory, 'results', 'gateway.json'),
      `${JSON.stringify({ at: new Date().toISOString(), guard: guardKind, coldStartMs: Number(coldStartMs), amount, rate, connections, rows }, null, 2)}\n`,
    );
  } finally {
    gateway.child.kill('SIGTERM');
    upstream.child.kill('SIGTERM');
  }
}

if (role === 'upstream') await runUpstream();
else if (role === 'gateway') await runGateway();
else await runDriver();
