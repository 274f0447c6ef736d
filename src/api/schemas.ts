// Zod request schemas: one per body, query and path. All strict (an unknown field is a 400, so a typo
// never silently drops data), built from the domain's own building blocks so the API accepts exactly
// what the events can hold. Only the parsed value goes on to the command handlers.
import { FUNDER_FORMS } from '../reports/funder-form.ts';
import { z } from 'zod';
import { ROLES } from '../domain/actor.ts';
import { CLOSING_POLICIES, ContributionContent } from '../domain/events.ts';
import { ACTION_NATURES, CONTRIBUTION_KINDS, CONTRIBUTION_STATUSES, PARTNER_CATEGORIES, UNITS } from '../domain/kinds.ts';
import { DateSchema, IdSchema, limitedDecimal, NameSchema } from '../domain/schemas.ts';
import { AMOUNT_LIMIT_EUR, QUANTITY_LIMIT, RATE_LIMIT_EUR, type DecimalLimit } from '../domain/limits.ts';
import type { FieldError } from '../domain/errors.ts';
import { HttpProblem } from './problem.ts';
import { API_FR } from '../messages/fr.ts';
import { CODE_MAPS } from '../reports/budget-lines.ts';
import { WORKBOOKS } from '../exports/workbook-request.ts';
import { DOSSIER_STATUSES } from '../exports/dossier.ts';
import { AsOfDate, StampText } from '../reports/report-specs.ts';

// ---- bodies ----

/** A bounded decimal (src/domain/limits.ts, the domain's own rule), described for the OpenAPI document. */
const limited = (limit: DecimalLimit) =>
  limitedDecimal(limit).meta({ description: `a decimal string, greater than 0, at most ${limit.max} with at most ${limit.decimals} decimals` });

/** One schema per bounded figure, so that openapi.ts can give each its exact pattern. */
export const limitedSchemas = {
  quantity: limited(QUANTITY_LIMIT),
  rate: limited(RATE_LIMIT_EUR),
  amount: limited(AMOUNT_LIMIT_EUR),
} as const;

export const ProgrammeBody = z.strictObject({
  id: IdSchema,
  name: NameSchema,
  startsOn: DateSchema,
  endsOn: DateSchema,
  territory: NameSchema.optional(),
});

export const PartnerBody = z.strictObject({ id: IdSchema, name: NameSchema, category: z.enum(PARTNER_CATEGORIES) });

export const AxisBody = z.strictObject({ id: IdSchema, title: NameSchema });

export const ActionBody = z.strictObject({
  id: IdSchema,
  number: z.number().int().min(1).max(9999),
  title: NameSchema,
  axisId: IdSchema.optional(),
  pilotPartnerId: IdSchema.optional(),
  nature: z.enum(ACTION_NATURES),
});

export const PublicationBody = z.strictObject({ id: IdSchema, note: NameSchema.optional() });

export const SiteBody = z.strictObject({ id: IdSchema, name: NameSchema, partnerId: IdSchema.optional() });

export const RateBody = z.strictObject({
  id: IdSchema,
  kind: z.enum(CONTRIBUTION_KINDS),
  unit: z.enum(UNITS),
  amount: limitedSchemas.rate,
  validFrom: DateSchema,
  validUntil: DateSchema.optional(),
  partnerId: IdSchema.optional(),
  role: NameSchema.optional(),
  basis: NameSchema,
});

/** The content fields as a client sends them: the unit may be left out (each kind has one unit). */
const contentFields = {
  ...ContributionContent.shape,
  unit: z.enum(UNITS).optional(),
  quantity: limitedSchemas.quantity.optional(),
  amount: limitedSchemas.amount.optional(),
  rate: limitedSchemas.rate.optional(),
};

/** A stream version the client last read: whole, positive, bounded. */
export const ExpectedVersion = z.number().int().min(1).max(1_000_000_000);

export const ContributionBody = z.strictObject({ id: IdSchema, ...contentFields });

/** The full corrected content, with the version it corrects and why. `id`, when sent, must be the path's. */
export const CorrectionBody = z.strictObject({ expectedVersion: ExpectedVersion, reason: NameSchema, id: IdSchema.optional(), ...contentFields });

export const WithdrawalBody = z.strictObject({ expectedVersion: ExpectedVersion, reason: NameSchema });
export const ValidationBody = z.strictObject({ expectedVersion: ExpectedVersion });
export const RejectionBody = z.strictObject({ expectedVersion: ExpectedVersion, reason: NameSchema });

