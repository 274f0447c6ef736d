// Plain rows of a streamed sheet, written as XML text straight into the sheet's part. exceljs's
// streaming writer builds a row object, a cell object per value, a model of each, then renders the
// model through its generic XML writer: for the journal of a million events that per-cell machinery
// was a quarter of the time. The rows written here have plain values (text, numbers, empty cells)
// and their columns' shared styles (ColumnStyles), so their XML is a short template: it is the very
// text exceljs writes for the same row (same attributes in the same order, same escaping, same style
// ids, which we ask exceljs's own style registry for), so the workbook is byte for byte the same.
//
// Everything else (header, totals, other sheets, the sheet's head and tail) stays with exceljs. This
// relies on internals of exceljs 4.4's WorksheetWriter (its part's stream, the next row number
// `_rowZero`, its queue of uncommitted rows `_rows`, `startedData`) and on the workbook's style
// registry; they are checked when the writer is made, and test/exports/sheet-rows.test.ts compares
// whole workbooks written both ways, byte for byte, so an upgrade of exceljs that changes them fails
// there first.
import ExcelJS from 'exceljs';
import type { ColumnStyles } from './stream.ts';
import { columnLetter } from './xlsx.ts';
import { xmlSafe, xmlSafeRow } from './xml-text.ts';

export type PlainValue = string | number | null;

interface StyleRegistry {
  addStyleModel(model: Partial<ExcelJS.Style>, cellType?: ExcelJS.ValueType): number;
}

interface WorksheetWriterInternals {
  stream: { write(chunk: Buffer): unknown };
  _rowZero: number;
  _rows: unknown[] | null;
  startedData: boolean;
  workbook: { styles: StyleRegistry };
}

/**
 * Bytes gathered before they are handed to the part's stream. Each row is encoded to UTF-8 into the
 * chunk as soon as it is made: summaries hold characters beyond Latin-1 (— ’), and one long string
 * of many rows built with `+=` and encoded at once cost twice as much (V8 flattens it as two-byte).
 */
const CHUNK_BYTES = 64 * 1024;

