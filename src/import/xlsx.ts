// .xlsx through exceljs's streaming reader: rows arrive one at a time from the zip, so memory holds
// the shared strings and one row, never the sheet. Only the first worksheet is read (or the one the
// mapping file names). A formula cell is passed on as a formula, to be refused: its value is what the
// spreadsheet last computed, which nobody typed and nobody can check here.
import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { IMPORT_FR } from '../messages/fr.ts';
import { MAX_COLUMNS } from '../domain/limits.ts';
import { UnreadableFileError, type Cell, type RawRow } from './cells.ts';
import type { ByteSource } from './source.ts';

export async function* readXlsx(source: ByteSource, sheetName?: string): AsyncIterable<RawRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(source.chunks()), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  let found = false;
  try {
    for await (const worksheet of reader) {
      const name = (worksheet as unknown as { name?: string }).name;
      if (found || (sheetName !== undefined && name !== sheetName)) {
        // The reader must drain a sheet it does not use before it reaches the next one.
        for await (const _ of worksheet) void _;
        continue;
      }
      found = true;
      for await (const row of worksheet) yield toRawRow(row as ExcelJS.Row);
    }
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    throw new UnreadableFileError(IMPORT_FR.brokenXlsx(error instanceof Error ? error.message : String(error)));
  }
  if (!found) throw new UnreadableFileError(sheetName === undefined ? IMPORT_FR.emptySheet : IMPORT_FR.noSuchSheet(sheetName));
}

function toRawRow(row: ExcelJS.Row): RawRow {
  const values = row.values as unknown[];
  if (values.length - 1 > MAX_COLUMNS) throw new UnreadableFileError(IMPORT_FR.tooManyColumns(row.number, MAX_COLUMNS));
  const cells: Cell[] = [];
  // exceljs numbers columns from 1: values[0] is always empty.
  for (let column = 1; column < values.length; column++) cells.push(toCell(values[column]));
  return { number: row.number, cells };
}

function toCell(value: unknown): Cell {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  const object = value as Record<string, unknown>;
  if (typeof object.formula === 'string') return { formula: object.formula };
  if (typeof object.sharedFormula === 'string') return { formula: object.sharedFormula };
  if (Array.isArray(object.richText)) return (object.richText as { text: string }[]).map((part) => part.text).join('');
  if (typeof object.text === 'string') return object.text;
  if (typeof object.error === 'string') return { formula: object.error };
  return String(value);
}
