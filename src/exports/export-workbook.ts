// Writes one workbook for a request from one read source (read-source.ts: a version of the read
// model and the log up to its position, fixed before anything is read), and writes the file
// atomically (a temporary file renamed into place), so a failure leaves nothing behind.
import { isFunderForm } from '../reports/funder-form.ts';
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { requireAction, requireProgramme, type LedgerState } from '../read-model/ledger.ts';
import type { Checkpoint } from '../read-model/runner.ts';
import { NotFoundError } from '../domain/errors.ts';
import { budgetOf, writeBudgetWorkbook } from './budget-workbook.ts';
import { writePlanDeFinancementWorkbook } from './plan-de-financement-workbook.ts';
import { writeContributionsWorkbook } from './contributions-workbook.ts';
import { fundingPlanOf, writeFundingPlanWorkbook } from './funding-plan-workbook.ts';
import { writeJournalWorkbook } from './journal-workbook.ts';
import { writeServiceWorkbook } from './service-workbook.ts';
import { foldServiceBook, type ServiceBook } from '../read-model/service-book.ts';
import { SERVICE_FR } from '../messages/service-fr.ts';
import type { Provenance } from './provenance.ts';
import type { ReadSource } from './read-source.ts';
import { filtersInWords, generatorVersion, parseExportRequest, reproduceCommand, type ExportRequest } from './workbook-request.ts';
import { DOMAIN_FR } from '../messages/fr.ts';
import { instantOfAsOfDate } from '../reports/report-specs.ts';
import type { ClosingOfWorkbook } from './adjustments-sheet.ts';

export interface ExportOptions {
  /** The generation time printed on the Provenance sheet (default: now). */
  now?: () => Date;
  /** The data folder, when not the default one: the Provenance command then says `--data DIR`. */
  dataDir?: string;
  /** A closed year's budget or funding plan (the read source is at the closing): the adjustments since, on their own sheet. */
  closing?: ClosingOfWorkbook;
}

export interface ExportResult {
  path: string;
  position: number;
  headHash: string;
}

/** The programme's service facts at the source's position (none when the source cannot give them). */
async function serviceBookOf(source: ReadSource, programmeId: string): Promise<ServiceBook> {
  return foldServiceBook(programmeId, (await source.serviceEvents?.(programmeId)) ?? [], source.position);
}

/** Refuses what no workbook could honour, before anything is read or written; answers the parsed spec. */
export function validateRequest(request: ExportRequest): ExportRequest {
  return parseExportRequest(request);
}

export async function exportWorkbook(source: ReadSource, asked: ExportRequest, outFile: string, options: ExportOptions = {}): Promise<ExportResult> {
  const request = parseExportRequest(asked);
  if (request.asOf !== undefined && request.asOf !== source.position)
    throw new Error(`the export asks for position ${request.asOf} but its read source is at ${source.position}`);
  const now = (options.now ?? (() => new Date()))();
  const { position, headHash } = source;
  const temporary = join(dirname(outFile), `.${basename(outFile)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const checkpoint = await source.latestCheckpoint?.();
  const provenanceOf = (programmeName: string): Provenance => ({
    workbook: request.workbook,
    programmeId: request.programmeId,
    programmeName,
    position,
    headHash,
    filters: filtersInWords(request),
    generator: generatorVersion(),
    generatedAt: now,
    command: reproduceCommand(request, position, outFile, options.dataDir),
    ...(options.dataDir !== undefined && { dataDir: options.dataDir }),
    ...(request.asOfDate !== undefined && { asOfDate: { asked: request.asOfDate, instant: instantOfAsOfDate(request.asOfDate)! } }),
    ...(checkpoint && { checkpoint }),
    ...(options.closing && { closing: options.closing }),
  });

  try {
    if (request.workbook === 'journal') {
      const programmeName = await source.programmeName(request.programmeId);
      if (programmeName === undefined) throw new NotFoundError(`${DOMAIN_FR.unknownProgramme(request.programmeId)} (position ${position})`);
      await writeJournalWorkbook(source, request.programmeId, provenanceOf(programmeName), temporary);
    } else {
      // Everything below reads this one version, whatever is appended meanwhile.
      const state = await source.ledger();
      const checkpoint: Checkpoint<LedgerState> = { state, position, hash: headHash };
      const programme = requireProgramme(state, request.programmeId);
      const provenance = provenanceOf(programme.name);
      switch (request.workbook) {
        case 'contributions':
          if (request.actionId !== undefined) requireAction(programme, request.actionId);
          await writeContributionsWorkbook(checkpoint, programme, request, provenance, temporary);
          break;
        case 'budget': {
          // The form follows the applicant (src/reports/funder-form.ts): a public body's is a plan de financement.
          const doc = budgetOf(checkpoint, programme, request);
          if (doc.form === 'plan-de-financement') await writePlanDeFinancementWorkbook(doc, provenance, temporary);
          else await writeBudgetWorkbook(doc, provenance, temporary);
          break;
        }
        case 'funding-plan':
          await writeFundingPlanWorkbook(fundingPlanOf(checkpoint, programme, request), provenance, temporary, await serviceBookOf(source, request.programmeId));
          break;
        case 'service':
          await writeServiceWorkbook(await serviceBookOf(source, request.programmeId), programme, provenance, temporary);
          break;
      }
    }
    renameSync(temporary, outFile);
    return { path: outFile, position, headHash };
  } finally {
    rmSync(temporary, { force: true });
  }
}
