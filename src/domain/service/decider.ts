// Service hours, targets and indicators: the rules of the stream service-<programmeId>.
// Scoped like contributions: a partner sets the schedules of the sites it runs and the indicators
// of the actions it pilots; the coordinator any, and alone the targets. Facts are never edited:
// a correction carries the whole content and a reason, a schedule is withdrawn with a reason.
// The same command again decides nothing (a retried request is harmless); the same id with other
// content is a conflict.
import { canonicalJson } from '../canonical-json.ts';
import type { Decider } from '../decider.ts';
import type { IndicatorContent, MeasurementContent, ServiceEvent, ServiceScheduleContent, ServiceTargetContent } from '../events.ts';
import { ConflictError, ForbiddenError, invalid, InvalidCommandError, NotFoundError, type FieldError } from '../errors.ts';
import { requireRole, type Actor } from '../actor.ts';
import type { ProgrammeState } from '../programme/state.ts';
import { evolveService, initialServiceState, overlapping, type Entry, type ServiceState } from './state.ts';
import { DOMAIN_FR } from '../../messages/fr.ts';
import { SERVICE_FR } from '../../messages/service-fr.ts';

interface Target {
  programmeId: string;
}

export type ServiceCommand =
  | ({ type: 'SetSchedule'; scheduleId: string; schedule: ServiceScheduleContent } & Target)
  | ({ type: 'CorrectSchedule'; scheduleId: string; reason: string; schedule: ServiceScheduleContent } & Target)
  | ({ type: 'WithdrawSchedule'; scheduleId: string; reason: string } & Target)
  | ({ type: 'SetTarget'; targetId: string; target: ServiceTargetContent } & Target)
  | ({ type: 'CorrectTarget'; targetId: string; reason: string; target: ServiceTargetContent } & Target)
  | ({ type: 'DefineIndicator'; indicatorId: string; indicator: IndicatorContent } & Target)
  | ({ type: 'CorrectIndicator'; indicatorId: string; reason: string; indicator: IndicatorContent } & Target)
  | ({ type: 'RecordMeasurement'; measurementId: string; measurement: MeasurementContent } & Target)
  | ({ type: 'CorrectMeasurement'; measurementId: string; reason: string; measurement: MeasurementContent } & Target)
  | ({ type: 'WithdrawMeasurement'; measurementId: string; reason: string } & Target);

/** What a decision needs beyond the stream: the programme's set-up (sites, axes, actions) and who acts. */
export interface ServiceContext {
  programme: ProgrammeState;
  actor: Actor;
}

export const serviceDecider: Decider<ServiceCommand, ServiceEvent, ServiceState, ServiceContext> = {
  initialState: initialServiceState,
  evolve: evolveService,
  decide: decideService,
};

export function decideService(command: ServiceCommand, state: ServiceState, { programme, actor }: ServiceContext): ServiceEvent[] {
  const { programmeId } = command;
  if (!programme.opened) throw new NotFoundError(DOMAIN_FR.unknownProgramme(programmeId));
  requireRole(actor, 'coordinator', 'partner');
  if ('reason' in command && command.reason.trim() === '')
    throw new InvalidCommandError(DOMAIN_FR.reasonRequired, [{ path: 'reason', message: DOMAIN_FR.mustNotBeEmpty }]);
  switch (command.type) {
    case 'SetSchedule':
    case 'CorrectSchedule':
    case 'WithdrawSchedule':
      return decideSchedule(command, state, programme, actor);
    case 'SetTarget':
    case 'CorrectTarget': {
      if (actor.role !== 'coordinator') throw new ForbiddenError(SERVICE_FR.targetsCoordinatorOnly);
      checkTarget(command.target, programme);
      const entry = state.targets.get(command.targetId);
      if (command.type === 'SetTarget') {
        if (entry) return sameOrConflict(entry, command.target, SERVICE_FR.targetNamed(command.targetId));
        return [{ type: 'ServiceTargetSet', data: { programmeId, targetId: command.targetId, target: command.target } }];
      }
      if (!entry) throw new NotFoundError(SERVICE_FR.unknownTarget(command.targetId, programmeId));
      changesSomething(entry.current, command.target, 'target');
      return [{ type: 'ServiceTargetCorrected', data: { programmeId, targetId: command.targetId, reason: command.reason, target: command.target } }];
    }
    case 'DefineIndicator':
    case 'CorrectIndicator': {
      checkIndicator(command.indicator, programme);
      const entry = state.indicators.get(command.indicatorId);
      if (entry) requirePilot(actor, programme, entry.current.actionId);
      requirePilot(actor, programme, command.indicator.actionId);
      if (command.type === 'DefineIndicator') {
        if (entry) return sameOrConflict(entry, command.indicator, SERVICE_FR.indicatorNamed(command.indicatorId));
        return [{ type: 'IndicatorDefined', data: { programmeId, indicatorId: command.indicatorId, indicator: command.indicator } }];
      }
      if (!entry) throw new NotFoundError(SERVICE_FR.unknownIndicator(command.indicatorId));
      changesSomething(entry.current, command.indicator, 'indicator');
      return [{ type: 'IndicatorCorrected', data: { programmeId, indicatorId: command.indicatorId, reason: command.reason, indicator: command.indicator } }];
    }
    case 'RecordMeasurement':
    case 'CorrectMeasurement':
      return decideMeasurement(command, state, programme, actor);
    case 'WithdrawMeasurement':
      return decideMeasurementWithdrawal(command, state, programme, actor);
    default: {
      const never: never = command;
      throw new Error(`unhandled service command ${(never as { type: string }).type}`);
    }
  }
}

