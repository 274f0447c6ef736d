// The event catalogue: every fact the ledger can hold, as a zod schema, a type and a schema version.
// Events are past tense and immutable forever; a schema change adds a version and an upcaster
// (see upcast.ts), never a rewrite of stored events.
import { z } from 'zod';
import {
  ACTION_NATURES,
  CONTRIBUTION_KINDS,
  CONTRIBUTION_STATUSES,
  PARTNER_CATEGORIES,
  TAX_BASES,
  UNITS,
} from './kinds.ts';
import {
  DateSchema,
  DecimalStringSchema,
  forbiddenCharacter,
  IdSchema,
  limitedDecimal,
  NameSchema,
  TextSchema,
} from './schemas.ts';
import { AMOUNT_LIMIT_EUR, MAX_CALENDAR_STEPS, MAX_SHEET_TEXT_CHARS, QUANTITY_LIMIT, RATE_LIMIT_EUR } from './limits.ts';
import { DOMAIN_FR } from '../messages/fr.ts';
import { HoursPerWeekSchema, IndicatorValueSchema, MultiplierSchema, TargetHoursSchema } from './service/figures.ts';

// ---- programme set-up (stream programme-<programmeId>) ----

export const ProgrammeOpened = z.strictObject({
  programmeId: IdSchema,
  name: NameSchema,
  startsOn: DateSchema,
  endsOn: DateSchema,
  territory: NameSchema.optional(),
});

export const PartnerJoined = z.strictObject({
  programmeId: IdSchema,
  partnerId: IdSchema,
  name: NameSchema,
  category: z.enum(PARTNER_CATEGORIES),
});

export const AxisDefined = z.strictObject({
  programmeId: IdSchema,
  axisId: IdSchema,
  title: NameSchema,
});

export const ActionDefined = z.strictObject({
  programmeId: IdSchema,
  actionId: IdSchema,
  number: z.number().int().min(1).max(9999),
  title: NameSchema,
  axisId: IdSchema.optional(),
  pilotPartnerId: IdSchema.optional(),
  nature: z.enum(ACTION_NATURES),
});

export const SiteRegistered = z.strictObject({
  programmeId: IdSchema,
  siteId: IdSchema,
  name: NameSchema,
  partnerId: IdSchema.optional(),
});

export const ValuationRateSet = z.strictObject({
  programmeId: IdSchema,
  rateId: IdSchema,
  kind: z.enum(CONTRIBUTION_KINDS),
  unit: z.enum(UNITS),
  amount: limitedDecimal(RATE_LIMIT_EUR),
  validFrom: DateSchema,
  validUntil: DateSchema.optional(),
  partnerId: IdSchema.optional(),
  role: NameSchema.optional(),
  basis: NameSchema,
});

/** A text of the fiche action: bounded, and not blank (a field left blank is left out). */
const SheetText = z
  .string()
  .max(MAX_SHEET_TEXT_CHARS, DOMAIN_FR.sheetTextTooLong(MAX_SHEET_TEXT_CHARS))
  // A pattern, not a refinement: the OpenAPI document carries it, so what it accepts the API does.
  .regex(/\S/, DOMAIN_FR.blankSheetText)
  .superRefine((text, context) => {
    const why = forbiddenCharacter(text, 'text');
    if (why !== undefined) context.addIssue({ code: 'custom', message: why });
  });

/** A dated step of the fiche's "Calendrier prévisionnel de mise en œuvre" (both days included). */
export const CalendarStep = z.strictObject({ label: NameSchema, startsOn: DateSchema, endsOn: DateSchema });
export type CalendarStep = z.infer<typeof CalendarStep>;

/**
 * The fiche action's own fields (the roadmap's "Modèle fiche action"), as the coordination writes
 * them. The title, pilot, axis and partners are the action's set-up and its contributions; the
 * indicators with their targets are the service stream's (IndicatorDefined).
 */
