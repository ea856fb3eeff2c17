import { SignatureVerdict, verifyWebhookSignature } from '../webhooks/webhook-signature';

/** How far an inbound event's timestamp may be from our clock: older ones are replays. */
export const CRM_EVENT_TOLERANCE_SECONDS = 300;

export type CrmEventVerdict = SignatureVerdict | { valid: false; reason: 'not-configured' | 'no-raw-body' };

/**
 * Pure: checks a CRM event exactly like a CRM checks ours (X-Salescall-Timestamp and
 * X-Salescall-Signature: HMAC-SHA256 of "<timestamp>.<raw body>" with WEBHOOK_SECRET, compared in
 * constant time, the timestamp within ±5 minutes). Without a secret nothing is accepted.
 */
export function verifyCrmEvent(secret: string | undefined, headers: { signature?: string; timestamp?: string }, rawBody: Buffer | undefined, now: Date): CrmEventVerdict {
  if (!secret) return { valid: false, reason: 'not-configured' };
  if (!rawBody) return { valid: false, reason: 'no-raw-body' };
  return verifyWebhookSignature(secret, headers.signature, headers.timestamp, rawBody.toString('utf8'), now, CRM_EVENT_TOLERANCE_SECONDS);
}
