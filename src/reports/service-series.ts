// Weekly and monthly series of service hours, in one sweep: each schedule in force changes the
// weekly hours twice, +hours on its first day and −hours the day after its last. Sorted once, the
// changes are walked alongside the Mondays (or the months), so a series costs O(S log S + W) for
// S schedules and W weeks, where summing every schedule at every week cost O(S × W). The figures
// are the same as weeklyHours / monthHours give date by date (test/projections/service-series.test.ts).
// Hours stay decimal.js; a month's hours (Σ weekly hours × days in force, ÷ 7 once) are rounded to
// the hundredth half away from zero when written out, as monthHoursText does.
import { Decimal, ZERO } from '../domain/money.ts';
import type { ServiceScheduleContent } from '../domain/events.ts';
import type { ServiceState } from '../domain/service/state.ts';
import { dayNumber, lastDayOfMonth, mondays, months } from './service-dates.ts';
import { hoursText, monthHoursText, schedulesOf, type ScheduleFilter } from './service-hours.ts';

interface Change {
  day: number;
  /** Hours a week that start (positive) or stop (negative) counting on `day`. */
  delta: Decimal;
}

/** The starts and ends of the schedules, by day. */
function changesOf(schedules: readonly ServiceScheduleContent[]): Change[] {
  const changes: Change[] = [];
  for (const s of schedules) {
    const hours = new Decimal(s.hoursPerWeek);
    changes.push({ day: dayNumber(s.from), delta: hours });
    if (s.until !== undefined) changes.push({ day: dayNumber(s.until) + 1, delta: hours.negated() });
  }
  return changes.sort((a, b) => a.day - b.day);
}

/** Weekly hours in force on each Monday from the week of `from` to `to`. */
export function weeklySeries(state: ServiceState, from: string, to: string, filter: ScheduleFilter = {}): { week: string; hours: string }[] {
  const changes = changesOf(schedulesOf(state, filter));
  let next = 0;
  let inForce = ZERO;
  return mondays(from, to).map((week) => {
    const day = dayNumber(week);
    while (next < changes.length && changes[next]!.day <= day) inForce = inForce.plus(changes[next++]!.delta);
    return { week, hours: hoursText(inForce) };
  });
}

/** Hours offered in each month from the one of `from` to the one of `to`: the weekly hours in force, day by day, ÷ 7. */
export function monthlySeries(state: ServiceState, from: string, to: string, filter: ScheduleFilter = {}): { month: string; hours: string }[] {
  const changes = changesOf(schedulesOf(state, filter));
  let next = 0;
  let inForce = ZERO;
  return months(from, to).map((month) => {
    const first = dayNumber(`${month}-01`);
    const end = dayNumber(lastDayOfMonth(month)) + 1;
    while (next < changes.length && changes[next]!.day <= first) inForce = inForce.plus(changes[next++]!.delta);
    // Σ weekly hours × days, segment by segment between the changes inside the month.
    let hourDays = ZERO;
    let cursor = first;
    while (next < changes.length && changes[next]!.day < end) {
      const change = changes[next++]!;
      hourDays = hourDays.plus(inForce.times(change.day - cursor));
      cursor = change.day;
      inForce = inForce.plus(change.delta);
    }
    hourDays = hourDays.plus(inForce.times(end - cursor));
    return { month, hours: monthHoursText(hourDays.dividedBy(7)) };
  });
}