export const ActionSheetContent = z.strictObject({
  /** Services concernés. */
  services: SheetText.optional(),
  /** Enjeux – impacts attendus. */
  stakes: SheetText.optional(),
  /** Objectifs opérationnels. */
  objectives: SheetText.optional(),
  /** Calendrier prévisionnel de mise en œuvre, in the coordinator's order. */
  calendar: z.array(CalendarStep).max(MAX_CALENDAR_STEPS, DOMAIN_FR.calendarTooLong(MAX_CALENDAR_STEPS)),
});
export type ActionSheetContent = z.infer<typeof ActionSheetContent>;

/** The fiche action set, whole: a later one replaces it (latest wins), so a field left out is cleared. */
export const ActionSheetSet = z.strictObject({
  programmeId: IdSchema,
  actionId: IdSchema,
  sheet: ActionSheetContent,
});

/**
 * The coordination (or the treasurer) publishes the programme's collective figures as they stand
 * at this event's position: what a partner sees of the other partners is computed as of the latest
 * publication before the read, never live (docs/api.md, "Confidentialité").
 */
export const FiguresPublished = z.strictObject({
  programmeId: IdSchema,
  publicationId: IdSchema,
  note: NameSchema.optional(),
});

// ---- a contribution's life (stream contribution-<contributionId>) ----

/**
 * The content of a contribution, as recorded and as corrected (a correction carries it in full).
 * Time kinds carry quantity and unit (their kind's unit); money kinds carry amount in euros.
 */
export const ContributionContent = z.strictObject({
  partnerId: IdSchema,
  kind: z.enum(CONTRIBUTION_KINDS),
  status: z.enum(CONTRIBUTION_STATUSES),
  date: DateSchema,
  until: DateSchema.optional(),
  quantity: limitedDecimal(QUANTITY_LIMIT).optional(),
  unit: z.enum(UNITS),
  amount: limitedDecimal(AMOUNT_LIMIT_EUR).optional(),
  rate: limitedDecimal(RATE_LIMIT_EUR).optional(),
  rateBasis: NameSchema.optional(),
  role: NameSchema.optional(),
  actionId: IdSchema.optional(),
  siteId: IdSchema.optional(),
  description: TextSchema.optional(),
  evidence: TextSchema.optional(),
  taxBasis: z.enum(TAX_BASES).optional(),
  vatRecoverable: z.boolean().optional(),
});
export type ContributionContent = z.infer<typeof ContributionContent>;

export const ContributionRecorded = z.strictObject({
  programmeId: IdSchema,
  contributionId: IdSchema,
  content: ContributionContent,
});

export const ContributionCorrected = z.strictObject({
  programmeId: IdSchema,
  contributionId: IdSchema,
  reason: NameSchema,
  content: ContributionContent,
});

export const ContributionWithdrawn = z.strictObject({
  programmeId: IdSchema,
  contributionId: IdSchema,
  reason: NameSchema,
});

export const ContributionValidated = z.strictObject({
  programmeId: IdSchema,
  contributionId: IdSchema,
});

export const ContributionRejected = z.strictObject({
  programmeId: IdSchema,
  contributionId: IdSchema,
  reason: NameSchema,
});

// ---- service hours, targets and indicators (stream service-<programmeId>; issue 15) ----
// One stream per programme: the rules (no two schedules of a site and an axis at once, no
// measurement without its indicator) read all of a programme's service facts, which are few
// (schedules change a few times a year, measurements a few times a month).

/** A site's weekly hours on one axis, from a date, optionally until one (both included). */
export const ServiceScheduleContent = z.strictObject({
  siteId: IdSchema,
  axisId: IdSchema,
  hoursPerWeek: HoursPerWeekSchema,
  from: DateSchema,
  until: DateSchema.optional(),
  note: NameSchema.optional(),
});
export type ServiceScheduleContent = z.infer<typeof ServiceScheduleContent>;

