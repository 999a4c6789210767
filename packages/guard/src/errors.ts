/**
 * The one error catalogue of Palisade. Every failure the library or the gateway reports is a
 * `GuardError` with a stable kebab-case `code`; the table below maps each code to its HTTP status,
 * its OpenAI-style error `type` and a human description (docs/errors.md is generated from it).
 */

const guardErrorMarker = Symbol.for('palisade.guard-error');

/** Every error code with its HTTP status, OpenAI error type and a description. */
export const errorCatalogue = {
  'invalid-input': {
    status: 400,
    type: 'invalid_request_error',
    description: 'The input is malformed or does not match the expected shape.',
  },
  'input-too-large': {
    status: 413,
    type: 'invalid_request_error',
    description: 'The request body or a field is larger than the configured limit.',
  },
  'policy-invalid': {
    status: 400,
    type: 'invalid_request_error',
    description: 'A policy file failed validation; the message names file, line, column and key.',
  },
  'policy-not-found': { status: 404, type: 'invalid_request_error', description: 'No policy with this id is loaded.' },
  'config-invalid': {
    status: 400,
    type: 'invalid_request_error',
    description: 'A configuration file or flag failed validation.',
  },
  'scanner-unknown': {
    status: 400,
    type: 'invalid_request_error',
    description: 'A policy or command names a scanner id that is not in the registry.',
  },
  'scanner-config-invalid': {
    status: 400,
    type: 'invalid_request_error',
    description: "A scanner's configuration does not match its schema.",
  },
  'scanner-failed': {
    status: 500,
    type: 'server_error',
    description: 'A scanner threw while scanning; reported as a value in the decision.',
  },
  'scanner-timeout': { status: 504, type: 'server_error', description: 'A scanner did not finish within its timeout.' },
  'pattern-unsafe': {
    status: 400,
    type: 'invalid_request_error',
    description: 'A user-supplied regular expression is not supported by the linear-time engine.',
  },
  'model-integrity': {
    status: 500,
    type: 'server_error',
    description: 'A model artifact does not match the sha256 in its manifest (tampered or corrupted).',
  },
  'model-unavailable': {
    status: 500,
    type: 'server_error',
    description: 'An optional model runtime or file is missing.',
  },
  'blocked-by-policy': {
    status: 400,
    type: 'invalid_request_error',
    description: 'The policy blocked the request or the answer.',
  },
  'held-for-review': {
    status: 403,
    type: 'invalid_request_error',
    description: 'The request was routed to human review and was rejected or not decided in time.',
  },
  'vault-missing': {
    status: 400,
    type: 'invalid_request_error',
    description: 'A redaction vault entry was not found or has expired.',
  },
  'secret-unresolved': {
    status: 500,
    type: 'server_error',
    description: 'A secret reference (env:NAME, file:/path) could not be resolved.',
  },
  'auth-missing': { status: 401, type: 'authentication_error', description: 'No credentials were presented.' },
  'auth-invalid': {
    status: 401,
    type: 'authentication_error',
    description: 'The credentials are malformed, unknown, expired or revoked.',
  },
  'mfa-required': {
    status: 401,
    type: 'authentication_error',
    description: 'A second factor is required for this account.',
  },
  'mfa-invalid': {
    status: 401,
    type: 'authentication_error',
    description: 'The one-time code is wrong, expired or was already used.',
  },
  'csrf-invalid': {
    status: 403,
    type: 'permission_error',
    description: 'The CSRF token is missing or does not match the session.',
  },
  forbidden: {
    status: 403,
    type: 'permission_error',
    description: 'The principal lacks the role required for this route.',
  },
  'key-quarantined': {
    status: 403,
    type: 'permission_error',
    description: 'The API key is quarantined by incident response.',
  },
  'kill-switch': {
    status: 503,
    type: 'server_error',
    description: 'A kill switch blocks this route, key or upstream.',
  },
  'rate-limited': {
    status: 429,
    type: 'rate_limit_error',
    description: 'A request or token rate limit was exceeded; see retry-after.',
  },
  'budget-exceeded': {
    status: 429,
    type: 'rate_limit_error',
    description: 'The key used up its token budget for the period.',
  },
  'not-found': { status: 404, type: 'invalid_request_error', description: 'No such route or resource.' },
  conflict: {
    status: 409,
    type: 'invalid_request_error',
    description: 'The resource already exists or changed concurrently.',
  },
  'upstream-missing': {
    status: 503,
    type: 'server_error',
    description: 'No upstream model is configured for this model name.',
  },
  'upstream-failed': {
    status: 502,
    type: 'server_error',
    description: 'The upstream answered with an error after retries and fallbacks.',
  },
  'upstream-timeout': { status: 504, type: 'server_error', description: 'The upstream did not answer in time.' },
  'circuit-open': { status: 503, type: 'server_error', description: "The upstream's circuit breaker is open." },
  overloaded: {
    status: 503,
    type: 'server_error',
    description: 'The gateway is shedding load; retry after the given delay.',
  },
  'storage-failed': { status: 500, type: 'server_error', description: 'The storage backend failed.' },
  'audit-chain-broken': { status: 500, type: 'server_error', description: 'The audit hash chain does not verify.' },
  internal: { status: 500, type: 'server_error', description: 'An unexpected internal error.' },
} as const satisfies Record<string, { status: number; type: string; description: string }>;

