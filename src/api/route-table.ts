// The one table of the HTTP routes: for each, its method and path, who may call it, the zod schemas
// of its path, query and body (the very ones the route is parsed with), its answer's shape, every
// status it can answer, and its handler (routes/). From it: the express routes (route-builder.ts:
// the role check and the parsing happen there, never in a handler), the OpenAPI document
// (openapi.ts), the 405 with `Allow` for a method a known path does not take (app.ts), and the
// fast path's accept-list (fast-record.ts). test/api/openapi-conformance.test.ts calls every entry
// and checks the answers are as written; test/api/route-table.test.ts that the app has no other route.
import type { Request } from 'express';
import type { z } from 'zod';
import type { Role } from '../domain/actor.ts';
import {
  BudgetAnswer,
  ClosedAccountAnswer,
  ClosingAnswer,
  ClosingPolicyAnswer,
  ReopeningAnswer,
  DiffAnswer,
  ContributionAnswer,
  ContributionDetail,
  ContributionList,
  HealthAnswer,
  MeAnswer,
  OpenApiAnswer,
  ProgrammeAnswer,
  ProgrammeList,
  ProofAnswer,
  PublicationAnswer,
  TotalsOrClosedAnswer,
  VerifyAnswer,
} from './answer-schemas.ts';
import {
  ActionBody,
  AsOfQuery,
  AxisBody,
  BudgetQuery,
  ClosingBody,
  ClosingPolicyBody,
  ReopeningBody,
  YearParams,
  DiffQuery,
  DossierQuery,
  ContributionBody,
  ContributionParams,
  ContributionQuery,
  ContributionReadQuery,
  ContributionsQuery,
  CorrectionBody,
  ExportParams,
  ExportQuery,
  NoQuery,
  PartnerBody,
  ProgrammeBody,
  ProgrammeParams,
  ProofQuery,
  PublicationBody,
  RateBody,
  RejectionBody,
  SiteBody,
  TotalsQuery,
  ValidationBody,
  WithdrawalBody,
} from './schemas.ts';

import { ImportAnswer, ImportQuery } from './import-schemas.ts';
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
} from './scenario-schemas.ts';
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
} from './service-schemas.ts';

import type { Handler } from './route-context.ts';
import { openApiDocument } from './openapi.ts';
import * as closings from './routes/closings-routes.ts';
import * as contributions from './routes/contributions-routes.ts';
import * as diff from './routes/diff-routes.ts';
import * as dossier from './routes/dossier-routes.ts';
import * as imports from './routes/imports-routes.ts';
import * as ledger from './routes/ledger-routes.ts';
import * as me from './routes/me-routes.ts';
import * as programmes from './routes/programmes-routes.ts';
import * as reports from './routes/reports-routes.ts';
import * as scenarios from './routes/scenarios-routes.ts';
import * as service from './routes/service-routes.ts';
import * as totals from './routes/totals-routes.ts';

export { XLSX_TYPE, ZIP_TYPE } from './media-types.ts';

