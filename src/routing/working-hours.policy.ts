import { zonedParts } from '../common/time/zoned-clock';
import { WorkingHours } from '../config/app-config.schema';

/** Weekday (0 = Sunday) and minutes after midnight at `now` in a time zone; DST-correct. */
export function localTime(now: Date, timeZone: string): { weekday: number; minutes: number } {
  const parts = zonedParts(now, timeZone);
  return { weekday: parts.weekday, minutes: parts.hour * 60 + parts.minute };
}

const toMinutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function isWithinWorkingHours(hours: WorkingHours, now: Date): boolean {
  const local = localTime(now, hours.timeZone);
  return hours.days.includes(local.weekday) && local.minutes >= toMinutes(hours.open) && local.minutes < toMinutes(hours.close);
}

/** The next moment the floor is open (now if open), searched minute-exact over the coming 8 days. */
export function nextOpening(hours: WorkingHours, now: Date): Date {
  if (isWithinWorkingHours(hours, now)) return now;
  const start = new Date(Math.ceil(now.getTime() / 60_000) * 60_000);
  // Step an hour at a time, then back up to the exact minute: cheap and immune to DST gaps.
  for (let step = 0; step < 8 * 24; step += 1) {
    const probe = new Date(start.getTime() + step * 3_600_000);
    if (isWithinWorkingHours(hours, probe)) {
      let exact = probe;
      while (isWithinWorkingHours(hours, new Date(exact.getTime() - 60_000)) && exact > start) exact = new Date(exact.getTime() - 60_000);
      return exact;
    }
  }
  return now;
}

/** A callback is due a configured time after the floor is next open, never in the middle of the night. */
export function callbackDueAt(hours: WorkingHours, dueMinutes: number, now: Date): Date {
  return new Date(nextOpening(hours, now).getTime() + dueMinutes * 60_000);
}