export const ServiceScheduleSet = z.strictObject({ programmeId: IdSchema, scheduleId: IdSchema, schedule: ServiceScheduleContent });
export const ServiceScheduleCorrected = z.strictObject({ programmeId: IdSchema, scheduleId: IdSchema, reason: NameSchema, schedule: ServiceScheduleContent });
export const ServiceScheduleWithdrawn = z.strictObject({ programmeId: IdSchema, scheduleId: IdSchema, reason: NameSchema });

/**
 * A target on weekly service hours: the whole programme (no site, no axis), one axis, one site, or
 * one site on one axis. Either a value, or a multiplier of the hours in force on `baselineOn`
 * ("double the hours of 2023": multiplier 2, baselineOn 2023-12-31), to reach by `dueOn`.
 */
export const ServiceTargetContent = z.strictObject({
  label: NameSchema,
  unit: z.enum(['hours_per_week']),
  siteId: IdSchema.optional(),
  axisId: IdSchema.optional(),
  baselineOn: DateSchema,
  value: TargetHoursSchema.optional(),
  multiplier: MultiplierSchema.optional(),
  dueOn: DateSchema,
});
export type ServiceTargetContent = z.infer<typeof ServiceTargetContent>;

export const ServiceTargetSet = z.strictObject({ programmeId: IdSchema, targetId: IdSchema, target: ServiceTargetContent });
export const ServiceTargetCorrected = z.strictObject({ programmeId: IdSchema, targetId: IdSchema, reason: NameSchema, target: ServiceTargetContent });

/** An action's indicator ("Indicateurs de suivi et de résultat"): its baseline on a date, its target by a date. */
export const IndicatorContent = z.strictObject({
  actionId: IdSchema,
  label: NameSchema,
  unit: NameSchema,
  baseline: IndicatorValueSchema,
  baselineOn: DateSchema,
  target: IndicatorValueSchema,
  dueOn: DateSchema,
  direction: z.enum(['increase', 'decrease']),
});
export type IndicatorContent = z.infer<typeof IndicatorContent>;

export const IndicatorDefined = z.strictObject({ programmeId: IdSchema, indicatorId: IdSchema, indicator: IndicatorContent });
export const IndicatorCorrected = z.strictObject({ programmeId: IdSchema, indicatorId: IdSchema, reason: NameSchema, indicator: IndicatorContent });

/** What an indicator measured over a period (both days included), and on what evidence. */
export const MeasurementContent = z.strictObject({
  indicatorId: IdSchema,
  value: IndicatorValueSchema,
  periodFrom: DateSchema,
  periodTo: DateSchema,
  evidence: TextSchema.optional(),
});
export type MeasurementContent = z.infer<typeof MeasurementContent>;

export const MeasurementRecorded = z.strictObject({ programmeId: IdSchema, measurementId: IdSchema, measurement: MeasurementContent });
export const MeasurementCorrected = z.strictObject({ programmeId: IdSchema, measurementId: IdSchema, reason: NameSchema, measurement: MeasurementContent });
/** A measurement taken back (recorded by mistake, evidence gone): it stays in the log, it no longer counts. */
export const MeasurementWithdrawn = z.strictObject({ programmeId: IdSchema, measurementId: IdSchema, reason: NameSchema });
// ---- closings (issue 16 [closings-and-scenarios]; stream programme-<programmeId>) ----

/** What a closed year accepts afterwards: every adjustment, only those that carry a reason, or none. */
export const CLOSING_POLICIES = ['allow', 'require-reason', 'refuse'] as const;
export type ClosingPolicy = (typeof CLOSING_POLICIES)[number];

/** A year of the programme closed: its account is the ledger at `position` (hash `headHash`), the head just before the closing. */
export const PeriodClosed = z.strictObject({
  programmeId: IdSchema,
  year: z.number().int().min(1900).max(2200),
  reason: NameSchema,
  position: z.number().int().min(0),
  headHash: z.string().regex(/^[0-9a-f]{64}$/),
});

export const PeriodReopened = z.strictObject({
  programmeId: IdSchema,
  year: z.number().int().min(1900).max(2200),
  reason: NameSchema,
});

