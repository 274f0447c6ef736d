// One spec per report: the options a person may ask of the totals, the budget and the funding plan,
// as zod schemas with their French messages, and one function from a parsed spec to the report's
// own options. The command line and the HTTP API each read their syntax (options, query strings)
// into a spec's fields; the spec is then parsed here, once, and the exporters, the routes and the
// commands all take the report's options from the same function, so that a filter means the same
// thing wherever it is asked. The workbooks' specs (src/exports/workbook-request.ts) build on these.
import { z } from 'zod';
import { CONTRIBUTION_STATUSES, type ContributionStatus } from '../domain/kinds.ts';
import { InvalidCommandError, type FieldError } from '../domain/errors.ts';
import { dec, DECIMAL_PATTERN } from '../domain/money.ts';
import { DOMAIN_FR } from '../messages/fr.ts';
import type { Include, TotalsFilters } from './totals-document.ts';
import type { BudgetOptions, BudgetStatus } from './budget.ts';
import { CODE_MAPS, type CodeMap } from './budget-lines.ts';
import { FUNDER_FORMS } from './funder-form.ts';
import { PLAN_MODES, type FundingPlanOptions, type PlanMode } from './funding-plan.ts';
import { DEFAULT_CHECK_OPTIONS, type FundingCheckOptions } from './funding-checks.ts';

export const INCLUDES = ['active', 'validated'] as const;
export const BUDGET_STATUSES = ['planned', 'actual', 'both'] as const;

/** Each enum names its own choices when refused (the input is quoted back). */
const choice = <T extends readonly [string, ...string[]]>(values: T, message: (input: string) => string) =>
  z.enum(values as unknown as { [K in T[number]]: K }, { error: (issue) => message(String(issue.input)) });

const Include = choice(INCLUDES, DOMAIN_FR.includeChoice);
const Year = z.number().int().min(1900).max(2200);
const Position = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const Id = z.string().min(1);
/** Check 3's cap: a decimal above 0 and at most 100. */
const PublicCap = z
  .string()
  .refine((cap) => DECIMAL_PATTERN.test(cap) && dec(cap).gt(0) && dec(cap).lte(100), { error: (issue) => DOMAIN_FR.publicCap(String(issue.input)) });

/**
 * An as-of date: a day (AAAA-MM-JJ, read as the end of that day in UTC) or an ISO 8601 instant with
 * its offset (Z or ±HH:MM), so that no reader's local time decides which events count.
 */
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** The UTC instant an as-of date names (toISOString's form), or undefined when it names none. */
export function instantOfAsOfDate(text: string): string | undefined {
  const day = DAY.exec(text);
  if (day) {
    const end = new Date(`${text}T23:59:59.999Z`);
    // 2025-02-30 parses to nothing, or to another day: either way not the day asked.
    return Number.isNaN(end.getTime()) || end.toISOString().slice(0, 10) !== text ? undefined : end.toISOString();
  }
  if (!INSTANT.test(text)) return undefined;
  const time = Date.parse(text);
  if (!Number.isFinite(time)) return undefined;
  // Date.parse rolls 25:00 or 02-30 over; the fields written must be the fields read.
  const [date, clock] = text.split('T') as [string, string];
  const [, month, dayOfMonth] = date.split('-').map(Number) as [number, number, number];
  const [hours, minutes] = clock.slice(0, 5).split(':').map(Number) as [number, number];
  if (month < 1 || month > 12 || dayOfMonth < 1 || dayOfMonth > 31 || hours > 23 || minutes > 59) return undefined;
  if (!instantOfAsOfDate(date)) return undefined;
  return new Date(time).toISOString();
}

/**
 * Its syntax, as the OpenAPI document gives it (a pattern): month, day, hours and minutes in range.
 * A day that the month has not (2025-02-30) passes here and is refused where the date is resolved
 * (src/app/as-of-date.ts), with the same message.
 */
const AS_OF_DATE = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?:T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,3})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d))?$/;

export const AsOfDate = z
  .string()
  .regex(AS_OF_DATE, { error: (issue) => DOMAIN_FR.asOfDateMalformed(String(issue.input)) })
  .meta({ description: 'a day (YYYY-MM-DD, up to the end of that day in UTC) or an ISO 8601 instant with its offset; the ledger after the last event recorded at or before it' });

/** What every read that takes a version of the ledger takes: a global position, or a date (default the head). */
export const asOfFields = { asOf: Position.optional(), asOfDate: AsOfDate.optional() };

/** The filters every report shares. */
const scopeFields = { year: Year.optional(), actionId: Id.optional(), include: Include.optional(), ...asOfFields };

export const TotalsSpec = z.strictObject({
  ...scopeFields,
  status: choice(CONTRIBUTION_STATUSES as unknown as ['planned', 'actual'], DOMAIN_FR.totalsStatus).optional(),
});
export type TotalsSpec = z.output<typeof TotalsSpec>;

/** The options of the budget's checks (src/reports/funding-checks.ts). */
export const checkFields = { publicCap: PublicCap.optional(), euCap: PublicCap.optional(), inKindEligible: z.boolean().optional(), chefDeFile: z.boolean().optional() };

