// Zod request schemas: one per body, query and path. All strict (an unknown field is a 400, so a typo
// never silently drops data), built from the domain's own building blocks so the API accepts exactly
// what the events can hold. Only the parsed value goes on to the command handlers.
import { z } from 'zod';
import { ROLES } from '../app/actor.ts';
import { ContributionContent } from '../domain/events.ts';
import { ACTION_NATURES, CONTRIBUTION_KINDS, CONTRIBUTION_STATUSES, PARTNER_CATEGORIES, UNITS } from '../domain/kinds.ts';
import { DateSchema, IdSchema, limitedDecimal, NameSchema } from '../domain/schemas.ts';
import { AMOUNT_LIMIT_EUR, QUANTITY_LIMIT, RATE_LIMIT_EUR, type DecimalLimit } from '../domain/limits.ts';
import type { FieldError } from '../domain/errors.ts';
import { HttpProblem } from './problem.ts';

// ---- bodies ----

/** A bounded decimal (src/domain/limits.ts, the domain's own rule), described for the OpenAPI document. */
const limited = (limit: DecimalLimit) =>
  limitedDecimal(limit).meta({ description: `a decimal string, greater than 0, at most ${limit.max} with at most ${limit.decimals} decimals` });

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
  amount: limited(RATE_LIMIT_EUR),
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
  quantity: limited(QUANTITY_LIMIT).optional(),
  amount: limited(AMOUNT_LIMIT_EUR).optional(),
  rate: limited(RATE_LIMIT_EUR).optional(),
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

/** A global position in the log (query strings are text: digits only). */
const AsOf = z
  .string()
  .regex(/^\d{1,15}$/, 'expected a global position (a whole number)')
  .transform(Number);
const Year = z
  .string()
  .regex(/^\d{4}$/, 'expected a year such as 2024')
  .transform(Number)
  .refine((y) => y >= 1900 && y <= 2200, 'expected a year from 1900 to 2200');
const Count = (max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, 'expected a whole number')
    .transform(Number)
    .refine((n) => n <= max, `at most ${max}`);

export const AsOfQuery = z.strictObject({ asOf: AsOf.optional() });

/** GET /api/ledger/proof: the stamp's position (from) and the later one (to, default the head). */
const ProofPosition = z.string().regex(/^\d{1,15}$/, 'une position du journal (un nombre entier) est attendue').transform(Number);
export const ProofQuery = z.strictObject({ from: ProofPosition, to: ProofPosition.optional() });

export const TotalsQuery = z.strictObject({
  status: z.enum(CONTRIBUTION_STATUSES).default('actual'),
  year: Year.optional(),
  actionId: IdSchema.optional(),
  include: z.enum(['active', 'validated']).default('active'),
  asOf: AsOf.optional(),
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
  limit: Count(MAX_PAGE).refine((n) => n >= 1, 'at least 1').default(1000),
  offset: Count(1_000_000_000).default(0),
});

export const NoQuery = z.strictObject({});

/**
 * Names a contribution's partner, for the roles that see every partner's: a contribution's identity
 * is its programme, partner and id (events.ts), and two partners may have chosen the same id (then
 * asked for; otherwise not needed). A partner's token names its own.
 */
export const ContributionQuery = z.strictObject({ partnerId: IdSchema.optional() });
export const ContributionReadQuery = z.strictObject({ partnerId: IdSchema.optional(), asOf: AsOf.optional() });

// ---- responses (for the OpenAPI description; the routes build them from the read model) ----

export const ProblemResponse = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
  requestId: z.string().optional(),
});

export const TokenRoleSchema = z.enum(ROLES);

// ---- parsing ----

/** Parses `value` or throws a 400 naming every bad field (`where` prefixes paths of query and path parameters). */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'path' = 'body'): z.output<S> {
  const illFormed = illFormedString(value);
  if (illFormed !== undefined)
    throw new HttpProblem(400, 'text must be well-formed Unicode', [{ path: (where === 'body' ? '' : `${where}.`) + illFormed, message: 'contains a lone surrogate (\\ud800-\\udfff)' }]);
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = fieldErrors(result.error, where === 'body' ? '' : `${where}.`);
  const detail =
    where === 'body' ? 'the body does not match the expected fields' : where === 'query' ? 'bad query parameters' : 'bad path parameters';
  throw new HttpProblem(400, detail, errors);
}

export function fieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) errors.push({ path: prefix + (path ? `${path}.${key}` : key), message: 'unknown field' });
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
