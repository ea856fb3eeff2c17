import { zonedParts, zoneOffsetMs } from '../common/time/zoned-clock';

/**
 * When a target may be called: inside the campaign window in the *client's* local time. Pure; the
 * clock is passed in. Local times are turned into instants through Intl (the IANA database), so
 * DST changes and zones on both sides of the date line come out right.
 */
export interface DialWindow {
  from: string;
  to: string;
}

function localParts(at: Date, timeZone: string): { year: number; month: number; day: number; minutes: number } {
  const parts = zonedParts(at, timeZone);
  return { year: parts.year, month: parts.month, day: parts.day, minutes: parts.hour * 60 + parts.minute };
}

/** The instant a local wall-clock time happens in the zone (the later side of a DST gap). */
export function zonedTime(year: number, month: number, day: number, minutes: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day, Math.floor(minutes / 60), minutes % 60);
  let instant = wall - zoneOffsetMs(wall, timeZone);
  const corrected = wall - zoneOffsetMs(instant, timeZone);
  if (corrected !== instant) instant = Math.max(instant, corrected);
  return new Date(instant);
}

function toMinutes(hhmm: string): number {
  const [hours, minutes] = hhmm.split(':').map(Number);
  return hours * 60 + minutes;
}

/** `now` when the client's clock is inside [from, to), else the next local `from` (today or tomorrow). */
export function nextDialAt(target: { timeZone: string }, window: DialWindow, now: Date): Date {
  const from = toMinutes(window.from);
  const to = toMinutes(window.to);
  const local = localParts(now, target.timeZone);
  if (local.minutes >= from && local.minutes < to) return now;
  if (local.minutes < from) return zonedTime(local.year, local.month, local.day, from, target.timeZone);
  const tomorrow = new Date(Date.UTC(local.year, local.month - 1, local.day + 1));
  return zonedTime(tomorrow.getUTCFullYear(), tomorrow.getUTCMonth() + 1, tomorrow.getUTCDate(), from, target.timeZone);
}

export function isInsideWindow(target: { timeZone: string }, window: DialWindow, now: Date): boolean {
  return nextDialAt(target, window, now).getTime() === now.getTime();
}
