import { GuardError } from '@palisade/guard';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit as honoBodyLimit } from 'hono/body-limit';

/** Default request body limit: 1 MiB. */
export const defaultBodyLimitBytes = 1_048_576;

/**
 * Rejects bodies over `maxBytes` with 413 `input-too-large` (declared length or streamed bytes).
 *
 * @example
 * app.use('/v1/*', bodyLimit(1_048_576));
 */
export function bodyLimit(maxBytes: number = defaultBodyLimitBytes): MiddlewareHandler {
  return honoBodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new GuardError('input-too-large', `request body exceeds the limit of ${maxBytes} bytes`, {
        details: { limitBytes: maxBytes },
      });
    },
  });
}