export const ClosingPolicySet = z.strictObject({
  programmeId: IdSchema,
  policy: z.enum(CLOSING_POLICIES),
});

// ---- what-if scenarios (issue 16 [closings-and-scenarios]; stream scenarios-<programmeId>) ----
// A scenario holds hypothetical facts about a programme as it stood at a position. They live in
// their own stream, which the ledger's fold skips (ledger.ts): no fact of a scenario is ever
// counted in the programme's real totals. A scenario's figures are the real ledger at its base
// position with its facts folded into a copy (src/read-model/scenario-fold.ts).

/** A rate as a scenario sets it: the fields of ValuationRateSet but the programme. */
export const ScenarioRate = ValuationRateSet.omit({ programmeId: true });

export const ScenarioFact = z.discriminatedUnion('kind', [
  /** A hypothetical contribution (planned or actual), checked against the programme as a real one is. */
  z.strictObject({ kind: z.literal('add-contribution'), content: ContributionContent }),
  /** Staff time at every site that has a partner, valued at that partner's rate ("un ETP par lieu": 1,607 h a year). */
  z.strictObject({
    kind: z.literal('staff-per-site'),
    hoursPerSite: limitedDecimal(QUANTITY_LIMIT),
    year: z.number().int().min(1900).max(2200),
    status: z.enum(CONTRIBUTION_STATUSES),
    role: NameSchema.optional(),
    actionId: IdSchema.optional(),
  }),
  /** A real contribution left out (by its partner and its id). */
  z.strictObject({ kind: z.literal('remove-contribution'), partnerId: IdSchema, contributionId: IdSchema }),
  /** Every counted contribution that matches, its quantity (or amount) times `factor`, rounded half away from zero to the cent (or the hundredth of a unit). */
  z.strictObject({
    kind: z.literal('scale-contributions'),
    factor: limitedDecimal({ max: '100', decimals: 4, unit: 'fois' }),
    partnerId: IdSchema.optional(),
    contributionKind: z.enum(CONTRIBUTION_KINDS).optional(),
    status: z.enum(CONTRIBUTION_STATUSES).optional(),
    year: z.number().int().min(1900).max(2200).optional(),
  }),
  /** A rate set (new, or replacing the one in force from its date: the later rate wins, as in the ledger). */
  z.strictObject({ kind: z.literal('set-rate'), rate: ScenarioRate }),
  /** A funder that is not in the programme (or is), and its grant: a cash contribution. */
  z.strictObject({
    kind: z.literal('add-funder'),
    partnerId: IdSchema,
    name: NameSchema,
    category: z.enum(PARTNER_CATEGORIES),
    amount: limitedDecimal(AMOUNT_LIMIT_EUR),
    status: z.enum(CONTRIBUTION_STATUSES),
    date: DateSchema,
    actionId: IdSchema.optional(),
  }),
  /** A partner dropped: every one of its contributions left out. */
  z.strictObject({ kind: z.literal('drop-partner'), partnerId: IdSchema }),
]);
export type ScenarioFact = z.infer<typeof ScenarioFact>;

export const ScenarioFactEntry = z.strictObject({ factId: IdSchema, fact: ScenarioFact });
export type ScenarioFactEntry = z.infer<typeof ScenarioFactEntry>;

/** A scenario drafted on the programme as it stood at `basePosition` (hash `baseHeadHash`); a copy carries its source's facts. */
export const ScenarioDrafted = z.strictObject({
  programmeId: IdSchema,
  scenarioId: IdSchema,
  title: NameSchema,
  description: TextSchema.optional(),
  basePosition: z.number().int().min(0),
  baseHeadHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** The date the base was asked as of, when it was (the position is what it resolved to). */
  baseAsOfDate: NameSchema.optional(),
  copiedFrom: IdSchema.optional(),
  facts: z.array(ScenarioFactEntry).max(200),
});
export const ScenarioEdited = z.strictObject({ programmeId: IdSchema, scenarioId: IdSchema, title: NameSchema, description: TextSchema.optional() });
export const ScenarioFactAdded = z.strictObject({ programmeId: IdSchema, scenarioId: IdSchema, factId: IdSchema, fact: ScenarioFact });
export const ScenarioFactRemoved = z.strictObject({ programmeId: IdSchema, scenarioId: IdSchema, factId: IdSchema, reason: NameSchema });
export const ScenarioArchived = z.strictObject({ programmeId: IdSchema, scenarioId: IdSchema, reason: NameSchema });

