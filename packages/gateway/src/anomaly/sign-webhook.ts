import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header carrying `sha256=<hex HMAC of "<timestamp>.<body>">`. */
export const signatureHeader = 'x-palisade-signature';
/** Header carrying the Unix time (seconds) that was signed; receivers reject old timestamps (replays). */
export const timestampHeader = 'x-palisade-timestamp';

/**
 * Signs a webhook body: HMAC-SHA256 over `<timestamp>.<body>` with the shared secret.
 *
 * @example
 * const signature = signWebhook(secret, body, 1_763_880_000); // 'sha256=…'
 */
export function signWebhook(secret: string, body: string, timestampSeconds: number): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex')}`;
}

/**
 * Verifies a webhook signature in constant time (for receivers and tests); rejects timestamps older
 * than `toleranceSeconds`.
 *
 * @example
 * verifyWebhook(secret, body, request.headers['x-palisade-timestamp'], request.headers['x-palisade-signature']);
 */
export function verifyWebhook(
  secret: string,
  body: string,
  timestamp: string | undefined,
  signature: string | undefined,
  options: { readonly toleranceSeconds?: number; readonly nowSeconds?: number } = {},
): boolean {
  if (timestamp === undefined || signature === undefined || !/^\d{1,12}$/.test(timestamp)) return false;
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(timestamp)) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhook(secret, body, Number(timestamp)));
  const actual = Buffer.from(signature);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
