import { toWebhookPayload, uuidV5 } from '../../src/webhooks/webhook-events';

const AT = new Date('2025-11-27T10:00:00.000Z');
const DEAL = { dealId: '11111111-1111-4111-8111-111111111111', clientId: '22222222-2222-4222-8222-222222222222', ownerRepId: null, reason: 'inbound', at: AT };

describe('uuidV5', () => {
  it('matches the RFC 4122 reference value', () => {
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
});

describe('toWebhookPayload', () => {
  it('builds the envelope: id, type, occurredAt and the event data without its timestamp', () => {
    const payload = toWebhookPayload('deal.opened', DEAL);
    expect(payload).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      type: 'deal.opened',
      occurredAt: '2025-11-27T10:00:00.000Z',
      data: { dealId: DEAL.dealId, clientId: DEAL.clientId, ownerRepId: null, reason: 'inbound' },
    });
  });

  it('serialises dates inside the data as ISO strings', () => {
    const payload = toWebhookPayload('task.created', { taskId: 't1', type: 'callback', clientId: 'c1', dealId: null, assigneeRepId: 'r1', dueAt: new Date('2025-11-28T09:00:00.000Z'), at: AT });
    expect(payload.data.dueAt).toBe('2025-11-28T09:00:00.000Z');
  });

  it.each([
    ['the same fact twice', toWebhookPayload('deal.opened', { ...DEAL }), true],
    ['another deal', toWebhookPayload('deal.opened', { ...DEAL, dealId: '33333333-3333-4333-8333-333333333333' }), false],
    ['the same deal at another time', toWebhookPayload('deal.opened', { ...DEAL, at: new Date(AT.getTime() + 1) }), false],
  ])('event id is deterministic: %s → same id %s', (_case, other, same) => {
    expect(other.id === toWebhookPayload('deal.opened', DEAL).id).toBe(same);
  });

  it('gives different event types on one call different ids', () => {
    const call = { callId: 'call-1', teamId: null, repId: 'r1', clientId: null, dealId: null, at: AT };
    expect(toWebhookPayload('call.started', { ...call, direction: 'inbound' }).id).not.toBe(toWebhookPayload('call.answered', call).id);
  });
});
