// Budgets and workbooks, mounted under /api/programmes/:p, for the coordinator, the treasurer and the
// auditor. GET /budget answers the budget document (lines, in-kind block, checks); GET
// /exports/:workbook.xlsx answers the workbook as a download, built exactly as `socle export` would
// (same filters, same Provenance, same reproducing command).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Request } from 'express';
import type { z } from 'zod';
import { closedWorkbook } from '../../app/closings.ts';
import { requireProgramme } from '../../app/socle.ts';
import { budgetDocument } from '../../reports/budget.ts';
import { exportWorkbook, validateRequest } from '../../exports/export-workbook.ts';
import { defaultFileName, isWorkbookName, type ExportRequest } from '../../exports/workbook-request.ts';
import { BudgetSpec, budgetOptionsOf, defined, parseSpec } from '../../reports/report-specs.ts';
import { requireProgrammeAccess } from '../auth.ts';
import { HttpProblem } from '../problem.ts';
import { API_FR } from '../../messages/fr.ts';
import { askedPosition, checkAsOf, ledgerAsOf, withAsked } from '../read.ts';
import type { BudgetQuery, ExportParams, ExportQuery, ProgrammeParams } from '../schemas.ts';
import { XLSX_TYPE } from '../media-types.ts';
import type { Handler } from '../route-context.ts';

export const budget: Handler<typeof ProgrammeParams, typeof BudgetQuery> = async ({ socle, actor, params: { p }, query }) => {
  await requireProgrammeAccess(socle, actor, p);
  const spec = parseSpec(BudgetSpec, specOfQuery(query));
  const { asOf, date } = await askedPosition(socle, actor, p, spec);
  const checkpoint = await ledgerAsOf(socle, asOf);
  const programme = requireProgramme(checkpoint.state, p);
  const document = budgetDocument(checkpoint, programme, budgetOptionsOf(spec));
  return { status: 200, body: date ? { ...document, asOf: withAsked(document.asOf, date) } : document };
};

/** Before the path's schema: a workbook name the API does not know is a 404 (a page that is not there), not a 400. */
export function knownWorkbook(req: Request): void {
  if (!isWorkbookName(String(req.params.workbook))) throw new HttpProblem(404, API_FR.unknownWorkbook(String(req.params.workbook)));
}

/** Sends the workbook itself (a file, not JSON): returns nothing. */
export const exportXlsx: Handler<typeof ExportParams, typeof ExportQuery> = async ({ socle, actor, params: { p, workbook }, query, res }) => {
  await requireProgrammeAccess(socle, actor, p);
  const request = validateRequest({ workbook, programmeId: p, ...specOfQuery(query) });
  // A date is resolved here, once: the workbook is made at its position, and names both (Provenance).
  const { asOf: asked } = await askedPosition(socle, actor, p, request);
  // A closed year's budget or plan is its closed account, with the adjustments since (issue 16).
  const closed = await closedWorkbook(socle, request);
  const asOf = closed?.asOf ?? asked;
  if (asOf !== undefined) await checkAsOf(socle, asOf);
  // One version for the whole workbook, taken before anything is read.
  const source = await socle.readSource(asOf);
  const dir = mkdtempSync(join(tmpdir(), 'socle-export-'));
  try {
    const fileName = defaultFileName(request);
    const result = await exportWorkbook(source, request, join(dir, fileName), closed ? { closing: closed.closing } : {});
    res.set({
      'Content-Type': XLSX_TYPE,
      'Content-Disposition': `attachment; filename="${fileName}"`,
      'X-Socle-Position': String(result.position),
      'X-Socle-Head-Hash': result.headHash,
    });
    await new Promise<void>((resolve, reject) => res.sendFile(result.path, { dotfiles: 'allow' }, (error) => (error ? reject(error) : resolve())));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** The query's fields under the spec's names (the query says `applicant` for the applicant's id). */
function specOfQuery(query: z.output<typeof ExportQuery>): Omit<ExportRequest, 'workbook' | 'programmeId'> {
  const { applicant, ...rest } = query;
  return defined({ ...rest, applicantId: applicant });
}
