import { z } from 'zod';

const secretReference = z
  .string()
  .regex(
    /^(env:[A-Za-z_][A-Za-z0-9_]*|file:\/.+)$/,
    'must be a secret reference (env:NAME or file:/path), never the key itself',
  );

const name = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lowercase letters, digits, - or _');

const chatRole = z.enum(['system', 'user', 'assistant', 'tool']);

/** One OpenAI-compatible upstream. */
export const UpstreamConfig = z
  .object({
    name,
    type: z.enum(['openai', 'azure']).default('openai'),
    baseUrl: z.url({ protocol: /^https?$/ }),
    apiKey: secretReference.optional(),
    apiVersion: z.string().optional(),
    headers: z.record(z.string(), z.string()).optional(),
    models: z.array(z.string().min(1)).min(1).default(['*']),
    timeoutMs: z.number().int().positive().default(120_000),
    retry: z
      .object({
        maxRetries: z.number().int().min(0).max(10).default(2),
        baseDelayMs: z.number().int().min(0).default(250),
        maxDelayMs: z.number().int().min(0).default(8_000),
      })
      .strict()
      .default({ maxRetries: 2, baseDelayMs: 250, maxDelayMs: 8_000 }),
    fallbacks: z
      .array(z.union([name, z.object({ upstream: name, model: z.string().min(1).optional() }).strict()]))
      .default([]),
  })
  .strict();
export type UpstreamConfig = z.infer<typeof UpstreamConfig>;

/** Which policy guards which traffic; the first matching binding wins, one without `match` is the default. */
export const PolicyBinding = z
  .object({
    /** Path to a policy YAML file, or `builtin:default`. */
    file: z.string().min(1),
    match: z
      .object({
        routes: z.array(z.string().startsWith('/')).optional(),
        keys: z.array(z.string().min(1)).optional(),
        roles: z.array(z.string().min(1)).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type PolicyBinding = z.infer<typeof PolicyBinding>;

/** The gateway configuration file (`palisade.config.yaml`). Frozen after validation. */
export const GatewayConfig = z
  .object({
    listen: z
      .object({
        host: z.string().min(1).default('127.0.0.1'),
        port: z.number().int().min(0).max(65_535).default(8787),
        tls: z
          .object({ cert: z.string().min(1), key: z.string().min(1) })
          .strict()
          .optional(),
      })
      .strict()
      .default({ host: '127.0.0.1', port: 8787 }),
    storage: z.string().min(1).default('sqlite:./palisade.db'),
    demo: z.boolean().default(false),
    limits: z
      .object({
        bodyBytes: z.number().int().positive().default(1_048_576),
        requestTimeoutMs: z.number().int().positive().default(300_000),
        shutdownGraceMs: z.number().int().min(0).default(30_000),
      })
      .strict()
      .default({ bodyBytes: 1_048_576, requestTimeoutMs: 300_000, shutdownGraceMs: 30_000 }),
    upstreams: z.array(UpstreamConfig).default([]),
    aliases: z.record(z.string(), z.string()).default({}),
    circuitBreaker: z
      .object({
        failureThreshold: z.number().int().positive().default(5),
        windowMs: z.number().int().positive().default(30_000),
        openMs: z.number().int().positive().default(15_000),
      })
      .strict()
      .default({ failureThreshold: 5, windowMs: 30_000, openMs: 15_000 }),
    policies: z.array(PolicyBinding).default([]),
    rails: z
      .object({
        /**
         * Message roles sent to the input rails. All by default: the policy's per-role scanner selection
         * (`roles:`) decides what runs on which role; assistant history is scanned so restored PII is re-redacted.
         */
        inputRoles: z.array(chatRole).default(['system', 'user', 'assistant', 'tool']),
        /** How a block is answered: an OpenAI error, or a normal completion with `safeCompletion`. */
        blockResponse: z.enum(['error', 'completion']).default('error'),
        safeCompletion: z.string().min(1).default('I can’t help with that request.'),
        /** Characters held back from a stream until scanned (placeholders and secrets straddle chunks). */
        streamWindow: z.number().int().min(0).max(65_536).default(128),
        /** Scan the accumulated stream at least every this many new characters. */
        streamScanEvery: z.number().int().min(1).default(64),
      })
      .strict()
      .default({
        inputRoles: ['system', 'user', 'assistant', 'tool'],
        blockResponse: 'error',
        safeCompletion: 'I can’t help with that request.',
        streamWindow: 128,
        streamScanEvery: 64,
      }),
    review: z
      .object({
        mode: z.enum(['hold', 'safe-reply']).default('hold'),
        holdSeconds: z.number().min(0).max(600).default(30),
        safeReply: z.string().min(1).default('Your request is being reviewed. Please try again later.'),
      })
      .strict()
      .default({ mode: 'hold', holdSeconds: 30, safeReply: 'Your request is being reviewed. Please try again later.' }),
    telemetry: z
      .object({
        enabled: z.boolean().default(false),
        endpoint: z.url().optional(),
        serviceName: z.string().default('palisade-gateway'),
      })
      .strict()
      .default({ enabled: false, serviceName: 'palisade-gateway' }),
    logging: z
      .object({ level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info') })
      .strict()
      .default({ level: 'info' }),
    /** Access control. Every route needs credentials unless listed in `openRoutes` (logged at every start). */
    auth: z
      .looseObject({
        /** Route ids opened to anonymous callers (`auth: none`): `chat.completions`, `guard.scan`, `metrics`, … */
        openRoutes: z.array(z.string().min(1)).default([]),
        /** Requests per minute per client IP, for every caller. */
        ipRpm: z.number().int().positive().optional(),
        /** Defaults for keys without their own limits. */
        defaultKeyRpm: z.number().int().positive().optional(),
        defaultKeyTpm: z.number().int().positive().optional(),
        /** Trust the first `x-forwarded-for` address (only behind your own proxy). */
        trustProxy: z.boolean().default(false),
      })
      .default({ openRoutes: [], trustProxy: false }),
  })
  .strict();
export type GatewayConfig = z.infer<typeof GatewayConfig>;