export const BudgetSpec = z.strictObject({
  ...scopeFields,
  applicantId: Id.optional(),
  status: choice(BUDGET_STATUSES, DOMAIN_FR.budgetStatus).optional(),
  codes: choice(CODE_MAPS as unknown as ['cerfa', 'anc'], DOMAIN_FR.codeMap).optional(),
  ...checkFields,
  /** The form to print on (funder-form.ts); default the applicant's own. */
  form: choice(FUNDER_FORMS, DOMAIN_FR.funderForm).optional(),
});
export type BudgetSpec = z.output<typeof BudgetSpec>;

/** The funding plan's `status` is its mode: consolidated (default), planned or actual. */
export const FundingPlanSpec = z.strictObject({
  ...scopeFields,
  applicantId: Id.optional(),
  status: choice(PLAN_MODES as unknown as ['consolidated', 'planned', 'actual'], DOMAIN_FR.planStatus).optional(),
});
export type FundingPlanSpec = z.output<typeof FundingPlanSpec>;

/** A stamp of the diff: a position (digits) or an as-of date. */
const POSITION_TEXT = /^\d{1,15}$/;
export const StampText = z
  .string()
  .regex(new RegExp(`${POSITION_TEXT.source}|${AS_OF_DATE.source}`), { error: (issue) => DOMAIN_FR.stampMalformed(String(issue.input)) })
  .meta({ description: 'a position of the log (digits) or a date (YYYY-MM-DD or an ISO 8601 instant with its offset)' });

/** socle diff and GET /diff: from one stamp to another (default the head), over the totals' scope. */
export const DiffSpec = z.strictObject({
  from: StampText,
  to: StampText.optional(),
  year: Year.optional(),
  actionId: Id.optional(),
  include: Include.optional(),
});
export type DiffSpec = z.output<typeof DiffSpec>;

/** A stamp as a read asks it: a position, or a date. */
export function askedOfStamp(text: string | undefined): { asOf?: number; asOfDate?: string } {
  if (text === undefined) return {};
  return POSITION_TEXT.test(text) ? { asOf: Number(text) } : { asOfDate: text };
}

/**
 * Parses `input` against a spec, or throws one InvalidCommandError naming every bad field (its
 * message is the first one's "field: message", one line for the command line; the API lists all).
 */
export function parseSpec<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const asked = input as { asOf?: unknown; asOfDate?: unknown } | undefined;
  if (asked?.asOf !== undefined && asked.asOfDate !== undefined) throw specError([{ path: 'asOfDate', message: DOMAIN_FR.asOfAndDate }]);
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw specError(result.error.issues.flatMap(fieldErrorsOf));
}

export function specError(errors: FieldError[]): InvalidCommandError {
  const first = errors[0]!;
  return new InvalidCommandError(`${first.path}: ${first.message}`, errors);
}

function fieldErrorsOf(issue: z.core.$ZodIssue): FieldError[] {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: path ? `${path}.${key}` : key, message: DOMAIN_FR.notTakenHere }));
  return [{ path, message: issue.message }];
}

/** Leaves out the fields that are undefined (the specs are parsed from optional options). */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

// ---- from a spec to the report's options ----

export function totalsFiltersOf(spec: TotalsSpec): TotalsFilters {
  return {
    // In this order: the totals document prints its filters as given.
    status: (spec.status as ContributionStatus | undefined) ?? 'actual',
    ...(spec.year !== undefined && { year: spec.year }),
    ...(spec.actionId !== undefined && { actionId: spec.actionId }),
    include: (spec.include as Include | undefined) ?? 'active',
  };
}

export function checkOptionsOf(spec: Pick<BudgetSpec, 'publicCap' | 'euCap' | 'inKindEligible' | 'chefDeFile'>): FundingCheckOptions {
  return {
    ...DEFAULT_CHECK_OPTIONS,
    ...(spec.publicCap !== undefined && { publicFundingCapPercent: spec.publicCap }),
    ...(spec.euCap !== undefined && { euCapPercent: spec.euCap }),
    ...(spec.inKindEligible && { inKindEligible: true }),
    ...(spec.chefDeFile && { chefDeFile: true }),
  };
}

export function budgetOptionsOf(spec: BudgetSpec): BudgetOptions {
  return {
    ...(spec.actionId !== undefined && { actionId: spec.actionId }),
    ...(spec.applicantId !== undefined && { applicantId: spec.applicantId }),
    ...(spec.year !== undefined && { year: spec.year }),
    status: (spec.status as BudgetStatus | undefined) ?? 'both',
    include: (spec.include as Include | undefined) ?? 'active',
    codes: (spec.codes as CodeMap | undefined) ?? 'cerfa',
    ...(spec.form !== undefined && { form: spec.form }),
    checks: checkOptionsOf(spec),
  };
}

export function fundingPlanOptionsOf(spec: FundingPlanSpec): FundingPlanOptions {
  return {
    ...(spec.actionId !== undefined && { actionId: spec.actionId }),
    ...(spec.applicantId !== undefined && { applicantId: spec.applicantId }),
    ...(spec.year !== undefined && { year: spec.year }),
    include: (spec.include as Include | undefined) ?? 'active',
    mode: (spec.status as PlanMode | undefined) ?? 'consolidated',
  };
}
