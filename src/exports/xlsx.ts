// What every workbook shares: euro formats, header rows, print set-up, and SUM formulas stored with
// their computed results (so viewers that never recalculate still show the right totals).
//
// Money reaches a cell as a JS number because that is the only number type a spreadsheet cell has:
// the conversion happens once, here, from an exact decimal string, and Number("1234.56") is the
// double nearest to 1234.56, which every spreadsheet prints back as 1234.56. Sums are never
// computed on those numbers: their results come from the exact cents of the projections.
import ExcelJS from 'exceljs';

export type Sheet = ExcelJS.Worksheet;

export const FONT_NAME = 'Arial';
export const EURO_FORMAT = '#,##0.00 "€";[Red]-#,##0.00 "€"';
export const WHOLE_EURO_FORMAT = '#,##0 "€";[Red]-#,##0 "€"';
export const PERCENT_FORMAT = '0.00 "%"';
/** A fraction (0.4521) shown as a percentage (45,21 %): for shares computed by formulas. */
export const FRACTION_PERCENT_FORMAT = '0.00 %';
export const QUANTITY_FORMAT = '#,##0.##';
export const DATE_FORMAT = 'dd/mm/yyyy';
export const COUNT_FORMAT = '#,##0';

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
const TOTAL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const THIN: ExcelJS.Border = { style: 'thin', color: { argb: 'FF8EA9C1' } };

/** A cell's number from an exact decimal string (see the note at the top of this file). */
export function money(amount: string): number {
  return Number(amount);
}

export function newWorkbook(now: Date): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Socle';
  workbook.created = now;
  workbook.modified = now;
  return workbook;
}

export interface ColumnSpec {
  header: string;
  width: number;
  format?: string;
  wrap?: boolean;
  align?: 'left' | 'right' | 'center';
}

/** Widths and formats of a table's columns (no header row: tables put theirs where they start). */
export function setColumns(sheet: Sheet, columns: ColumnSpec[]): void {
  columns.forEach((spec, index) => {
    const column = sheet.getColumn(index + 1);
    column.width = spec.width;
    if (spec.format) column.numFmt = spec.format;
    column.alignment = { vertical: 'top', ...(spec.wrap && { wrapText: true }), ...(spec.align && { horizontal: spec.align }) };
  });
}

/** Bold on a light fill, wrapped, bordered: the row a frozen pane keeps on screen. */
export function styleHeaderRow(row: ExcelJS.Row, from = 1, to = row.cellCount): void {
  row.font = { name: FONT_NAME, bold: true, size: 10 };
  row.alignment = { vertical: 'middle', wrapText: true };
  for (let c = from; c <= to; c++) {
    const cell = row.getCell(c);
    cell.fill = HEADER_FILL;
    cell.border = { top: THIN, bottom: THIN, left: THIN, right: THIN };
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  }
}

export function styleTotalRow(row: ExcelJS.Row, from: number, to: number): void {
  for (let c = from; c <= to; c++) {
    const cell = row.getCell(c);
    cell.font = { name: FONT_NAME, bold: true, size: 10 };
    cell.fill = TOTAL_FILL;
    cell.border = { top: THIN, bottom: { style: 'double', color: { argb: 'FF8EA9C1' } } };
  }
}

export function titleCell(sheet: Sheet, address: string, text: string, size = 14): void {
  const cell = sheet.getCell(address);
  cell.value = text;
  cell.font = { name: FONT_NAME, bold: true, size };
  // A title runs over the empty cells to its right instead of wrapping in its column.
  cell.alignment = { wrapText: false, vertical: 'bottom' };
}

/** Page footer: sheet name on the left, page numbers on the right. */
export const FOOTER: Partial<ExcelJS.HeaderFooter> = { oddFooter: '&L&"Arial"&8Socle — &A&R&"Arial"&8Page &P / &N' };

