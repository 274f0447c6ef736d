// Every cell of a workbook as text, for comparing two workbooks cell by cell: the generation time on
// the Provenance sheet is the one cell that may differ between two runs of the same export.
import ExcelJS from 'exceljs';

export async function workbookCells(bytes: Uint8Array): Promise<string[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const cells: string[] = [];
  workbook.eachSheet((sheet) => {
    sheet.eachRow({ includeEmpty: false }, (row) => {
      if (sheet.name === 'Provenance' && row.getCell(1).value === 'Généré le') return;
      row.eachCell({ includeEmpty: false }, (cell) => {
        cells.push(`${sheet.name}!${cell.address}=${JSON.stringify(cell.value)}`);
      });
    });
  });
  return cells;
}

/** The Provenance sheet's Position and Empreinte. */
export async function provenanceStamp(bytes: Uint8Array): Promise<{ position: number; headHash: string }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('Provenance');
  if (!sheet) throw new Error('no Provenance sheet');
  let position: number | undefined;
  let headHash: string | undefined;
  sheet.eachRow((row) => {
    if (row.getCell(1).value === 'Position') position = Number(row.getCell(2).value);
    if (row.getCell(1).value === 'Empreinte') headHash = String(row.getCell(2).value);
  });
  if (position === undefined || headHash === undefined) throw new Error('the Provenance sheet has no Position or Empreinte');
  return { position, headHash };
}
