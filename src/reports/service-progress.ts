// Progress against the targets of weekly service hours and against each action's indicators, as
// of a date: the value, the target, the share of the target reached, and whether the value is on
// track — at or beyond the straight line from the baseline (at its date) to the target (at its due
// date). Percentages are decimal.js, rounded to a tenth half away from zero.
import { Decimal } from '../domain/money.ts';
import type { IndicatorContent, MeasurementContent } from '../domain/events.ts';
import type { ServiceState } from '../domain/service/state.ts';
import { dayNumber } from './service-dates.ts';
import { hoursText, weeklyHours } from './service-hours.ts';

export type TrackStatus = 'reached' | 'on_track' | 'behind';

export interface TargetProgress {
  targetId: string;
  label: string;
  siteId?: string;
  axisId?: string;
  baselineOn: string;
  dueOn: string;
  /** Weekly hours in force on baselineOn, on the target's scope. */
  baseline: string;
  /** The target's value, or the baseline times its multiplier. */
  target: string;
  date: string;
  value: string;
  /** Where the straight line from the baseline to the target stands on `date`. */
  expected: string;
  percentOfTarget: string | null;
  status: TrackStatus;
}

export function percentOf(value: Decimal, whole: Decimal): string | null {
  if (whole.isZero()) return null;
  return value.times(100).dividedBy(whole).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toString();
}

/** The straight line from (baselineOn, baseline) to (dueOn, target), read at `date` and held flat outside. */
export function expectedOn(baseline: Decimal, baselineOn: string, target: Decimal, dueOn: string, date: string): Decimal {
  const span = dayNumber(dueOn) - dayNumber(baselineOn);
  const elapsed = Math.min(Math.max(dayNumber(date) - dayNumber(baselineOn), 0), span);
  return baseline.plus(target.minus(baseline).times(elapsed).dividedBy(span));
}

function statusOf(value: Decimal, expected: Decimal, target: Decimal, increase: boolean): TrackStatus {
  if (increase ? value.gte(target) : value.lte(target)) return 'reached';
  return (increase ? value.gte(expected) : value.lte(expected)) ? 'on_track' : 'behind';
}

export function targetsProgress(state: ServiceState, date: string): TargetProgress[] {
  const out: TargetProgress[] = [];
  for (const [targetId, entry] of state.targets) {
    const t = entry.current;
    const scope = { ...(t.siteId !== undefined && { siteId: t.siteId }), ...(t.axisId !== undefined && { axisId: t.axisId }) };
    const baseline = weeklyHours(state, t.baselineOn, scope);
    const target = t.value !== undefined ? new Decimal(t.value) : baseline.times(t.multiplier!);
    const value = weeklyHours(state, date, scope);
    const expected = expectedOn(baseline, t.baselineOn, target, t.dueOn, date);
    out.push({
      targetId,
      label: t.label,
      ...scope,
      baselineOn: t.baselineOn,
      dueOn: t.dueOn,
      baseline: hoursText(baseline),
      target: hoursText(target),
      date,
      value: hoursText(value),
      expected: hoursText(expected.toDecimalPlaces(2, Decimal.ROUND_HALF_UP)),
      percentOfTarget: percentOf(value, target),
      status: statusOf(value, expected, target, true),
    });
  }
  return out;
}

export interface MeasurementView extends MeasurementContent {
  measurementId: string;
  lastReason?: string;
}

export interface IndicatorProgress extends IndicatorContent {
  indicatorId: string;
  /** Measurements whose period ends on or before the date, by period. */
  series: MeasurementView[];
  latest: MeasurementView | null;
  /** latest ÷ target (an indicator that should go down: null, the share of the way says it). */
  percentOfTarget: string | null;
  /** (latest − baseline) ÷ (target − baseline): how far along the way from the baseline. */
  percentOfWay: string | null;
  /** On the straight line at the end of the latest measurement's period. */
  expected: string | null;
  status: TrackStatus | 'no_measure';
}

function byPeriod(a: MeasurementView, b: MeasurementView): number {
  return a.periodTo < b.periodTo ? -1 : a.periodTo > b.periodTo ? 1 : a.periodFrom < b.periodFrom ? -1 : a.periodFrom > b.periodFrom ? 1 : a.measurementId < b.measurementId ? -1 : 1;
}

/** Each indicator (of one action, or all) with its series and its latest value against its target, as of `date`. */
export function indicatorsProgress(state: ServiceState, date: string, actionId?: string): IndicatorProgress[] {
  const series = new Map<string, MeasurementView[]>();
  for (const [measurementId, entry] of state.measurements) {
    const m = entry.current;
    // A withdrawn measurement stays in the log and the journal; it no longer counts.
    if (entry.withdrawn || m.periodTo > date) continue;
    const list = series.get(m.indicatorId) ?? [];
    list.push({ measurementId, ...m, ...(entry.lastReason !== undefined && { lastReason: entry.lastReason }) });
    series.set(m.indicatorId, list);
  }
  const out: IndicatorProgress[] = [];
  for (const [indicatorId, entry] of state.indicators) {
    const i = entry.current;
    if (actionId !== undefined && i.actionId !== actionId) continue;
    const measured = (series.get(indicatorId) ?? []).sort(byPeriod);
    const latest = measured[measured.length - 1] ?? null;
    const increase = i.direction === 'increase';
    const [baseline, target] = [new Decimal(i.baseline), new Decimal(i.target)];
    const value = latest === null ? null : new Decimal(latest.value);
    const expected = latest === null ? null : expectedOn(baseline, i.baselineOn, target, i.dueOn, latest.periodTo);
    out.push({
      indicatorId,
      ...i,
      series: measured,
      latest,
      percentOfTarget: value === null || !increase ? null : percentOf(value, target),
      percentOfWay: value === null ? null : percentOf(value.minus(baseline), target.minus(baseline)),
      expected: expected === null ? null : hoursText(expected.toDecimalPlaces(2, Decimal.ROUND_HALF_UP)),
      status: value === null ? 'no_measure' : statusOf(value, expected!, target, increase),
    });
  }
  return out;
}
