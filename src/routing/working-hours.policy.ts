import { WorkingHours } from '../config/app-config.schema';

interface LocalTime {
  weekday: number;
  minutes: number;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** Weekday (0 = Sunday) and minutes after midnight at `now` in a time zone; DST-correct via Intl. */
export function localTime(now: Date, timeZone: string): LocalTime {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const get = (type: string): string => parts.find((part) => part.type === type)?.value ?? '0';
  return { weekday: WEEKDAYS[get('weekday')], minutes: Number(get('hour')) * 60 + Number(get('minute')) };
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
