/** Pure: the instant a calendar day starts in an IANA time zone (DST-safe: two passes). */
export function startOfDay(now: number, timeZone: string): number {
  const parts = zonedParts(now, timeZone);
  let guess = Date.UTC(parts.year, parts.month - 1, parts.day);
  for (let pass = 0; pass < 2; pass += 1) guess = Date.UTC(parts.year, parts.month - 1, parts.day) - offsetAt(guess, timeZone);
  return guess;
}

function zonedParts(at: number, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const formatted = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(at));
  const get = (type: string): number => Number(formatted.find((part) => part.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

function offsetAt(at: number, timeZone: string): number {
  const p = zonedParts(at, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(at / 1000) * 1000;
}
