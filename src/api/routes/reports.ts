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
import { requireProgramme } from '../../app/socle.ts';
import { IdSchema } from '../../domain/schemas.ts';
import { budgetDocument } from '../../../projections/budget.ts';
import { CODE_MAPS } from '../../../projections/budget-lines.ts';
import { exportWorkbook, validateRequest } from '../../../exports/export.ts';
import { defaultFileName, isWorkbookName, type ExportRequest } from '../../../exports/request.ts';
import { actorOf, allow, requireProgrammeAccess } from '../auth.ts';
import { HttpProblem } from '../problem.ts';
import { checkAsOf, ledgerAsOf } from '../read.ts';
import { ProgrammeParams, parseRequest } from '../schemas.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const AsOf = z.string().regex(/^\d{1,15}$/, 'expected a global position (a whole number)').transform(Number);
const Year = z
  .string()
  .regex(/^\d{4}$/, 'expected a year such as 2024')
  .transform(Number)
  .refine((y) => y >= 1900 && y <= 2200, 'expected a year from 1900 to 2200');
const Flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const Percent = z.string().regex(/^\d{1,3}(\.\d{1,2})?$/, 'expected a percentage such as 80');

const filterFields = {
  applicant: IdSchema.optional(),
  actionId: IdSchema.optional(),
  year: Year.optional(),
  include: z.enum(['active', 'validated']).optional(),
  codes: z.enum(CODE_MAPS as unknown as ['cerfa', 'anc']).optional(),
  publicCap: Percent.optional(),
  inKindEligible: Flag.optional(),
  chefDeFile: Flag.optional(),
  asOf: AsOf.optional(),
};

export const BudgetQuery = z.strictObject({ ...filterFields, status: z.enum(['planned', 'actual', 'both']).optional() });
/** `status` depends on the workbook (budget: planned|actual|both; funding-plan: consolidated|planned|actual): checked with the request. */
export const ExportQuery = z.strictObject({ ...filterFields, status: z.enum(['planned', 'actual', 'both', 'consolidated']).optional() });
const ExportParams = z.strictObject({ p: IdSchema, workbook: z.string() });

export function reportsRouter({ socle }: { socle: Socle }): Router {
  // mergeParams: the programme id (:p) comes from the mount path.
  const router = Router({ mergeParams: true });
  const readers = allow('coordinator', 'treasurer', 'auditor');

  router.get('/budget', readers, async (req, res) => {
    const { p } = parseRequest(ProgrammeParams, req.params, 'path');
    const query = parseRequest(BudgetQuery, req.query, 'query');
    await requireProgrammeAccess(socle, actorOf(res), p);
    const checkpoint = await ledgerAsOf(socle, query.asOf);
    const programme = requireProgramme(checkpoint.state, p);
    validateRequest(toRequest('budget', p, query));
    res.json(
      budgetDocument(checkpoint, programme, {
        ...(query.actionId !== undefined && { actionId: query.actionId }),
        ...(query.applicant !== undefined && { applicantId: query.applicant }),
        ...(query.year !== undefined && { year: query.year }),
        status: query.status ?? 'both',
        include: query.include ?? 'active',
        codes: query.codes ?? 'cerfa',
        checks: {
          ...(query.publicCap !== undefined && { publicFundingCapPercent: query.publicCap }),
          ...(query.inKindEligible !== undefined && { inKindEligible: query.inKindEligible }),
          ...(query.chefDeFile !== undefined && { chefDeFile: query.chefDeFile }),
        },
      }),
    );
  });

  router.get('/exports/:workbook.xlsx', readers, async (req, res) => {
    const { p, workbook } = parseRequest(ExportParams, req.params, 'path');
    if (!isWorkbookName(workbook)) throw new HttpProblem(404, `no workbook "${workbook}": contributions, budget, funding-plan or journal`);
    const query = parseRequest(ExportQuery, req.query, 'query');
    await requireProgrammeAccess(socle, actorOf(res), p);
    if (query.asOf !== undefined) await checkAsOf(socle, query.asOf);
    const request = toRequest(workbook, p, query);
    validateRequest(request);
    // One version for the whole workbook, taken before anything is read.
    const source = await socle.readSource(query.asOf);
    const dir = mkdtempSync(join(tmpdir(), 'socle-export-'));
    try {
      const fileName = defaultFileName(request);
      const result = await exportWorkbook(source, request, join(dir, fileName));
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

function toRequest(workbook: ExportRequest['workbook'], programmeId: string, query: z.output<typeof ExportQuery>): ExportRequest {
  return {
    workbook,
    programmeId,
    ...(query.year !== undefined && { year: query.year }),
    ...(query.actionId !== undefined && { actionId: query.actionId }),
    ...(query.applicant !== undefined && { applicantId: query.applicant }),
    ...(query.asOf !== undefined && { asOf: query.asOf }),
    ...(query.include !== undefined && { include: query.include }),
    ...(query.status !== undefined && { status: query.status }),
    ...(query.codes !== undefined && { codes: query.codes }),
    ...(query.publicCap !== undefined && { publicCap: query.publicCap }),
    ...(query.inKindEligible && { inKindEligible: true }),
    ...(query.chefDeFile && { chefDeFile: true }),
  };
}
