// Helpers for exceljs's streaming writer, which keeps memory bounded only if it is given the chance to
// flush: rows are committed as they are written, and the writer waits whenever the zip stream lags.
import ExcelJS from 'exceljs';

/**
 * Rows written between two turns given to the zip stream: a few tens of kilobytes of sheet XML, less
 * than the 64 KB chunks the zip stream deflates one at a time (see drain).
 */
export const ROWS_PER_CHECK = 50;
/** Uncompressed sheet bytes allowed to wait for the zip stream before the writer pauses. */
const MAX_BACKLOG_BYTES = 4 * 1024 * 1024;
/** The size of the pieces a sheet's part hands to the zip stream by default (exceljs 4.4). */
const PART_CHUNK_BYTES = 64 * 1024;
/** The size of those pieces in a large sheet (largeZipChunks). */
const LARGE_CHUNK_BYTES = 1024 * 1024;

/**
 * Gives the zip stream its turn, and the backpressure the streaming writer lacks. exceljs hands each
 * committed row to its zip stream without waiting (it ignores write()'s return value). The deflate
 * work runs on the thread pool, but one 64 KB chunk at a time, each handed over and collected in a
 * turn of the main thread's event loop: a writer that never yields leaves the pool idle while it
 * writes, then sits idle itself while the pool catches up, chunk after chunk. So each call yields
 * once, and the pool deflates while the next rows are made (the journal of 300,000 events on a busy
 * machine: the main thread idle about 0.9 s instead of about 2.5 s); then it waits while the bytes
 * queued in front of the zip stream exceed a bound, so that a producer faster than the deflate does
 * not pile the sheet up in memory.
 * This reads two internals (the sheet's stream's pipes and their stream state), checked
 * defensively: if they are not there, the turn is all we give.
 */
export async function drain(sheet: ExcelJS.Worksheet): Promise<void> {
  const stream = (sheet as unknown as { stream?: { pipes?: unknown[]; buffers?: unknown[]; bufSize?: unknown } }).stream;
  const backlog = (): number | undefined => {
    if (!stream || !Array.isArray(stream.pipes) || !Array.isArray(stream.buffers)) return undefined;
    let bytes = stream.buffers.length * (typeof stream.bufSize === 'number' ? stream.bufSize : PART_CHUNK_BYTES);
    for (const pipe of stream.pipes) {
      const state = pipe as { _writableState?: { length?: number }; _readableState?: { length?: number } };
      bytes += (state._writableState?.length ?? 0) + (state._readableState?.length ?? 0);
    }
    return bytes;
  };
  await new Promise((resolve) => setImmediate(resolve));
  if (backlog() === undefined) return;
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
  readonly rowStyle: Partial<ExcelJS.Style> = Object.freeze({});

  constructor(
    sheet: ExcelJS.Worksheet,
    readonly columnCount: number,
  ) {
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

  /** The shared style of column `col` (1 to columnCount). */
  styleOf(col: number): Partial<ExcelJS.Style> {
    const style = this.styles[col];
    if (style === undefined) throw new RangeError(`no shared style for column ${col} (${this.columnCount} columns)`);
    return style;
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

/**
 * A sheet of hundreds of megabytes of XML (the journal) hands its part to the zip stream in pieces
 * of 1 MB instead of 64 KB: each piece costs a round trip between the main thread and the thread
 * pool that deflates it, and its own CRC and stream calls. On the journal of a million events, about
 * 8 % less CPU time, and half the system time. The piece size is a field of the part's stream
 * (exceljs 4.4's StreamBuf `bufSize`, read each time it starts a new piece); drain counts the
 * backlog with it. Call right after addWorksheet; without that field, nothing changes.
 */
export function largeZipChunks(sheet: ExcelJS.Worksheet): void {
  const stream = (sheet as unknown as { stream?: { bufSize?: unknown } }).stream;
  if (stream && typeof stream.bufSize === 'number') stream.bufSize = LARGE_CHUNK_BYTES;
}

/**
 * A streaming workbook: shared strings off (they would be kept in memory), styles on. The zip
 * deflates at level 1, compress-commons's default, said here; its output buffer matches a large
 * sheet's pieces (largeZipChunks), so that each piece comes back from the thread pool in one go.
 */
export function streamingWorkbook(path: string, now: Date): ExcelJS.stream.xlsx.WorkbookWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useStyles: true,
    useSharedStrings: false,
    zip: { zlib: { level: 1, chunkSize: LARGE_CHUNK_BYTES / 4 } },
  });
  workbook.creator = 'Socle';
  workbook.created = now;
  workbook.modified = now;
  return workbook;
}
