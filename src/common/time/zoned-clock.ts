/**
 * Wall-clock parts of an instant in an IANA time zone, through Intl (so DST and zones on both
 * sides of the date line come out right). Building an Intl.DateTimeFormat costs far more than
 * using one (about half a millisecond): one formatter per zone, kept for the process's life;
 * formatting costs ~12 µs, so the last second's answer per zone is kept too.
 */
export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday. */
  weekday: number;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The last answer per zone: parts are to the second, and calls within one second ask for the same. */
const lastByZone = new Map<string, { second: number; parts: ZonedParts }>();

export function zonedParts(at: Date | number, timeZone: string): ZonedParts {
  const second = Math.floor((typeof at === 'number' ? at : at.getTime()) / 1000);
  const last = lastByZone.get(timeZone);
  if (last?.second === second) return { ...last.parts };
  const parts: ZonedParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, weekday: 0 };
  for (const part of formatterFor(timeZone).formatToParts(at)) {
    if (part.type === 'weekday') parts.weekday = WEEKDAYS[part.value];
    else if (part.type !== 'literal' && part.type in parts) parts[part.type as Exclude<keyof ZonedParts, 'weekday'>] = Number(part.value);
  }
  lastByZone.set(timeZone, { second, parts: { ...parts } });
  return parts;
}

/** Offset of the zone at an instant, in ms (local − UTC), to the second. */
export function zoneOffsetMs(at: Date | number, timeZone: string): number {
  const p = zonedParts(at, timeZone);
  const ms = typeof at === 'number' ? at : at.getTime();
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
}

/** Pure: the instant the calendar day of `now` starts in an IANA time zone (DST-safe: two passes). */
export function startOfDay(now: number, timeZone: string): number {
  const parts = zonedParts(now, timeZone);
  let guess = Date.UTC(parts.year, parts.month - 1, parts.day);
  for (let pass = 0; pass < 2; pass += 1) guess = Date.UTC(parts.year, parts.month - 1, parts.day) - zoneOffsetMs(guess, timeZone);
  return guess;
}

/** Pure: the next local midnight after `now` (a local day lasts 23 to 25 hours, so 36 h lands in the next one). */
export function nextDayStart(now: number, timeZone: string): number {
  return startOfDay(startOfDay(now, timeZone) + 36 * 3_600_000, timeZone);
}
