// One export request, whatever asked for it (the command line, the HTTP API, `socle demo`): which
// workbook, which programme, which filters. It also knows the command line that reproduces it.
import { FORM_TITLE, type FunderForm } from '../reports/funder-form.ts';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import type { Include } from '../reports/totals-document.ts';
import type { BudgetStatus } from '../reports/budget.ts';
import type { CodeMap } from '../reports/budget-lines.ts';
import type { PlanMode } from '../reports/funding-plan.ts';
import { BudgetSpec, FundingPlanSpec, TotalsSpec, checkOptionsOf, defined, parseSpec, specError, type BudgetSpec as BudgetSpecValue, type FundingPlanSpec as FundingPlanSpecValue } from '../reports/report-specs.ts';
import type { FieldError } from '../domain/errors.ts';
import { DOMAIN_FR } from '../messages/fr.ts';
import { SERVICE_FR } from '../messages/service-fr.ts';

export const WORKBOOKS = ['contributions', 'budget', 'funding-plan', 'journal', 'service'] as const;
export type WorkbookName = (typeof WORKBOOKS)[number];

/** One parsed workbook spec (parseExportRequest): the report's spec plus the workbook and the programme. */
export interface ExportRequest {
  workbook: WorkbookName;
  programmeId: string;
  year?: number;
  actionId?: string;
  applicantId?: string;
  /** Global position: the ledger as it stood right after that event. Default: the head. */
  asOf?: number;
  /** Or a date (report-specs.ts AsOfDate): the ledger after the last event recorded at or before it, resolved by the caller to its read source. */
  asOfDate?: string;
  include?: Include;
  /** budget: planned | actual | both (default both); funding-plan: consolidated (default) | planned | actual. */
  status?: BudgetStatus | PlanMode;
  /** budget: the code map of the output format (default cerfa). */
  codes?: CodeMap;
  /** budget: check 3's cap in percent (default 100). */
  publicCap?: string;
  /** budget: check 5's maximum EU co-financing rate in percent (default 85). */
  euCap?: string;
  /** budget: check 3 counts valued in-kind contributions in the eligible cost. */
  inKindEligible?: boolean;
  /** budget: check 4 at 30 % (chef de file) instead of 20 %. */
  chefDeFile?: boolean;
  /** budget: the form to print on (funder-form.ts); default the applicant's own. */
  form?: FunderForm;
}

export function isWorkbookName(name: string): name is WorkbookName {
  return (WORKBOOKS as readonly string[]).includes(name);
}

/** Each workbook's spec: the budget's and the funding plan's are their reports'; the contributions take the scope; the journal, the position alone. */
const WORKBOOK_SPECS: Record<WorkbookName, z.ZodType> = {
  budget: BudgetSpec,
  'funding-plan': FundingPlanSpec,
  contributions: TotalsSpec.omit({ status: true }),
  journal: TotalsSpec.pick({ asOf: true, asOfDate: true }),
  service: TotalsSpec.pick({ asOf: true, asOfDate: true }),
};

const BUDGET_ONLY = ['codes', 'publicCap', 'euCap', 'inKindEligible', 'chefDeFile'] as const;
const JOURNAL_REFUSES = ['year', 'actionId', 'applicantId', 'include'] as const;

/**
 * Parses a workbook request, whatever asked for it (the command line's options, the API's query):
 * refuses what no workbook could honour, each with the reason in words, before anything is read.
 */
export function parseExportRequest(input: ExportRequest): ExportRequest {
  const { workbook, programmeId, ...options } = defined(input);
  const refusal = refusedFor(workbook, options);
  if (refusal) throw specError([refusal]);
  return { workbook, programmeId, ...(parseSpec(WORKBOOK_SPECS[workbook], options) as object) };
}

/** An option the workbook does not take at all, named with its own message rather than "not taken here". */
function refusedFor(workbook: WorkbookName, options: Omit<ExportRequest, 'workbook' | 'programmeId'>): FieldError | undefined {
  const given = (key: keyof typeof options) => options[key] !== undefined && options[key] !== false;
  if (given('status') && (workbook === 'contributions' || workbook === 'journal')) return { path: 'status', message: DOMAIN_FR.everyStatus(workbook) };
  if (workbook !== 'budget' && BUDGET_ONLY.some(given)) return { path: 'codes', message: DOMAIN_FR.budgetOnlyOptions };
  if (workbook === 'journal' && JOURNAL_REFUSES.some(given)) return { path: 'workbook', message: DOMAIN_FR.journalFilters };
  if (workbook === 'contributions' && given('applicantId')) return { path: 'applicant', message: DOMAIN_FR.contributionsNoApplicant };
  if (workbook === 'service' && (JOURNAL_REFUSES.some(given) || given('status'))) return { path: 'workbook', message: SERVICE_FR.serviceFilters };
  if (workbook !== 'budget' && given('form')) return { path: 'form', message: DOMAIN_FR.formOnlyForBudget };
  // A false flag asks nothing: dropped rather than refused (as before the specs).
  for (const key of ['inKindEligible', 'chefDeFile'] as const) if (options[key] === false && workbook !== 'budget') delete options[key];
  return undefined;
}

