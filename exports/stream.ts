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

/** A streaming workbook: shared strings off (they would be kept in memory), styles on. */
export function streamingWorkbook(path: string, now: Date): ExcelJS.stream.xlsx.WorkbookWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Socle';
  workbook.created = now;
  workbook.modified = now;
  return workbook;
}
