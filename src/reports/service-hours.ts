// Weekly service hours as of a date, per site, axis and programme; their series by week and by
// month; and the balance between the axes. Pure functions of a service book (service-book.ts):
// the position of the read fixes which facts count, the date which schedules are in force.
// Hours are decimal.js; a month's hours (weekly hours × days in force ÷ 7) are rounded to the
// hundredth, half away from zero, when they are written out, never before.
import { Decimal, sharesByLargestRemainder, ZERO } from '../domain/money.ts';
import type { ServiceScheduleContent } from '../domain/events.ts';
import type { ServiceState } from '../domain/service/state.ts';
import { dayNumber, lastDayOfMonth } from './service-dates.ts';

export interface ScheduleFilter {
  siteId?: string;
  axisId?: string;
}

/** The schedules in force (not withdrawn), as corrected, that the filter keeps. */
export function schedulesOf(state: ServiceState, filter: ScheduleFilter = {}): ServiceScheduleContent[] {
  const out: ServiceScheduleContent[] = [];
  // One site on one axis: its slot lists its schedules (a table of sites × axes asks for each).
  const ids = filter.siteId !== undefined && filter.axisId !== undefined ? (state.slots.get(`${filter.siteId}|${filter.axisId}`) ?? []) : state.schedules.keys();
  for (const id of ids) {
    const entry = state.schedules.get(id)!;
    if (entry.withdrawn) continue;
    const s = entry.current;
    if ((filter.siteId === undefined || s.siteId === filter.siteId) && (filter.axisId === undefined || s.axisId === filter.axisId)) out.push(s);
  }
  return out;
}

export function inForce(schedule: ServiceScheduleContent, date: string): boolean {
  return schedule.from <= date && (schedule.until === undefined || date <= schedule.until);
}

/** Hours a week offered on `date` by the schedules the filter keeps. */
export function weeklyHours(state: ServiceState, date: string, filter: ScheduleFilter = {}): Decimal {
  let total = ZERO;
  for (const s of schedulesOf(state, filter)) if (inForce(s, date)) total = total.plus(s.hoursPerWeek);
  return total;
}

/** Hours offered over the days of `month` (YYYY-MM): each schedule's weekly hours × its days in force that month ÷ 7. */
export function monthHours(state: ServiceState, month: string, filter: ScheduleFilter = {}): Decimal {
  const first = dayNumber(`${month}-01`);
  const last = dayNumber(lastDayOfMonth(month));
  let total = ZERO;
  for (const s of schedulesOf(state, filter)) {
    const from = Math.max(first, dayNumber(s.from));
    const until = Math.min(last, s.until === undefined ? last : dayNumber(s.until));
    if (until >= from) total = total.plus(new Decimal(s.hoursPerWeek).times(until - from + 1).dividedBy(7));
  }
  return total;
}

/** A decimal as the reports write it: no trailing zeros ("9", "10.5"). */
export function hoursText(value: Decimal): string {
  return value.toString();
}

/** A month's hours, rounded to the hundredth half away from zero (see the header). */
export function monthHoursText(value: Decimal): string {
  return value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toString();
}

export interface HoursOn {
  date: string;
  total: string;
  /** Every site × axis with a schedule in force that day. */
  cells: { siteId: string; axisId: string; hours: string }[];
  bySite: { siteId: string; hours: string }[];
  /** Every axis of the programme, with its share of the total (percent, two decimals, summing to 100). */
  byAxis: { axisId: string; hours: string; share: string }[];
}

/** Weekly hours on `date` per site × axis, per site, per axis (with the balance between axes) and in all. */
export function hoursOn(state: ServiceState, date: string, siteIds: readonly string[], axisIds: readonly string[]): HoursOn {
  const cells: HoursOn['cells'] = [];
  for (const siteId of siteIds)
    for (const axisId of axisIds) {
      const hours = weeklyHours(state, date, { siteId, axisId });
      if (!hours.isZero()) cells.push({ siteId, axisId, hours: hoursText(hours) });
    }
  const axes = axisIds.map((axisId) => [axisId, weeklyHours(state, date, { axisId })] as const);
  const shares = sharesByLargestRemainder(axes);
  return {
    date,
    total: hoursText(weeklyHours(state, date)),
    cells,
    bySite: siteIds.map((siteId) => ({ siteId, hours: hoursText(weeklyHours(state, date, { siteId })) })),
    byAxis: axes.map(([axisId, hours]) => ({ axisId, hours: hoursText(hours), share: shares.get(axisId)! })),
  };
}

// The series by week and by month are in service-series.ts: one sweep over the schedules' starts
// and ends instead of a sum of every schedule at every week (they equal the sums above: tested).
