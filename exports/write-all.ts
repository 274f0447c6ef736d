// The four workbooks of one programme into a folder, all computed at the same position so they tell
// the same story (`socle demo` calls this).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { exportWorkbook, resolvePosition, type ExportOptions, type ExportSource } from './export.ts';
import { WORKBOOKS, defaultFileName } from './request.ts';

export async function writeAllWorkbooks(
  socle: ExportSource,
  options: { programmeId: string; outDir: string; asOf?: number },
  exportOptions: ExportOptions = {},
): Promise<string[]> {
  mkdirSync(options.outDir, { recursive: true });
  // One position for all four: the read model's, or the as-of asked for.
  const position = options.asOf !== undefined ? (await resolvePosition(socle.store, options.asOf)).position : (await socle.ledgerAt()).position;
  const written: string[] = [];
  for (const workbook of WORKBOOKS) {
    const path = join(options.outDir, defaultFileName({ workbook, programmeId: options.programmeId }));
    await exportWorkbook(socle, { workbook, programmeId: options.programmeId, asOf: position }, path, exportOptions);
    written.push(path);
  }
  return written;
}
