// The compte rendu financier's explanation of gaps (Cerfa 15059*02 asks the applicant to explain the
// significant gaps between the budget prévisionnel and what was realised): one row per line whose
// realised amount differs from the planned one, with Prévision, Réalisation, the écart and the rate
// of realisation as formulas, and an empty « Explication » cell for the treasurer to fill in.
import type ExcelJS from 'exceljs';
import type { BudgetDocument, BudgetLine } from '../reports/budget.ts';
import { centsOf, ratioAsCellNumber } from '../domain/money.ts';
import { FONT_NAME, FRACTION_PERCENT_FORMAT, WHOLE_EURO_FORMAT, fitRowHeight, formulaCell, freezeRows, printSetup, styleHeaderRow, titleCell } from './xlsx.ts';

export const GAPS_SHEET = 'Écarts';
const WIDTHS = [6, 40, 12, 12, 12, 10, 48];
const TO_EXPLAIN: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };

/** Lines that hold amounts (no line above others) with a gap: charges, produits, the in-kind block. */
function linesWithGap(doc: BudgetDocument): BudgetLine[] {
  const all = [...doc.lines.charges, ...doc.lines.produits, ...doc.inKind.emplois, ...doc.inKind.ressources];
  return all.filter((l) => l.euros.gap !== undefined && l.euros.gap !== '0' && !all.some((c) => c.parentId === l.id));
}

export function gapsSheet(sheet: ExcelJS.Worksheet, doc: BudgetDocument): void {
  WIDTHS.forEach((w, i) => {
    sheet.getColumn(i + 1).width = w;
    sheet.getColumn(i + 1).font = { name: FONT_NAME, size: 10 };
  });
  titleCell(sheet, 'A1', 'Explication des écarts entre la prévision et la réalisation', 14);
  const intro = sheet.getCell('A2');
  intro.value = 'Le Cerfa n° 15059*02 demande d’expliquer les écarts significatifs : complétez la colonne « Explication » (montants en euros, sans centimes, comme sur la feuille Budget).';
  intro.font = { name: FONT_NAME, size: 10, italic: true };
  const header = sheet.getRow(4);
  header.values = ['Code', 'Ligne', 'Prévision', 'Réalisation', 'Écart', 'Réalisé', 'Explication'];
  styleHeaderRow(header, 1, 7);
  freezeRows(sheet, 4);
  printSetup(sheet, 'landscape', { from: 4, to: 4 }, true);
  let r = 5;
  for (const line of linesWithGap(doc)) {
    const planned = Number(line.euros.planned);
    const actual = Number(line.euros.actual);
    const row = sheet.getRow(r);
    row.values = [line.code || null, line.label, planned, actual];
    row.getCell(5).value = formulaCell(`D${r}-C${r}`, actual - planned);
    row.getCell(6).value = formulaCell(`IF(C${r}=0,0,D${r}/C${r})`, planned === 0 ? 0 : ratioAsCellNumber(centsOf(line.euros.actual!), centsOf(line.euros.planned!)));
    for (const c of [3, 4, 5]) row.getCell(c).numFmt = WHOLE_EURO_FORMAT;
    row.getCell(6).numFmt = FRACTION_PERCENT_FORMAT;
    row.getCell(7).fill = TO_EXPLAIN;
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
    fitRowHeight(row, [{ col: 2, width: WIDTHS[1]! }]);
    r++;
  }
  if (r === 5) sheet.getCell('B5').value = 'Aucun écart : la réalisation est conforme à la prévision.';
}
