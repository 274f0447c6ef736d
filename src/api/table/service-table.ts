// The route table, second part: service hours, targets, indicators and measurements (issue 15).
// Each entry is written with `route` (route-entry.ts), which checks its handler against its schemas.
import type { z } from 'zod';
import type { Role } from '../../domain/actor.ts';
import { NoQuery, ProgrammeParams } from '../schemas.ts';
import {
  IndicatorBody,
  IndicatorCorrectionBody,
  IndicatorsAnswer,
  IndicatorsQuery,
  MeasurementBody,
  MeasurementCorrectionBody,
  MeasurementWithdrawalBody,
  ScheduleBody,
  ScheduleCorrectionBody,
  ScheduleWithdrawalBody,
  ServiceAnswer,
  ServiceItemParams,
  ServiceQuery,
  ServiceWriteAnswer,
  TargetBody,
  TargetCorrectionBody,
} from '../service-schemas.ts';
import type { Handler } from '../route-context.ts';
import { ALL_ROLES, READ, route, WRITE, WRITERS, type Operation } from '../route-entry.ts';
import * as service from '../routes/service-routes.ts';

/** A new fact, named by its body's id: 201. */
function createdRoute<B extends z.ZodType>(collection: string, summary: string, roles: readonly Role[], body: B, handler: Handler<typeof ProgrammeParams, typeof NoQuery, B>): Operation {
  return route({
    method: 'post',
    path: `/api/programmes/{p}/${collection}`,
    summary: `${summary}; idempotent by id`,
    roles,
    params: ProgrammeParams,
    query: NoQuery,
    body,
    status: 201,
    response: ServiceWriteAnswer,
    errors: [...WRITE, 404, 409],
    handler,
  });
}

/** A correction or a withdrawal of the fact the path names: 200. */
function changedRoute<B extends z.ZodType>(step: string, summary: string, roles: readonly Role[], body: B, handler: Handler<typeof ServiceItemParams, typeof NoQuery, B>): Operation {
  return route({
    method: 'post',
    path: `/api/programmes/{p}/${step}`,
    summary,
    roles,
    params: ServiceItemParams,
    query: NoQuery,
    body,
    status: 200,
    response: ServiceWriteAnswer,
    errors: [...WRITE, 404, 409],
    handler,
  });
}

export const SERVICE_ROUTES: readonly Operation[] = [
  createdRoute('service/schedules', 'Set a site’s weekly service hours on one axis (a partner: its own sites)', WRITERS, ScheduleBody, service.setSchedule),
  createdRoute('service/targets', 'Set a target of weekly service hours (programme, axis, site)', ['coordinator'], TargetBody, service.setTarget),
  createdRoute('indicators', 'Define an indicator of an action (a partner: the actions it pilots)', WRITERS, IndicatorBody, service.defineIndicator),
  createdRoute('measurements', 'Record a measurement of an indicator (a partner: the actions it pilots)', WRITERS, MeasurementBody, service.recordMeasurement),
  changedRoute('service/schedules/{id}/corrections', 'Correct a schedule (its whole content and a reason)', WRITERS, ScheduleCorrectionBody, service.correctSchedule),
  changedRoute('service/schedules/{id}/withdrawal', 'Withdraw a schedule (a reason)', WRITERS, ScheduleWithdrawalBody, service.withdrawSchedule),
  changedRoute('service/targets/{id}/corrections', 'Correct a target (its whole content and a reason)', ['coordinator'], TargetCorrectionBody, service.correctTarget),
  changedRoute('indicators/{id}/corrections', 'Correct an indicator (its whole definition and a reason)', WRITERS, IndicatorCorrectionBody, service.correctIndicator),
  changedRoute('measurements/{id}/corrections', 'Correct a measurement (its whole content and a reason)', WRITERS, MeasurementCorrectionBody, service.correctMeasurement),
  changedRoute('measurements/{id}/withdrawal', 'Withdraw a measurement (a reason): it stays in the log and no longer counts', WRITERS, MeasurementWithdrawalBody, service.withdrawMeasurement),
  route({
    method: 'get',
    path: '/api/programmes/{p}/service',
    summary: 'Weekly service hours on a date (per site × axis, site, axis with shares), series by week and month, progress against targets, the schedules',
    roles: ALL_ROLES,
    params: ProgrammeParams,
    query: ServiceQuery,
    status: 200,
    response: ServiceAnswer,
    errors: [...READ, 403, 404],
    handler: service.serviceHours,
  }),
  route({
    method: 'get',
    path: '/api/programmes/{p}/indicators',
    summary: 'Each indicator of the actions (or of one): its series, latest value and progress against its target on a date',
    roles: ALL_ROLES,
    params: ProgrammeParams,
    query: IndicatorsQuery,
    status: 200,
    response: IndicatorsAnswer,
    errors: [...READ, 403, 404],
    handler: service.indicators,
  }),
];