/** A stable error code from {@link errorCatalogue}. */
export type GuardErrorCode = keyof typeof errorCatalogue;

/** Options for {@link GuardError}. */
export interface GuardErrorOptions {
  /** Structured, secret-free details (e.g. `{ line: 3, column: 5 }`). */
  details?: Readonly<Record<string, unknown>>;
  /** The underlying error, kept for debugging; never serialised to clients. */
  cause?: unknown;
  /** Overrides the catalogue's HTTP status. */
  status?: number;
}

/**
 * The only error type Palisade throws. Messages never contain secrets or raw user text.
 *
 * @example
 * throw new GuardError('policy-invalid', 'policy.yaml:3:5: rules[0].action: expected one of allow|redact|review|block');
 */
export class GuardError extends Error {
  readonly code: GuardErrorCode;
  readonly status: number;
  readonly details: Readonly<Record<string, unknown>>;
  readonly [guardErrorMarker] = true;

  constructor(code: GuardErrorCode, message: string, options: GuardErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GuardError';
    this.code = code;
    this.status = options.status ?? errorCatalogue[code].status;
    this.details = Object.freeze({ ...(options.details ?? {}) });
  }

  /** The OpenAI-compatible error body for HTTP responses. */
  toJSON(): {
    error: { message: string; type: string; code: GuardErrorCode; details?: Readonly<Record<string, unknown>> };
  } {
    const body: { message: string; type: string; code: GuardErrorCode; details?: Readonly<Record<string, unknown>> } = {
      message: this.message,
      type: errorCatalogue[this.code].type,
      code: this.code,
    };
    if (Object.keys(this.details).length > 0) body.details = this.details;
    return { error: body };
  }
}

/**
 * True for a `GuardError`, also across duplicated package copies.
 *
 * @example
 * if (isGuardError(error) && error.code === 'rate-limited') retryLater();
 */
export function isGuardError(value: unknown): value is GuardError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[guardErrorMarker] === true;
}

/**
 * Wraps anything thrown into a `GuardError` (unknown errors become `internal`, message kept generic).
 *
 * @example
 * catch (error) { throw toGuardError(error); }
 */
export function toGuardError(value: unknown, fallback: GuardErrorCode = 'internal'): GuardError {
  if (isGuardError(value)) return value;
  return new GuardError(fallback, errorCatalogue[fallback].description, { cause: value });
}
