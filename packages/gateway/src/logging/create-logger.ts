import pino, { type DestinationStream, type Logger } from 'pino';

/** Paths pino censors wherever they appear; the gateway never logs bodies in the first place. */
export const redactedLogPaths = [
  'authorization',
  'apiKey',
  'password',
  'secret',
  'token',
  'cookie',
  '*.authorization',
  '*.apiKey',
  '*.password',
  '*.secret',
  '*.token',
  '*.cookie',
  'headers.authorization',
  'headers.cookie',
  'headers["x-api-key"]',
  'headers["api-key"]',
];

/** Logger settings. */
export interface LoggerOptions {
  readonly level?: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
  /** Defaults to stdout; tests pass a stream to read the lines back. */
  readonly destination?: DestinationStream;
}

/**
 * Structured JSON logs (pino). Messages carry ids, routes, actions, categories and timings —
 * never prompts, answers, PII or secrets; known secret fields are censored as a second line of defence.
 *
 * @example
 * const logger = createLogger({ level: 'info' });
 * logger.info({ requestId, route: '/v1/chat/completions', action: 'block' }, 'request blocked');
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'palisade-gateway' },
      redact: { paths: redactedLogPaths, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination,
  );
}

export type { Logger };