/** The budget spec of a budget request, the plan spec of a funding-plan one. */
export const budgetSpecOf = (request: ExportRequest): BudgetSpecValue => request as BudgetSpecValue;
export const fundingPlanSpecOf = (request: ExportRequest): FundingPlanSpecValue => request as FundingPlanSpecValue;

export { checkOptionsOf };

export function defaultFileName(request: Pick<ExportRequest, 'workbook' | 'programmeId' | 'actionId' | 'year'>): string {
  const parts = [request.workbook, request.programmeId, request.actionId, request.year?.toString()].filter((p): p is string => p !== undefined);
  return `${parts.join('-')}.xlsx`;
}

/** Single-quotes an argument when the shell would otherwise split or expand it. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9._\/:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The exact command that writes this workbook again with the same figures, ready to paste in the
 * project's folder: `npx socle export`, every filter, the position it was computed at (so a later
 * run ignores what was recorded since), and `--data DIR` when the ledger is not in the default folder.
 */
export function reproduceCommand(request: ExportRequest, position: number, outFile: string, dataDir?: string): string {
  const args = ['npx', 'socle', 'export', request.workbook, '--programme', request.programmeId];
  if (request.year !== undefined) args.push('--year', String(request.year));
  if (request.actionId !== undefined) args.push('--action', request.actionId);
  if (request.applicantId !== undefined) args.push('--applicant', request.applicantId);
  if (request.status !== undefined) args.push('--status', request.status);
  if (request.include !== undefined && request.include !== 'active') args.push('--include', request.include);
  if (request.codes !== undefined && request.codes !== 'cerfa') args.push('--codes', request.codes);
  if (request.publicCap !== undefined) args.push('--public-cap', request.publicCap);
  if (request.euCap !== undefined) args.push('--eu-cap', request.euCap);
  if (request.inKindEligible) args.push('--in-kind-eligible');
  if (request.chefDeFile) args.push('--chef-de-file');
  if (request.form !== undefined) args.push('--form', request.form);
  args.push('--as-of', String(position), '--out', basename(outFile));
  if (dataDir !== undefined) args.push('--data', dataDir);
  return args.map(shellWord).join(' ');
}

/** The filters in words, for the Provenance sheet. */
export function filtersInWords(request: ExportRequest): string {
  // The service workbook takes no filter: every site and axis, every week and month (issue 15).
  if (request.workbook === 'service') return 'tous les lieux et tous les axes, semaine par semaine et mois par mois';
  const words: string[] = [];
  words.push(request.year !== undefined ? `année ${request.year}` : 'toutes les années');
  words.push(request.actionId !== undefined ? `action ${request.actionId}` : 'toutes les actions');
  if (request.applicantId !== undefined) words.push(`demandeur ${request.applicantId}`);
  if (request.status !== undefined) words.push(`statut ${request.status}`);
  words.push(request.include === 'validated' ? 'contributions validées seulement' : 'contributions en attente et validées');
  if (request.workbook === 'budget') {
    words.push(`numérotation ${request.codes === 'anc' ? 'ANC 2018-06' : 'Cerfa 12156*06'}`);
    const options = checkOptionsOf(request);
    words.push(`plafond des aides publiques ${options.publicFundingCapPercent} %`);
    if (options.euCapPercent !== undefined) words.push(`taux de cofinancement de l’UE ${options.euCapPercent} %`);
    if (options.inKindEligible) words.push('contributions en nature dans le coût éligible');
    if (options.chefDeFile) words.push('opération chef de file (30 %)');
    if (request.form !== undefined) words.push(`formulaire ${FORM_TITLE[request.form]} demandé`);
  }
  return words.join(' ; ');
}

let version: string | undefined;
/** "socle 0.1.0", from package.json. */
export function generatorVersion(): string {
  if (version === undefined) {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
    version = `${pkg.name} ${pkg.version}`;
  }
  return version;
}
