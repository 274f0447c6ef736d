// The OpenAPI 3.1 description of the HTTP API, generated from the very zod schemas the routes parse
// with (z.toJSONSchema), so the description cannot drift from what the server accepts.
import { z } from 'zod';
import type { Role } from '../app/actor.ts';
import { ContributionContent } from '../domain/events.ts';
import { CONTRIBUTION_KINDS, PARTNER_CATEGORIES } from '../domain/kinds.ts';
import { DateSchema } from '../domain/schemas.ts';
import {
  ActionBody,
  AsOfQuery,
  AxisBody,
  ContributionBody,
  ContributionQuery,
  ContributionReadQuery,
  ContributionsQuery,
  CorrectionBody,
  PartnerBody,
  ProblemResponse,
  ProgrammeBody,
  ProofQuery,
  PublicationBody,
  RateBody,
  REVIEWS,
  RejectionBody,
  SiteBody,
  TokenRoleSchema,
  TotalsQuery,
  ValidationBody,
  WithdrawalBody,
} from './schemas.ts';

// ---- response shapes (documentation only: the routes build them from the read model) ----

const Decimal = z.string().meta({ description: 'a decimal string, e.g. "1234.50"' });
const AsOf = z.object({ position: z.number().int(), headHash: z.string() });

const ContributionAnswer = z.object({ id: z.string(), version: z.number().int(), value: Decimal.nullable(), review: z.enum(REVIEWS) });

const HistoryEntry = z.object({
  version: z.number().int(),
  position: z.number().int(),
  type: z.string(),
  recordedAt: z.string(),
  actor: z.string(),
  role: z.string(),
  reason: z.string().optional(),
  content: ContributionContent.optional(),
});

const ContributionView = z.object({
  id: z.string(),
  programmeId: z.string(),
  ...ContributionContent.shape,
  review: z.enum(REVIEWS),
  version: z.number().int(),
  value: Decimal.nullable(),
  valuation: z.object({
    rateSource: z.enum(['contribution', 'partner', 'programme']).optional(),
    rateId: z.string().optional(),
    rateAmount: Decimal.optional(),
    rateBasis: z.string().optional(),
    unvaluedReason: z.string().optional(),
  }),
  recordedAt: z.string(),
  updatedAt: z.string(),
  history: z.array(HistoryEntry).optional().meta({ description: 'in the detail only' }),
});

const ContributionList = z.object({
  programmeId: z.string(),
  asOf: AsOf,
  total: z.number().int(),
  offset: z.number().int(),
  limit: z.number().int(),
  contributions: z.array(ContributionView),
});

const Totals = z.object({
  programmeId: z.string(),
  asOf: AsOf,
  filters: z.object({ status: z.string(), year: z.number().int().optional(), actionId: z.string().optional(), include: z.string() }),
  total: Decimal,
  byPartner: z.array(z.object({ partnerId: z.string(), inKind: Decimal, cash: Decimal, total: Decimal, share: Decimal })),
  byKind: z.record(z.enum(CONTRIBUTION_KINDS), Decimal),
  byAction: z.record(z.string(), Decimal),
  unvalued: z.array(z.object({ contributionId: z.string(), partnerId: z.string(), reason: z.string() })),
  partnerId: z.string().optional().meta({ description: 'a partner token: the partner it is written for (its own rows only above)' }),
  others: z
    .object({
      publication: z.object({ id: z.string(), position: z.number().int(), note: z.string().optional() }),
      inKind: Decimal,
      cash: Decimal,
      total: Decimal,
      share: Decimal,
      unvalued: z.number().int(),
    })
    .nullable()
    .optional()
    .meta({ description: 'a partner token: the other partners as one line, as of the latest publication (docs/api.md, Confidentialité)' }),
});

const ProgrammeSummary = z.object({
  id: z.string(),
  name: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  territory: z.string().optional(),
  partners: z.number().int(),
  actions: z.number().int(),
  contributions: z.number().int(),
});

const Programme = z.object({
  ...ProgrammeBody.shape,
  partners: z.array(z.object({ ...PartnerBody.shape, category: z.enum(PARTNER_CATEGORIES), public: z.boolean() })),
  axes: z.array(AxisBody),
  actions: z.array(ActionBody),
  sites: z.array(SiteBody),
  rates: z.array(RateBody),
  publications: z.array(z.object({ id: z.string(), note: z.string().optional(), position: z.number().int() })),
  asOf: AsOf,
});

