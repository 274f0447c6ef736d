// The workbook of refused rows: the file's own header and cells, so that the sender fixes the rows
// there and sends the sheet back as it is, plus the row's number in the original file, the column
// and the reason. A second sheet sums the import up.
import ExcelJS from 'exceljs';
import { IMPORT_FR } from '../messages/fr.ts';
import type { ImportReport } from './report.ts';

export async function reportWorkbook(report: ImportReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Socle';
  const sheet = workbook.addWorksheet(IMPORT_FR.sheetRefused, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow([...report.header, IMPORT_FR.columnRow, IMPORT_FR.columnColumn, IMPORT_FR.columnReason]).font = { bold: true };
  const width = report.header.length;
  for (const refused of report.refused) {
    const cells = [...refused.cells, ...Array<string>(Math.max(0, width - refused.cells.length)).fill('')].slice(0, Math.max(width, refused.cells.length));
    sheet.addRow([
      ...cells,
      refused.row,
      [...new Set(refused.problems.map((p) => p.column))].join(', '),
      refused.problems.map((p) => `${p.column} : ${p.reason}`).join(' ; '),
    ]);
  }
  sheet.columns.forEach((column, index) => {
    column.width = index >= width ? 40 : 18;
  });
  const summary = workbook.addWorksheet(IMPORT_FR.sheetSummary);
  summary.addRow(['Lignes lues', report.rows]);
  summary.addRow([report.dryRun ? 'À importer' : 'Importées', report.imported]);
  summary.addRow(['Déjà importées', report.alreadyImported]);
  summary.addRow(['Refusées', report.refused.length]);
  summary.addRow(['Ignorées', report.skipped]);
  summary.getColumn(1).width = 20;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
