import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/**
 * Security headers for an API: nothing may be framed, sniffed or loaded; no referrer; HSTS (sent by
 * browsers only over HTTPS). The UI mounts its own stricter CSP with nonces on its routes.
 *
 * @example
 * app.use(securityHeaders());
 */
export function securityHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"] },
    crossOriginResourcePolicy: 'same-origin',
    crossOriginOpenerPolicy: 'same-origin',
    referrerPolicy: 'no-referrer',
    strictTransportSecurity: 'max-age=31536000; includeSubDomains',
    xFrameOptions: 'DENY',
    xContentTypeOptions: 'nosniff',
    removePoweredBy: true,
    // Headers a route set itself (the UI's CSP) are kept; these are the defaults for everything else.
    overwrite: false,
  });
}
