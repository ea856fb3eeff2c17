import { DomainError } from '../../src/common/errors/domain-error';
import { isE164, normalizeE164, requireE164 } from '../../src/common/phone/e164';

describe('normalizeE164', () => {
  it.each([
    ['+49 30 1234567', undefined, '+49301234567'],
    ['0049 30 1234567', undefined, '+49301234567'],
    ['030 1234567', 'DE', '+49301234567'],
    ['(212) 555-0142', 'US', '+12125550142'],
    ['+1 212 555 0142', 'DE', '+12125550142'],
  ])('%j in %s → %s', (raw, country, expected) => {
    expect(normalizeE164(raw, country)).toBe(expected);
  });

  it.each([
    [''],
    ['   '],
    ['abc'],
    ['+49 30 1234567;Dial(PJSIP/x)'],
    ['+49 30 1234567&PJSIP/evil'],
    ['+1'],
    ['+' + '1'.repeat(40)],
    ['030 1234567'], // national number without a country to read it in
  ])('%j → null', (raw) => {
    expect(normalizeE164(raw)).toBeNull();
  });

  it('answers the same input the same way each time, and keeps countries apart', () => {
    expect(normalizeE164('030 1234567', 'DE')).toBe('+49301234567');
    expect(normalizeE164('030 1234567', 'DE')).toBe('+49301234567');
    expect(normalizeE164('030 1234567')).toBeNull();
    expect(normalizeE164('0612345678', 'FR')).toBe('+33612345678');
    expect(normalizeE164('0612345678', 'DE')).not.toBe('+33612345678');
  });

  it('requireE164 names the field it refused; isE164 accepts only the canonical form', () => {
    expect(() => requireE164('12', 'callee')).toThrow(DomainError);
    expect(() => requireE164('12', 'callee')).toThrow(/callee/);
    expect(isE164('+49301234567')).toBe(true);
    expect(isE164('+49 30 1234567')).toBe(false);
    expect(isE164('0049301234567')).toBe(false);
  });
});
