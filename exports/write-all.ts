// The four workbooks of one programme into a folder, all computed from one read source, so they
// tell the same story at the same position (`socle demo` calls this).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { exportWorkbook, type ExportOptions } from './export.ts';
import type { ReadSource } from './read-source.ts';
import { WORKBOOKS, defaultFileName } from './request.ts';

export async function writeAllWorkbooks(source: ReadSource, options: { programmeId: string; outDir: string }, exportOptions: ExportOptions = {}): Promise<string[]> {
  mkdirSync(options.outDir, { recursive: true });
  const written: string[] = [];
  for (const workbook of WORKBOOKS) {
    const path = join(options.outDir, defaultFileName({ workbook, programmeId: options.programmeId }));
    await exportWorkbook(source, { workbook, programmeId: options.programmeId, asOf: source.position }, path, exportOptions);
    written.push(path);
  }
  return written;
}
