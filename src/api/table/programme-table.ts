// The route table, first part: health and this description, the programmes and their set-up, the
// contributions, imports, publications, totals, budgets, workbooks and the dossier. Each entry is
// written with `route` (route-entry.ts), which checks its handler against its schemas.
import type { z } from 'zod';
import { BudgetAnswer, ContributionAnswer, ContributionDetail, ContributionList, HealthAnswer, MeAnswer, OpenApiAnswer, ProgrammeAnswer, ProgrammeList, PublicationAnswer, TotalsOrClosedAnswer } from '../answer-schemas.ts';
import {
  ActionBody,
  AsOfQuery,
  AxisBody,
  BudgetQuery,
  ContributionBody,
  ContributionParams,
  ContributionQuery,
  ContributionReadQuery,
  ContributionsQuery,
  CorrectionBody,
  DossierQuery,
  ExportParams,
  ExportQuery,
  NoQuery,
  PartnerBody,
  ProgrammeBody,
  ProgrammeParams,
  PublicationBody,
  RateBody,
  RejectionBody,
  SiteBody,
  TotalsQuery,
  ValidationBody,
  WithdrawalBody,
} from '../schemas.ts';
import { ImportAnswer, ImportQuery } from '../import-schemas.ts';
import { ActionParams, ActionSheetAnswer, ActionSheetBody } from '../action-sheet-schemas.ts';
import { openApiDocument } from '../openapi.ts';
import type { Role } from '../../domain/actor.ts';
import type { Handler } from '../route-context.ts';
import { ALL_ROLES, READ, READERS, route, WRITE, WRITERS, type Operation } from '../route-entry.ts';
import * as contributions from '../routes/contributions-routes.ts';
import * as dossier from '../routes/dossier-routes.ts';
import * as imports from '../routes/imports-routes.ts';
import * as me from '../routes/me-routes.ts';
import * as programmes from '../routes/programmes-routes.ts';
import * as reports from '../routes/reports-routes.ts';
import * as totals from '../routes/totals-routes.ts';

const C = '/api/programmes/{p}/contributions/{c}';

/** POST /programmes/{p}/partners, axes, actions, sites, rates: set-up items, the coordinator's. */
function setUpRoute<B extends z.ZodType>(collection: string, summary: string, body: B, handler: Handler<typeof ProgrammeParams, typeof NoQuery, B>): Operation {
  return route({
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
  });
}

/** POST …/contributions/{c}/corrections, withdrawal, validation, rejection: a step of a contribution's life. */
function stepRoute<B extends z.ZodType>(step: string, summary: string, roles: readonly Role[], body: B, handler: Handler<typeof ContributionParams, typeof ContributionQuery, B>): Operation {
  return route({
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
  });
}

// An upload is read past the 64 KiB JSON limit, up to 50 MiB (413 beyond); any media type is taken.
const IMPORT = {
  method: 'post',
  roles: WRITERS,
  params: ProgrammeParams,
  query: ImportQuery,
  upload: true,
  status: 200,
  errors: [400, 401, 403, 404, 413, 415, 507],
} satisfies Partial<Operation>;

export const PROGRAMME_ROUTES: readonly Operation[] = [
  route({ method: 'get', path: '/api/health', summary: 'Health check (no token)', status: 200, response: HealthAnswer, errors: [], handler: () => ({ status: 200, body: { status: 'ok' } }) }),
  route({ method: 'get', path: '/api/openapi.json', summary: 'This document (no token: it holds no data)', status: 200, response: OpenApiAnswer, errors: [], handler: () => ({ status: 200, body: openApiDocument() }) }),
  route({ method: 'get', path: '/api/me', summary: 'The token’s role, partner and name', roles: ALL_ROLES, query: NoQuery, status: 200, response: MeAnswer, errors: READ, handler: me.whoAmI }),
  route({ method: 'get', path: '/api/programmes', summary: 'Programmes (a partner sees those it belongs to)', roles: ALL_ROLES, query: NoQuery, status: 200, response: ProgrammeList, errors: READ, handler: programmes.listProgrammes }),
  route({ method: 'post', path: '/api/programmes', summary: 'Open a programme', roles: ['coordinator'], query: NoQuery, body: ProgrammeBody, status: 201, response: ProgrammeBody, errors: [...WRITE, 409], handler: programmes.openProgramme }),
  route({
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
  }),
  setUpRoute('partners', 'Add a partner', PartnerBody, programmes.addPartner),
  setUpRoute('axes', 'Define an axis', AxisBody, programmes.defineAxis),
  setUpRoute('actions', 'Define an action', ActionBody, programmes.defineAction),
  setUpRoute('sites', 'Register a site', SiteBody, programmes.registerSite),
  setUpRoute('rates', 'Set a valuation rate', RateBody, programmes.setRate),
  route({
    method: 'put',
    path: '/api/programmes/{p}/actions/{a}/sheet',
    summary: 'Set an action’s fiche (services concernés, enjeux, objectifs opérationnels, calendrier prévisionnel), whole',
    roles: ['coordinator'],
    params: ActionParams,
    query: NoQuery,
    body: ActionSheetBody,
    status: 200,
    response: ActionSheetAnswer,
    errors: [...WRITE, 404, 409],
    handler: programmes.setActionSheet,
  }),
  route({
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
  }),
  route({
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
  }),
  route({
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
  }),
  stepRoute('corrections', 'Correct a contribution (the full corrected content and a reason)', WRITERS, CorrectionBody, contributions.correctContribution),
  stepRoute('withdrawal', 'Withdraw a contribution', WRITERS, WithdrawalBody, contributions.withdrawContribution),
  stepRoute('validation', 'Validate a contribution', ['coordinator'], ValidationBody, contributions.validateContribution),
  stepRoute('rejection', 'Reject a contribution', ['coordinator'], RejectionBody, contributions.rejectContribution),
  route({
    ...IMPORT,
    path: '/api/programmes/{p}/imports',
    summary: 'Import a spreadsheet (.xlsx, .ods, .csv) or a Coop activity export, the file as the body (streamed, at most 50 MiB; Accept: application/x-ndjson answers a progress line per batch, then the report); dryRun=true writes nothing (a partner: its own rows, the others refused row by row)',
    response: ImportAnswer,
    handler: imports.importFile,
  }),
  route({
    ...IMPORT,
    path: '/api/programmes/{p}/imports/refused.xlsx',
    summary: 'The same import (or dry run), answered with the workbook of the refused rows and their reasons',
    response: 'xlsx',
    handler: imports.importRefusedWorkbook,
  }),
  route({
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
  }),
  route({
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
  }),
  route({
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
  }),
  route({
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
  }),
  route({
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
  }),
];
