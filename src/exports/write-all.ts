// The four workbooks of one programme into a folder, all computed from one read source, so they
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

export async function writeAllWorkbooks(
  source: ReadSource,
  options: { programmeId: string; outDir: string; unlessCurrent?: boolean },
  exportOptions: ExportOptions = {},
): Promise<WrittenWorkbook[]> {
  mkdirSync(options.outDir, { recursive: true });
  const results: WrittenWorkbook[] = [];
  for (const workbook of WORKBOOKS) {
    const path = join(options.outDir, defaultFileName({ workbook, programmeId: options.programmeId }));
    const request: ExportRequest = { workbook, programmeId: options.programmeId, asOf: source.position };
    if (options.unlessCurrent) {
      const existing = await readStamp(path);
      const expected = {
        workbook,
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
