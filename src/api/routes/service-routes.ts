// Service hours, targets, indicators and measurements (issue 15), mounted under /api/programmes/:p.
// Writes go through LedgerCommands.handleService (the decider scopes a partner to its own sites and
// to the actions it pilots); a new fact answers 201, a correction or a withdrawal 200, and the same
// request again the same answer without writing. Reads fold the programme's service stream up to
// the read's position: the version's (coordinator, treasurer, auditor; asOf as everywhere), or for
// a partner the latest position it may be shown (partner-read.ts) — service facts are public to
// the programme's partners, as its set-up is.
import type { z } from 'zod';
import type { Socle } from '../../app/socle.ts';
import { requireProgramme } from '../../app/socle.ts';
import type { ServiceCommand } from '../../domain/service/decider.ts';
import type { ProgrammeView } from '../../read-model/ledger.ts';
import type { ServiceBook } from '../../read-model/service-book.ts';
import { hoursOn } from '../../reports/service-hours.ts';
import { monthlySeries, weeklySeries } from '../../reports/service-series.ts';
import { indicatorsProgress, targetsProgress } from '../../reports/service-progress.ts';
import type { Stamp } from '../../reports/partner-view.ts';
import { requireProgrammeAccess } from '../auth.ts';
import { partnerRead } from '../partner-read.ts';
import { ledgerAsOf, POSITION_HEADER, writtenAt } from '../read.ts';
import type { NoQuery, ProgrammeParams } from '../schemas.ts';
import type { Answer, Handler } from '../route-context.ts';
import { asOfJson } from '../views.ts';
import type {
  IndicatorBody,
  IndicatorCorrectionBody,
  IndicatorsQuery,
  MeasurementBody,
  MeasurementCorrectionBody,
  MeasurementWithdrawalBody,
  ScheduleBody,
  ScheduleCorrectionBody,
  ScheduleWithdrawalBody,
  ServiceItemParams,
  ServiceQuery,
  TargetBody,
  TargetCorrectionBody,
} from '../service-schemas.ts';
import type { Actor } from '../../domain/actor.ts';

export const setSchedule = created<typeof ScheduleBody>((programmeId, { id, ...schedule }) => ({ type: 'SetSchedule', programmeId, scheduleId: id, schedule }));
export const correctSchedule = changed<typeof ScheduleCorrectionBody>((programmeId, id, { reason, ...schedule }) => ({ type: 'CorrectSchedule', programmeId, scheduleId: id, reason, schedule }));
export const withdrawSchedule = changed<typeof ScheduleWithdrawalBody>((programmeId, id, { reason }) => ({ type: 'WithdrawSchedule', programmeId, scheduleId: id, reason }));
export const setTarget = created<typeof TargetBody>((programmeId, { id, ...target }) => ({ type: 'SetTarget', programmeId, targetId: id, target }));
export const correctTarget = changed<typeof TargetCorrectionBody>((programmeId, id, { reason, ...target }) => ({ type: 'CorrectTarget', programmeId, targetId: id, reason, target }));
export const defineIndicator = created<typeof IndicatorBody>((programmeId, { id, ...indicator }) => ({ type: 'DefineIndicator', programmeId, indicatorId: id, indicator }));
export const correctIndicator = changed<typeof IndicatorCorrectionBody>((programmeId, id, { reason, ...indicator }) => ({ type: 'CorrectIndicator', programmeId, indicatorId: id, reason, indicator }));
export const recordMeasurement = created<typeof MeasurementBody>((programmeId, { id, ...measurement }) => ({ type: 'RecordMeasurement', programmeId, measurementId: id, measurement }));
export const correctMeasurement = changed<typeof MeasurementCorrectionBody>((programmeId, id, { reason, ...measurement }) => ({ type: 'CorrectMeasurement', programmeId, measurementId: id, reason, measurement }));
export const withdrawMeasurement = changed<typeof MeasurementWithdrawalBody>((programmeId, id, { reason }) => ({ type: 'WithdrawMeasurement', programmeId, measurementId: id, reason }));

