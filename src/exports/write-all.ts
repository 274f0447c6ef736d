// The four workbooks of one programme (and any more asked) into a folder, all computed from one read source, so they
// tell the same story at the same position (`socle demo` calls this). With `unlessCurrent`, a file
// that already carries the stamp this run would give it (same workbook, position, head hash,
// generator and command: stamp.ts) is left as it is, byte for byte.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { exportWorkbook, type ExportOptions } from './export-workbook.ts';
import type { ReadSource } from './read-source.ts';
import { WORKBOOKS, defaultFileName, generatorVersion, reproduceCommand, type ExportRequest } from './workbook-request.ts';
import { readStamp, sameStamp } from './workbook-stamp.ts';

export interface WrittenWorkbook {
  path: string;
  /** False when the file already held this very workbook (unlessCurrent). */
  written: boolean;
}

/** A workbook to write: its request (asOf is the source's) and the file name in the folder. */
export interface WorkbookOrder {
  request: Omit<ExportRequest, 'asOf'>;
  fileName: string;
}

export async function writeAllWorkbooks(
  source: ReadSource,
  options: { programmeId: string; outDir: string; unlessCurrent?: boolean; more?: readonly WorkbookOrder[] },
  exportOptions: ExportOptions = {},
): Promise<WrittenWorkbook[]> {
  const orders: WorkbookOrder[] = WORKBOOKS.map((workbook) => ({ request: { workbook, programmeId: options.programmeId }, fileName: defaultFileName({ workbook, programmeId: options.programmeId }) }));
  return writeWorkbooks(source, [...orders, ...(options.more ?? [])], options, exportOptions);
}

/** Writes each order into the folder from the one source; see writeAllWorkbooks for unlessCurrent. */
export async function writeWorkbooks(
  source: ReadSource,
  orders: readonly WorkbookOrder[],
  options: { outDir: string; unlessCurrent?: boolean },
  exportOptions: ExportOptions = {},
): Promise<WrittenWorkbook[]> {
  mkdirSync(options.outDir, { recursive: true });
  const results: WrittenWorkbook[] = [];
  for (const order of orders) {
    const path = join(options.outDir, order.fileName);
    const request: ExportRequest = { ...order.request, asOf: source.position };
    if (options.unlessCurrent) {
      const existing = await readStamp(path);
      const expected = {
        workbook: request.workbook,
        position: String(source.position),
        headHash: source.headHash,
        generator: generatorVersion(),
        command: reproduceCommand(request, source.position, path, exportOptions.dataDir),
      };
      if (existing && sameStamp(existing, expected)) {
        results.push({ path, written: false });
        continue;
      }
    }
    await exportWorkbook(source, request, path, exportOptions);
    results.push({ path, written: true });
  }
  return results;
}
