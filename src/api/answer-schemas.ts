// The shapes of the API's answers, as zod schemas, for the OpenAPI document (route-table.ts). The
// routes build their answers from the read model, not from these; test/api/openapi-conformance.test.ts
// validates real answers of every route against the document, so a shape that drifts fails there.
// Objects are plain z.object: in the document's output mode they forbid unknown fields, so an
// answer carrying a field nobody described is a mismatch too.
import { FUNDER_FORMS } from '../reports/funder-form.ts';
import { z } from 'zod';
import { ActionSheetContent, ContributionContent } from '../domain/events.ts';
import { ACTION_NATURES, CONTRIBUTION_KINDS, CONTRIBUTION_STATUSES, PARTNER_CATEGORIES } from '../domain/kinds.ts';
import { ActionBody, AxisBody, PartnerBody, ProgrammeBody, RateBody, REVIEWS, SiteBody, TokenRoleSchema } from './schemas.ts';

const Decimal = z.string().regex(/^-?(0|[1-9]\d*)(\.\d+)?$/).meta({ description: 'a decimal string, e.g. "1234.50"' });
const Position = z.number().int().min(0);
const Hash = z.string().regex(/^[0-9a-f]{64}$/);
const Timestamp = z.string().meta({ format: 'date-time' });
const Day = z.string().meta({ format: 'date' });

export const AsOfAnswer = z.object({
  position: Position,
  headHash: Hash,
  /** Present when the read was asked by date (asOfDate): the date as asked and the UTC instant it named. */
  asked: z.object({ date: z.string(), instant: z.string() }).optional(),
});

export const HealthAnswer = z.object({ status: z.literal('ok') });

export const OpenApiAnswer = z.object({ openapi: z.literal('3.1.0'), info: z.object({}).loose(), paths: z.record(z.string(), z.unknown()) }).loose();

export const MeAnswer = z.object({
  tokenId: z.string(),
  name: z.string(),
  role: TokenRoleSchema,
  partnerId: z.string().optional(),
  programmes: z.array(z.string()).optional(),
});

export const ContributionAnswer = z.object({ id: z.string(), version: z.number().int().min(1), value: Decimal.nullable(), review: z.enum(REVIEWS) });

const HistoryEntry = z.object({
  version: z.number().int().min(1),
  position: Position,
  type: z.enum(['ContributionRecorded', 'ContributionCorrected', 'ContributionWithdrawn', 'ContributionValidated', 'ContributionRejected']),
  recordedAt: Timestamp,
  actor: z.string(),
  role: z.string(),
  reason: z.string().optional(),
  content: ContributionContent.optional(),
});

const contributionFields = {
  id: z.string(),
  programmeId: z.string(),
  ...ContributionContent.shape,
  review: z.enum(REVIEWS),
  version: z.number().int().min(1),
  value: Decimal.nullable(),
  valuation: z.object({
    rateSource: z.enum(['contribution', 'partner', 'programme']).optional(),
    rateId: z.string().optional(),
    rateAmount: Decimal.optional(),
    rateBasis: z.string().optional(),
    unvaluedReason: z.string().optional(),
  }),
  recordedAt: Timestamp,
  updatedAt: Timestamp,
};

/** One row of the list. */
export const ContributionRow = z.object(contributionFields);

/** The detail: the row, its full history, and the position it was read at. */
export const ContributionDetail = z.object({ ...contributionFields, history: z.array(HistoryEntry), asOf: AsOfAnswer });

export const ContributionList = z.object({
  programmeId: z.string(),
  asOf: AsOfAnswer,
  total: z.number().int().min(0),
  offset: z.number().int().min(0),
  limit: z.number().int().min(1),
  contributions: z.array(ContributionRow),
});

export const TotalsAnswer = z.object({
  programmeId: z.string(),
  asOf: AsOfAnswer,
  filters: z.object({
    status: z.enum(CONTRIBUTION_STATUSES),
    year: z.number().int().optional(),
    actionId: z.string().optional(),
    include: z.enum(['active', 'validated']),
  }),
  total: Decimal,
  byPartner: z.array(z.object({ partnerId: z.string(), inKind: Decimal, cash: Decimal, total: Decimal, share: Decimal })),
  byKind: z.record(z.enum(CONTRIBUTION_KINDS), Decimal),
  byAction: z.record(z.string(), Decimal),
  unvalued: z.array(z.object({ contributionId: z.string(), partnerId: z.string(), reason: z.string() })),
  partnerId: z.string().optional().meta({ description: 'a partner token: the partner it is written for (its own rows only above)' }),
  others: z
    .object({
      publication: z.object({ id: z.string(), position: Position, note: z.string().optional() }),
      inKind: Decimal,
      cash: Decimal,
      total: Decimal,
      share: Decimal,
      unvalued: z.number().int().min(0),
    })
    .nullable()
    .optional()
    .meta({ description: 'a partner token: the other partners as one line, as of the latest publication (docs/api.md, Confidentialité)' }),
});

