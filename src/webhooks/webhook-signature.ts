import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Stripe-style signatures: HMAC-SHA256 over "<unix seconds>.<raw body>". Signing the timestamp
 * with the body lets a receiver refuse replays older than its tolerance. Pure and dependency-free
 * (node:crypto only) so CRM implementers can copy this file as it is.
 */
export const SIGNATURE_VERSION = 'v1';

export type SignatureVerdict =
  | { valid: true }
  | { valid: false; reason: 'malformed-header' | 'malformed-timestamp' | 'timestamp-outside-tolerance' | 'signature-mismatch' };

/** The value of the X-Salescall-Signature header: `v1=<hex>`. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `${SIGNATURE_VERSION}=${hmacHex(secret, timestamp, body)}`;
}

/**
 * Checks an X-Salescall-Signature header (one or more comma-separated `v1=<hex>` entries, so a
 * sender may sign with an old and a new secret while rotating) against the raw body as received.
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | undefined,
  timestamp: string | number | undefined,
  body: string,
  now: Date,
  toleranceSeconds = 300,
): SignatureVerdict {
  const signatures = parseSignatureHeader(header);
  if (signatures.length === 0) return { valid: false, reason: 'malformed-header' };
  const seconds = typeof timestamp === 'number' ? timestamp : /^\d{1,12}$/.test(timestamp ?? '') ? Number(timestamp) : NaN;
  if (!Number.isSafeInteger(seconds)) return { valid: false, reason: 'malformed-timestamp' };
  if (Math.abs(now.getTime() / 1000 - seconds) > toleranceSeconds) return { valid: false, reason: 'timestamp-outside-tolerance' };
  const expected = Buffer.from(hmacHex(secret, seconds, body), 'hex');
  const matches = signatures.some((hex) => {
    const given = Buffer.from(hex, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? { valid: true } : { valid: false, reason: 'signature-mismatch' };
}

function hmacHex(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

function parseSignatureHeader(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.startsWith(`${SIGNATURE_VERSION}=`))
    .map((part) => part.slice(SIGNATURE_VERSION.length + 1))
    .filter((hex) => /^[0-9a-f]{64}$/i.test(hex));
}
