import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { loadGatewayConfig } from '../../config/load-gateway-config.js';
import { createLogger } from '../../logging/create-logger.js';
import { demoModelId } from '../../server/demo-model.js';
import { startGateway } from '../../server/start-gateway.js';

interface ServeOptions {
  config?: string;
  host?: string;
  port?: number;
  upstream?: string;
  upstreamKey?: string;
  policy?: string;
  demo?: boolean;
  tlsCert?: string;
  tlsKey?: string;
  storage?: string;
  logLevel?: string;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new InvalidArgumentError('expected a port number 0..65535');
  return port;
}

/**
 * `palisade serve`: starts the guarded OpenAI-compatible gateway. Flags override the config file,
 * which overrides environment defaults. SIGHUP (or editing a policy file) reloads policies; a bad
 * policy is rejected and logged while the old one keeps serving. SIGTERM/SIGINT drain in-flight
 * requests and streams, flush the audit log and let the process end.
 *
 * @example
 * palisade serve --upstream https://api.openai.com/v1 --upstream-key env:OPENAI_API_KEY --policy policy.yaml
 */
export function serveCommand(): Command {
  return new Command('serve')
    .description('run the guarded OpenAI-compatible gateway')
    .option('--config <file>', 'gateway config YAML (default: ./palisade.config.yaml when present)')
    .option('--host <host>', 'listen address (default 127.0.0.1)')
    .option('--port <port>', 'listen port (default 8787, 0 = any free port)', parsePort)
    .option('--upstream <url>', 'one OpenAI-compatible base URL for every model (replaces the config upstreams)')
    .option('--upstream-key <ref>', 'API key for --upstream as a secret reference: env:NAME or file:/path')
    .option('--policy <file>', 'default policy file (replaces the config default)')
    .option('--demo', `serve the labelled demo model "${demoModelId}" when no upstream is configured`)
    .option('--tls-cert <file>', 'TLS certificate (PEM) to serve HTTPS')
    .option('--tls-key <file>', 'TLS private key (PEM)')
    .option('--storage <url>', 'sqlite:<path> | postgres://… | memory:')
    .option('--log-level <level>', 'trace|debug|info|warn|error|silent')
    .action(async (options: ServeOptions) => {
      const file = options.config ?? (existsSync('palisade.config.yaml') ? 'palisade.config.yaml' : undefined);
      const config = await loadGatewayConfig({
        ...(file === undefined ? {} : { file }),
        flags: {
          ...(options.host === undefined ? {} : { host: options.host }),
          ...(options.port === undefined ? {} : { port: options.port }),
          ...(options.upstream === undefined ? {} : { upstream: options.upstream }),
          ...(options.upstreamKey === undefined ? {} : { upstreamKey: options.upstreamKey }),
          ...(options.policy === undefined ? {} : { policy: resolve(options.policy) }),
          ...(options.demo === undefined ? {} : { demo: options.demo }),
          ...(options.tlsCert === undefined ? {} : { tlsCert: resolve(options.tlsCert) }),
          ...(options.tlsKey === undefined ? {} : { tlsKey: resolve(options.tlsKey) }),
          ...(options.storage === undefined ? {} : { storage: options.storage }),
          ...(options.logLevel === undefined ? {} : { logLevel: options.logLevel }),
        },
      });
      const logger = createLogger({ level: config.logging.level });
      const gateway = await startGateway({
        config,
        logger,
        baseDirectory: file === undefined ? process.cwd() : dirname(resolve(file)),
      });
      const upstreams = config.upstreams.map((upstream) => upstream.name);
      logger.info(
        { url: gateway.url, policies: gateway.policies.ids(), upstreams, demo: config.demo },
        'gateway listening',
      );
      process.stdout.write(`Palisade gateway listening on ${gateway.url}\n`);
      process.stdout.write(`  OpenAI base URL: ${gateway.url}/v1   policies: ${gateway.policies.ids().join(', ')}\n`);
      if (upstreams.length === 0) {
        process.stdout.write(
          config.demo
            ? `  no upstream: serving the DEMO model "${demoModelId}" (an echo, not a real LLM)\n`
            : '  no upstream configured: model routes answer 503 (use --upstream <url> or --demo); /v1/guard/scan works\n',
        );
      }
      process.on('SIGHUP', () => {
        void gateway.policies.reload('SIGHUP');
      });
      let stopping = false;
      const stop = (signal: string): void => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'shutting down: draining in-flight requests');
        // No process.exit: once the server and storage are closed the process ends by itself.
        gateway.close().then(
          () => {
            process.exitCode = 0;
          },
          () => {
            process.exitCode = 1;
          },
        );
      };
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
    });
}
