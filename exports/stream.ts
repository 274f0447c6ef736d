// Helpers for exceljs's streaming writer, which keeps memory bounded only if it is given the chance to
// flush: rows are committed as they are written, and the writer waits whenever the zip stream lags.
import ExcelJS from 'exceljs';

/** Rows written between two looks at the zip stream's backlog. */
export const ROWS_PER_CHECK = 200;
/** Uncompressed sheet bytes allowed to wait for the zip stream before the writer pauses. */
const MAX_BACKLOG_BYTES = 4 * 1024 * 1024;

/**
 * Backpressure the streaming writer lacks. exceljs hands each committed row to its zip stream without
 * waiting (it ignores write()'s return value), and the deflate work runs on the thread pool, so a fast
 * producer outruns it and the whole sheet piles up in memory. We wait while the bytes queued in front
 * of the zip stream exceed a bound. This reads two internals (the sheet's stream's pipes and their
 * stream state), checked defensively: if they are not there, we still give the event loop a turn.
 */
export async function drain(sheet: ExcelJS.Worksheet): Promise<void> {
  const stream = (sheet as unknown as { stream?: { pipes?: unknown[]; buffers?: unknown[] } }).stream;
  const backlog = (): number | undefined => {
    if (!stream || !Array.isArray(stream.pipes) || !Array.isArray(stream.buffers)) return undefined;
    let bytes = stream.buffers.length * 65536;
    for (const pipe of stream.pipes) {
      const state = pipe as { _writableState?: { length?: number }; _readableState?: { length?: number } };
      bytes += (state._writableState?.length ?? 0) + (state._readableState?.length ?? 0);
    }
    return bytes;
  };
  if (backlog() === undefined) {
    await new Promise((resolve) => setImmediate(resolve));
    return;
  }
  while (backlog()! > MAX_BACKLOG_BYTES) await new Promise((resolve) => setTimeout(resolve, 1));
}

/**
 * One style object per column, shared by the cells of every plain (unstyled) row. exceljs gives each
 * new cell a fresh style object merged from its row's and its column's, and the writer finds a
 * style's id by rendering it to XML and looking that up, unless it has met that very object before
 * (it keeps a WeakMap of them): once per cell, close to half of a million-row export's time. Cells
 * sharing one object are rendered once per column. The objects hold what exceljs would have merged
 * for a row without style of its own, so the workbook is the same; rows styled on their own (header,
 * totals) are not passed here. Built after the columns' styles are set, and never mutated: a cell's
 * `font =` or `numFmt =` setter would write into the shared object, so only plain rows get it.
 */
export class ColumnStyles {
  private readonly styles: Partial<ExcelJS.Style>[] = [];
  /** Shared empty row style: a fresh `{}` per row also costs a lookup. */
  private readonly rowStyle: Partial<ExcelJS.Style> = Object.freeze({});

  constructor(sheet: ExcelJS.Worksheet, columnCount: number) {
    for (let c = 1; c <= columnCount; c++) {
      const { numFmt, font, alignment, border, fill, protection } = sheet.getColumn(c).style;
      this.styles[c] = Object.freeze({
        ...(numFmt && { numFmt }),
        ...(font && { font }),
        ...(alignment && { alignment }),
        ...(border && { border }),
        ...(fill && { fill }),
        ...(protection && { protection }),
      });
    }
  }

  /** Gives the row's cells their column's shared style; call before `row.commit()`. */
  apply(row: ExcelJS.Row): void {
    // Row's typings leave out its `style` field, which the writer reads when it renders the row.
    (row as unknown as { style: Partial<ExcelJS.Style> }).style = this.rowStyle;
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      const style = this.styles[col];
      // The writer's cache is keyed by the object alone, but a date without a format of its own gets
      // a date format from its type: such a cell keeps its own style.
      if (style === undefined || (cell.type === ExcelJS.ValueType.Date && style.numFmt === undefined)) return;
      cell.style = style;
    });
  }
}

/** A streaming workbook: shared strings off (they would be kept in memory), styles on. */
export function streamingWorkbook(path: string, now: Date): ExcelJS.stream.xlsx.WorkbookWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Socle';
  workbook.created = now;
  workbook.modified = now;
  return workbook;
}