/** A4, fit to one page wide (as many pages high as needed), header rows repeated on every page. */
export function pageSetupOf(orientation: 'portrait' | 'landscape', repeatRows?: { from: number; to: number }, onePage = false): Partial<ExcelJS.PageSetup> {
  return {
    paperSize: 9,
    orientation,
    fitToPage: true,
    fitToWidth: 1,
    // A form (the Cerfa budget) prints on one page; a list runs over as many pages as it needs.
    fitToHeight: onePage ? 1 : 0,
    horizontalCentered: true,
    margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    ...(repeatRows && { printTitlesRow: `${repeatRows.from}:${repeatRows.to}` }),
  };
}

/**
 * For an in-memory worksheet. The streaming writer writes a sheet's header when the sheet is
 * created, so streamed sheets take pageSetupOf() and FOOTER as addWorksheet options instead.
 */
export function printSetup(sheet: Sheet, orientation: 'portrait' | 'landscape', repeatRows?: { from: number; to: number }, onePage = false): void {
  sheet.pageSetup = { ...sheet.pageSetup, ...pageSetupOf(orientation, repeatRows, onePage) };
  sheet.headerFooter = { ...sheet.headerFooter, ...FOOTER };
}

/**
 * Spreadsheet programs do not grow a row to fit wrapped text they did not lay out themselves
 * (LibreOffice keeps the default height on import), so rows holding long text get a height from an
 * estimate of their line count.
 */
export function fitRowHeight(row: ExcelJS.Row, columns: ReadonlyArray<{ col: number; width: number }>, fontSize = 10): void {
  let lines = 1;
  for (const { col, width } of columns) {
    const value = row.getCell(col).value;
    const text = typeof value === 'string' ? value : value && typeof value === 'object' && 'text' in value ? String(value.text) : '';
    lines = Math.max(lines, wrappedLines(text, width, fontSize));
  }
  const height = heightOfLines(lines, fontSize);
  if (height !== undefined && (row.height === undefined || row.height < height)) row.height = height;
}

/** The lines `text` takes wrapped in a column `width` wide (0 for no text): fitRowHeight's estimate. */
export function wrappedLines(text: string, width: number, fontSize = 10): number {
  if (text === '') return 0;
  // Measured on DejaVu Sans (wider than Arial or Calibri): about 1.15 characters per width unit at 10 pt.
  const perLine = Math.max(1, Math.floor((width * 11.5) / fontSize) - 1);
  // One paragraph, the usual case, without splitting.
  if (!text.includes('\n')) return Math.max(1, Math.ceil(text.length / perLine));
  let count = 0;
  for (const paragraph of text.split('\n')) count += Math.max(1, Math.ceil(paragraph.length / perLine));
  return count;
}

/** The height of a row of `lines` lines, or undefined for one line (the row keeps the default height). */
export function heightOfLines(lines: number, fontSize = 10): number | undefined {
  return lines > 1 ? Math.ceil(lines * fontSize * 1.32 + 3) : undefined;
}

/** Keeps rows 1..rows visible while scrolling. */
export function freezeRows(sheet: Sheet, rows: number, columns = 0): void {
  sheet.views = [{ state: 'frozen', ySplit: rows, xSplit: columns, topLeftCell: `${columnLetter(columns + 1)}${rows + 1}`, activeCell: `${columnLetter(columns + 1)}${rows + 1}` }];
}

export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** `=SUM(range)` with the exact result we computed, as a number. */
export function sumCell(range: string, result: string | number): ExcelJS.CellFormulaValue {
  return { formula: `SUM(${range})`, result: typeof result === 'number' ? result : money(result) };
}

/** Any formula with its exact result. */
export function formulaCell(formula: string, result: string | number): ExcelJS.CellFormulaValue {
  return { formula, result: typeof result === 'number' ? result : money(result) };
}

/** A date cell from YYYY-MM-DD, at midnight UTC so the serial number is a whole day. */
export function dateValue(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00.000Z`);
}
