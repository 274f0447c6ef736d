// What a reader hands to the mapper: one row of a sheet or a CSV file, cells as the file typed them.
// Readers never interpret a cell (a date, a decimal): the mapper does, with the row's number at hand
// for the report.

/** A cell computed by a formula: refused, since its value is whatever the spreadsheet last computed. */
export interface FormulaCell {
  formula: string;
}

export type Cell = string | number | boolean | Date | FormulaCell | null;

export interface RawRow {
  /** The row's number as the sender sees it in the file (1 for the first line or row). */
  number: number;
  cells: Cell[];
}

export function isFormula(cell: Cell): cell is FormulaCell {
  return typeof cell === 'object' && cell !== null && !(cell instanceof Date);
}

/** A cell as the sender typed it, for the report and the workbook of refused rows. */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  if (isFormula(cell)) return `=${cell.formula}`;
  return String(cell);
}

export function isBlank(cell: Cell): boolean {
  return cell === null || (typeof cell === 'string' && cell.trim() === '');
}

/** A file that cannot be read at all: refused whole, with one French sentence, before anything is written. */
export class UnreadableFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableFileError';
  }
}
