// Public API of @palisade/gateway. Explicit named exports only.

// storage and audit
export { createAuditRecorder } from './audit/create-audit-recorder.js';
export { iterateAudit } from './audit/iterate-audit.js';
export { verifyAuditChain } from './audit/verify-audit-chain.js';
// access control
export { createApiKey, createApiKeyVerifier } from './auth/api-keys.js';
export { AccessConfig, createAccessControl } from './auth/create-access-control.js';
export { createJwtVerifier } from './auth/jwt-verifier.js';
// CLI
export { createProgram, runCli } from './cli/main.js';
// server
export type { GatewayConfig } from './config/gateway-config.js';
export { loadGatewayConfig, parseGatewayConfig } from './config/load-gateway-config.js';
export { createLogger } from './logging/create-logger.js';
export { createGatewayMetrics, metricNames } from './metrics/gateway-metrics.js';
export { authMiddleware } from './middleware/auth/auth.js';
export { loadShedding } from './middleware/load-shedding/load-shedding.js';
export { rateLimitMiddleware } from './middleware/rate-limit/rate-limit.js';
export { rbacMiddleware } from './middleware/rbac/rbac.js';
export { createRateLimiter } from './rate-limit/create-rate-limiter.js';
export { createPermissionTable, permissions } from './rbac/permissions.js';
export { roles } from './rbac/roles.js';
// rollout
export { chooseVariant, promoteRollout, rollbackRollout, startRollout } from './rollout/policy-rollout.js';
export { createRolloutResolver } from './rollout/rollout-resolver.js';
export { adaptGuard } from './server/adapt-guard.js';
export { createGateway, decisionHeader } from './server/create-gateway.js';
export { createInflightTracker } from './server/create-inflight-tracker.js';
export { createPolicySet } from './server/create-policy-set.js';
export type { GatewayDependencies, GatewayGuard, GuardResolver } from './server/gateway-dependencies.js';
export type { RunningGateway, StartGatewayOptions } from './server/start-gateway.js';
export { startGateway } from './server/start-gateway.js';
export { createFakeGuard } from './server/testing/create-fake-guard.js';
export { createFakeUpstream } from './server/testing/create-fake-upstream.js';
export { createMemoryStorage } from './storage/memory-storage.js';
export { defaultStorageUrl, openStorage } from './storage/open-storage.js';
export type { AuditEvent, AuditEventInput, Storage } from './storage/storage.js';
export { startTelemetry } from './telemetry/start-telemetry.js';
export { createNodeFetch } from './upstream/create-node-fetch.js';
export { createUpstreamRouter } from './upstream/create-upstream-router.js';
export { resolveSecretReference } from './upstream/secret-reference.js';
