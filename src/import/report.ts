// The row-level report of an import: every row imported, already imported, refused (row, column,
// French reason) or skipped. The refused rows keep their cells, for the workbook the sender fixes
// and sends back; the others are only counted.
import { IMPORT_FR } from '../messages/fr.ts';
import type { RowProblem } from './table-row.ts';

export interface RefusedRow {
  row: number;
  cells: string[];
  problems: RowProblem[];
}

export interface ImportReport {
  dryRun: boolean;
  /** The file's header, as in the file: the workbook of refused rows repeats it. */
  header: string[];
  source: 'table' | 'coop';
  rows: number;
  imported: number;
  alreadyImported: number;
  skipped: number;
  refused: RefusedRow[];
  /** Ids of the contributions recorded (or to be recorded, in a dry run), in file order. */
  importedIds: string[];
}

export function emptyReport(dryRun: boolean): ImportReport {
  return { dryRun, header: [], source: 'table', rows: 0, imported: 0, alreadyImported: 0, skipped: 0, refused: [], importedIds: [] };
}

/** The report in French, one line per refused problem after the summary. */
export function reportLines(report: ImportReport, maxLines = 200): string[] {
  const lines = [IMPORT_FR.summary(report.rows, report.imported, report.alreadyImported, report.refused.length, report.skipped, report.dryRun)];
  const problems = report.refused.flatMap((refused) => refused.problems.map((problem) => IMPORT_FR.refusedLine(refused.row, problem.column, problem.reason)));
  lines.push(...problems.slice(0, maxLines));
  if (problems.length > maxLines) lines.push(`… et ${problems.length - maxLines} autres (voir le classeur --report)`);
  return lines;
}
