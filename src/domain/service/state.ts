// A programme's service facts as the deciders (and the reports) see them: built only from the
// stream service-<programmeId>. Every entry keeps its content as first set (a repeated command is
// compared with it) and its current content (after corrections).
import type { IndicatorContent, MeasurementContent, ServiceEvent, ServiceScheduleContent, ServiceTargetContent } from '../events.ts';
import { assert } from '../errors.ts';

export interface Entry<Content> {
  first: Content;
  current: Content;
  /** The reason given by the last correction (or the withdrawal), if any. */
  lastReason?: string;
}

export interface ScheduleEntry extends Entry<ServiceScheduleContent> {
  withdrawn: boolean;
}

export interface MeasurementEntry extends Entry<MeasurementContent> {
  /** Withdrawn with a reason: kept (the log keeps it), no longer counted. */
  withdrawn?: boolean;
}

export interface ServiceState {
  programmeId?: string;
  schedules: Map<string, ScheduleEntry>;
  /** The ids of the schedules of each site and axis ("site|axis"), so that the overlap rule reads only those. */
  slots: Map<string, string[]>;
  targets: Map<string, Entry<ServiceTargetContent>>;
  indicators: Map<string, Entry<IndicatorContent>>;
  measurements: Map<string, MeasurementEntry>;
}

export function initialServiceState(): ServiceState {
  return { schedules: new Map(), slots: new Map(), targets: new Map(), indicators: new Map(), measurements: new Map() };
}

/** Two periods (both ends included; no end: open) share at least one day. ISO dates compare as strings. */
export function periodsOverlap(a: { from: string; until?: string }, b: { from: string; until?: string }): boolean {
  return (a.until === undefined || b.from <= a.until) && (b.until === undefined || a.from <= b.until);
}

/** The schedule, not withdrawn, that another of the same site and axis would overlap (the rule the decider keeps). */
export function overlapping(state: ServiceState, schedule: ServiceScheduleContent, except?: string): [string, ServiceScheduleContent] | undefined {
  for (const id of state.slots.get(slotOf(schedule)) ?? []) {
    const entry = state.schedules.get(id)!;
    if (id === except || entry.withdrawn) continue;
    const other = entry.current;
    // A correction may have moved a schedule to another slot: the slot lists it until then.
    if (other.siteId === schedule.siteId && other.axisId === schedule.axisId && periodsOverlap(other, schedule)) return [id, other];
  }
  return undefined;
}

const slotOf = (s: ServiceScheduleContent) => `${s.siteId}|${s.axisId}`;

/** Lists the schedule under its site and axis (once). */
function enslot(state: ServiceState, id: string, schedule: ServiceScheduleContent): void {
  const slot = slotOf(schedule);
  const ids = state.slots.get(slot);
  if (ids === undefined) state.slots.set(slot, [id]);
  else if (!ids.includes(id)) ids.push(id);
}

/** Mutates and returns `state` (its owner, a handler's read or a report's fold, holds the only reference). */
export function evolveService(state: ServiceState, event: ServiceEvent): ServiceState {
  state.programmeId ??= event.data.programmeId;
  switch (event.type) {
    case 'ServiceScheduleSet': {
      const { scheduleId, schedule } = event.data;
      assert(!state.schedules.has(scheduleId), `schedule ${scheduleId} set twice`);
      assert(overlapping(state, schedule) === undefined, `schedule ${scheduleId} overlaps another`);
      state.schedules.set(scheduleId, { first: schedule, current: schedule, withdrawn: false });
      enslot(state, scheduleId, schedule);
      return state;
    }
    case 'ServiceScheduleCorrected': {
      const { scheduleId, schedule, reason } = event.data;
      const entry = state.schedules.get(scheduleId);
      assert(entry && !entry.withdrawn, `correction of schedule ${scheduleId} that is not in force`);
      assert(overlapping(state, schedule, scheduleId) === undefined, `corrected schedule ${scheduleId} overlaps another`);
      state.schedules.set(scheduleId, { ...entry, current: schedule, lastReason: reason });
      enslot(state, scheduleId, schedule);
      return state;
    }
    case 'ServiceScheduleWithdrawn': {
      const entry = state.schedules.get(event.data.scheduleId);
      assert(entry && !entry.withdrawn, `withdrawal of schedule ${event.data.scheduleId} that is not in force`);
      state.schedules.set(event.data.scheduleId, { ...entry, withdrawn: true, lastReason: event.data.reason });
      return state;
    }
    case 'ServiceTargetSet':
      return setEntry(state.targets, event.data.targetId, event.data.target, state);
    case 'ServiceTargetCorrected':
      return correctEntry(state.targets, event.data.targetId, event.data.target, event.data.reason, state);
    case 'IndicatorDefined':
      return setEntry(state.indicators, event.data.indicatorId, event.data.indicator, state);
    case 'IndicatorCorrected':
      return correctEntry(state.indicators, event.data.indicatorId, event.data.indicator, event.data.reason, state);
    case 'MeasurementRecorded':
      assert(state.indicators.has(event.data.measurement.indicatorId), `measurement of unknown indicator ${event.data.measurement.indicatorId}`);
      return setEntry(state.measurements, event.data.measurementId, event.data.measurement, state);
    case 'MeasurementCorrected':
      assert(state.indicators.has(event.data.measurement.indicatorId), `measurement of unknown indicator ${event.data.measurement.indicatorId}`);
      assert(!state.measurements.get(event.data.measurementId)?.withdrawn, `correction of withdrawn measurement ${event.data.measurementId}`);
      return correctEntry(state.measurements, event.data.measurementId, event.data.measurement, event.data.reason, state);
    case 'MeasurementWithdrawn': {
      const entry = state.measurements.get(event.data.measurementId);
      assert(entry && !entry.withdrawn, `withdrawal of measurement ${event.data.measurementId} that does not count`);
      state.measurements.set(event.data.measurementId, { ...entry, withdrawn: true, lastReason: event.data.reason });
      return state;
    }
    default: {
      const never: never = event;
      throw new Error(`unhandled service event ${(never as { type: string }).type}`);
    }
  }
}

function setEntry<C>(map: Map<string, Entry<C>>, id: string, content: C, state: ServiceState): ServiceState {
  assert(!map.has(id), `${id} set twice`);
  map.set(id, { first: content, current: content });
  return state;
}

function correctEntry<C>(map: Map<string, Entry<C>>, id: string, content: C, reason: string, state: ServiceState): ServiceState {
  const entry = map.get(id);
  assert(entry, `correction of unknown ${id}`);
  map.set(id, { ...entry, current: content, lastReason: reason });
  return state;
}
