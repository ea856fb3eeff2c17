import { verifyCrmEvent } from '../../src/workspace/crm-event-signature';
import { signWebhook } from '../../src/webhooks/webhook-signature';

const SECRET = 'shared-secret-for-tests';
const NOW = new Date('2026-12-01T10:00:00Z');
const T = Math.floor(NOW.getTime() / 1000);
const BODY = '{"id":"evt-1","type":"proposal.opened","occurredAt":"2026-12-01T10:00:00Z","data":{"dealId":"d"}}';

describe('verifyCrmEvent', () => {
  const cases: { name: string; secret?: string; signature?: string; timestamp?: string; body?: string | null; expected: string }[] = [
    { name: 'signed now with the secret → valid', signature: signWebhook(SECRET, T, BODY), timestamp: String(T), expected: 'valid' },
    { name: 'signed 299 s ago → valid', signature: signWebhook(SECRET, T - 299, BODY), timestamp: String(T - 299), expected: 'valid' },
    { name: 'signed 301 s ago (a replay) → refused', signature: signWebhook(SECRET, T - 301, BODY), timestamp: String(T - 301), expected: 'timestamp-outside-tolerance' },
    { name: 'timestamp changed after signing → refused', signature: signWebhook(SECRET, T - 10, BODY), timestamp: String(T), expected: 'signature-mismatch' },
    { name: 'another secret → refused', signature: signWebhook('another-secret-value', T, BODY), timestamp: String(T), expected: 'signature-mismatch' },
    { name: 'one byte of the body changed → refused', signature: signWebhook(SECRET, T, BODY.replace('evt-1', 'evt-2')), timestamp: String(T), expected: 'signature-mismatch' },
    { name: 'old and new secret while rotating → valid', signature: `${signWebhook('old-secret-value', T, BODY)},${signWebhook(SECRET, T, BODY)}`, timestamp: String(T), expected: 'valid' },
    { name: 'no signature → refused', timestamp: String(T), expected: 'malformed-header' },
    { name: 'not a number as timestamp → refused', signature: signWebhook(SECRET, T, BODY), timestamp: 'now', expected: 'malformed-timestamp' },
    { name: 'no secret configured → nothing accepted', secret: '', signature: signWebhook('', T, BODY), timestamp: String(T), expected: 'not-configured' },
    { name: 'no raw body kept → refused', signature: signWebhook(SECRET, T, BODY), timestamp: String(T), body: null, expected: 'no-raw-body' },
  ];
  it.each(cases)('$name', ({ secret, signature, timestamp, body, expected }) => {
    const raw = body === null ? undefined : Buffer.from(body ?? BODY, 'utf8');
    const verdict = verifyCrmEvent(secret === undefined ? SECRET : secret, { signature, timestamp }, raw, NOW);
    expect(verdict.valid ? 'valid' : verdict.reason).toBe(expected);
  });
});
