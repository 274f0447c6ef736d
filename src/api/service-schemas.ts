// The request and answer shapes of the service-hours and indicators routes (issue 15), for the
// routes and the OpenAPI document alike (route-table.ts). Bodies take the event catalogue's own
// fields, so the API accepts exactly what the domain stores.
import { z } from 'zod';
import { IndicatorContent, MeasurementContent, ServiceScheduleContent, ServiceTargetContent } from '../domain/events.ts';
import { DateSchema, IdSchema, NameSchema } from '../domain/schemas.ts';
import { AsOf } from './schemas.ts';
import { AsOfAnswer } from './answer-schemas.ts';

const Reason = { reason: NameSchema };

export const ScheduleBody = z.strictObject({ id: IdSchema, ...ServiceScheduleContent.shape });
export const ScheduleCorrectionBody = z.strictObject({ ...Reason, ...ServiceScheduleContent.shape });
export const ScheduleWithdrawalBody = z.strictObject(Reason);
export const TargetBody = z.strictObject({ id: IdSchema, ...ServiceTargetContent.shape });
export const TargetCorrectionBody = z.strictObject({ ...Reason, ...ServiceTargetContent.shape });
export const IndicatorBody = z.strictObject({ id: IdSchema, ...IndicatorContent.shape });
export const IndicatorCorrectionBody = z.strictObject({ ...Reason, ...IndicatorContent.shape });
export const MeasurementBody = z.strictObject({ id: IdSchema, ...MeasurementContent.shape });
export const MeasurementCorrectionBody = z.strictObject({ ...Reason, ...MeasurementContent.shape });
export const MeasurementWithdrawalBody = z.strictObject(Reason);

export const ServiceItemParams = z.strictObject({ p: IdSchema, id: IdSchema });

/** date: the day the hours and targets are read at (default: today, within the programme); from/to: the series' span. */
export const ServiceQuery = z.strictObject({
  asOf: AsOf.optional(),
  date: DateSchema.optional(),
  from: DateSchema.optional(),
  to: DateSchema.optional(),
  siteId: IdSchema.optional(),
  axisId: IdSchema.optional(),
});
export const IndicatorsQuery = z.strictObject({ asOf: AsOf.optional(), date: DateSchema.optional(), actionId: IdSchema.optional() });

const Decimal = z.string().regex(/^-?(0|[1-9]\d*)(\.\d+)?$/).meta({ description: 'a decimal string, e.g. "10.5"' });
const Day = z.string().meta({ format: 'date' });
const Status = z.enum(['reached', 'on_track', 'behind']);

export const ServiceWriteAnswer = z.object({ id: z.string(), position: z.number().int().min(0).nullable() });

const Schedule = z.object({ scheduleId: z.string(), ...ServiceScheduleContent.shape, withdrawn: z.boolean(), lastReason: z.string().optional() });
const Target = z.object({
  targetId: z.string(),
  label: z.string(),
  siteId: z.string().optional(),
  axisId: z.string().optional(),
  baselineOn: Day,
  dueOn: Day,
  baseline: Decimal,
  target: Decimal,
  date: Day,
  value: Decimal,
  expected: Decimal,
  percentOfTarget: Decimal.nullable(),
  status: Status,
});

export const ServiceAnswer = z.object({
  asOf: AsOfAnswer,
  programmeId: z.string(),
  date: Day,
  from: Day,
  to: Day,
  hours: z.object({
    date: Day,
    total: Decimal,
    cells: z.array(z.object({ siteId: z.string(), axisId: z.string(), hours: Decimal })),
    bySite: z.array(z.object({ siteId: z.string(), hours: Decimal })),
    byAxis: z.array(z.object({ axisId: z.string(), hours: Decimal, share: Decimal })),
  }),
  weekly: z.array(z.object({ week: Day, hours: Decimal })),
  monthly: z.array(z.object({ month: z.string(), hours: Decimal })),
  targets: z.array(Target),
  schedules: z.array(Schedule),
});

const Measurement = z.object({ measurementId: z.string(), ...MeasurementContent.shape, lastReason: z.string().optional() });
export const IndicatorsAnswer = z.object({
  asOf: AsOfAnswer,
  programmeId: z.string(),
  date: Day,
  indicators: z.array(
    z.object({
      indicatorId: z.string(),
      ...IndicatorContent.shape,
      series: z.array(Measurement),
      latest: Measurement.nullable(),
      percentOfTarget: Decimal.nullable(),
      percentOfWay: Decimal.nullable(),
      expected: Decimal.nullable(),
      status: z.enum(['reached', 'on_track', 'behind', 'no_measure']),
    }),
  ),
});