/** A publication of the collective figures (what partners see of one another). */
export const PublicationAnswer = z.object({ id: z.string(), note: z.string().optional(), position: Position });

export const ProgrammeSummary = z.object({
  id: z.string(),
  name: z.string(),
  startsOn: Day,
  endsOn: Day,
  territory: z.string().optional(),
  partners: z.number().int().min(0),
  actions: z.number().int().min(0),
  contributions: z.number().int().min(0),
});

export const ProgrammeList = z.object({ asOf: AsOfAnswer, programmes: z.array(ProgrammeSummary) });

export const ProgrammeAnswer = z.object({
  ...ProgrammeBody.shape,
  partners: z.array(z.object({ ...PartnerBody.shape, category: z.enum(PARTNER_CATEGORIES), public: z.boolean() })),
  axes: z.array(AxisBody),
  actions: z.array(z.object({ ...ActionBody.shape, sheet: ActionSheetContent.optional().meta({ description: 'the fiche action, once set (PUT …/actions/{a}/sheet)' }) })),
  sites: z.array(SiteBody),
  rates: z.array(RateBody),
  publications: z.array(PublicationAnswer),
  asOf: AsOfAnswer,
});

export const VerifyAnswer = z.object({
  ok: z.boolean(),
  events: z.number().int().min(0),
  headHash: Hash,
  firstBadPosition: Position.optional(),
  checkpoints: z.number().int().min(0).optional().meta({ description: 'signed checkpoints that hold' }),
  problem: z.string().optional().meta({ description: 'why a signed checkpoint no longer matches the log (French)' }),
});

const ProofSide = z.object({ position: Position, headHash: Hash, root: Hash });
/** A Merkle proof (RFC 9162) that the log at `to` extends the log at `from` (src/store/merkle.ts). */
export const ProofAnswer = z.object({
  algorithm: z.string(),
  from: ProofSide,
  to: ProofSide,
  inclusion: z.object({ from: z.array(Hash), to: z.array(Hash) }),
  consistency: z.array(Hash),
});

// ---- the budget document (src/reports/budget.ts) ----

const Amounts = z.object({ planned: Decimal.optional(), actual: Decimal.optional(), gap: Decimal.optional() });

const BudgetLine = z.object({
  id: z.string(),
  lineId: z.string(),
  side: z.enum(['charges', 'produits', 'emplois', 'ressources']),
  code: z.string(),
  label: z.string(),
  level: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  parentId: z.string().optional(),
  partnerId: z.string().optional(),
  balancing: z.boolean().optional(),
  amounts: Amounts,
  euros: Amounts,
});

const BudgetTotals = z.object({ charges: Amounts, produits: Amounts, emplois86: Amounts, ressources87: Amounts });

const CheckSide = z.object({ label: z.string(), amount: Decimal });

const FundingCheck = z.object({
  id: z.enum(['equilibre', 'autofinancement', 'plafond-aides-publiques', 'part-maitre-ouvrage', 'fonds-europeens', 'valorisation']),
  number: z.number().int().min(1).max(6),
  label: z.string(),
  status: z.enum(CONTRIBUTION_STATUSES),
  passed: z.boolean(),
  applicable: z.boolean(),
  left: CheckSide,
  right: CheckSide,
  second: z.object({ left: CheckSide, right: CheckSide }).optional(),
  detail: z.string(),
});

