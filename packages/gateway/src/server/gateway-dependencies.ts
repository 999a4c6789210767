import type { Action, ContextDocument, Finding, Stage } from '@palisade/guard';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import type { UpstreamRouter } from '../upstream/create-upstream-router.js';

/** Chat roles the rails distinguish. */
export type ChatRole = 'system' | 'user' | 'assistant' | 'tool';

/** What the gateway asks the guard to check (a subset of the pipeline's check request). */
export interface GatewayCheckRequest {
  readonly stage: Stage;
  readonly text: string;
  readonly role?: ChatRole;
  readonly system?: string;
  readonly prompt?: string;
  readonly documents?: readonly ContextDocument[];
  readonly toolName?: string;
  /** Tool stage: `call` = arguments the model sends to a tool, `result` = what the tool returned. */
  readonly toolDirection?: 'call' | 'result';
  readonly source?: string;
  /** Output stage: the canary token inserted into the system prompt. */
  readonly canary?: string;
  /** Keys the reversible-redaction vault: placeholders made on input are restored in the answer. */
  readonly conversationId?: string;
  readonly signal?: AbortSignal;
}

/** The parts of a pipeline decision the gateway reads. */
export interface GatewayDecision {
  /** What the policy decided. */
  readonly action: Action;
  /** What was enforced (differs from `action` in shadow mode). Defaults to `action`. */
  readonly effective?: Action;
  readonly mode?: 'enforce' | 'shadow';
  readonly score?: number;
  readonly findings: readonly Finding[];
  /** Scanners that failed to run (kept apart from findings). */
  readonly errors?: readonly { readonly scanner: string; readonly code?: string; readonly message?: string }[];
  readonly latencyMs?: number;
  /** The redacted text when the action is `redact`. */
  readonly text?: string;
  readonly reason?: string;
  readonly policyId?: string;
  readonly policyVersion?: string | number;
  /** Per-scanner timings when the pipeline reports them (used for metrics and child spans). */
  readonly timings?: Readonly<Record<string, number>>;
}

/** Events of a guarded output stream besides released text. */
export type GatewayStreamEvent =
  | { readonly type: 'blocked'; readonly decision: GatewayDecision }
  | { readonly type: 'decision'; readonly decision: GatewayDecision };

/** Options of a guarded output stream. */
export interface GatewayStreamOptions {
  readonly conversationId: string;
  readonly system?: string;
  readonly prompt?: string;
  readonly documents?: readonly ContextDocument[];
  readonly canary?: string;
  readonly signal?: AbortSignal;
}

/** Per-policy answer settings (from the policy file); the gateway config supplies fallbacks. */
export interface GatewayGuardSettings {
  readonly response?: {
    readonly onBlock: 'error' | 'safe-completion';
    readonly safeCompletion: string;
    readonly blockMessage?: string;
  };
  readonly review?: {
    readonly mode: 'hold' | 'safe-reply';
    readonly holdSeconds: number;
    readonly onTimeout?: 'block' | 'allow';
    readonly safeReply: string;
  };
  /** Insert a canary token into system prompts (prompt-leak detection on output). */
  readonly canary?: boolean;
  /** Whether review items may keep the full text (policy `audit.storeText`); otherwise a redacted excerpt. */
  readonly audit?: { readonly storeText: boolean };
}

/** A configured guard (one policy): the gateway's view of `createGuard(...)` (see `adaptGuard`). */
export interface GatewayGuard {
  check(request: GatewayCheckRequest): Promise<GatewayDecision>;
  /** Restores reversible-redaction placeholders made for `conversationId`. */
  restore?(text: string, conversationId: string): string | Promise<string>;
  /** A guarded output stream (guardStream): text in, released text and events out. */
  stream?(options: GatewayStreamOptions): TransformStream<string, string | GatewayStreamEvent>;
  insertCanary?(system: string): { readonly system: string; readonly canary: string };
  readonly settings?: GatewayGuardSettings;
}

