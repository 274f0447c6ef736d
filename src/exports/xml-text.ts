// The one rule for text in a workbook: a .xlsx is XML, and XML 1.0 forbids some characters
// outright, so one of them in a partner's name or a description makes a file that no spreadsheet,
// and not exceljs itself, can read back. Every text cell of every workbook passes through xmlSafe:
// the journal's plain rows (sheet-rows.ts), every row of a streamed sheet before it is committed
// (xmlSafeRow, xmlSafeSheet), every cell of a workbook built in memory before it is written
// (xmlSafeWorkbook, which also escapes what shared strings would decode). The API already refuses these characters in what it records
// (src/api/schemas.ts); this is for what a ledger may hold from before, or from a log import.
//
// Dropped: U+0000–U+0008, U+000B, U+000C, U+000E–U+001F (tab, line feed and carriage return are
// allowed), U+007F (allowed by XML but dropped by exceljs's own encoder: dropping it here keeps
// every writer alike), lone UTF-16 surrogates, U+FFFE and U+FFFF. A carriage return is kept, but XML
// reads it back as a line feed (its end-of-line handling): the API refuses it in what it records.
import type ExcelJS from 'exceljs';

// A quick test first (the journal writes millions of cells, almost all clean), then the precise
// pattern: with the u flag, \p{Cs} matches only a surrogate that is not half of a pair.
const MAYBE_FORBIDDEN = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F\uD800-\uDFFF\uFFFE\uFFFF]/;
const FORBIDDEN = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F\uFFFE\uFFFF]|\p{Cs}/gu;

/** `text` without the characters XML forbids; the same string when it has none. */
export function xmlSafe(text: string): string {
  return MAYBE_FORBIDDEN.test(text) ? text.replace(FORBIDDEN, '') : text;
}

// A workbook built in memory keeps its strings in the shared-strings part, as <t> elements, and
// spreadsheets read "_x000D_" there as the character it names (ECMA-376's escape for what XML
// cannot carry); so does exceljs: a partner named "_x0041_" would come back as "A". Such an
// underscore is written "_x005F_" (the underscore's own escape), which reads back as itself. The
// streaming writer puts strings in <v> elements, which nobody decodes that way: xmlSafe is enough.
const DECODED_ESCAPE = /_x[0-9A-F]{4}_/;
const UNDERSCORE_OF_ESCAPE = /_(?=x[0-9A-F]{4}_)/g;

/** Text for a shared string (<t>): safe for XML, and read back exactly as written. */
export function sharedStringText(text: string): string {
  const safe = xmlSafe(text);
  return DECODED_ESCAPE.test(safe) ? safe.replace(UNDERSCORE_OF_ESCAPE, '_x005F_') : safe;
}

/** Every text in the row's cells through `toText`: plain strings, rich text runs, hyperlink texts; formula results (in <v>) through xmlSafe. */
function rewriteTexts(row: ExcelJS.Row, toText: (text: string) => string): void {
  row.eachCell((cell) => {
    const value = cell.value;
    if (typeof value === 'string') {
      const text = toText(value);
      if (text !== value) cell.value = text;
    } else if (value !== null && typeof value === 'object') {
      if ('richText' in value) cell.value = { ...value, richText: value.richText.map((run) => ({ ...run, text: toText(run.text) })) };
      else if ('hyperlink' in value) cell.value = { ...value, text: toText(value.text) };
      else if ('formula' in value && typeof value.result === 'string') cell.value = { ...value, result: xmlSafe(value.result) };
    }
  });
}

/** A row of the streaming writer, before it is committed. */
export function xmlSafeRow(row: ExcelJS.Row): void {
  rewriteTexts(row, xmlSafe);
}

/** The rows of a streamed sheet not committed yet, before the sheet is. */
export function xmlSafeSheet(sheet: ExcelJS.Worksheet): void {
  sheet.eachRow((row) => xmlSafeRow(row));
}

/** A workbook built in memory (shared strings), just before it is written. */
export function xmlSafeWorkbook(workbook: ExcelJS.Workbook): void {
  workbook.eachSheet((sheet) => sheet.eachRow((row) => rewriteTexts(row, sharedStringText)));
}
