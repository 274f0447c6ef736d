// A stamp names one state of the log: a position and the chained hash there. `socle verify
// --against STAMP` takes it as `POSITION:HEADHASH` or as a workbook, whose Provenance sheet holds
// it (Position, Empreinte): a funder's old workbook is its own witness. A journal workbook also
// lists every event's hash, which lets a divergence be located exactly.
import { existsSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { specialFileAt } from './ledger-snapshot-file.ts';

export interface Stamp {
  position: number;
  headHash: string;
  /** The workbook it was read from, if any (for messages). */
  source?: string;
  /** Position → chained hash of the events a journal workbook lists. */
  eventHashes?: Map<number, string>;
}

/** A stamp that cannot be read; its message is French, one line. */
export class StampError extends Error {}

const TEXT_STAMP = /^(\d{1,15}):([0-9a-f]{64})$/;
const HASH = /^[0-9a-f]{64}$/;

export async function readStamp(text: string): Promise<Stamp> {
  const match = TEXT_STAMP.exec(text.trim().toLowerCase());
  if (match) return { position: Number(match[1]), headHash: match[2]! };
  if (!/\.xlsx$/i.test(text) && !existsSync(text)) throw new StampError(`« ${text} » n'est ni un tampon POSITION:EMPREINTE (64 chiffres hexadécimaux) ni un classeur .xlsx`);
  const special = specialFileAt(text);
  if (special === 'absent') throw new StampError(`le classeur ${text} n'existe pas`);
  if (special !== undefined) throw new StampError(`${text} est ${special}, pas un classeur : il n'a pas été lu`);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(text);
  } catch {
    throw new StampError(`${text} n'est pas un classeur .xlsx lisible`);
  }
  const provenance = workbook.getWorksheet('Provenance');
  if (!provenance) throw new StampError(`le classeur ${text} n'a pas de feuille Provenance : il ne porte pas de tampon`);
  const fields = new Map<string, unknown>();
  provenance.eachRow((row) => {
    const label = row.getCell(1).value;
    if (typeof label === 'string') fields.set(label, row.getCell(2).value);
  });
  const position = fields.get('Position');
  const headHash = fields.get('Empreinte');
  if (typeof position !== 'number' || !Number.isSafeInteger(position) || position < 0 || typeof headHash !== 'string' || !HASH.test(headHash))
    throw new StampError(`la feuille Provenance de ${text} ne porte pas de Position et d'Empreinte lisibles`);
  return { position, headHash, source: text, ...journalHashes(workbook) };
}

function journalHashes(workbook: ExcelJS.Workbook): { eventHashes?: Map<number, string> } {
  const journal = workbook.getWorksheet('Journal');
  if (!journal) return {};
  const header = journal.getRow(1);
  let positionColumn = 0;
  let hashColumn = 0;
  header.eachCell((cell, column) => {
    if (cell.value === 'Position') positionColumn = column;
    if (typeof cell.value === 'string' && cell.value.startsWith('Empreinte')) hashColumn = column;
  });
  if (positionColumn === 0 || hashColumn === 0) return {};
  const hashes = new Map<number, string>();
  journal.eachRow((row, index) => {
    if (index === 1) return;
    const position = row.getCell(positionColumn).value;
    const hash = row.getCell(hashColumn).value;
    if (typeof position === 'number' && typeof hash === 'string' && HASH.test(hash)) hashes.set(position, hash);
  });
  return { eventHashes: hashes };
}
