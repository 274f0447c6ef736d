// The Provenance sheet: where a workbook's figures come from, so that anyone holding the file can
// check it against the ledger (socle verify prints the same head hash) and make it again.
import type ExcelJS from 'exceljs';
import type { SignedCheckpoint } from '../store/checkpoints.ts';
import { FONT_NAME, fitRowHeight, printSetup } from './xlsx.ts';
import { xmlSafeRow } from './xml-text.ts';
import { DOMAIN_FR } from '../messages/fr.ts';
import { ADJUSTMENTS_SHEET, type ClosingOfWorkbook } from './adjustments-sheet.ts';
import { shellWord } from './workbook-request.ts';

export interface Provenance {
  workbook: string;
  programmeId: string;
  programmeName: string;
  /** The last global position folded into the figures. */
  position: number;
  /** The hash chain's head at that position. */
  headHash: string;
  filters: string;
  generator: string;
  generatedAt: Date;
  command: string;
  /** The data folder the command reads, when not the default ./data: the diff printed below names it too. */
  dataDir?: string;
  /** The date the workbook was asked as of (asOfDate) and the UTC instant it named; the position above is the one it resolved to. */
  asOfDate?: { asked: string; instant: string };
  /** A closed year's workbook (issue 16): made at the closing, with the adjustments since on their own sheet. */
  closing?: ClosingOfWorkbook;
  /** The latest signed checkpoint at or before the position (src/store/checkpoints.ts), if any. */
  checkpoint?: SignedCheckpoint;
}

export const PROVENANCE_SHEET = 'Provenance';

/** Writes the sheet; `commit` for the streaming writer, whose rows are committed as they are written. */
export function writeProvenance(sheet: ExcelJS.Worksheet, p: Provenance, commit = false): void {
  sheet.getColumn(1).width = 24;
  sheet.getColumn(2).width = 100;
  // A streamed sheet got its print set-up when it was created (see printSetup).
  if (!commit) printSetup(sheet, 'landscape');
  const rows: [string, string | number][] = [
    ['Classeur', p.workbook],
    ['Programme', `${p.programmeId} — ${p.programmeName}`],
    ['Position', p.position],
    ...(p.asOfDate ? [['Date demandée', DOMAIN_FR.asOfDateResolved(p.asOfDate.asked, p.asOfDate.instant, p.position)] as [string, string]] : []),
    ['Empreinte', p.headHash],
    ['Filtres', p.filters],
    ...(p.closing ? [['Clôture', `année ${p.closing.year} close à la position ${p.closing.position} : ce classeur montre les chiffres clos ; la feuille « ${ADJUSTMENTS_SHEET} » liste les écarts depuis`] as [string, string]] : []),
    ['Version du générateur', p.generator],
    ['Généré le', p.generatedAt.toISOString()],
    ['Commande', p.command],
    ['Vérification', 'socle verify affiche l’empreinte de la tête du journal ; à la position ci-dessus, elle doit être identique.'],
    ['Reproductibilité', 'La commande ci-dessus, lancée à tout moment, refait ce classeur avec les mêmes chiffres, la même position et la même empreinte.'],
    ['Changé depuis', diffOf(p)],
    ...checkpointRows(p.checkpoint),
  ];
  const title = sheet.addRow(['Provenance du classeur']);
  title.font = { name: FONT_NAME, bold: true, size: 14 };
  if (commit) title.commit();
  for (const [label, value] of rows) {
    const row = sheet.addRow([label, value]);
    xmlSafeRow(row);
    row.getCell(1).font = { name: FONT_NAME, bold: true, size: 10 };
    row.getCell(2).font = { name: MONOSPACED.has(label) ? 'Courier New' : FONT_NAME, size: 10 };
    row.getCell(2).alignment = { wrapText: true, vertical: 'top', horizontal: 'left' };
    row.getCell(1).alignment = { vertical: 'top' };
    fitRowHeight(row, [{ col: 2, width: 100 }]);
    if (commit) row.commit();
  }
}

/**
 * What moved since this workbook (issue 16): the diff from its position to the head, on the command
 * line and over HTTP, for the auditor who holds the file and asks what the books say now. The
 * command names the same data folder as the Commande row: without it, pasted anywhere but in the
 * folder that holds ./data, it would read another ledger (or none).
 */
export function diffCommandOf(p: Pick<Provenance, 'programmeId' | 'position' | 'dataDir'>): string {
  const args = ['npx', 'socle', 'diff', '--programme', p.programmeId, '--from', String(p.position), ...(p.dataDir !== undefined ? ['--data', p.dataDir] : [])];
  return args.map(shellWord).join(' ');
}

function diffOf(p: Provenance): string {
  return `${diffCommandOf(p)} (ou GET /api/programmes/${p.programmeId}/diff?from=${p.position}) : chaque chiffre des totaux et du budget qui a changé depuis ce classeur, et les événements qui l’ont fait bouger.`;
}

const MONOSPACED = new Set(['Empreinte', 'Commande', 'Racine de Merkle', 'Signature Ed25519', 'Clé publique']);

/** The signed checkpoint, in full: with it and the public key, anyone can check the signature. */
function checkpointRows(checkpoint: SignedCheckpoint | undefined): [string, string | number][] {
  if (!checkpoint) return [['Point de contrôle signé', 'aucun à cette position (socle checkpoint en signe un)']];
  return [
    ['Point de contrôle signé', `position ${checkpoint.position}, empreinte ${checkpoint.headHash}, signé le ${checkpoint.signedAt}`],
    ['Racine de Merkle', checkpoint.merkleRoot],
    ['Clé publique', `${checkpoint.publicKey} (identifiant ${checkpoint.keyId.slice(0, 16)})`],
    ['Signature Ed25519', checkpoint.signature],
    ['Contrôle', `socle verify --against CE_CLASSEUR.xlsx prouve que le journal d’aujourd’hui prolonge celui de ce classeur (docs/auditing.md).`],
  ];
}