export const serviceHours: Handler<typeof ProgrammeParams, typeof ServiceQuery> = async ({ socle, actor, params: { p }, query }) => {
  const { stamp, programme, book } = await readBook(socle, actor, p, query.asOf);
  const date = query.date ?? today(programme);
  const from = query.from ?? programme.startsOn;
  const to = query.to ?? programme.endsOn;
  const filter = { ...(query.siteId !== undefined && { siteId: query.siteId }), ...(query.axisId !== undefined && { axisId: query.axisId }) };
  const schedules = [...book.state.schedules].map(([scheduleId, e]) => ({ scheduleId, ...e.current, withdrawn: e.withdrawn, ...(e.lastReason !== undefined && { lastReason: e.lastReason }) }));
  const body = {
    asOf: stamp,
    programmeId: p,
    date,
    from,
    to,
    hours: hoursOn(book.state, date, [...programme.sites.keys()], [...programme.axes.keys()]),
    weekly: weeklySeries(book.state, from, to, filter),
    monthly: monthlySeries(book.state, from, to, filter),
    targets: targetsProgress(book.state, date),
    schedules,
  };
  return { status: 200, body };
};

export const indicators: Handler<typeof ProgrammeParams, typeof IndicatorsQuery> = async ({ socle, actor, params: { p }, query }) => {
  const { stamp, programme, book } = await readBook(socle, actor, p, query.asOf);
  const date = query.date ?? today(programme);
  return { status: 200, body: { asOf: stamp, programmeId: p, date, indicators: indicatorsProgress(book.state, date, query.actionId) } };
};

/** Today (UTC), held within the programme's period: the default day a read is made at. */
function today(programme: ProgrammeView): string {
  const now = new Date().toISOString().slice(0, 10);
  return now < programme.startsOn ? programme.startsOn : now > programme.endsOn ? programme.endsOn : now;
}

async function readBook(socle: Socle, actor: Actor, programmeId: string, asOf: number | undefined): Promise<{ stamp: Stamp; programme: ProgrammeView; book: ServiceBook }> {
  await requireProgrammeAccess(socle, actor, programmeId);
  if (actor.role === 'partner') {
    const read = await partnerRead(socle, actor.partnerId!, programmeId, asOf);
    return { stamp: read.stamp, programme: read.programme, book: await socle.serviceBook(programmeId, read.stamp.position) };
  }
  const version = await ledgerAsOf(socle, asOf);
  return { stamp: asOfJson(version), programme: requireProgramme(version.state, programmeId), book: await socle.serviceBook(programmeId, version.position) };
}

/** A new fact, named by the body's id: 201. */
function created<S extends z.ZodType<{ id: string }>>(toCommand: (programmeId: string, body: z.output<S>) => ServiceCommand): Handler<typeof ProgrammeParams, typeof NoQuery, S> {
  return async ({ socle, actor, params: { p }, body }) => {
    // S is generic here: the context cannot name its parsed type, which is z.output<S>.
    const fact = body() as z.output<S>;
    return write(socle, actor, toCommand(p, fact), fact.id, 201);
  };
}

/** A correction or a withdrawal of the fact the path names: 200. */
function changed<S extends z.ZodType>(toCommand: (programmeId: string, id: string, body: z.output<S>) => ServiceCommand): Handler<typeof ServiceItemParams, typeof NoQuery, S> {
  return async ({ socle, actor, params: { p, id }, body }) => write(socle, actor, toCommand(p, id, body() as z.output<S>), id, 200);
}

async function write(socle: Socle, actor: Actor, command: ServiceCommand, id: string, status: 200 | 201): Promise<Answer> {
  await requireProgrammeAccess(socle, actor, command.programmeId);
  const result = await socle.commands.handleService(command, actor);
  const position = await writtenAt(socle, actor, command.programmeId, result.position);
  return { status, headers: { [POSITION_HEADER]: String(position) }, body: { id, position: result.position } };
}
