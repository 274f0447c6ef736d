// A file's rows, whatever its format: the format is told by the bytes (a zip is a workbook, old
// Excel and other binaries are refused), the extension only breaks ties.
import { IMPORT_FR } from '../messages/fr.ts';
import { UnreadableFileError, type RawRow } from './cells.ts';
import { csvDialect, readCsv } from './csv.ts';
import { headBytes, requireSize, type ByteSource } from './source.ts';
import { readOds } from './ods.ts';
import { readXlsx } from './xlsx.ts';

export type FileFormat = 'xlsx' | 'ods' | 'csv';

const ODS_MIME = 'application/vnd.oasis.opendocument.spreadsheet';

export async function sniffFormat(source: ByteSource): Promise<FileFormat> {
  requireSize(source);
  const head = Buffer.from(await headBytes(source, 512));
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    // An OpenDocument file stores its type first, uncompressed: "mimetype" then the type itself.
    return head.toString('latin1').includes(ODS_MIME) || /\.ods$/i.test(source.name) ? 'ods' : 'xlsx';
  }
  if (head.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) throw new UnreadableFileError(IMPORT_FR.xlsOld);
  if (/\.(ods|xlsx|xlsm)$/i.test(source.name)) throw new UnreadableFileError(IMPORT_FR.notASpreadsheet);
  return 'csv';
}

export async function* readRows(source: ByteSource, format: FileFormat, sheet?: string): AsyncIterable<RawRow> {
  if (format === 'xlsx') {
    yield* readXlsx(source, sheet);
    return;
  }
  if (format === 'ods') {
    yield* readOds(source, sheet);
    return;
  }
  yield* readCsv(source, await csvDialect(source));
}
