// The sheet "Écarts postérieurs à la clôture" (issue 16): a workbook of a closed year shows the
// figures as they stood at the closing, and here each event since that moved the year's figures —
// who, when, why, its effect in euros — with the closed and live totals, so the two reconcile.
import type ExcelJS from 'exceljs';
import { EURO_FORMAT, FONT_NAME, money, printSetup, setColumns, styleHeaderRow, styleTotalRow, titleCell, type ColumnSpec } from './xlsx.ts';
import { xmlSafeRow } from './xml-text.ts';

export const ADJUSTMENTS_SHEET = 'Écarts postérieurs à la clôture';

export interface ClosingOfWorkbook {
  year: number;
  reason: string;
  position: number;
  headHash: string;
  closedAt: string;
  closedBy: string;
  closed: { planned: string; actual: string };
  live: { position: number; planned: string; actual: string };
  adjustments: {
    position: number;
    recordedAt: string;
    change: string;
    contributionId?: string;
    partnerId?: string;
    actor: string;
    role: string;
    reason?: string;
    effect: { planned: string; actual: string };
  }[];
}

const COLUMNS: ColumnSpec[] = [
  { header: 'Position', width: 10 },
  { header: 'Enregistré le', width: 24 },
  { header: 'Changement', width: 18 },
  { header: 'Contribution', width: 16 },
  { header: 'Partenaire', width: 14 },
  { header: 'Par', width: 18 },
  { header: 'Motif', width: 36, wrap: true },
  { header: 'Effet sur le prévu', width: 16, format: EURO_FORMAT },
  { header: 'Effet sur le réalisé', width: 16, format: EURO_FORMAT },
];

export function writeAdjustmentsSheet(workbook: ExcelJS.Workbook, closing: ClosingOfWorkbook): void {
  const sheet = workbook.addWorksheet(ADJUSTMENTS_SHEET);
  printSetup(sheet, 'landscape');
  setColumns(sheet, COLUMNS);
  titleCell(sheet, 'A1', `${ADJUSTMENTS_SHEET} — année ${closing.year}`);
  const intro = [
    `Année close le ${closing.closedAt} par ${closing.closedBy}, à la position ${closing.position} (empreinte ${closing.headHash}) — motif : ${closing.reason}.`,
    `Les autres feuilles montrent les chiffres clos ; ci-dessous, chaque événement postérieur qui les a fait bouger (jusqu’à la position ${closing.live.position}).`,
  ];
  intro.forEach((text, i) => {
    const cell = sheet.getCell(`A${i + 2}`);
    cell.value = text;
    cell.font = { name: FONT_NAME, size: 10 };
  });
  const header = sheet.getRow(5);
  header.values = COLUMNS.map((c) => c.header);
  styleHeaderRow(header, 1, COLUMNS.length);
  let r = 6;
  for (const a of closing.adjustments) {
    const row = sheet.getRow(r++);
    row.values = [a.position, a.recordedAt, a.change, a.contributionId ?? '', a.partnerId ?? '', `${a.actor} (${a.role})`, a.reason ?? '', money(a.effect.planned), money(a.effect.actual)];
    row.font = { name: FONT_NAME, size: 10 };
    xmlSafeRow(row);
  }
  const totals: [string, string, string][] = [
    ['Chiffres clos', closing.closed.planned, closing.closed.actual],
    ['Chiffres actuels', closing.live.planned, closing.live.actual],
  ];
  for (const [label, planned, actual] of totals) {
    const row = sheet.getRow(r++);
    row.values = [label, '', '', '', '', '', '', money(planned), money(actual)];
    styleTotalRow(row, 1, COLUMNS.length);
  }
}
