// The route table, third part: what the coordinator and the auditors review — the diff between
// two stamps, closings (issue 16), what-if scenarios (issue 16: the coordinator writes them, the
// readers compare them with the real plan), and the ledger's integrity. Each entry is written with
// `route` (route-entry.ts), which checks its handler against its schemas.
import type { z } from 'zod';
import { ClosedAccountAnswer, ClosingAnswer, ClosingPolicyAnswer, DiffAnswer, ProofAnswer, ReopeningAnswer, VerifyAnswer } from '../answer-schemas.ts';
import { ClosingBody, ClosingPolicyBody, DiffQuery, NoQuery, ProgrammeParams, ProofQuery, ReopeningBody, YearParams } from '../schemas.ts';
import {
  ScenarioBody,
  ScenarioComparisonAnswer,
  ScenarioCopyBody,
  ScenarioEditBody,
  ScenarioFactBody,
  ScenarioFactParams,
  ScenarioParams,
  ScenarioReasonBody,
  ScenarioWriteAnswer,
  ScenariosQuery,
} from '../scenario-schemas.ts';
import type { Handler } from '../route-context.ts';
import { READ, READERS, route, WRITE, type Operation } from '../route-entry.ts';
import * as closings from '../routes/closings-routes.ts';
import * as diff from '../routes/diff-routes.ts';
import * as ledger from '../routes/ledger-routes.ts';
import * as scenarios from '../routes/scenarios-routes.ts';

/** A scenario's write, the coordinator's. */
function scenarioRoute<P extends z.ZodObject, B extends z.ZodType>(step: string, summary: string, params: P, body: B, status: 200 | 201, handler: Handler<P, typeof NoQuery, B>): Operation {
  return route({
    method: 'post',
    path: `/api/programmes/{p}/${step}`,
    summary: `${summary}; idempotent by id`,
    roles: ['coordinator'],
    params,
    query: NoQuery,
    body,
    status,
    response: ScenarioWriteAnswer,
    errors: [...WRITE, 404, 409],
    handler,
  });
}

export const REVIEW_ROUTES: readonly Operation[] = [
  route({
    method: 'get',
    path: '/api/programmes/{p}/diff',
    summary: 'What changed between two stamps (positions or dates): every totals and budget figure that differs, and the events that moved each',
    roles: READERS,
    params: ProgrammeParams,
    query: DiffQuery,
    status: 200,
    response: DiffAnswer,
    errors: [...READ, 403, 404],
    handler: diff.diff,
  }),
  route({
    method: 'post',
    path: '/api/programmes/{p}/closings',
    summary: 'Close a year: its account is then the ledger at the head as it stands now (position and hash recorded)',
    roles: ['coordinator'],
    params: ProgrammeParams,
    query: NoQuery,
    body: ClosingBody,
    status: 201,
    response: ClosingAnswer,
    errors: [...WRITE, 404, 409],
    handler: closings.closeYear,
  }),
  route({
    method: 'post',
    path: '/api/programmes/{p}/closings/{year}/reopening',
    summary: 'Reopen a closed year, with a reason',
    roles: ['coordinator'],
    params: YearParams,
    query: NoQuery,
    body: ReopeningBody,
    status: 201,
    response: ReopeningAnswer,
    errors: [...WRITE, 404, 409],
    handler: closings.reopenYear,
  }),
  route({
    method: 'post',
    path: '/api/programmes/{p}/closing-policy',
    summary: 'What a closed year accepts afterwards: allow (each adjustment listed), require-reason, refuse',
    roles: ['coordinator'],
    params: ProgrammeParams,
    query: NoQuery,
    body: ClosingPolicyBody,
    status: 201,
    response: ClosingPolicyAnswer,
    errors: [...WRITE, 404],
    handler: closings.setClosingPolicy,
  }),
  route({
    method: 'get',
    path: '/api/programmes/{p}/closings/{year}',
    summary: 'A closed year’s account: the totals at the closing, the live ones, and the Écarts postérieurs à la clôture',
    roles: READERS,
    params: YearParams,
    query: NoQuery,
    status: 200,
    response: ClosedAccountAnswer,
    errors: [...READ, 403, 404, 409],
    handler: closings.closedYearAccount,
  }),
  route({
    method: 'get',
    path: '/api/programmes/{p}/scenarios',
    summary: 'The scenarios side by side with the real plan: totals, shares, funding plan and funding gap of each, and its difference from the real plan',
    roles: READERS,
    params: ProgrammeParams,
    query: ScenariosQuery,
    status: 200,
    response: ScenarioComparisonAnswer,
    errors: [...READ, 403, 404],
    handler: scenarios.comparison,
  }),
  route({
    method: 'get',
    path: '/api/programmes/{p}/scenarios.xlsx',
    summary: 'The same comparison as the scenarios workbook (Comparaison with difference columns, Hypothèses, Provenance)',
    roles: READERS,
    params: ProgrammeParams,
    query: ScenariosQuery,
    status: 200,
    response: 'xlsx',
    errors: [...READ, 403, 404],
    handler: scenarios.comparisonWorkbook,
  }),
  scenarioRoute('scenarios', 'Draft a scenario on the ledger at asOf or asOfDate (default the head)', ProgrammeParams, ScenarioBody, 201, scenarios.draft),
  scenarioRoute('scenarios/{s}/copies', 'Copy a scenario (its base and facts) under a new id', ScenarioParams, ScenarioCopyBody, 201, scenarios.copy),
  scenarioRoute('scenarios/{s}/edits', 'Retitle a scenario, or change its description', ScenarioParams, ScenarioEditBody, 200, scenarios.edit),
  scenarioRoute('scenarios/{s}/facts', 'Add a hypothetical fact to a scenario (never to the ledger)', ScenarioParams, ScenarioFactBody, 201, scenarios.addFact),
  scenarioRoute('scenarios/{s}/facts/{f}/removal', 'Remove a fact from a scenario, with a reason', ScenarioFactParams, ScenarioReasonBody, 200, scenarios.removeFact),
  scenarioRoute('scenarios/{s}/archive', 'Archive a scenario, with a reason (it may still be read and copied)', ScenarioParams, ScenarioReasonBody, 200, scenarios.archive),
  route({ method: 'get', path: '/api/ledger/verify', summary: 'Recompute the hash chain, replay the read model, check the signed checkpoints', roles: ['coordinator', 'auditor'], query: NoQuery, status: 200, response: VerifyAnswer, errors: [...READ, 403], handler: ledger.verifyLedger }),
  route({
    method: 'get',
    path: '/api/ledger/proof',
    summary: 'Merkle proof (RFC 9162) that the log at `to` (default the head) extends the log at `from`',
    roles: ['coordinator', 'auditor'],
    query: ProofQuery,
    status: 200,
    response: ProofAnswer,
    errors: [...READ, 403],
    handler: ledger.ledgerProofOf,
  }),
];