// ---- path and query ----

export const ProgrammeParams = z.strictObject({ p: IdSchema });
export const ContributionParams = z.strictObject({ p: IdSchema, c: IdSchema });

// Query strings are text: every number is written in digits, and each pattern below says exactly
// what the server takes (bounds included), so the OpenAPI document (toJSONSchema keeps patterns)
// describes the very rule, not an approximation of it.

/** A global position in the log. */
export const AsOf = z
  .string()
  .regex(/^\d{1,15}$/, API_FR.expectedPosition)
  .transform(Number);
/** A year from 1900 to 2200, the years a date may have (domain/schemas.ts). */
const Year = z
  .string()
  .regex(/^(?:19\d\d|2[01]\d\d|2200)$/, API_FR.expectedYear)
  .transform(Number);
/** A page size from 1 to MAX_PAGE (10 000). */
const PageSize = z
  .string()
  .regex(/^0*(?:[1-9]\d{0,3}|10000)$/, API_FR.expectedPageSize)
  .transform(Number);
/** An offset from 0 to 10^9. */
const Offset = z
  .string()
  .regex(/^0*(?:\d{1,9}|1000000000)$/, API_FR.expectedOffset)
  .transform(Number);
const Flag = z.enum(['true', 'false']).transform((v) => v === 'true');
/** A percentage above 0 and at most 100, with at most 2 decimals and no leading zero (as validateRequest has it). */
const Percent = z.string().regex(/^(?:[1-9]\d?(?:\.\d{1,2})?|0\.(?:0[1-9]|[1-9]\d?)|100(?:\.00?)?)$/, API_FR.expectedPercent);

export const AsOfQuery = z.strictObject({ asOf: AsOf.optional(), asOfDate: AsOfDate.optional() });

/** GET /api/ledger/proof: the stamp's position (from) and the later one (to, default the head). */
const ProofPosition = z.string().regex(/^\d{1,15}$/, 'une position du journal (un nombre entier) est attendue').transform(Number);
export const ProofQuery = z.strictObject({ from: ProofPosition, to: ProofPosition.optional() });

export const TotalsQuery = z.strictObject({
  status: z.enum(CONTRIBUTION_STATUSES).default('actual'),
  year: Year.optional(),
  actionId: IdSchema.optional(),
  include: z.enum(['active', 'validated']).default('active'),
  asOf: AsOf.optional(),
  asOfDate: AsOfDate.optional(),
});

export const REVIEWS = ['pending', 'validated', 'withdrawn', 'rejected'] as const;
export const MAX_PAGE = 10_000;

export const ContributionsQuery = z.strictObject({
  partnerId: IdSchema.optional(),
  actionId: IdSchema.optional(),
  siteId: IdSchema.optional(),
  kind: z.enum(CONTRIBUTION_KINDS).optional(),
  status: z.enum(CONTRIBUTION_STATUSES).optional(),
  review: z.enum(REVIEWS).optional(),
  year: Year.optional(),
  asOf: AsOf.optional(),
  asOfDate: AsOfDate.optional(),
  limit: PageSize.default(1000),
  offset: Offset.default(0),
});

/** The filters of the budget and of the workbooks, shared with `socle export`'s options. */
const reportFilters = {
  applicant: IdSchema.optional().meta({ description: 'the applicant partner; required when neither the action nor any action of the programme has a pilot partner (400 otherwise)' }),
  actionId: IdSchema.optional(),
  year: Year.optional(),
  include: z.enum(['active', 'validated']).optional(),
  codes: z.enum(CODE_MAPS as unknown as ['cerfa', 'anc']).optional(),
  publicCap: Percent.optional(),
  euCap: Percent.optional().meta({ description: 'budget: check 5’s maximum EU co-financing rate, percent of the eligible cost (default 85, Regulation (EU) 2021/1060 art. 112)' }),
  inKindEligible: Flag.optional(),
  chefDeFile: Flag.optional(),
  form: z.enum(FUNDER_FORMS).optional().meta({ description: 'budget: the form to print on; default the applicant’s own (an association: cerfa-12156, cerfa-15059 once realised; a public body: plan-de-financement). A Cerfa for a public body is a 400.' }),
  asOf: AsOf.optional(),
  asOfDate: AsOfDate.optional(),
};

