// Service hours, targets, indicators and measurements (issue 15), mounted under /api/programmes/:p.
// Writes go through LedgerCommands.handleService (the decider scopes a partner to its own sites and
// to the actions it pilots); a new fact answers 201, a correction or a withdrawal 200, and the same
// request again the same answer without writing. Reads fold the programme's service stream up to
// the read's position: the version's (coordinator, treasurer, auditor; asOf as everywhere), or for
// a partner the latest position it may be shown (partner-read.ts) — service facts are public to
// the programme's partners, as its set-up is.
import { Router, type Request, type Response } from 'express';
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
import { actorOf, allow, requireProgrammeAccess } from '../auth.ts';
import { partnerRead } from '../partner-read.ts';
import { ledgerAsOf, POSITION_HEADER, writtenAt } from '../read.ts';
import { NoQuery, parseRequest, ProgrammeParams } from '../schemas.ts';
import { asOfJson } from '../views.ts';
import {
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

export function serviceRouter({ socle }: { socle: Socle }): Router {
  const router = Router({ mergeParams: true });
  const writers = allow('coordinator', 'partner');

  created(router, socle, writers, '/service/schedules', ScheduleBody, (programmeId, { id, ...schedule }) => ({ type: 'SetSchedule', programmeId, scheduleId: id, schedule }));
  changed(router, socle, writers, '/service/schedules/:id/corrections', ScheduleCorrectionBody, (programmeId, id, { reason, ...schedule }) => ({ type: 'CorrectSchedule', programmeId, scheduleId: id, reason, schedule }));
  changed(router, socle, writers, '/service/schedules/:id/withdrawal', ScheduleWithdrawalBody, (programmeId, id, { reason }) => ({ type: 'WithdrawSchedule', programmeId, scheduleId: id, reason }));
  created(router, socle, allow('coordinator'), '/service/targets', TargetBody, (programmeId, { id, ...target }) => ({ type: 'SetTarget', programmeId, targetId: id, target }));
  changed(router, socle, allow('coordinator'), '/service/targets/:id/corrections', TargetCorrectionBody, (programmeId, id, { reason, ...target }) => ({ type: 'CorrectTarget', programmeId, targetId: id, reason, target }));
  created(router, socle, writers, '/indicators', IndicatorBody, (programmeId, { id, ...indicator }) => ({ type: 'DefineIndicator', programmeId, indicatorId: id, indicator }));
  changed(router, socle, writers, '/indicators/:id/corrections', IndicatorCorrectionBody, (programmeId, id, { reason, ...indicator }) => ({ type: 'CorrectIndicator', programmeId, indicatorId: id, reason, indicator }));
  created(router, socle, writers, '/measurements', MeasurementBody, (programmeId, { id, ...measurement }) => ({ type: 'RecordMeasurement', programmeId, measurementId: id, measurement }));
  changed(router, socle, writers, '/measurements/:id/corrections', MeasurementCorrectionBody, (programmeId, id, { reason, ...measurement }) => ({ type: 'CorrectMeasurement', programmeId, measurementId: id, reason, measurement }));
  changed(router, socle, writers, '/measurements/:id/withdrawal', MeasurementWithdrawalBody, (programmeId, id, { reason }) => ({ type: 'WithdrawMeasurement', programmeId, measurementId: id, reason }));

  router.get('/service', async (req, res) => {
    const { p } = parseRequest(ProgrammeParams, req.params, 'path');
    const query = parseRequest(ServiceQuery, req.query, 'query');
    const { stamp, programme, book } = await readBook(socle, actorOf(res), p, query.asOf);
    const date = query.date ?? today(programme);
    const from = query.from ?? programme.startsOn;
    const to = query.to ?? programme.endsOn;
    const filter = { ...(query.siteId !== undefined && { siteId: query.siteId }), ...(query.axisId !== undefined && { axisId: query.axisId }) };
    const schedules = [...book.state.schedules].map(([scheduleId, e]) => ({ scheduleId, ...e.current, withdrawn: e.withdrawn, ...(e.lastReason !== undefined && { lastReason: e.lastReason }) }));
    res.json({
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
    });
  });

  router.get('/indicators', async (req, res) => {
    const { p } = parseRequest(ProgrammeParams, req.params, 'path');
    const query = parseRequest(IndicatorsQuery, req.query, 'query');
    const { stamp, programme, book } = await readBook(socle, actorOf(res), p, query.asOf);
    const date = query.date ?? today(programme);
    res.json({ asOf: stamp, programmeId: p, date, indicators: indicatorsProgress(book.state, date, query.actionId) });
  });

  return router;
}

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

type Handler = ReturnType<typeof allow>;

function created<S extends z.ZodType<{ id: string }>>(router: Router, socle: Socle, roles: Handler, path: string, schema: S, toCommand: (programmeId: string, body: z.output<S>) => ServiceCommand): void {
  router.post(path, roles, async (req: Request, res: Response) => {
    const { p } = parseRequest(ProgrammeParams, req.params, 'path');
    parseRequest(NoQuery, req.query, 'query');
    const body = parseRequest(schema, req.body);
    await write(socle, res, toCommand(p, body), body.id, 201);
  });
}

function changed<S extends z.ZodType>(router: Router, socle: Socle, roles: Handler, path: string, schema: S, toCommand: (programmeId: string, id: string, body: z.output<S>) => ServiceCommand): void {
  router.post(path, roles, async (req: Request, res: Response) => {
    const { p, id } = parseRequest(ServiceItemParams, req.params, 'path');
    parseRequest(NoQuery, req.query, 'query');
    const body = parseRequest(schema, req.body);
    await write(socle, res, toCommand(p, id, body), id, 200);
  });
}

async function write(socle: Socle, res: Response, command: ServiceCommand, id: string, status: 200 | 201): Promise<void> {
  const actor = actorOf(res);
  await requireProgrammeAccess(socle, actor, command.programmeId);
  const result = await socle.commands.handleService(command, actor);
  res.setHeader(POSITION_HEADER, String(await writtenAt(socle, actor, command.programmeId, result.position)));
  res.status(status).json({ id, position: result.position });
}
