import { callbackDueAt, isWithinWorkingHours, nextOpening } from '../../src/routing/working-hours.policy';

const berlin = { timeZone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], open: '09:00', close: '19:00' };

describe('working hours in the floor\'s time zone', () => {
  it.each([
    ['Friday 08:59 Berlin (07:59 UTC, winter)', '2026-11-27T07:59:00Z', false],
    ['Friday 09:00 Berlin', '2026-11-27T08:00:00Z', true],
    ['Friday 18:59 Berlin', '2026-11-27T17:59:00Z', true],
    ['Friday 19:00 Berlin', '2026-11-27T18:00:00Z', false],
    ['Saturday noon', '2026-11-28T11:00:00Z', false],
    ['summer time: Monday 09:00 Berlin is 07:00 UTC', '2026-07-06T07:00:00Z', true],
    ['summer time: Monday 08:30 Berlin', '2026-07-06T06:30:00Z', false],
  ])('%s → %s', (_name, iso, open) => {
    expect(isWithinWorkingHours(berlin, new Date(iso))).toBe(open);
  });

  it.each([
    ['open now → now', '2026-11-27T10:00:00Z', '2026-11-27T10:00:00.000Z'],
    ['Friday evening → Monday 09:00', '2026-11-27T20:00:00Z', '2026-11-30T08:00:00.000Z'],
    ['across the spring DST change → Monday 09:00 CEST', '2026-03-28T12:00:00Z', '2026-03-30T07:00:00.000Z'],
    ['early morning → 09:00 the same day', '2026-11-26T05:17:00Z', '2026-11-26T08:00:00.000Z'],
  ])('nextOpening: %s', (_name, iso, expected) => {
    expect(nextOpening(berlin, new Date(iso)).toISOString()).toBe(expected);
  });

  it('puts a callback for a night call an hour after opening', () => {
    expect(callbackDueAt(berlin, 60, new Date('2026-11-27T22:00:00Z')).toISOString()).toBe('2026-11-30T09:00:00.000Z');
  });
});
