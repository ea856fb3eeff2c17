import { callIdForChannel } from '../../src/routing/call-ids';
import { offerFailure } from '../../src/routing/hangup-cause';

describe('callIdForChannel', () => {
  it('is a stable UUID v5 per channel', () => {
    const id = callIdForChannel('1732700000.42');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(callIdForChannel('1732700000.42')).toBe(id);
    expect(callIdForChannel('1732700000.43')).not.toBe(id);
  });
});

describe('offerFailure', () => {
  it.each([
    [17, 'busy'],
    [21, 'busy'],
    [19, 'no-answer'],
    [18, 'no-answer'],
    [16, 'no-answer'],
    [20, 'unreachable'],
    [3, 'unreachable'],
    [undefined, 'no-answer'],
    [102, 'no-answer'],
  ])('cause %s → %s', (cause, expected) => {
    expect(offerFailure(cause)).toBe(expected);
  });
});