export const BudgetAnswer = z.object({
  programmeId: z.string(),
  programmeName: z.string(),
  asOf: AsOfAnswer,
  scope: z.object({
    actionId: z.string().nullable(),
    actionNumber: z.number().int().nullable(),
    actionTitle: z.string().nullable(),
    nature: z.enum(ACTION_NATURES).nullable(),
    applicant: z.object({ partnerId: z.string(), name: z.string(), category: z.enum(PARTNER_CATEGORIES), source: z.enum(['asked', 'pilot', 'programme']) }),
    year: z.number().int().nullable(),
    statuses: z.array(z.enum(CONTRIBUTION_STATUSES)),
    include: z.enum(['active', 'validated']),
  }),
  codes: z.enum(['cerfa', 'anc']),
  form: z.enum(FUNDER_FORMS).meta({ description: 'The form the budget is printed on: the applicant’s own (an association: cerfa-12156, or cerfa-15059 once realised; a public body: plan-de-financement)' }),
  taxBases: z.array(z.enum(['HT', 'TTC', 'none'])),
  checkOptions: z.object({ publicFundingCapPercent: z.string(), inKindEligible: z.boolean(), chefDeFile: z.boolean(), ownShareMinPercent: z.string().optional(), euCapPercent: z.string().optional() }),
  lines: z.object({ charges: z.array(BudgetLine), produits: z.array(BudgetLine) }),
  inKind: z.object({ emplois: z.array(BudgetLine), ressources: z.array(BudgetLine) }),
  totals: BudgetTotals,
  totalsEuros: BudgetTotals,
  checks: z.array(FundingCheck),
  consolidatedChecks: z
    .array(FundingCheck.extend({ status: z.literal('consolidated') }))
    .meta({ description: 'A plan de financement actualisé (both statuses): the checks on the figures it prints, per line actual once recorded, else planned; empty otherwise' }),
  unvalued: z.array(
    z.object({ contributionId: z.string(), partnerId: z.string(), partnerName: z.string(), kind: z.enum(CONTRIBUTION_KINDS), status: z.enum(CONTRIBUTION_STATUSES), date: Day, reason: z.string() }),
  ),
  applicantCash: Amounts,
  applicantMeans: Amounts,
  vatToConvert: z
    .array(
      z.object({
        contributionId: z.string(),
        partnerName: z.string(),
        description: z.string().nullable(),
        status: z.enum(CONTRIBUTION_STATUSES),
        date: Day,
        recordedBasis: z.enum(['HT', 'TTC']),
        eligibleBasis: z.enum(['HT', 'TTC']),
        amount: z.string(),
      }),
    )
    .meta({ description: 'The applicant’s expenses recorded TTC where the VAT is recovered, or HT where it is not: no VAT rate is recorded, so they are not converted; correct them on the eligible basis' }),
  applicantInvestment: Amounts.meta({ description: 'On a Cerfa: the applicant’s purchases for an investment action, off the class-6 lines (an investment is not an operating charge)' }),
});

export const ProblemAnswer = z.object({
  type: z.string().regex(/^urn:socle:problem:[a-z-]+$/),
  title: z.string().min(1),
  status: z.number().int().min(400).max(599),
  detail: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).max(50),
  requestId: z.string().optional(),
});

// ---- diff (src/reports/ledger-diff.ts) ----

const DiffFigure = z.object({ key: z.string(), label: z.string(), from: Decimal, to: Decimal, difference: Decimal, events: z.array(Position) });
const Effect = z.object({ planned: Decimal, actual: Decimal });

export const DiffAnswer = z.object({
  programmeId: z.string(),
  from: AsOfAnswer,
  to: AsOfAnswer,
  filters: z.object({ year: z.number().int().optional(), actionId: z.string().optional(), include: z.enum(['active', 'validated']) }),
  totals: z.array(DiffFigure),
  budget: z.union([z.array(DiffFigure), z.object({ unavailable: z.string() })]),
  events: z.array(
    z.object({
      position: Position,
      recordedAt: Timestamp,
      type: z.string(),
      change: z.string(),
      contributionId: z.string().optional(),
      partnerId: z.string().optional(),
      actor: z.string(),
      role: z.string(),
      reason: z.string().optional(),
      effect: Effect,
      figures: z.array(z.object({ key: z.string(), effect: Decimal })),
    }),
  ),
});

// ---- closings (src/app/closings.ts) ----

export const ClosingAnswer = z.object({ year: z.number().int(), reason: z.string(), position: Position, headHash: Hash });
export const ReopeningAnswer = z.object({ year: z.number().int(), reason: z.string() });
export const ClosingPolicyAnswer = z.object({ policy: z.enum(['allow', 'require-reason', 'refuse']) });

/**
 * GET /totals of a closed year without asOf (issue 16): the closed figures (the document above, as of
 * the closing), and beside them the live total and the Écarts postérieurs à la clôture since.
 */
export const TotalsOrClosedAnswer = TotalsAnswer.extend({
  closedYear: z
    .object({
      year: z.number().int(),
      reason: z.string(),
      closedAt: Timestamp,
      closedBy: z.string(),
      live: z.object({ position: Position, headHash: Hash, total: Decimal }),
      adjustments: DiffAnswer.shape.events,
    })
    .optional()
    .meta({ description: 'a closed year asked without asOf: the figures above are the closed ones (asOf is the closing’s position); the live total and the adjustments since' }),
});

export const ClosedAccountAnswer = z.object({
  programmeId: z.string(),
  year: z.number().int(),
  closing: z.object({
    year: z.number().int(),
    reason: z.string(),
    position: Position,
    headHash: Hash,
    eventPosition: Position,
    closedAt: Timestamp,
    closedBy: z.string(),
    role: z.string(),
  }),
  closed: z.object({ planned: TotalsAnswer, actual: TotalsAnswer }),
  live: z.object({ position: Position, headHash: Hash, planned: Decimal, actual: Decimal }),
  adjustments: DiffAnswer.shape.events,
  differences: DiffAnswer.shape.totals,
});
