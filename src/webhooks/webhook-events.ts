import { createHash } from 'node:crypto';
import { DomainEventMap } from '../common/events/domain-events';

/** The domain events the external CRM hears about, and the id that makes each one a fact. */
export const WEBHOOK_EVENT_TYPES = ['call.started', 'call.answered', 'call.ended', 'deal.opened', 'task.created', 'sms.requested'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export interface WebhookPayload {
  id: string;
  type: WebhookEventType;
  occurredAt: string;
  data: Record<string, unknown>;
}

const SUBJECT_ID: { [K in WebhookEventType]: (event: DomainEventMap[K]) => string } = {
  'call.started': (event) => event.callId,
  'call.answered': (event) => event.callId,
  'call.ended': (event) => event.callId,
  'deal.opened': (event) => event.dealId,
  'task.created': (event) => event.taskId,
  'sms.requested': (event) => event.sourceEventId,
};

/** Fixed namespace for name-based (v5) event ids; changing it would re-deliver every event. */
const EVENT_ID_NAMESPACE = '6f1c2b8e-4d3a-5e7f-9a0b-1c2d3e4f5a6b';

/**
 * Builds the envelope. The id is derived from (type, subject, time) rather than random, so the
 * same fact emitted twice (a replayed ARI event, a retried handler) is stored and sent once.
 */
export function toWebhookPayload<K extends WebhookEventType>(type: K, event: DomainEventMap[K]): WebhookPayload {
  const { at, ...rest } = event;
  const subject = SUBJECT_ID[type](event);
  return {
    id: uuidV5(EVENT_ID_NAMESPACE, `${type}:${subject}:${at.toISOString()}`),
    type,
    occurredAt: at.toISOString(),
    data: JSON.parse(JSON.stringify(rest)) as Record<string, unknown>,
  };
}

/** RFC 4122 name-based UUID (SHA-1, version 5). */
export function uuidV5(namespace: string, name: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
