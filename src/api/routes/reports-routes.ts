// Budgets and workbooks, mounted under /api/programmes/:p, for the coordinator, the treasurer and the
// auditor. GET /budget answers the budget document (lines, in-kind block, checks); GET
// /exports/:workbook.xlsx answers the workbook as a download, built exactly as `socle export` would
// (same filters, same Provenance, same reproducing command).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Router } from 'express';
import { z } from 'zod';
import type { Socle } from '../../app/socle.ts';
import { closedWorkbook } from '../../app/closings.ts';
import { requireProgramme } from '../../app/socle.ts';
import { budgetDocument } from '../../reports/budget.ts';
import { exportWorkbook, validateRequest } from '../../exports/export-workbook.ts';
import { defaultFileName, isWorkbookName, type ExportRequest } from '../../exports/workbook-request.ts';
import { BudgetSpec, budgetOptionsOf, defined, parseSpec } from '../../reports/report-specs.ts';
import { actorOf, allow, requireProgrammeAccess } from '../auth.ts';
import { HttpProblem } from '../problem.ts';
import { API_FR } from '../../messages/fr.ts';
import { askedPosition, checkAsOf, ledgerAsOf, withAsked } from '../read.ts';
import { BudgetQuery, ExportParams, ExportQuery, ProgrammeParams, parseRequest } from '../schemas.ts';

import { XLSX_TYPE } from '../route-table.ts';

export function reportsRouter({ socle }: { socle: Socle }): Router {
  // mergeParams: the programme id (:p) comes from the mount path.
  const router = Router({ mergeParams: true });
  const readers = allow('coordinator', 'treasurer', 'auditor');

  router.get('/budget', readers, async (req, res) => {
    const { p } = parseRequest(ProgrammeParams, req.params, 'path');
    const query = parseRequest(BudgetQuery, req.query, 'query');
    await requireProgrammeAccess(socle, actorOf(res), p);
    const spec = parseSpec(BudgetSpec, specOfQuery(query));
    const { asOf, date } = await askedPosition(socle, actorOf(res), p, spec);
    const checkpoint = await ledgerAsOf(socle, asOf);
    const programme = requireProgramme(checkpoint.state, p);
    const document = budgetDocument(checkpoint, programme, budgetOptionsOf(spec));
    res.json(date ? { ...document, asOf: withAsked(document.asOf, date) } : document);
  });

  router.get('/exports/:workbook.xlsx', readers, async (req, res) => {
    if (!isWorkbookName(String(req.params.workbook))) throw new HttpProblem(404, API_FR.unknownWorkbook(String(req.params.workbook)));
    const { p, workbook } = parseRequest(ExportParams, req.params, 'path');
    const query = parseRequest(ExportQuery, req.query, 'query');
    await requireProgrammeAccess(socle, actorOf(res), p);
    const request = validateRequest({ workbook, programmeId: p, ...specOfQuery(query) });
    // A date is resolved here, once: the workbook is made at its position, and names both (Provenance).
    const { asOf: asked } = await askedPosition(socle, actorOf(res), p, request);
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
  });

  return router;
}

/** The query's fields under the spec's names (the query says `applicant` for the applicant's id). */
function specOfQuery(query: z.output<typeof ExportQuery>): Omit<ExportRequest, 'workbook' | 'programmeId'> {
  const { applicant, ...rest } = query;
  return defined({ ...rest, applicantId: applicant });
}