const Verify = z.object({
  ok: z.boolean(),
  events: z.number().int(),
  headHash: z.string(),
  firstBadPosition: z.number().int().optional(),
  checkpoints: z.number().int().optional().meta({ description: 'signed checkpoints that hold' }),
  problem: z.string().optional().meta({ description: 'why a signed checkpoint no longer matches the log (French)' }),
});
const Hex = z.string().meta({ description: '64 hex digits' });
const ProofSide = z.object({ position: z.number().int(), headHash: Hex, root: Hex });
const Proof = z.object({
  algorithm: z.string(),
  from: ProofSide,
  to: ProofSide,
  inclusion: z.object({ from: z.array(Hex), to: z.array(Hex) }),
  consistency: z.array(Hex),
});
const Me = z.object({ tokenId: z.string(), name: z.string(), role: TokenRoleSchema, partnerId: z.string().optional(), programmes: z.array(z.string()).optional() });

// ---- operations ----

interface Operation {
  method: 'get' | 'post';
  path: string;
  summary: string;
  /** Undefined: no token needed. */
  roles?: readonly Role[];
  query?: z.ZodObject;
  body?: z.ZodType;
  status: number;
  response: z.ZodType | 'xlsx';
  /** Non-obvious errors beyond 400/401/403. */
  errors?: number[];
}

const ALL: readonly Role[] = ['coordinator', 'partner', 'treasurer', 'auditor'];
const WRITERS: readonly Role[] = ['coordinator', 'partner'];
const READERS: readonly Role[] = ['coordinator', 'treasurer', 'auditor'];
const C = '/api/programmes/{p}/contributions/{c}';

const OPERATIONS: Operation[] = [
  { method: 'get', path: '/api/health', summary: 'Health check', status: 200, response: z.object({ status: z.literal('ok') }) },
  { method: 'get', path: '/api/me', summary: 'The token’s role, partner and name', roles: ALL, status: 200, response: Me },
  { method: 'get', path: '/api/programmes', summary: 'Programmes (a partner sees those it belongs to)', roles: ALL, status: 200, response: z.object({ asOf: AsOf, programmes: z.array(ProgrammeSummary) }) },
  { method: 'post', path: '/api/programmes', summary: 'Open a programme', roles: ['coordinator'], body: ProgrammeBody, status: 201, response: ProgrammeBody, errors: [409] },
  { method: 'get', path: '/api/programmes/{p}', summary: 'A programme’s set-up: partners, axes, actions, sites, rates', roles: ALL, query: AsOfQuery, status: 200, response: Programme, errors: [404] },
  ...(
    [
      ['partners', 'Add a partner', PartnerBody],
      ['axes', 'Define an axis', AxisBody],
      ['actions', 'Define an action', ActionBody],
      ['sites', 'Register a site', SiteBody],
      ['rates', 'Set a valuation rate', RateBody],
    ] as const
  ).map(
    ([collection, summary, body]): Operation => ({
      method: 'post',
      path: `/api/programmes/{p}/${collection}`,
      summary,
      roles: ['coordinator'],
      body,
      status: 201,
      response: body,
      errors: [404, 409],
    }),
  ),
  { method: 'post', path: '/api/programmes/{p}/publications', summary: 'Publish the collective figures: what partners see of one another', roles: ['coordinator', 'treasurer'], body: PublicationBody, status: 201, response: z.object({ id: z.string(), note: z.string().optional(), position: z.number().int() }), errors: [404, 409] },
  { method: 'post', path: '/api/programmes/{p}/contributions', summary: 'Record a contribution (idempotent by id: the same request again gives the same 201)', roles: WRITERS, body: ContributionBody, status: 201, response: ContributionAnswer, errors: [404, 409] },
  { method: 'get', path: '/api/programmes/{p}/contributions', summary: 'Contributions (a partner: its own)', roles: ALL, query: ContributionsQuery, status: 200, response: ContributionList, errors: [404] },
  { method: 'get', path: C, summary: 'A contribution: current state, value and full history (?partnerId when two partners chose the id)', roles: ALL, query: ContributionReadQuery, status: 200, response: ContributionView, errors: [404] },
  { method: 'post', path: `${C}/corrections`, summary: 'Correct a contribution (full corrected content and a reason)', roles: WRITERS, query: ContributionQuery, body: CorrectionBody, status: 200, response: ContributionAnswer, errors: [404, 409] },
  { method: 'post', path: `${C}/withdrawal`, summary: 'Withdraw a contribution', roles: WRITERS, query: ContributionQuery, body: WithdrawalBody, status: 200, response: ContributionAnswer, errors: [404, 409] },
  { method: 'post', path: `${C}/validation`, summary: 'Validate a contribution', roles: ['coordinator'], query: ContributionQuery, body: ValidationBody, status: 200, response: ContributionAnswer, errors: [404, 409] },
  { method: 'post', path: `${C}/rejection`, summary: 'Reject a contribution', roles: ['coordinator'], query: ContributionQuery, body: RejectionBody, status: 200, response: ContributionAnswer, errors: [404, 409] },
  { method: 'get', path: '/api/programmes/{p}/totals', summary: 'The totals document (collective, for every role)', roles: ALL, query: TotalsQuery, status: 200, response: Totals, errors: [404] },
  { method: 'get', path: '/api/programmes/{p}/budget', summary: 'Budget of an action or programme seen from an applicant', roles: READERS, status: 200, response: z.object({}).loose(), errors: [400, 404] },
  { method: 'get', path: '/api/programmes/{p}/exports/{workbook}.xlsx', summary: 'A workbook: contributions, budget, funding-plan or journal', roles: READERS, status: 200, response: 'xlsx', errors: [400, 404] },
  { method: 'get', path: '/api/ledger/verify', summary: 'Recompute the hash chain and check the signed checkpoints', roles: ['coordinator', 'auditor'], status: 200, response: Verify },
  { method: 'get', path: '/api/ledger/proof', summary: 'Merkle proof (RFC 9162) that the log at `to` (default the head) extends the log at `from`', roles: ['coordinator', 'auditor'], query: ProofQuery, status: 200, response: Proof, errors: [400] },
];

