// POST /api/programmes/:p/imports (and …/imports/refused.xlsx): a spreadsheet or a Coop export,
// uploaded as the body, imported as `socle import contributions` imports it
// (src/app/import-contributions.ts), or only checked with dryRun=true (the page's preview). A
// coordinator imports any partner's rows; a partner its own, the others refused row by row. The
// JSON answer is the row-level report; refused.xlsx answers the workbook of refused rows. Mounted
// before the API's JSON-only rule: this body is a file, at most 50 MiB, streamed to a temporary
// file as it arrives (upload-spool.ts), never held in memory.
import type { Request } from 'express';
import { importContributions, type ImportRequest } from '../../app/import-contributions.ts';
import { MAX_IMPORT_FILE_BYTES } from '../../domain/limits.ts';
import { UnreadableFileError } from '../../import/cells.ts';
import { parseMappingText } from '../../import/mapping-file.ts';
import { reportLines, type ImportReport } from '../../import/report.ts';
import { reportWorkbook } from '../../import/report-workbook.ts';
import { fileSource } from '../../import/source.ts';
import { requireProgrammeAccess, requireSees } from '../auth.ts';
import { HttpProblem, mapError, problemBody } from '../problem.ts';
import type { ImportQuery } from '../import-schemas.ts';
import type { ProgrammeParams } from '../schemas.ts';
import { XLSX_TYPE } from '../media-types.ts';
import type { Handler, RouteContext } from '../route-context.ts';
import { spoolUpload, type SpooledUpload } from '../upload-spool.ts';

type ImportContext = RouteContext<typeof ProgrammeParams, typeof ImportQuery>;

async function runImport({ socle, actor, params: { p }, query, req }: ImportContext, onProgress?: ImportRequest['onProgress']): Promise<ImportReport> {
  await requireProgrammeAccess(socle, actor, p);
  if (query.partnerId !== undefined) requireSees(actor, query.partnerId);
  let upload: SpooledUpload | undefined;
  try {
    const mapping = query.mapping === undefined ? {} : parseMappingText(query.mapping);
    upload = await spoolUpload(req, MAX_IMPORT_FILE_BYTES);
    return await importContributions(socle.commands, {
      programmeId: p,
      source: fileSource(upload.path, query.filename ?? 'envoi'),
      mapping,
      ...(query.partnerId !== undefined && { partnerId: query.partnerId }),
      dryRun: query.dryRun ?? false,
      actor,
      ...(onProgress && { onProgress }),
    });
  } catch (error) {
    // A file refused whole: a 400 in one sentence, nothing written.
    if (error instanceof UnreadableFileError) throw new HttpProblem(400, error.message);
    throw error;
  } finally {
    upload?.remove();
  }
}

/** POST /:p/imports: the report as JSON, or as NDJSON lines while it goes when the page asks so. */
export const importFile: Handler<typeof ProgrammeParams, typeof ImportQuery> = async (ctx) => {
  if (wantsProgress(ctx.req)) return progressImport(ctx);
  return { status: 200, body: reportAnswer(await runImport(ctx)) };
};

/** POST /:p/imports/refused.xlsx: the same import, answered with the workbook of the refused rows. */
export const importRefusedWorkbook: Handler<typeof ProgrammeParams, typeof ImportQuery> = async (ctx) => {
  const report = await runImport(ctx);
  ctx.res.set({ 'Content-Type': XLSX_TYPE, 'Content-Disposition': 'attachment; filename="lignes-refusees.xlsx"' });
  ctx.res.status(200).send(await reportWorkbook(report));
};

function reportAnswer(report: ImportReport) {
  return {
    dryRun: report.dryRun,
    source: report.source,
    header: report.header,
    rows: report.rows,
    imported: report.imported,
    alreadyImported: report.alreadyImported,
    skipped: report.skipped,
    refused: report.refused.map(({ row, problems }) => ({ row, problems })),
    summary: reportLines(report, 0)[0]!,
  };
}

const NDJSON = 'application/x-ndjson';

/** The page asks for the import's progress as it goes: one JSON line per batch, then the report. */
function wantsProgress(req: Request): boolean {
  return (req.headers.accept ?? '').split(',').some((type) => type.trim().startsWith(NDJSON));
}

/**
 * The import answered as lines (NDJSON): `{"progress": {rows, imported, totalRows}}` after each batch
 * of the second pass, then `{"report": …}` (the JSON answer's body). Until the first line nothing is
 * sent, so a file refused whole (the first pass) or a refused request is still its problem+json
 * status; an error after the first line can only be a line: `{"problem": {status, detail}}`.
 */
async function progressImport(ctx: ImportContext): Promise<void> {
  const res = ctx.res;
  const line = (value: unknown) => res.write(`${JSON.stringify(value)}\n`);
  const onProgress = (rows: number, imported: number, totalRows?: number) => {
    if (!res.headersSent) res.status(200).set({ 'Content-Type': NDJSON, 'Cache-Control': 'no-store' });
    line({ progress: { rows, imported, ...(totalRows !== undefined && { totalRows }) } });
  };
  try {
    const report = await runImport(ctx, onProgress);
    if (!res.headersSent) res.status(200).set({ 'Content-Type': NDJSON, 'Cache-Control': 'no-store' });
    line({ report: reportAnswer(report) });
    res.end();
  } catch (error) {
    if (!res.headersSent) throw error;
    const mapped = mapError(error);
    line({ problem: problemBody(mapped.status, mapped.detail, mapped.errors) });
    res.end();
  }
}
