// The workbook builders the design card names (shared design, architecture.md: "exports/ workbook
// builders (exceljs): read-model state in, .xlsx out, with provenance"). They live in src/exports,
// on the floor above the reports; this entry point only re-exports what a caller uses.
export { exportWorkbook, validateRequest, type ExportOptions, type ExportResult } from '../src/exports/export-workbook.ts';
export { writeAllWorkbooks } from '../src/exports/write-all.ts';
export { WORKBOOKS, defaultFileName, type ExportRequest } from '../src/exports/workbook-request.ts';
export type { ReadSource } from '../src/exports/read-source.ts';
