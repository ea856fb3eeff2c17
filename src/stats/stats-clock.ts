import { zonedParts, zoneOffsetMs } from '../common/time/zoned-clock';

/** Pure: the instant a calendar day starts in an IANA time zone (DST-safe: two passes). */
export function startOfDay(now: number, timeZone: string): number {
  const parts = zonedParts(now, timeZone);
  let guess = Date.UTC(parts.year, parts.month - 1, parts.day);
  for (let pass = 0; pass < 2; pass += 1) guess = Date.UTC(parts.year, parts.month - 1, parts.day) - zoneOffsetMs(guess, timeZone);
  return guess;
}
