// The stamp a workbook carries on its Provenance sheet, read back from a file: which workbook, of
// which programme, at which position and head hash, made by which generator, with which command.
// `socle demo` compares it with what it would write, so that a second run leaves the files alone
// (byte for byte) when the ledger has not moved.
import { existsSync } from 'node:fs';
import ExcelJS from 'exceljs';

export interface Stamp {
  workbook: string;
  position: string;
  headHash: string;
  generator: string;
  command: string;
}

const LABELS: Record<keyof Stamp, string> = {
  workbook: 'Classeur',
  position: 'Position',
  headHash: 'Empreinte',
  generator: 'Version du générateur',
  command: 'Commande',
};

/** The file's stamp, or undefined when there is no such file or it is not one of our workbooks. */
export async function readStamp(path: string): Promise<Stamp | undefined> {
  if (!existsSync(path)) return undefined;
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(path);
  } catch {
    return undefined;
  }
  const sheet = workbook.getWorksheet('Provenance');
  if (!sheet) return undefined;
  const byLabel = new Map<string, string>();
  sheet.eachRow((row) => byLabel.set(String(row.getCell(1).value ?? ''), String(row.getCell(2).value ?? '')));
  const stamp = {} as Stamp;
  for (const [key, label] of Object.entries(LABELS) as [keyof Stamp, string][]) {
    const value = byLabel.get(label);
    if (value === undefined) return undefined;
    stamp[key] = value;
  }
  return stamp;
}

export function sameStamp(a: Stamp, b: Stamp): boolean {
  return (Object.keys(LABELS) as (keyof Stamp)[]).every((key) => a[key] === b[key]);
}