function decideSchedule(
  command: Extract<ServiceCommand, { type: 'SetSchedule' | 'CorrectSchedule' | 'WithdrawSchedule' }>,
  state: ServiceState,
  programme: ProgrammeState,
  actor: Actor,
): ServiceEvent[] {
  const { programmeId, scheduleId } = command;
  const entry = state.schedules.get(scheduleId);
  if (entry) requireRunsSite(actor, programme, entry.current.siteId);
  if (command.type === 'WithdrawSchedule') {
    if (!entry) throw new NotFoundError(SERVICE_FR.unknownSchedule(scheduleId, programmeId));
    if (entry.withdrawn) throw new ConflictError(SERVICE_FR.scheduleWithdrawn(scheduleId));
    return [{ type: 'ServiceScheduleWithdrawn', data: { programmeId, scheduleId, reason: command.reason } }];
  }
  const schedule = command.schedule;
  checkSchedule(schedule, programme);
  requireRunsSite(actor, programme, schedule.siteId);
  if (command.type === 'SetSchedule') {
    if (entry) return sameOrConflict(entry, schedule, SERVICE_FR.scheduleNamed(scheduleId));
  } else {
    if (!entry) throw new NotFoundError(SERVICE_FR.unknownSchedule(scheduleId, programmeId));
    if (entry.withdrawn) throw new ConflictError(SERVICE_FR.scheduleWithdrawn(scheduleId));
    changesSomething(entry.current, schedule, 'schedule');
  }
  const clash = overlapping(state, schedule, command.type === 'CorrectSchedule' ? scheduleId : undefined);
  if (clash) throw invalid('schedule.from', SERVICE_FR.overlaps(schedule.siteId, schedule.axisId, clash[0], clash[1].from, clash[1].until));
  return command.type === 'SetSchedule'
    ? [{ type: 'ServiceScheduleSet', data: { programmeId, scheduleId, schedule } }]
    : [{ type: 'ServiceScheduleCorrected', data: { programmeId, scheduleId, reason: command.reason, schedule } }];
}

function decideMeasurement(
  command: Extract<ServiceCommand, { type: 'RecordMeasurement' | 'CorrectMeasurement' }>,
  state: ServiceState,
  programme: ProgrammeState,
  actor: Actor,
): ServiceEvent[] {
  const { programmeId, measurementId, measurement } = command;
  const entry = state.measurements.get(measurementId);
  // Who may touch a measurement: the pilot of its indicator's action (before and after a correction).
  if (entry) requirePilot(actor, programme, state.indicators.get(entry.current.indicatorId)!.current.actionId);
  const indicator = state.indicators.get(measurement.indicatorId);
  if (!indicator) throw invalid('measurement.indicatorId', SERVICE_FR.unknownIndicator(measurement.indicatorId));
  requirePilot(actor, programme, indicator.current.actionId);
  const errors: FieldError[] = [];
  if (measurement.periodTo < measurement.periodFrom) errors.push({ path: 'measurement.periodTo', message: SERVICE_FR.periodToBeforeFrom });
  inProgramme(programme, measurement.periodFrom, 'measurement.periodFrom', errors);
  inProgramme(programme, measurement.periodTo, 'measurement.periodTo', errors);
  throwIfAny(errors);
  if (command.type === 'RecordMeasurement') {
    if (entry) return sameOrConflict(entry, measurement, SERVICE_FR.measurementNamed(measurementId));
    return [{ type: 'MeasurementRecorded', data: { programmeId, measurementId, measurement } }];
  }
  if (!entry) throw new NotFoundError(SERVICE_FR.unknownMeasurement(measurementId, programmeId));
  if (entry.withdrawn) throw new ConflictError(SERVICE_FR.measurementWithdrawn(measurementId));
  changesSomething(entry.current, measurement, 'measurement');
  return [{ type: 'MeasurementCorrected', data: { programmeId, measurementId, reason: command.reason, measurement } }];
}