export interface Operation {
  method: 'get' | 'post';
  /** OpenAPI style: /api/programmes/{p}. */
  path: string;
  summary: string;
  /** Undefined: no token needed. */
  roles?: readonly Role[];
  params?: z.ZodObject;
  /** Undefined: the route reads no query (and ignores one). */
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The body is a file (an import's upload), not JSON. */
  upload?: true;
  status: 200 | 201;
  response: z.ZodType | 'xlsx' | 'zip';
  /** Every error status the route can answer. */
  errors: number[];
  /** A check of the raw request before its schemas parse it (a workbook name the API does not know is a 404). */
  guard?: (req: Request) => void;
  /**
   * The route's work, given the caller and the parsed path, query and (when it reads it) body. Typed
   * in its module against the schemas above; `any` here only because the table holds every kind.
   */
  handler: Handler<any, any, any>;
}

export const ALL_ROLES: readonly Role[] = ['coordinator', 'partner', 'treasurer', 'auditor'];
const WRITERS: readonly Role[] = ['coordinator', 'partner'];
const READERS: readonly Role[] = ['coordinator', 'treasurer', 'auditor'];
const C = '/api/programmes/{p}/contributions/{c}';

// The statuses every route of a kind meets, before its own:
// a token route: 401 (no valid token); a GET behind a token: 403 (a partner's minPosition not its
// own), 429 (too many reads in flight), 503
// (the replay queue full, minPosition not reached, a damaged log); a route with a query or path to
// parse: 400; a route with a body: 400, 413, 415, and 507 (the disk full).
const READ = [400, 401, 403, 429, 503];
const WRITE = [400, 401, 403, 413, 415, 507];

// An upload is read past the 64 KiB JSON limit, up to 50 MiB (413 beyond); any media type is taken.
const IMPORT: Omit<Operation, 'path' | 'summary' | 'response' | 'handler'> = {
  method: 'post',
  roles: WRITERS,
  params: ProgrammeParams,
  query: ImportQuery,
  upload: true,
  status: 200,
  errors: [400, 401, 403, 404, 413, 415, 507],
};

export const OPERATIONS: readonly Operation[] = [
  { method: 'get', path: '/api/health', summary: 'Health check (no token)', status: 200, response: HealthAnswer, errors: [], handler: () => ({ status: 200, body: { status: 'ok' } }) },
  { method: 'get', path: '/api/openapi.json', summary: 'This document (no token: it holds no data)', status: 200, response: OpenApiAnswer, errors: [], handler: () => ({ status: 200, body: openApiDocument() }) },
  { method: 'get', path: '/api/me', summary: 'The token’s role, partner and name', roles: ALL_ROLES, query: NoQuery, status: 200, response: MeAnswer, errors: READ, handler: me.whoAmI },
  { method: 'get', path: '/api/programmes', summary: 'Programmes (a partner sees those it belongs to)', roles: ALL_ROLES, query: NoQuery, status: 200, response: ProgrammeList, errors: READ, handler: programmes.listProgrammes },
  { method: 'post', path: '/api/programmes', summary: 'Open a programme', roles: ['coordinator'], query: NoQuery, body: ProgrammeBody, status: 201, response: ProgrammeBody, errors: [...WRITE, 409], handler: programmes.openProgramme },
  {
    method: 'get',
    path: '/api/programmes/{p}',
    summary: 'A programme’s set-up: partners, axes, actions, sites, rates',
    roles: ALL_ROLES,
    params: ProgrammeParams,
    query: AsOfQuery,
    status: 200,
    response: ProgrammeAnswer,
    errors: [...READ, 403, 404],
    handler: programmes.programmeDetail,
  },
  ...(
    [
      ['partners', 'Add a partner', PartnerBody, programmes.addPartner],
      ['axes', 'Define an axis', AxisBody, programmes.defineAxis],
      ['actions', 'Define an action', ActionBody, programmes.defineAction],
      ['sites', 'Register a site', SiteBody, programmes.registerSite],
      ['rates', 'Set a valuation rate', RateBody, programmes.setRate],
    ] as const
  ).map(
    ([collection, summary, body, handler]): Operation => ({
      method: 'post',
      path: `/api/programmes/{p}/${collection}`,
      summary: `${summary} (idempotent by id: the same request again gives the same 201)`,
      roles: ['coordinator'],
      params: ProgrammeParams,
      query: NoQuery,
      body,
      status: 201,
      response: body,
      errors: [...WRITE, 404, 409],
      handler,
    }),
  ),
  {
    method: 'post',
    path: '/api/programmes/{p}/contributions',
    summary: 'Record a contribution (idempotent by id: the same request again gives the same 201)',
    roles: WRITERS,
    params: ProgrammeParams,
    query: NoQuery,
    body: ContributionBody,
    status: 201,
    response: ContributionAnswer,
    errors: [...WRITE, 404, 409],
    handler: contributions.recordContribution,
  },
  {
    method: 'get',
    path: '/api/programmes/{p}/contributions',
    summary: 'Contributions (a partner: its own; another partner’s partnerId is a 403)',
    roles: ALL_ROLES,
    params: ProgrammeParams,
    query: ContributionsQuery,
    status: 200,
    response: ContributionList,
    errors: [...READ, 403, 404],
    handler: contributions.listContributions,
  },
  {
    method: 'get',
    path: C,
    summary: 'A contribution: current state, value and full history (a partner: its own)',
    roles: ALL_ROLES,
    params: ContributionParams,
    query: ContributionReadQuery,
    status: 200,
    response: ContributionDetail,
    errors: [...READ, 403, 404],
    handler: contributions.contributionDetail,
  },
  ...(
    [
      ['corrections', 'Correct a contribution (the full corrected content and a reason)', WRITERS, CorrectionBody, contributions.correctContribution],
      ['withdrawal', 'Withdraw a contribution', WRITERS, WithdrawalBody, contributions.withdrawContribution],
      ['validation', 'Validate a contribution', ['coordinator'], ValidationBody, contributions.validateContribution],
      ['rejection', 'Reject a contribution', ['coordinator'], RejectionBody, contributions.rejectContribution],
    ] as const
  ).map(
    ([step, summary, roles, body, handler]): Operation => ({
      method: 'post',
      path: `${C}/${step}`,
      summary: `${summary}; a stale expectedVersion is a 409`,
      roles,
      params: ContributionParams,
      query: ContributionQuery,
      body,
      status: 200,
      response: ContributionAnswer,
      errors: [...WRITE, 404, 409],
      handler,
    }),
  ),
  {
    ...IMPORT,
    path: '/api/programmes/{p}/imports',
    summary: 'Import a spreadsheet (.xlsx, .ods, .csv) or a Coop activity export, the file as the body (streamed, at most 50 MiB; Accept: application/x-ndjson answers a progress line per batch, then the report); dryRun=true writes nothing (a partner: its own rows, the others refused row by row)',
    response: ImportAnswer,
    handler: imports.importFile,
  },
  {
    ...IMPORT,
    path: '/api/programmes/{p}/imports/refused.xlsx',
    summary: 'The same import (or dry run), answered with the workbook of the refused rows and their reasons',
    response: 'xlsx',
    handler: imports.importRefusedWorkbook,
  },
  {
    method: 'post',
    path: '/api/programmes/{p}/publications',
    summary: 'Publish the collective figures: what partners see of one another (docs/api.md, Confidentialité)',
    roles: ['coordinator', 'treasurer'],
    params: ProgrammeParams,
    query: NoQuery,
    body: PublicationBody,
    status: 201,
    response: PublicationAnswer,
    errors: [...WRITE, 404, 409],
    handler: programmes.publishFigures,
  },
  {
    method: 'get',
    path: '/api/programmes/{p}/totals',
    summary: 'The totals document (collective, for every role); a closed year without asOf: the closed figures, the live total and the adjustments since (closedYear)',
    roles: ALL_ROLES,
    params: ProgrammeParams,
    query: TotalsQuery,
    status: 200,
    response: TotalsOrClosedAnswer,
    errors: [...READ, 403, 404],
    handler: totals.totals,
  },
  {
    method: 'get',
    path: '/api/programmes/{p}/budget',
    summary: 'The budget of an action or of the programme, seen from an applicant: lines, in-kind block, checks',
    roles: READERS,
    params: ProgrammeParams,
    query: BudgetQuery,
    status: 200,
    response: BudgetAnswer,
    errors: [...READ, 403, 404],
    handler: reports.budget,
  },
  {
    method: 'get',
    path: '/api/programmes/{p}/exports/{workbook}.xlsx',
    summary: 'A workbook, built as `socle export` builds it (same filters, same Provenance sheet)',
    roles: READERS,
    params: ExportParams,
    query: ExportQuery,
    status: 200,
    response: 'xlsx',
    errors: [...READ, 403, 404],
    guard: reports.knownWorkbook,
    handler: reports.exportXlsx,
  },
  {
    method: 'get',
    path: '/api/programmes/{p}/dossier.zip',
    summary: 'A funder dossier, built as `socle dossier` builds it: the applicant’s form with its Contrôles, its fiches action, its contributions and manifeste.json (position, head hash, sha256 of each file)',
    roles: ['coordinator', 'treasurer'],
    params: ProgrammeParams,
    query: DossierQuery,
    status: 200,
    response: 'zip',
    errors: [...READ, 403, 404],
    handler: dossier.dossierZip,
  },
  // ---- service hours, targets and indicators (issue 15) ----
  ...(
    [
      ['service/schedules', 'Set a site’s weekly service hours on one axis (a partner: its own sites)', WRITERS, ScheduleBody, service.setSchedule],
      ['service/targets', 'Set a target of weekly service hours (programme, axis, site)', ['coordinator'], TargetBody, service.setTarget],
      ['indicators', 'Define an indicator of an action (a partner: the actions it pilots)', WRITERS, IndicatorBody, service.defineIndicator],
      ['measurements', 'Record a measurement of an indicator (a partner: the actions it pilots)', WRITERS, MeasurementBody, service.recordMeasurement],
    ] as const
  ).map(
    ([collection, summary, roles, body, handler]): Operation => ({
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
    }),
  ),
  ...(
    [
      ['service/schedules/{id}/corrections', 'Correct a schedule (its whole content and a reason)', WRITERS, ScheduleCorrectionBody, service.correctSchedule],
      ['service/schedules/{id}/withdrawal', 'Withdraw a schedule (a reason)', WRITERS, ScheduleWithdrawalBody, service.withdrawSchedule],
      ['service/targets/{id}/corrections', 'Correct a target (its whole content and a reason)', ['coordinator'], TargetCorrectionBody, service.correctTarget],
      ['indicators/{id}/corrections', 'Correct an indicator (its whole definition and a reason)', WRITERS, IndicatorCorrectionBody, service.correctIndicator],
      ['measurements/{id}/corrections', 'Correct a measurement (its whole content and a reason)', WRITERS, MeasurementCorrectionBody, service.correctMeasurement],
      ['measurements/{id}/withdrawal', 'Withdraw a measurement (a reason): it stays in the log and no longer counts', WRITERS, MeasurementWithdrawalBody, service.withdrawMeasurement],
    ] as const
  ).map(
    ([step, summary, roles, body, handler]): Operation => ({
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
    }),
  ),
  {
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
  },
  {
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
  },
  {
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
  },
  // closings (issue 16)
  {
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
  },
  {
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
  },
  {
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
  },
  {
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
  },
  // what-if scenarios (issue 16): the coordinator writes them, the readers compare them with the real plan
  {
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
  },
  {
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
  },
  ...(
    [
      ['scenarios', 'Draft a scenario on the ledger at asOf or asOfDate (default the head)', ProgrammeParams, ScenarioBody, 201, scenarios.draft],
      ['scenarios/{s}/copies', 'Copy a scenario (its base and facts) under a new id', ScenarioParams, ScenarioCopyBody, 201, scenarios.copy],
      ['scenarios/{s}/edits', 'Retitle a scenario, or change its description', ScenarioParams, ScenarioEditBody, 200, scenarios.edit],
      ['scenarios/{s}/facts', 'Add a hypothetical fact to a scenario (never to the ledger)', ScenarioParams, ScenarioFactBody, 201, scenarios.addFact],
      ['scenarios/{s}/facts/{f}/removal', 'Remove a fact from a scenario, with a reason', ScenarioFactParams, ScenarioReasonBody, 200, scenarios.removeFact],
      ['scenarios/{s}/archive', 'Archive a scenario, with a reason (it may still be read and copied)', ScenarioParams, ScenarioReasonBody, 200, scenarios.archive],
    ] as const
  ).map(
    ([step, summary, params, body, status, handler]): Operation => ({
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
    }),
  ),
  { method: 'get', path: '/api/ledger/verify', summary: 'Recompute the hash chain, replay the read model, check the signed checkpoints', roles: ['coordinator', 'auditor'], query: NoQuery, status: 200, response: VerifyAnswer, errors: [...READ, 403], handler: ledger.verifyLedger },
  {
    method: 'get',
    path: '/api/ledger/proof',
    summary: 'Merkle proof (RFC 9162) that the log at `to` (default the head) extends the log at `from`',
    roles: ['coordinator', 'auditor'],
    query: ProofQuery,
    status: 200,
    response: ProofAnswer,
    errors: [...READ, 403],
    handler: ledger.ledgerProofOf,
  },
];

/** Each path template as a regular expression (express matches paths case-insensitively, a trailing slash allowed). */
const MATCHERS: { pattern: RegExp; methods: Set<string> }[] = [];
for (const op of OPERATIONS) {
  const source = `^${op.path.replace(/[.]/g, '\\.').replace(/\{\w+\}/g, '[^/]+')}/?$`;
  let matcher = MATCHERS.find((m) => m.pattern.source === new RegExp(source, 'i').source);
  if (!matcher) MATCHERS.push((matcher = { pattern: new RegExp(source, 'i'), methods: new Set() }));
  matcher.methods.add(op.method.toUpperCase());
  if (op.method === 'get') matcher.methods.add('HEAD');
}

/** The methods a path of the table takes (`Allow`), or undefined for a path the API does not have. */
export function allowedMethods(path: string): string[] | undefined {
  const methods = new Set<string>();
  for (const m of MATCHERS) if (m.pattern.test(path)) for (const method of m.methods) methods.add(method);
  return methods.size === 0 ? undefined : [...methods];
}