// What exceljs's xmlEncode escapes: the five XML specials; what XML forbids is dropped first, by
// the rule every workbook shares (xml-text.ts).
const NEEDS_ESCAPE = /[<>&'"]/;
const ESCAPES = /[<>&'"]/g;
const ENTITY: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' };

/** Text as exceljs writes it in an element (carriage returns and spaces are kept as they are). */
export function xmlText(text: string): string {
  const safe = xmlSafe(text);
  return NEEDS_ESCAPE.test(safe) ? safe.replace(ESCAPES, (c) => ENTITY[c]!) : safe;
}

/** Where the plain rows of a streamed sheet go: add each, then flush before exceljs writes again. */
export interface RowSink {
  add(values: readonly PlainValue[], height?: number): void;
  flush(): void;
}

/**
 * The fast writer when this exceljs is the one it knows; otherwise (an upgrade that changed the
 * internals) exceljs's own rows, slower but the same workbook, rather than an export that fails.
 */
export function plainRowSink(sheet: ExcelJS.Worksheet, styles: ColumnStyles): RowSink {
  return PlainRowWriter.knows(sheet) ? new PlainRowWriter(sheet, styles) : new ExcelJsRows(sheet, styles);
}

/** The same rows through exceljs's row model. */
export class ExcelJsRows implements RowSink {
  constructor(
    private readonly sheet: ExcelJS.Worksheet,
    private readonly styles: ColumnStyles,
  ) {}

  add(values: readonly PlainValue[], height?: number): void {
    const row = this.sheet.addRow([...values]);
    xmlSafeRow(row);
    this.styles.apply(row);
    if (height) row.height = height;
    row.commit();
  }

  flush(): void {}
}

export class PlainRowWriter implements RowSink {
  /** Whether the sheet is a streaming sheet of the exceljs whose internals this writer relies on. */
  static knows(sheet: ExcelJS.Worksheet): boolean {
    const internals = sheet as unknown as Partial<WorksheetWriterInternals>;
    return (
      typeof internals.stream?.write === 'function' &&
      typeof internals._rowZero === 'number' &&
      Array.isArray(internals._rows) &&
      typeof internals.workbook?.styles?.addStyleModel === 'function'
    );
  }

  private readonly sheet: WorksheetWriterInternals;
  private readonly styleRegistry: StyleRegistry;
  private readonly letters: string[] = [];
  /** ` s="n"` per column, or '' for the default style; undefined until the column's first cell. */
  private readonly styleAttributes: (string | undefined)[] = [];
  /** ` s="n" customFormat="1"` for the rows' own style, or ''; undefined until the first row. */
  private rowStyleAttributes: string | undefined;
  private chunk = Buffer.allocUnsafe(2 * CHUNK_BYTES);
  private used = 0;

  constructor(
    sheet: ExcelJS.Worksheet,
    private readonly styles: ColumnStyles,
  ) {
    const internals = sheet as unknown as Partial<WorksheetWriterInternals>;
    if (!PlainRowWriter.knows(sheet)) throw new Error('PlainRowWriter needs a sheet of exceljs 4.4’s streaming writer');
    // The head of the sheet (columns, `<sheetData>`) is written with its first committed row.
    if (internals.startedData !== true) throw new Error('PlainRowWriter: commit a first row (the header) through exceljs before');
    this.sheet = internals as WorksheetWriterInternals;
    this.styleRegistry = this.sheet.workbook.styles;
    for (let c = 1; c <= styles.columnCount; c++) this.letters[c] = columnLetter(c);
  }

  /**
   * Writes the next row: values[0] in column 1; `null` is an empty cell in its column's style (as
   * ColumnStyles.apply gives exceljs's rows). A height other than 0 is the row's custom height.
   */
  add(values: readonly PlainValue[], height?: number): void {
    const sheet = this.sheet;
    if (sheet._rows === null || sheet._rows.length > 0) throw new Error('PlainRowWriter: the sheet has uncommitted rows of its own, or is committed');
    if (values.length > this.styles.columnCount) throw new Error(`PlainRowWriter: ${values.length} values for ${this.styles.columnCount} styled columns`);
    let hasValue = false;
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (value === undefined) throw new TypeError(`PlainRowWriter: no value in column ${i + 1} (null for an empty cell)`);
      if (value !== null) hasValue = true;
    }
    const r = sheet._rowZero++;
    // exceljs writes a row only if it has a value or a height (its number is used all the same),
    // and only then asks the style registry for ids: the order in which styles get their ids.
    const customHeight = Boolean(height);
    if (!hasValue && !customHeight) return;
    if (this.rowStyleAttributes === undefined) {
      // The row's own style first (ColumnStyles gives plain rows an empty one: the default style).
      const id = this.styleRegistry.addStyleModel(this.styles.rowStyle);
      this.rowStyleAttributes = id ? ` s="${id}" customFormat="1"` : '';
    }
    let cells = '';
    for (let i = 0; i < values.length; i++) {
      const value = values[i]!;
      const col = i + 1;
      if (value === null) {
        const s = this.styleAttribute(col, ExcelJS.ValueType.Null);
        // exceljs writes an empty cell only when it has a style.
        if (s !== '') cells += `<c r="${this.letters[col]}${r}"${s}/>`;
      } else if (typeof value === 'number') {
        cells += `<c r="${this.letters[col]}${r}"${this.styleAttribute(col, ExcelJS.ValueType.Number)}><v>${String(value)}</v></c>`;
      } else {
        cells += `<c r="${this.letters[col]}${r}"${this.styleAttribute(col, ExcelJS.ValueType.String)} t="str"><v>${xmlText(value)}</v></c>`;
      }
    }
    const open =
      `<row r="${r}"${customHeight ? ` ht="${height}" customHeight="1"` : ''}${values.length > 0 ? ` spans="1:${values.length}"` : ''}` +
      `${this.rowStyleAttributes} x14ac:dyDescent="0.25"`;
    const xml = cells === '' ? `${open}/>` : `${open}>${cells}</row>`;
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    if (this.used + xml.length * 3 > this.chunk.length) {
      this.flush();
      if (xml.length * 3 > this.chunk.length) this.chunk = Buffer.allocUnsafe(xml.length * 3);
    }
    this.used += this.chunk.write(xml, this.used, 'utf8');
    if (this.used >= CHUNK_BYTES) this.flush();
  }

  /** Hands the rows written so far to the sheet's stream: before exceljs writes rows again, and at the end. */
  flush(): void {
    if (this.used === 0) return;
    this.sheet.stream.write(this.chunk.subarray(0, this.used));
    // The stream may keep the bytes it was given: the next rows go to a new chunk.
    this.chunk = Buffer.allocUnsafe(2 * CHUNK_BYTES);
    this.used = 0;
  }

  /**
   * A column's style id, from exceljs's registry the first time. The registry remembers a style
   * object's id whatever the type of the cell that first met it, so keeping it per column is what
   * exceljs itself would answer for the column's shared object.
   */
  private styleAttribute(col: number, type: ExcelJS.ValueType): string {
    let s = this.styleAttributes[col];
    if (s === undefined) {
      const id = this.styleRegistry.addStyleModel(this.styles.styleOf(col), type);
      s = this.styleAttributes[col] = id ? ` s="${id}"` : '';
    }
    return s;
  }
}
