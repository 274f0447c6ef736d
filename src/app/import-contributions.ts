// `socle import contributions` and POST …/imports: a spreadsheet or a Coop export → contributions.
// The file is read through twice. The first pass maps every row and writes nothing: a file that
// cannot be read whole (not a spreadsheet, no header, a broken zip halfway, too many rows) is
// refused in one sentence before any row is written. The second pass decides rows against the
// store a batch at a time and appends each batch's new contributions in one store call
// (recordBatch → handleBatch → appendMany: one transaction per batch, written whole or not at all). Memory holds one batch, the refused rows and one
// digest per row identity, never the file.
import type { Actor } from '../domain/actor.ts';
import { ConflictError, DomainError, invalid, InvalidCommandError, NotFoundError } from '../domain/errors.ts';
import { IMPORT_BATCH_ROWS } from '../domain/limits.ts';
import { DOMAIN_FR, IMPORT_FR } from '../messages/fr.ts';
import type { Header } from '../import/headers.ts';
import type { Mapping } from '../import/mapping-file.ts';
import { planRows, type PlannedRow } from '../import/plan.ts';
import { emptyReport, type ImportReport } from '../import/report.ts';
import { readRows, sniffFormat } from '../import/rows.ts';
import type { ByteSource } from '../import/source.ts';
import { FIELD_LABELS, type RowProblem } from '../import/table-row.ts';
import type { Field } from '../import/mapping-file.ts';
import type { BatchItem, LedgerCommands } from './commands.ts';
import { VersionConflictError } from '../store/port.ts';

export interface ImportRequest {
  programmeId: string;
  source: ByteSource;
  mapping?: Mapping;
  /** The partner of rows that name none. */
  partnerId?: string;
  dryRun: boolean;
  actor: Actor;
  /**
   * After each batch: rows read so far, contributions imported so far, and the rows of the file as
   * the first pass counted them (none in a dry run, which reads the file once).
   */
  onProgress?(rows: number, imported: number, totalRows?: number): void;
  batchRows?: number;
}

export async function importContributions(commands: LedgerCommands, request: ImportRequest): Promise<ImportReport> {
  const format = await sniffFormat(request.source);
  const programme = await commands.programme(request.programmeId);
  if (!programme.state.opened) throw new NotFoundError(DOMAIN_FR.unknownProgramme(request.programmeId));
  // A wrong --partner would refuse every row one by one: say it once.
  if (request.partnerId !== undefined && !programme.state.partners.has(request.partnerId)) throw invalid('partnerId', DOMAIN_FR.unknownPartner(request.partnerId));
  const mapping = request.mapping ?? {};
  const plan = (onHeader?: (header: Header) => void) =>
    planRows(
      readRows(request.source, format, mapping.sheet),
      { programmeId: request.programmeId, programme: programme.state, mapping, actor: request.actor, ...(request.partnerId !== undefined && { partnerId: request.partnerId }) },
      onHeader ? { onHeader } : {},
    );
  // Pass 1: the whole file must read, or nothing is written.
  let totalRows: number | undefined;
  if (!request.dryRun) {
    totalRows = 0;
    for await (const _ of plan()) totalRows++;
  }

  const report = emptyReport(request.dryRun);
  let header: Header | undefined;
  let batch: Extract<PlannedRow, { kind: 'candidate' }>[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const items: BatchItem[] = batch.map((row) => ({ contributionId: row.contributionId, content: row.content }));
    const outcomes = await commands.recordBatch(request.programmeId, items, request.actor, request.dryRun);
    outcomes.forEach((outcome, index) => {
      const row = batch[index]!;
      if (outcome.outcome === 'recorded') {
        report.imported++;
        report.importedIds.push(row.contributionId);
      } else if (outcome.outcome === 'already') report.alreadyImported++;
      else if ('error' in outcome) report.refused.push({ row: row.row, cells: row.cells, problems: problemsOf(outcome.error, header!) });
    });
    batch = [];
    request.onProgress?.(report.rows, report.imported, totalRows);
  };
  for await (const row of plan((found) => (header = found))) {
    report.rows++;
    if (row.kind === 'skipped') report.skipped++;
    else if (row.kind === 'refused') report.refused.push({ row: row.row, cells: row.cells, problems: row.problems });
    else {
      batch.push(row);
      if (batch.length >= (request.batchRows ?? IMPORT_BATCH_ROWS)) await flush();
    }
  }
  await flush();
  report.header = header!.names;
  report.source = header!.source;
  report.refused.sort((a, b) => a.row - b.row);
  return report;
}

/** The domain's field paths → the file's columns. */
const FIELD_OF_PATH: Record<string, Field> = {
  partnerId: 'partner',
  kind: 'kind',
  status: 'status',
  date: 'date',
  until: 'until',
  quantity: 'quantity',
  unit: 'unit',
  amount: 'amount',
  actionId: 'action',
  siteId: 'site',
  description: 'description',
  evidence: 'evidence',
  role: 'role',
};

function problemsOf(error: unknown, header: Header): RowProblem[] {
  const column = (path: string) => {
    const field = FIELD_OF_PATH[path];
    if (field === undefined) return path;
    const index = header.columns[field];
    if (header.source === 'coop' && field === 'quantity') return 'Durée (min)';
    return index === undefined ? FIELD_LABELS[field] : header.names[index]!;
  };
  if (error instanceof InvalidCommandError && error.errors.length > 0) return error.errors.map((e) => ({ column: column(e.path), reason: e.message }));
  if (error instanceof ConflictError && error.message.includes('existe déjà')) return [{ column: '(toute la ligne)', reason: IMPORT_FR.conflict }];
  if (error instanceof DomainError || error instanceof VersionConflictError) return [{ column: '(toute la ligne)', reason: error.message }];
  // Not a row's fault (the store is down, the disk is full): the import stops, and says why.
  throw error;
}
