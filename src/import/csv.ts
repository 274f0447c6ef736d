// CSV as French spreadsheets write it: UTF-8 (with or without a byte-order mark) or Windows-1252
// (Excel's "CSV (séparateur : point-virgule)" on a French Windows), `;` or `,` between fields,
// fields quoted with `"` (a doubled `""` inside), lines ending in CRLF or LF, quoted line breaks.
// The reader streams: it holds one chunk and one row at a time.
import { IMPORT_FR } from '../messages/fr.ts';
import { MAX_CELL_CHARS, MAX_COLUMNS } from '../domain/limits.ts';
import { UnreadableFileError, type RawRow } from './cells.ts';
import type { ByteSource } from './source.ts';
import { headBytes } from './source.ts';

export type CsvEncoding = 'utf-8' | 'windows-1252';

/**
 * UTF-8 when the first 64 KiB decode as UTF-8 (a character cut at the end of the sample is not a
 * failure), Windows-1252 otherwise: a French file in 1252 has accented letters, which are never
 * valid UTF-8 on their own. A later byte that breaks UTF-8 refuses the file whole (decodeChunks).
 */
export function detectEncoding(sample: Uint8Array): CsvEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/** `;` unless the first lines hold more commas than semicolons outside quotes. */
export function detectSeparator(text: string): ';' | ',' {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const char of text.slice(0, 16 * 1024)) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === ';') semicolons++;
    else if (!quoted && char === ',') commas++;
  }
  return commas > semicolons ? ',' : ';';
}

async function* decodeChunks(source: ByteSource, encoding: CsvEncoding): AsyncIterable<string> {
  const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: false });
  try {
    for await (const chunk of source.chunks()) yield decoder.decode(chunk, { stream: true });
    yield decoder.decode();
  } catch (error) {
    if (error instanceof TypeError) throw new UnreadableFileError(IMPORT_FR.mixedEncoding);
    throw error;
  }
}

export interface CsvDialect {
  encoding: CsvEncoding;
  separator: ';' | ',';
}

export async function csvDialect(source: ByteSource): Promise<CsvDialect> {
  const sample = await headBytes(source, 64 * 1024);
  const encoding = detectEncoding(sample);
  const text = new TextDecoder(encoding).decode(sample);
  if (text.includes('\u0000')) throw new UnreadableFileError(IMPORT_FR.notASpreadsheet);
  return { encoding, separator: detectSeparator(text) };
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Every row of the file, numbered by the line it starts on; cells are strings, empty ones null.
 * Runs of ordinary characters are sliced out whole, not appended one by one: a 100,000-row file
 * is read at the speed of its chunks.
 */
export async function* readCsv(source: ByteSource, dialect: CsvDialect): AsyncIterable<RawRow> {
  const separator = dialect.separator.charCodeAt(0);
  let cells: (string | null)[] = [];
  let field = '';
  let quoted = false;
  let afterQuote = false;
  let line = 1;
  let rowStart = 1;
  let pendingCr = false;
  const endField = () => {
    if (cells.length >= MAX_COLUMNS) throw new UnreadableFileError(IMPORT_FR.tooManyColumns(rowStart, MAX_COLUMNS));
    cells.push(field === '' && !afterQuote ? null : field);
    field = '';
    afterQuote = false;
  };
  for await (const text of decodeChunks(source, dialect.encoding)) {
    const rows: RawRow[] = [];
    let run = 0;
    const flushRun = (end: number) => {
      if (end > run) field += text.slice(run, end);
      if (field.length > MAX_CELL_CHARS) throw new UnreadableFileError(IMPORT_FR.cellTooLong(rowStart, MAX_CELL_CHARS));
    };
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (pendingCr) {
        pendingCr = false;
        if (code === LF) {
          run = i + 1;
          continue;
        }
      }
      if (quoted) {
        if (code === QUOTE) {
          flushRun(i);
          quoted = false;
          afterQuote = true;
          run = i + 1;
        } else if (code === LF) line++;
        continue;
      }
      if (code === QUOTE) {
        // A quote opens a field at its start; a doubled one inside a quoted field is one quote.
        flushRun(i);
        if (afterQuote) field += '"';
        quoted = true;
        run = i + 1;
      } else if (code === separator) {
        flushRun(i);
        endField();
        run = i + 1;
      } else if (code === LF || code === CR) {
        flushRun(i);
        endField();
        rows.push({ number: rowStart, cells });
        cells = [];
        line++;
        rowStart = line;
        pendingCr = code === CR;
        run = i + 1;
      }
    }
    flushRun(text.length);
    yield* rows;
  }
  if (quoted) throw new UnreadableFileError(IMPORT_FR.unclosedQuote(rowStart));
  if (field !== '' || cells.length > 0) {
    endField();
    yield { number: rowStart, cells };
  }
}