/** Every event type with its data schema and current schema version. */
export const EVENT_SCHEMAS = {
  ProgrammeOpened: { version: 1, schema: ProgrammeOpened },
  PartnerJoined: { version: 1, schema: PartnerJoined },
  AxisDefined: { version: 1, schema: AxisDefined },
  ActionDefined: { version: 1, schema: ActionDefined },
  SiteRegistered: { version: 1, schema: SiteRegistered },
  ValuationRateSet: { version: 1, schema: ValuationRateSet },
  FiguresPublished: { version: 1, schema: FiguresPublished },
  ContributionRecorded: { version: 1, schema: ContributionRecorded },
  ContributionCorrected: { version: 1, schema: ContributionCorrected },
  ContributionWithdrawn: { version: 1, schema: ContributionWithdrawn },
  ContributionValidated: { version: 1, schema: ContributionValidated },
  ContributionRejected: { version: 1, schema: ContributionRejected },
  // service hours and indicators (issue 15)
  ServiceScheduleSet: { version: 1, schema: ServiceScheduleSet },
  ServiceScheduleCorrected: { version: 1, schema: ServiceScheduleCorrected },
  ServiceScheduleWithdrawn: { version: 1, schema: ServiceScheduleWithdrawn },
  ServiceTargetSet: { version: 1, schema: ServiceTargetSet },
  ServiceTargetCorrected: { version: 1, schema: ServiceTargetCorrected },
  IndicatorDefined: { version: 1, schema: IndicatorDefined },
  IndicatorCorrected: { version: 1, schema: IndicatorCorrected },
  MeasurementRecorded: { version: 1, schema: MeasurementRecorded },
  MeasurementCorrected: { version: 1, schema: MeasurementCorrected },
  MeasurementWithdrawn: { version: 1, schema: MeasurementWithdrawn },
  // closings (issue 16)
  PeriodClosed: { version: 1, schema: PeriodClosed },
  PeriodReopened: { version: 1, schema: PeriodReopened },
  ClosingPolicySet: { version: 1, schema: ClosingPolicySet },
  // the fiche action (issue 14, point 7)
  ActionSheetSet: { version: 1, schema: ActionSheetSet },
  // scenarios (issue 16)
  ScenarioDrafted: { version: 1, schema: ScenarioDrafted },
  ScenarioEdited: { version: 1, schema: ScenarioEdited },
  ScenarioFactAdded: { version: 1, schema: ScenarioFactAdded },
  ScenarioFactRemoved: { version: 1, schema: ScenarioFactRemoved },
  ScenarioArchived: { version: 1, schema: ScenarioArchived },
} as const;

export type EventType = keyof typeof EVENT_SCHEMAS;
export const EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as EventType[];

/** The domain event union: `{ type, data }`, discriminated by type. */
export type DomainEvent = {
  [T in EventType]: { type: T; data: z.infer<(typeof EVENT_SCHEMAS)[T]['schema']> };
}[EventType];

export type EventOf<T extends EventType> = Extract<DomainEvent, { type: T }>;
export type EventData<T extends EventType> = EventOf<T>['data'];

export type ProgrammeEvent = EventOf<
  | 'ProgrammeOpened'
  | 'PartnerJoined'
  | 'AxisDefined'
  | 'ActionDefined'
  | 'SiteRegistered'
  | 'ValuationRateSet'
  | 'FiguresPublished'
  // closings (issue 16)
  | 'PeriodClosed'
  | 'PeriodReopened'
  | 'ClosingPolicySet'
  // the fiche action (issue 14)
  | 'ActionSheetSet'