/** A measurement is withdrawn by the pilot of its indicator's action (or the coordinator), once, with a reason. */
function decideMeasurementWithdrawal(
  command: Extract<ServiceCommand, { type: 'WithdrawMeasurement' }>,
  state: ServiceState,
  programme: ProgrammeState,
  actor: Actor,
): ServiceEvent[] {
  const { programmeId, measurementId, reason } = command;
  const entry = state.measurements.get(measurementId);
  if (!entry) throw new NotFoundError(SERVICE_FR.unknownMeasurement(measurementId, programmeId));
  requirePilot(actor, programme, state.indicators.get(entry.current.indicatorId)!.current.actionId);
  if (entry.withdrawn) throw new ConflictError(SERVICE_FR.measurementWithdrawn(measurementId));
  return [{ type: 'MeasurementWithdrawn', data: { programmeId, measurementId, reason } }];
}

function checkSchedule(schedule: ServiceScheduleContent, programme: ProgrammeState): void {
  const errors: FieldError[] = [];
  if (!programme.sites.has(schedule.siteId)) errors.push({ path: 'schedule.siteId', message: DOMAIN_FR.unknownSite(schedule.siteId) });
  if (!programme.axes.has(schedule.axisId)) errors.push({ path: 'schedule.axisId', message: DOMAIN_FR.unknownAxis(schedule.axisId) });
  inProgramme(programme, schedule.from, 'schedule.from', errors);
  if (schedule.until !== undefined) {
    if (schedule.until < schedule.from) errors.push({ path: 'schedule.until', message: SERVICE_FR.untilBeforeFrom });
    inProgramme(programme, schedule.until, 'schedule.until', errors);
  }
  throwIfAny(errors);
}

function checkTarget(target: ServiceTargetContent, programme: ProgrammeState): void {
  const errors: FieldError[] = [];
  if (target.siteId !== undefined && !programme.sites.has(target.siteId)) errors.push({ path: 'target.siteId', message: DOMAIN_FR.unknownSite(target.siteId) });
  if (target.axisId !== undefined && !programme.axes.has(target.axisId)) errors.push({ path: 'target.axisId', message: DOMAIN_FR.unknownAxis(target.axisId) });
  if ((target.value === undefined) === (target.multiplier === undefined)) errors.push({ path: 'target.value', message: SERVICE_FR.valueOrMultiplier });
  if (target.dueOn <= target.baselineOn) errors.push({ path: 'target.dueOn', message: SERVICE_FR.dueBeforeBaseline });
  throwIfAny(errors);
}

function checkIndicator(indicator: IndicatorContent, programme: ProgrammeState): void {
  const errors: FieldError[] = [];
  if (!programme.actions.has(indicator.actionId)) errors.push({ path: 'indicator.actionId', message: DOMAIN_FR.unknownAction(indicator.actionId) });
  if (indicator.dueOn <= indicator.baselineOn) errors.push({ path: 'indicator.dueOn', message: SERVICE_FR.dueBeforeBaseline });
  throwIfAny(errors);
}

function inProgramme(programme: ProgrammeState, date: string, path: string, errors: FieldError[]): void {
  const { startsOn, endsOn } = programme.opened!;
  if (date < startsOn || date > endsOn) errors.push({ path, message: SERVICE_FR.outsideProgramme(date, startsOn, endsOn) });
}

function throwIfAny(errors: FieldError[]): void {
  if (errors.length > 0) throw new InvalidCommandError(errors.map((e) => `${e.path} : ${e.message}`).join(' ; '), errors);
}

/** A partner writes the schedules of the sites it runs; a site nobody runs is the coordination's. */
function requireRunsSite(actor: Actor, programme: ProgrammeState, siteId: string): void {
  if (actor.role === 'coordinator') return;
  const owner = programme.sites.get(siteId)?.partnerId;
  if (owner === undefined) throw new ForbiddenError(SERVICE_FR.noPartnerSite(siteId));
  if (owner !== actor.partnerId) throw new ForbiddenError(SERVICE_FR.otherPartnersSite(siteId, owner, actor.partnerId));
}

/** A partner keeps the indicators of the actions it pilots. */
function requirePilot(actor: Actor, programme: ProgrammeState, actionId: string): void {
  if (actor.role === 'coordinator') return;
  const pilot = programme.actions.get(actionId)?.pilotPartnerId;
  if (pilot === undefined || pilot !== actor.partnerId) throw new ForbiddenError(SERVICE_FR.notPilot(actionId, pilot, actor.partnerId));
}

function sameOrConflict<C>(entry: Entry<C>, asked: C, what: string): [] {
  if (canonicalJson(entry.first) === canonicalJson(asked)) return [];
  throw new ConflictError(DOMAIN_FR.alreadyExists(what));
}

function changesSomething<C>(current: C, asked: C, path: string): void {
  if (canonicalJson(current) === canonicalJson(asked))
    throw new InvalidCommandError(DOMAIN_FR.correctionChangesNothing, [{ path, message: DOMAIN_FR.identicalContent }]);
}