/** Who is calling, as established by the auth middleware. */
export interface GatewayPrincipal {
  readonly keyId?: string;
  readonly roles?: readonly string[];
  /** Policy bound to the API key, if any. */
  readonly policyId?: string;
}

/** Picks the guard (policy) for one request: by key binding, route and role. */
export type GuardResolver = (request: {
  readonly route: string;
  readonly principal?: GatewayPrincipal;
}) => GatewayGuard | undefined;

/** One audit event per guard stage of a request: ids, actions and findings, never raw text. */
export interface GatewayAuditEvent {
  readonly type: 'guard.decision';
  readonly requestId: string;
  readonly route: string;
  readonly stage: Stage;
  readonly keyId?: string;
  readonly policyId?: string;
  readonly policyVersion?: string | number;
  readonly action: Action;
  readonly effective: Action;
  readonly findings: readonly AuditFinding[];
  readonly latencyMs: number;
  readonly upstream?: string;
  readonly model?: string;
}

/** A finding without message text or replacement (spans and scores only). */
export interface AuditFinding {
  readonly scanner: string;
  readonly category: string;
  readonly severity: string;
  readonly score?: number;
  readonly start?: number;
  readonly end?: number;
}

/** Where audit events go (the hash-chained audit log). Blocks and reviews are awaited before answering. */
export interface GatewayAuditRecorder {
  record(event: GatewayAuditEvent): Promise<void>;
}

/** An item sent to human review. `text` is the scanned text; the queue decides what it stores. */
export interface ReviewSubmission {
  readonly requestId: string;
  readonly route: string;
  readonly stage: Stage;
  readonly keyId?: string;
  readonly policyId?: string;
  readonly findings: readonly Finding[];
  readonly text: string;
  /** The policy allows storing the full text (else the queue keeps a redacted excerpt). */
  readonly storeText?: boolean;
}

/** The human review queue. */
export interface GatewayReviewQueue {
  submit(item: ReviewSubmission): Promise<{ readonly id: string }>;
  /** Resolves when a reviewer decides or `timeoutMs` elapses (`pending`). */
  waitForDecision(
    id: string,
    options: { readonly timeoutMs: number; readonly signal: AbortSignal },
  ): Promise<'approved' | 'rejected' | 'pending'>;
}

/** Stable ids of the gateway's own routes, for auth/RBAC/rate-limit wiring. */
export type GatewayRouteId =
  | 'chat.completions'
  | 'completions'
  | 'embeddings'
  | 'models'
  | 'guard.scan'
  | 'metrics'
  | 'health'
  | 'ready';

/** Tracks in-flight requests and streams so shutdown can drain them. */
export interface InflightTracker {
  begin(): () => void;
  count(): number;
  /** Resolves true when nothing is in flight, false after `timeoutMs`. */
  drained(timeoutMs: number): Promise<boolean>;
}

/** Everything `createGateway` plugs in; all optional except `guards`. */
export interface GatewayDependencies {
  /** One guard for everything, or a resolver binding policies to routes, keys and roles. */
  readonly guards: GatewayGuard | GuardResolver;
  /** Upstream router; omitted → model routes answer `upstream-missing` (or the demo model). */
  readonly router?: UpstreamRouter;
  readonly metrics?: GatewayMetrics;
  readonly logger?: Logger;
  readonly audit?: GatewayAuditRecorder;
  readonly review?: GatewayReviewQueue;
  readonly inflight?: InflightTracker;
  /** Auth, RBAC and rate limiting per route (mounted before the handler). */
  readonly routeMiddleware?: (route: GatewayRouteId) => readonly MiddlewareHandler[];
  /** Reads the authenticated principal from the context (default: `c.get('principal')`). */
  readonly principal?: (c: Context) => GatewayPrincipal | undefined;
  /** Extra routes (admin API, review UI) mounted after the gateway's own. */
  readonly mount?: (app: Hono) => void;
  /** Readiness of storage and other backends for `/readyz`. */
  readonly ready?: () => boolean | Promise<boolean>;
}
