import { assertDialable, trunkDialString } from '../../src/outbound/outbound.policy';

describe('outbound dialing checks', () => {
  const blocked = ['+1900', '+49900'];
  it.each([
    ['+4930123456', null, undefined],
    ['+4990012345', null, 'BLOCKED_PREFIX'],
    ['+19005551234', null, 'BLOCKED_PREFIX'],
    ['+4930123456', { doNotCall: true, doNotCallReason: 'asked on 2026-11-01' }, 'DO_NOT_CALL'],
    ['+4930123456', { doNotCall: false, doNotCallReason: null }, undefined],
  ])('%s %j → %s', (e164, client, code) => {
    const attempt = (): void => assertDialable(e164, client, blocked);
    if (code) expect(attempt).toThrow(expect.objectContaining({ code }));
    else expect(attempt).not.toThrow();
  });

  it('builds a trunk dial string only from E.164', () => {
    expect(trunkDialString('+4930123456', 'trunk')).toBe('PJSIP/+4930123456@trunk');
    expect(() => trunkDialString('+49301&PJSIP/evil', 'trunk')).toThrow(expect.objectContaining({ code: 'INVALID_PHONE_NUMBER' }));
    expect(() => trunkDialString('030123456', 'trunk')).toThrow();
  });
});
