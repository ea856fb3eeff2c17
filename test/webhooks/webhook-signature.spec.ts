import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhookSignature } from '../../src/webhooks/webhook-signature';

const SECRET = 'whsec-test-secret-123';
const BODY = '{"id":"e1","type":"deal.opened"}';
const T = 1_764_240_000;
const NOW = new Date(T * 1000);
const GOOD = signWebhook(SECRET, T, BODY);

describe('signWebhook', () => {
  it('is v1= plus hex HMAC-SHA256 of "<timestamp>.<body>"', () => {
    const expected = createHmac('sha256', SECRET).update(`${T}.${BODY}`).digest('hex');
    expect(GOOD).toBe(`v1=${expected}`);
  });

  it.each([
    ['another secret', signWebhook('other-secret-456', T, BODY)],
    ['another timestamp', signWebhook(SECRET, T + 1, BODY)],
    ['another body', signWebhook(SECRET, T, `${BODY} `)],
  ])('changes with %s', (_case, other) => {
    expect(other).not.toBe(GOOD);
  });
});

describe('verifyWebhookSignature', () => {
  const flipped = `${GOOD.slice(0, -1)}${GOOD.endsWith('0') ? '1' : '0'}`;
  it.each<[string, string | undefined, string | number | undefined, string, Date, ReturnType<typeof verifyWebhookSignature>]>([
    ['valid header and fresh timestamp', GOOD, String(T), BODY, NOW, { valid: true }],
    ['numeric timestamp', GOOD, T, BODY, NOW, { valid: true }],
    ['timestamp at the edge of tolerance', GOOD, String(T), BODY, new Date((T + 300) * 1000), { valid: true }],
    ['one of several signatures matches (secret rotation)', `v1=${'a'.repeat(64)}, ${GOOD}`, String(T), BODY, NOW, { valid: true }],
    ['too old (replay)', GOOD, String(T), BODY, new Date((T + 301) * 1000), { valid: false, reason: 'timestamp-outside-tolerance' }],
    ['too far in the future', GOOD, String(T), BODY, new Date((T - 301) * 1000), { valid: false, reason: 'timestamp-outside-tolerance' }],
    ['body changed in transit', GOOD, String(T), `${BODY}x`, NOW, { valid: false, reason: 'signature-mismatch' }],
    ['one hex digit flipped', flipped, String(T), BODY, NOW, { valid: false, reason: 'signature-mismatch' }],
    ['timestamp header swapped for a fresher one', GOOD, String(T + 10), BODY, NOW, { valid: false, reason: 'signature-mismatch' }],
    ['missing header', undefined, String(T), BODY, NOW, { valid: false, reason: 'malformed-header' }],
    ['unknown scheme only', GOOD.replace('v1=', 'v0='), String(T), BODY, NOW, { valid: false, reason: 'malformed-header' }],
    ['truncated hex', GOOD.slice(0, 20), String(T), BODY, NOW, { valid: false, reason: 'malformed-header' }],
    ['missing timestamp', GOOD, undefined, BODY, NOW, { valid: false, reason: 'malformed-timestamp' }],
    ['timestamp not a number', GOOD, '17642e5', BODY, NOW, { valid: false, reason: 'malformed-timestamp' }],
    ['timestamp in milliseconds', GOOD, String(T * 1000), BODY, NOW, { valid: false, reason: 'malformed-timestamp' }],
  ])('%s', (_case, header, timestamp, body, now, expected) => {
    expect(verifyWebhookSignature(SECRET, header, timestamp, body, now, 300)).toEqual(expected);
  });

  it('rejects a signature made with another secret', () => {
    expect(verifyWebhookSignature('other-secret-456', GOOD, String(T), BODY, NOW)).toEqual({ valid: false, reason: 'signature-mismatch' });
  });
});
