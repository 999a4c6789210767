import type { MiddlewareHandler } from 'hono';
import { requestId as honoRequestId } from 'hono/request-id';

/** The response (and accepted request) header carrying the request id. */
export const requestIdHeader = 'x-palisade-request-id';

/**
 * Sets `c.var.requestId` and the `x-palisade-request-id` response header. A well-formed id sent by
 * the client (≤ 128 chars of `[A-Za-z0-9_=-]`) is kept so traces join up; anything else is replaced.
 *
 * @example
 * app.use(requestId());
 * app.get('/', (c) => c.text(c.get('requestId')));
 */
export function requestId(): MiddlewareHandler {
  return honoRequestId({ headerName: requestIdHeader, limitLength: 128, generator: () => crypto.randomUUID() });
}
