// The request and answer shapes of the what-if scenario routes (issue 16), for the routes and the
// OpenAPI document alike (route-table.ts). A fact's body is the event catalogue's own ScenarioFact,
// so the API accepts exactly what the domain stores.
import { z } from 'zod';
import { ScenarioFact } from '../domain/events.ts';
import { CONTRIBUTION_STATUSES } from '../domain/kinds.ts';
import { IdSchema, NameSchema, TextSchema } from '../domain/schemas.ts';
import { AsOfDate } from '../reports/report-specs.ts';
import { API_FR } from '../messages/fr.ts';
import { AsOf } from './schemas.ts';

const Year = z.string().regex(/^(?:19\d\d|2[01]\d\d|2200)$/, API_FR.expectedYear).transform(Number);
const Flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const ScenarioParams = z.strictObject({ p: IdSchema, s: IdSchema });
export const ScenarioFactParams = z.strictObject({ p: IdSchema, s: IdSchema, f: IdSchema });

/** A scenario drafted on the ledger at asOf or asOfDate (default: the head). */
export const ScenarioBody = z.strictObject({ id: IdSchema, title: NameSchema, description: TextSchema.optional(), asOf: z.number().int().min(0).optional(), asOfDate: AsOfDate.optional() });
export const ScenarioCopyBody = z.strictObject({ id: IdSchema, title: NameSchema, description: TextSchema.optional() });
export const ScenarioEditBody = z.strictObject({ title: NameSchema, description: TextSchema.optional() });
export const ScenarioFactBody = z.strictObject({ id: IdSchema, fact: ScenarioFact });
export const ScenarioReasonBody = z.strictObject({ reason: NameSchema });

/** The comparison: as of a position or a date (as every read), over a status (default planned) and a year. */
export const ScenariosQuery = z.strictObject({
  asOf: AsOf.optional(),
  asOfDate: AsOfDate.optional(),
  status: z.enum(CONTRIBUTION_STATUSES).default('planned'),
  year: Year.optional(),
  includeArchived: Flag.optional(),
});

const Position = z.number().int().min(0);
const Hash = z.string().regex(/^[0-9a-f]{64}$/);
const Euros = z.string().meta({ description: 'euros, a decimal string with cents' });
const ByKind = z.record(z.string(), Euros);
const Funding = z.object({ expenses: Euros, cofunding: Euros, other: Euros, fundingGap: Euros, inKind: Euros });
const Figures = z.object({
  total: Euros,
  byPartner: z.array(z.object({ partnerId: z.string(), name: z.string(), total: Euros, share: z.string() })),
  byKind: ByKind,
  funding: Funding,
});

export const ScenarioWriteAnswer = z.object({ id: z.string(), position: Position.nullable(), basePosition: Position.optional(), baseHeadHash: Hash.optional() });

export const ScenarioComparisonAnswer = z.object({
  programmeId: z.string(),
  programmeName: z.string(),
  asOf: z.object({ position: Position, headHash: Hash, asked: z.object({ date: z.string(), instant: z.string() }).optional() }),
  scope: z.object({ status: z.enum(CONTRIBUTION_STATUSES), year: z.number().int().optional() }),
  real: Figures,
  scenarios: z.array(
    z.object({
      scenarioId: z.string(),
      title: z.string(),
      description: z.string().optional(),
      base: z.object({ position: Position, headHash: Hash, asOfDate: z.string().optional() }),
      copiedFrom: z.string().optional(),
      archived: z.boolean(),
      facts: z.array(z.object({ factId: z.string(), fact: ScenarioFact })),
      figures: Figures,
      difference: z.object({ total: Euros, byPartner: z.record(z.string(), Euros), byKind: ByKind, funding: Funding }),
      notes: z.array(z.string()),
    }),
  ),
});