export const BudgetQuery = z.strictObject({ ...reportFilters, status: z.enum(['planned', 'actual', 'both']).optional() });
/** `status` depends on the workbook (budget: planned|actual|both; funding-plan: consolidated|planned|actual; none for the others): checked with the request. */
export const ExportQuery = z.strictObject({
  ...reportFilters,
  status: z
    .enum(['planned', 'actual', 'both', 'consolidated'])
    .optional()
    .meta({ description: 'budget: planned, actual or both; funding-plan: consolidated, planned or actual; not taken by contributions and journal' }),
});
export const ExportParams = z.strictObject({ p: IdSchema, workbook: z.enum(WORKBOOKS) });
/** GET …/dossier.zip: `socle dossier`'s options under their API names. */
export const DossierQuery = z.strictObject({
  applicant: IdSchema.meta({ description: 'the applicant partner whose forms the dossier holds' }),
  actionId: IdSchema.optional(),
  year: Year.optional(),
  status: z.enum(DOSSIER_STATUSES).optional().meta({ description: 'planned (default: a funding application), actual or both (a compte rendu)' }),
  asOf: AsOf.optional(),
});

export const NoQuery = z.strictObject({});

// ---- closings (issue 16) ----

export const ClosingBody = z.strictObject({ year: z.number().int().min(1900).max(2200), reason: NameSchema });
export const ReopeningBody = z.strictObject({ reason: NameSchema });
export const ClosingPolicyBody = z.strictObject({ policy: z.enum(CLOSING_POLICIES) });
export const YearParams = z.strictObject({ p: IdSchema, year: Year });

/** GET /diff: from a stamp (a position or a date) to another (default the head), over the totals' scope. */
export const DiffQuery = z.strictObject({
  from: StampText,
  to: StampText.optional(),
  year: Year.optional(),
  actionId: IdSchema.optional(),
  include: z.enum(['active', 'validated']).optional(),
});

/**
 * Names a contribution's partner, for the roles that see every partner's: a contribution's identity
 * is its programme, partner and id (events.ts), and two partners may have chosen the same id (then
 * asked for; otherwise not needed). A partner's token names its own.
 */
export const ContributionQuery = z.strictObject({ partnerId: IdSchema.optional() });
export const ContributionReadQuery = z.strictObject({ partnerId: IdSchema.optional(), asOf: AsOf.optional(), asOfDate: AsOfDate.optional() });

export const TokenRoleSchema = z.enum(ROLES);

// ---- parsing ----

/** Parses `value` or throws a 400 naming every bad field (`where` prefixes paths of query and path parameters). */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'path' = 'body'): z.output<S> {
  const illFormed = illFormedString(value);
  if (illFormed !== undefined)
    throw new HttpProblem(400, API_FR.illFormedText, [{ path: (where === 'body' ? '' : `${where}.`) + illFormed, message: API_FR.loneSurrogate }]);
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = fieldErrors(result.error, where === 'body' ? '' : `${where}.`);
  const detail = where === 'body' ? API_FR.badBody : where === 'query' ? API_FR.badQuery : API_FR.badPath;
  throw new HttpProblem(400, detail, errors);
}

export function fieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) errors.push({ path: prefix + (path ? `${path}.${key}` : key), message: API_FR.unknownField });
    } else {
      errors.push({ path: prefix + path, message: issue.message });
    }
  }
  return errors;
}

// JSON may carry "\ud800": a lone UTF-16 surrogate, which has no canonical JSON and so could never be
// hashed into the log (the store refuses it). Found here, it is the client's mistake (400), not ours.
const LONE_SURROGATE = /\p{Cs}/u;

/** The path of the first key or string holding a lone surrogate. Iterative: bodies may nest deeply. */
function illFormedString(value: unknown): string | undefined {
  const stack: { value: unknown; path: string }[] = [{ value, path: '' }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item.value === 'string') {
      if (LONE_SURROGATE.test(item.value)) return item.path;
    } else if (typeof item.value === 'object' && item.value !== null) {
      for (const [key, child] of Object.entries(item.value)) {
        const path = item.path === '' ? key : `${item.path}.${key}`;
        if (LONE_SURROGATE.test(key)) return path;
        stack.push({ value: child, path });
      }
    }
  }
  return undefined;
}