// ---- assembly ----

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    override: (ctx) => {
      if (ctx.zodSchema === DateSchema) Object.assign(ctx.jsonSchema, { format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
    },
  }) as JsonSchema;
  return rest;
}

function isOptional(schema: z.ZodType): boolean {
  return schema.safeParse(undefined).success;
}

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'invalid input (nothing written); `errors` names each field',
  401: 'no valid bearer token',
  403: 'the role (or partner) may not',
  404: 'unknown programme or contribution',
  409: 'version conflict, or an id reused with different content',
  413: 'body larger than 64 KiB',
  415: 'body not application/json',
};

function operationObject(op: Operation): JsonSchema {
  const parameters: JsonSchema[] = [];
  for (const name of op.path.match(/\{(\w+)\}/g) ?? []) {
    parameters.push({ name: name.slice(1, -1), in: 'path', required: true, schema: { type: 'string' } });
  }
  for (const [name, schema] of Object.entries(op.query?.shape ?? {})) {
    parameters.push({ name, in: 'query', required: !isOptional(schema as z.ZodType), schema: jsonSchema(schema as z.ZodType, 'input') });
  }
  const responses: JsonSchema = {
    [op.status]:
      op.response === 'xlsx'
        ? { description: 'the workbook', content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {} } }
        : { description: 'success', content: { 'application/json': { schema: jsonSchema(op.response, 'output') } } },
  };
  const statuses = new Set([400, ...(op.roles ? [401] : []), ...(op.roles && op.roles.length < ALL.length ? [403] : []), ...(op.errors ?? [])]);
  if (op.body) {
    statuses.add(413);
    statuses.add(415);
  }
  if (op.roles?.includes('partner') && op.path.includes('{p}')) statuses.add(403);
  for (const status of [...statuses].sort()) responses[status] = problemResponse(ERROR_DESCRIPTIONS[status] ?? 'error');
  return {
    summary: op.summary,
    ...(op.roles ? { description: `Roles: ${op.roles.join(', ')}.`, security: [{ bearer: [] }] } : { security: [] }),
    ...(parameters.length > 0 && { parameters }),
    ...(op.body && { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body, 'input') } } } }),
    responses,
  };
}

let cached: JsonSchema | undefined;

export function openApiDocument(): JsonSchema {
  if (cached) return cached;
  const paths: Record<string, JsonSchema> = {};
  for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method] = operationObject(op);
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'Socle HTTP API',
      version: '0.1.0',
      description:
        'Event-sourced contribution ledger. Amounts, rates and quantities are decimal strings; dates are YYYY-MM-DD. ' +
        'Every error is application/problem+json. Unknown fields are refused (400). ' +
        'Every write answers X-Socle-Position; a read may send it back (?minPosition=P or X-Socle-Min-Position) to wait, at most 2 s, until the server has read it (else 503 with Retry-After).',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'a token from `socle token create`' } },
      schemas: { Problem: jsonSchema(ProblemResponse, 'output') },
    },
    paths,
  };
  return cached;
}
