/** Pure: a monthly target prorated over [from, to): each overlapped month counts by its share of days. */
export function monthlyPlan(target: number, from: Date, to: Date): number {
  let plan = 0;
  let cursor = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1);
  while (cursor < to.getTime()) {
    const month = new Date(cursor);
    const next = Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1);
    const overlap = Math.max(0, Math.min(next, to.getTime()) - Math.max(cursor, from.getTime()));
    plan += (target * overlap) / (next - cursor);
    cursor = next;
  }
  return plan;
}

/** Pure: a daily target over [from, to), counting only the working weekdays (0 = Sunday) in UTC days. */
export function dailyPlan(target: number, from: Date, to: Date, workingDays: readonly number[]): number {
  let days = 0;
  for (let day = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()); day < to.getTime(); day += 86_400_000) {
    if (workingDays.includes(new Date(day).getUTCDay())) days += 1;
  }
  return target * days;
}

export function percentDone(fact: number, plan: number): number | null {
  return plan > 0 ? Math.round((1000 * fact) / plan) / 10 : null;
}
