import { GuardError, isGuardError, toGuardError } from '@palisade/guard';
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from 'pino';

/** Converts anything thrown into a `GuardError` (Hono's HTTP exceptions keep their status). */
export function asGuardError(error: unknown): GuardError {
  if (isGuardError(error)) return error;
  if (error instanceof HTTPException) {
    if (error.status === 413) return toGuardError(error, 'input-too-large');
    if (error.status === 401) return toGuardError(error, 'auth-missing');
    if (error.status === 403) return toGuardError(error, 'forbidden');
    if (error.status === 404) return toGuardError(error, 'not-found');
    if (error.status === 504) return new GuardError('upstream-timeout', error.message, { cause: error });
    if (error.status < 500) return toGuardError(error, 'invalid-input');
  }
  if (error instanceof SyntaxError) return toGuardError(error, 'invalid-input');
  return toGuardError(error, 'internal');
}

/** The OpenAI-shaped error response for a `GuardError` (adds `retry-after` where known). */
export function errorResponse(c: Context, error: GuardError): Response {
  const retryAfter = error.details['retryAfterSeconds'];
  if (typeof retryAfter === 'number') c.header('retry-after', String(Math.ceil(retryAfter)));
  return c.json(error.toJSON(), error.status as 400);
}

/**
 * `app.onError` handler: every error becomes OpenAI's `{ error: { message, type, code } }` body with
 * the catalogue's status. Unexpected errors are logged (message and stack only) and answered with a
 * generic 500 that leaks nothing.
 *
 * @example
 * app.onError(errorHandler(logger));
 */
export function errorHandler(logger?: Logger): ErrorHandler {
  return (error, c) => {
    const guardError = asGuardError(error);
    const requestId = c.get('requestId' as never) as string | undefined;
    if (guardError.status >= 500) {
      const cause = guardError.code === 'internal' ? guardError.cause : undefined;
      logger?.error(
        {
          requestId,
          code: guardError.code,
          status: guardError.status,
          error: cause instanceof Error ? { name: cause.name, message: cause.message, stack: cause.stack } : undefined,
        },
        guardError.code === 'internal' ? 'unexpected error' : guardError.message,
      );
    }
    return errorResponse(c, guardError);
  };
}

/**
 * `app.notFound` handler answering 404 in the OpenAI error shape.
 *
 * @example
 * app.notFound(notFoundHandler());
 */
export function notFoundHandler(): NotFoundHandler {
  return (c) => {
    const error = toGuardError(undefined, 'not-found');
    return c.json(
      {
        error: {
          message: `no route for ${c.req.method} ${new URL(c.req.url).pathname}`,
          type: 'invalid_request_error',
          code: error.code,
        },
      },
      404,
    );
  };
}
