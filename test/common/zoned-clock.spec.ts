import { nextDayStart, zonedParts, zoneOffsetMs } from '../../src/common/time/zoned-clock';

describe('zoned clock', () => {
  it.each([
    // [instant (UTC), zone, local y-m-d h:m:s, weekday]
    ['2026-03-29T00:59:59Z', 'Europe/Berlin', [2026, 3, 29, 1, 59, 59], 0], // last second before the spring-forward gap
    ['2026-03-29T01:00:00Z', 'Europe/Berlin', [2026, 3, 29, 3, 0, 0], 0], // 02:00 local does not exist
    ['2026-10-25T00:30:00Z', 'Europe/Berlin', [2026, 10, 25, 2, 30, 0], 0], // first 02:30 (CEST)
    ['2026-10-25T01:30:00Z', 'Europe/Berlin', [2026, 10, 25, 2, 30, 0], 0], // second 02:30 (CET)
    ['2026-11-27T23:30:00Z', 'Asia/Kolkata', [2026, 11, 28, 5, 0, 0], 6], // +05:30, next day
    ['2026-11-27T10:00:00Z', 'Pacific/Auckland', [2026, 11, 27, 23, 0, 0], 5], // +13 in summer
    ['2026-11-27T04:59:59Z', 'America/New_York', [2026, 11, 26, 23, 59, 59], 4], // the day before
    ['2026-12-31T23:59:59Z', 'UTC', [2026, 12, 31, 23, 59, 59], 4],
  ] as const)('%s in %s', (iso, zone, [year, month, day, hour, minute, second], weekday) => {
    expect(zonedParts(new Date(iso), zone)).toEqual({ year, month, day, hour, minute, second, weekday });
  });

  it('answers within one second from memory, and a new second, another zone or a caller changing its copy does not confuse it', () => {
    const at = Date.parse('2026-11-27T10:00:00.100Z');
    const first = zonedParts(at, 'Europe/Berlin');
    first.hour = 99; // callers get their own copy
    expect(zonedParts(at + 800, 'Europe/Berlin')).toEqual({ year: 2026, month: 11, day: 27, hour: 11, minute: 0, second: 0, weekday: 5 });
    expect(zonedParts(at + 900, 'Europe/Berlin').second).toBe(1);
    expect(zonedParts(at + 900, 'Asia/Tokyo')).toMatchObject({ hour: 19, second: 1 });
    expect(zonedParts(at - 200, 'Europe/Berlin')).toMatchObject({ hour: 10, minute: 59, second: 59 });
  });

  it('zone offsets, to the second', () => {
    expect(zoneOffsetMs(Date.parse('2026-07-01T12:00:00Z'), 'Europe/Berlin')).toBe(2 * 3_600_000);
    expect(zoneOffsetMs(Date.parse('2026-12-01T12:00:00Z'), 'Europe/Berlin')).toBe(3_600_000);
    expect(zoneOffsetMs(Date.parse('2026-12-01T12:00:00Z'), 'Asia/Kolkata')).toBe(5.5 * 3_600_000);
    expect(zoneOffsetMs(Date.parse('2026-12-01T12:00:00Z'), 'America/New_York')).toBe(-5 * 3_600_000);
  });
});

describe('nextDayStart: the next local midnight', () => {
  it.each([
    ['2026-11-27T10:00:00Z', 'Europe/Berlin', '2026-11-27T23:00:00.000Z'],
    ['2026-11-26T23:00:00Z', 'Europe/Berlin', '2026-11-27T23:00:00.000Z'],
    // Spring forward: the local day of 29 March has 23 hours.
    ['2026-03-29T12:00:00Z', 'Europe/Berlin', '2026-03-29T22:00:00.000Z'],
    // Fall back: the local day of 25 October has 25 hours.
    ['2026-10-25T00:30:00Z', 'Europe/Berlin', '2026-10-25T23:00:00.000Z'],
    ['2026-11-27T23:59:59Z', 'UTC', '2026-11-28T00:00:00.000Z'],
    ['2026-12-31T09:59:59Z', 'Pacific/Kiritimati', '2026-12-31T10:00:00.000Z'],
    ['2026-11-27T12:00:00Z', 'America/New_York', '2026-11-28T05:00:00.000Z'],
  ])('after %s in %s: %s', (now, zone, expected) => {
    expect(new Date(nextDayStart(Date.parse(now), zone)).toISOString()).toBe(expected);
  });
});
