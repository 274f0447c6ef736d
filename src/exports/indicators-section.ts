// The "Indicateurs" section of a fiche action (funding-plan workbook, issue 15): each indicator the
// action defines, with its unit, baseline, target, latest value and the share of the target
// reached. Written only for an action that has indicators, so a fiche without any is as it was.
import type ExcelJS from 'exceljs';
import type { IndicatorProgress } from '../reports/service-progress.ts';
import { DATE_FORMAT, QUANTITY_FORMAT, dateValue, styleHeaderRow, titleCell } from './xlsx.ts';

const STATUS_WORDS: Record<IndicatorProgress['status'], string> = {
  reached: 'atteint',
  on_track: 'dans la trajectoire',
  behind: 'en retard',
  no_measure: 'pas encore mesuré',
};

/** Writes the section from row `r`; returns the next free row. */
export function writeIndicatorsSection(sheet: ExcelJS.Worksheet, r: number, indicators: readonly IndicatorProgress[]): number {
  if (indicators.length === 0) return r;
  titleCell(sheet, `A${r}`, 'Indicateurs', 11);
  r++;
  const header = sheet.getRow(r);
  header.values = ['Indicateur', 'Unité', 'Référence', 'Objectif', 'Échéance', 'Dernière valeur', '% atteint', 'Suivi'];
  styleHeaderRow(header, 1, 8);
  r++;
  for (const i of indicators) {
    const latest = i.latest === null ? '—' : Number(i.latest.value);
    const reached = i.percentOfTarget === null ? '—' : Number(i.percentOfTarget) / 100;
    sheet.getRow(r).values = [i.label, i.unit, Number(i.baseline), Number(i.target), dateValue(i.dueOn), latest, reached, STATUS_WORDS[i.status]];
    for (const c of [3, 4, 6]) sheet.getCell(r, c).numFmt = QUANTITY_FORMAT;
    sheet.getCell(r, 5).numFmt = DATE_FORMAT;
    sheet.getCell(r, 7).numFmt = '0.0 %';
    r++;
  }
  return r + 1;
}
