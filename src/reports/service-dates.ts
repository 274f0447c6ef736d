// Calendar arithmetic on ISO dates (YYYY-MM-DD) for the service reports: whole days in UTC, never
// a local clock, so that the same dates give the same figures on every machine.
const DAY_MS = 86_400_000;

export function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return dateOfDay(dayNumber(date) + days);
}

/** The Monday of the ISO week holding `date`. */
export function mondayOf(date: string): string {
  const day = dayNumber(date);
  // 1970-01-01 was a Thursday: day 0 is weekday 3 counting from Monday = 0.
  const weekday = (((day + 3) % 7) + 7) % 7;
  return dateOfDay(day - weekday);
}

/** Every Monday from the week of `from` to the week of `to`. */
export function mondays(from: string, to: string): string[] {
  const out: string[] = [];
  for (let day = dayNumber(mondayOf(from)); day <= dayNumber(to); day += 7) out.push(dateOfDay(day));
  return out;
}

/** Every month (YYYY-MM) from the one holding `from` to the one holding `to`. */
export function months(from: string, to: string): string[] {
  const out: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  const last = to.slice(0, 7);
  for (;;) {
    const key = `${year}-${String(month).padStart(2, '0')}`;
    if (key > last) return out;
    out.push(key);
    month += 1;
    if (month === 13) [year, month] = [year + 1, 1];
  }
}

export function lastDayOfMonth(month: string): string {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return dateOfDay(Date.UTC(year, m, 0) / DAY_MS);
}
