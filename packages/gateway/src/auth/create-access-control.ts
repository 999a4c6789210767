import { GuardError } from '@palisade/guard';
import type { Hono, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { type AuditRecorder, createAuditRecorder } from '../audit/create-audit-recorder.js';
import { authMiddleware } from '../middleware/auth/auth.js';
import { type RateLimitVariables, rateLimitMiddleware } from '../middleware/rate-limit/rate-limit.js';
import { rbacMiddleware } from '../middleware/rbac/rbac.js';
import { createRateLimiter } from '../rate-limit/create-rate-limiter.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import { type BudgetChecker, createBudgetChecker } from '../rate-limit/token-budget.js';
import { createPermissionTable, type PermissionTable } from '../rbac/permissions.js';
import { roles } from '../rbac/roles.js';
import type { Storage } from '../storage/storage.js';
import { createAccessRoutes } from './access-routes.js';
import { type ApiKeyVerifier, createApiKeyVerifier } from './api-keys.js';
import { createJwtVerifier, type JwtVerifier } from './jwt-verifier.js';
import { parseDuration } from './parse-duration.js';

const stringOrList = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/** The `auth` section of the gateway config. */
export const AccessConfig = z.looseObject({
  /** Route ids opened to anonymous callers (`auth: none`); logged as a warning at every start. */
  openRoutes: z.array(z.string().min(1)).default([]),
  /** Requests per minute per client IP, for every caller. */
  ipRpm: z.number().int().positive().optional(),
  /** Defaults for keys without their own limits. */
  defaultKeyRpm: z.number().int().positive().optional(),
  defaultKeyTpm: z.number().int().positive().optional(),
  /** Trust the first `x-forwarded-for` address (only behind your own proxy). */
  trustProxy: z.boolean().default(false),
  /** How long a key record is cached per instance (revocations elsewhere take this long). */
  keyCacheTtlMs: z.number().int().min(0).max(60_000).default(1000),
  /** `false` only for plain-HTTP development. */
  secureCookies: z.boolean().default(true),
  /** Absolute session lifetime, e.g. `12h`. */
  sessionLifetime: z.string().default('12h'),
  /** Redis for shared rate limits; defaults to the `REDIS_URL` environment variable. */
  redisUrl: z.string().min(1).optional(),
  /** What to do when Redis is down: refuse (`closed`, default) or let traffic through. */
  redisOnError: z.enum(['closed', 'open']).default('closed'),
  /** Bearer JWTs from an identity provider. */
  jwt: z
    .object({
      jwksUrl: z.url({ protocol: /^https?$/ }).optional(),
      keys: z.object({ keys: z.array(z.record(z.string(), z.unknown())).min(1) }).optional(),
      issuer: stringOrList,
      audience: stringOrList,
      algorithms: z.array(z.string()).optional(),
      rolesClaim: z.string().min(1).optional(),
      tenantClaim: z.string().min(1).optional(),
      roleMap: z.record(z.string(), z.enum(roles)).optional(),
      clockToleranceSeconds: z.number().int().min(0).max(300).optional(),
    })
    .strict()
    .optional(),
});
/** The validated `auth` section. */
export type AccessConfig = z.infer<typeof AccessConfig>;

// Routes that must never be opened anonymously, whatever the config says.
const neverOpen = /^(admin|review|auth|ui)\./;

/** Everything the gateway needs for access control, built once from config. */
export interface AccessControl {
  readonly config: AccessConfig;
  readonly permissions: PermissionTable;
  readonly keys: ApiKeyVerifier;
  readonly jwt?: JwtVerifier;
  readonly limiter: RateLimiter;
  readonly budgets: BudgetChecker;
  readonly audit: AuditRecorder;
  /** Mount in this order before the routes: auth, RBAC, rate limits. */
  readonly middleware: readonly MiddlewareHandler<{ Variables: RateLimitVariables }>[];
  /** Sign-in and the access admin API (`app.route('/', routes)`). */
  readonly routes: Hono;
  /** One line per opened route: log each as a warning at every start. */
  readonly warnings: readonly string[];
  /** Stops the session sweeper and closes the rate limiter (the storage belongs to the caller). */
  close(): Promise<void>;
}

/**
 * Builds access control from the config's `auth` section and an open storage.
 *
 * @example
 * const access = createAccessControl({ storage, config: gatewayConfig.auth });
 * for (const warning of access.warnings) logger.warn(warning);
 * app.use(...access.middleware);
 * app.route('/', access.routes);
 */
export function createAccessControl(options: {
  readonly storage: Storage;
  readonly config?: unknown;
  /** Overrides the limiter (tests, or a shared one). */
  readonly limiter?: RateLimiter;
}): AccessControl {
  const parsed = AccessConfig.safeParse(options.config ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new GuardError('config-invalid', `auth.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`, {
      cause: parsed.error,
    });
  }
  const config = parsed.data;
  const permissions = createPermissionTable();
  for (const id of config.openRoutes) {
    if (permissions.byId(id) === undefined) {
      throw new GuardError('config-invalid', `auth.openRoutes: unknown route id "${id.slice(0, 64)}"`);
    }
    if (neverOpen.test(id)) {
      throw new GuardError('config-invalid', `auth.openRoutes: ${id} cannot be opened to anonymous callers`);
    }
  }
  const { storage } = options;
  const keys = createApiKeyVerifier(storage, { cacheTtlMs: config.keyCacheTtlMs });
  const jwt =
    config.jwt === undefined
      ? undefined
      : createJwtVerifier({
          issuer: config.jwt.issuer,
          audience: config.jwt.audience,
          ...(config.jwt.jwksUrl === undefined ? {} : { jwksUrl: config.jwt.jwksUrl }),
          ...(config.jwt.keys === undefined ? {} : { keys: config.jwt.keys as { keys: never[] } }),
          ...(config.jwt.algorithms === undefined ? {} : { algorithms: config.jwt.algorithms }),
          ...(config.jwt.rolesClaim === undefined ? {} : { rolesClaim: config.jwt.rolesClaim }),
          ...(config.jwt.tenantClaim === undefined ? {} : { tenantClaim: config.jwt.tenantClaim }),
          ...(config.jwt.roleMap === undefined ? {} : { roleMap: config.jwt.roleMap }),
          ...(config.jwt.clockToleranceSeconds === undefined
            ? {}
            : { clockToleranceSeconds: config.jwt.clockToleranceSeconds }),
        });
  const lifetimeMs = parseDuration(config.sessionLifetime);
  const limiter =
    options.limiter ??
    createRateLimiter(config.redisUrl ?? process.env['REDIS_URL'], { redisOnError: config.redisOnError });
  const budgets = createBudgetChecker(storage);
  const audit = createAuditRecorder(storage);
  const sessions = { secureCookies: config.secureCookies, lifetimeMs };
  const middleware = [
    authMiddleware({
      keys,
      ...(jwt === undefined ? {} : { jwt }),
      sessions: { storage, secureCookies: config.secureCookies },
    }),
    rbacMiddleware({ table: permissions, openRoutes: config.openRoutes }),
    rateLimitMiddleware({
      limiter,
      budgets,
      usage: storage,
      trustProxy: config.trustProxy,
      ...(config.ipRpm === undefined ? {} : { ipRpm: config.ipRpm }),
      ...(config.defaultKeyRpm === undefined ? {} : { defaultKeyRpm: config.defaultKeyRpm }),
      ...(config.defaultKeyTpm === undefined ? {} : { defaultKeyTpm: config.defaultKeyTpm }),
    }),
  ] as MiddlewareHandler<{ Variables: RateLimitVariables }>[];
  // Expired sessions are deleted every 10 minutes (the timer never keeps the process alive).
  const sweeper = setInterval(() => {
    storage.deleteExpiredSessions(new Date().toISOString()).catch(() => undefined);
  }, 600_000);
  sweeper.unref();
  return {
    config,
    permissions,
    keys,
    ...(jwt === undefined ? {} : { jwt }),
    limiter,
    budgets,
    audit,
    middleware,
    routes: createAccessRoutes({ storage, keys, sessions }) as unknown as Hono,
    warnings: config.openRoutes.map(
      (id) => `auth: route ${id} is open to anonymous callers (auth: none in the config); anyone can call it`,
    ),
    async close() {
      clearInterval(sweeper);
      await limiter.close();
    },
  };
}