>;
export type ContributionEvent = EventOf<
  | 'ContributionRecorded'
  | 'ContributionCorrected'
  | 'ContributionWithdrawn'
  | 'ContributionValidated'
  | 'ContributionRejected'
>;
/** Service hours, targets, indicators and measurements (issue 15): the stream service-<programmeId>. */
export type ServiceEvent = EventOf<
  | 'ServiceScheduleSet'
  | 'ServiceScheduleCorrected'
  | 'ServiceScheduleWithdrawn'
  | 'ServiceTargetSet'
  | 'ServiceTargetCorrected'
  | 'IndicatorDefined'
  | 'IndicatorCorrected'
  | 'MeasurementRecorded'
  | 'MeasurementCorrected'
  | 'MeasurementWithdrawn'
>;
export const SERVICE_EVENT_TYPES: readonly ServiceEvent['type'][] = [
  'ServiceScheduleSet',
  'ServiceScheduleCorrected',
  'ServiceScheduleWithdrawn',
  'ServiceTargetSet',
  'ServiceTargetCorrected',
  'IndicatorDefined',
  'IndicatorCorrected',
  'MeasurementRecorded',
  'MeasurementCorrected',
  'MeasurementWithdrawn',
];
const SERVICE_EVENTS: ReadonlySet<string> = new Set(SERVICE_EVENT_TYPES);
export const isServiceEvent = (event: DomainEvent): event is ServiceEvent => SERVICE_EVENTS.has(event.type);
export const serviceStream = (programmeId: string) => `service-${programmeId}`;

/** What-if scenarios (issue 16): the stream scenarios-<programmeId>, never folded into the books. */
export type ScenarioEvent = EventOf<'ScenarioDrafted' | 'ScenarioEdited' | 'ScenarioFactAdded' | 'ScenarioFactRemoved' | 'ScenarioArchived'>;
const SCENARIO_EVENTS: ReadonlySet<string> = new Set<ScenarioEvent['type']>(['ScenarioDrafted', 'ScenarioEdited', 'ScenarioFactAdded', 'ScenarioFactRemoved', 'ScenarioArchived']);
export const isScenarioEvent = (event: DomainEvent): event is ScenarioEvent => SCENARIO_EVENTS.has(event.type);
export const scenarioStream = (programmeId: string) => `scenarios-${programmeId}`;

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(EVENT_SCHEMAS, type);
}

export const programmeStream = (programmeId: string) => `programme-${programmeId}`;
/**
 * A contribution's stream. Its identity is the programme, the partner and the client's id (issue
 * 20): a partner's id never meets another partner's, nor another programme's, so no answer to a
 * recording can tell a partner that an id is taken. `/` is outside IdSchema: the name is unambiguous.
 */
export const contributionKey = (programmeId: string, partnerId: string, contributionId: string) => `${programmeId}/${partnerId}/${contributionId}`;
export const contributionStream = (programmeId: string, partnerId: string, contributionId: string) => `contribution-${contributionKey(programmeId, partnerId, contributionId)}`;
/** The stream of a contribution recorded before identities were scoped: read, and written to, as it is. */
export const legacyContributionStream = (contributionId: string) => `contribution-${contributionId}`;
const CONTRIBUTION_PREFIX = 'contribution-';
export const isContributionStream = (stream: string) => stream.startsWith(CONTRIBUTION_PREFIX);
/** The read model's key of a contribution: its stream's name without the prefix (unique, as the stream is). */
export const contributionKeyOfStream = (stream: string) => stream.slice(CONTRIBUTION_PREFIX.length);
export const contributionStreamOfKey = (key: string) => CONTRIBUTION_PREFIX + key;

/** Used by DecimalStringSchema consumers that need a signed decimal (e.g. budget gaps). */
export { DecimalStringSchema };
