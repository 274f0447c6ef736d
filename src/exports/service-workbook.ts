// The `service` workbook (issue 15): the weekly service hours of every site × axis, week by week
// (each Monday) and month by month (hours offered in the month), against the targets' straight lines;
// the targets with their baseline and their value at each year's end; then Provenance. exceljs
// writes no charts (it reads and keeps none either): the series are laid out as a chart's data
// (one row per period, one column per series), ready for Insert → Chart.
import type ExcelJS from 'exceljs';
import type { ProgrammeView } from '../read-model/ledger.ts';
import type { ServiceBook } from '../read-model/service-book.ts';
import { weeklyHours, hoursText, schedulesOf } from '../reports/service-hours.ts';
import { monthlySeries, weeklySeries } from '../reports/service-series.ts';
import { expectedOn, targetsProgress, type TargetProgress } from '../reports/service-progress.ts';
import { months } from '../reports/service-dates.ts';
import { Decimal } from '../domain/money.ts';
import { PROVENANCE_SHEET, writeProvenance, type Provenance } from './provenance.ts';
import { DATE_FORMAT, FONT_NAME, QUANTITY_FORMAT, columnLetter, dateValue, freezeRows, newWorkbook, printSetup, styleHeaderRow, sumCell, titleCell } from './xlsx.ts';
import { xmlSafeWorkbook } from './xml-text.ts';
import { frenchDate } from './labels.ts';

interface Series {
  siteId: string;
  axisId: string;
  header: string;
}

export async function writeServiceWorkbook(book: ServiceBook, programme: ProgrammeView, provenance: Provenance, path: string): Promise<void> {
  const workbook = newWorkbook(provenance.generatedAt);
  const series = seriesOf(book, programme);
  const targets = targetsProgress(book.state, programme.endsOn);
  weeklySheet(workbook.addWorksheet('Heures par semaine'), book, programme, series, targets);
  monthlySheet(workbook.addWorksheet('Heures par mois'), book, programme, series);
  targetsSheet(workbook.addWorksheet('Objectifs'), book, programme, targets);
  writeProvenance(workbook.addWorksheet(PROVENANCE_SHEET), provenance);
  xmlSafeWorkbook(workbook);
  await workbook.xlsx.writeFile(path);
}

/** Every site × axis that has had a schedule, in the programme's order of sites, then of axes. */
function seriesOf(book: ServiceBook, programme: ProgrammeView): Series[] {
  const scheduled = new Set(schedulesOf(book.state).map((s) => `${s.siteId}|${s.axisId}`));
  const out: Series[] = [];
  for (const [siteId, site] of programme.sites)
    for (const [axisId, axis] of programme.axes)
      if (scheduled.has(`${siteId}|${axisId}`)) out.push({ siteId, axisId, header: `${site.name} — ${axis.title}` });
  return out;
}

function header(sheet: ExcelJS.Worksheet, row: number, titles: string[], widths: number[]): void {
  titles.forEach((_, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = widths[i] ?? 16;
    column.font = { name: FONT_NAME, size: 10 };
  });
  const r = sheet.getRow(row);
  r.values = titles;
  styleHeaderRow(r, 1, titles.length);
  r.height = 45;
  freezeRows(sheet, row, 1);
  printSetup(sheet, 'landscape', { from: row, to: row });
}

function weeklySheet(sheet: ExcelJS.Worksheet, book: ServiceBook, programme: ProgrammeView, series: Series[], targets: TargetProgress[]): void {
  titleCell(sheet, 'A1', `Heures de service par semaine — ${programme.name}`, 13);
  sheet.getCell('A2').value = 'Heures hebdomadaires en vigueur chaque lundi, par lieu et par axe ; à droite, la trajectoire de chaque objectif (ligne droite de la référence à l’échéance).';
  sheet.getCell('A2').font = { name: FONT_NAME, italic: true, size: 9 };
  const titles = ['Semaine du', ...series.map((s) => s.header), 'Total', ...targets.map((t) => `Objectif : ${t.label}`)];
  header(sheet, 4, titles, [12, ...series.map(() => 16), 10, ...targets.map(() => 18)]);
  const totalCol = series.length + 2;
  // One sweep per column (service-series.ts), not a sum of every schedule at every week.
  const columns = series.map((s) => weeklySeries(book.state, programme.startsOn, programme.endsOn, { siteId: s.siteId, axisId: s.axisId }));
  const totals = weeklySeries(book.state, programme.startsOn, programme.endsOn);
  for (const [w, { week }] of totals.entries()) {
    const cells: (Date | number | ExcelJS.CellFormulaValue)[] = [dateValue(week)];
    for (const column of columns) cells.push(Number(column[w]!.hours));
    const rowNumber = sheet.rowCount + 1;
    cells.push(series.length === 0 ? 0 : sumCell(`B${rowNumber}:${columnLetter(totalCol - 1)}${rowNumber}`, totals[w]!.hours));
    for (const t of targets) cells.push(Number(expectedOn(new Decimal(t.baseline), t.baselineOn, new Decimal(t.target), t.dueOn, week).toDecimalPlaces(2, Decimal.ROUND_HALF_UP)));
    const row = sheet.addRow(cells);
    row.getCell(1).numFmt = DATE_FORMAT;
    for (let c = 2; c <= titles.length; c++) row.getCell(c).numFmt = QUANTITY_FORMAT;
  }
}

function monthlySheet(sheet: ExcelJS.Worksheet, book: ServiceBook, programme: ProgrammeView, series: Series[]): void {
  titleCell(sheet, 'A1', `Heures de service par mois — ${programme.name}`, 13);
  sheet.getCell('A2').value = 'Heures offertes dans le mois : heures hebdomadaires × jours en vigueur ÷ 7, arrondies au centième.';
  sheet.getCell('A2').font = { name: FONT_NAME, italic: true, size: 9 };
  const titles = ['Mois', ...series.map((s) => s.header), 'Total'];
  header(sheet, 4, titles, [10, ...series.map(() => 16), 10]);
  const columns = series.map((s) => monthlySeries(book.state, programme.startsOn, programme.endsOn, { siteId: s.siteId, axisId: s.axisId }));
  for (const [m, month] of months(programme.startsOn, programme.endsOn).entries()) {
    const values = columns.map((column) => Number(column[m]!.hours));
    const rowNumber = sheet.rowCount + 1;
    const total = series.length === 0 ? 0 : sumCell(`B${rowNumber}:${columnLetter(series.length + 1)}${rowNumber}`, values.reduce((a, v) => a.plus(v), new Decimal(0)).toString());
    const row = sheet.addRow([month, ...values, total]);
    for (let c = 2; c <= titles.length; c++) row.getCell(c).numFmt = QUANTITY_FORMAT;
  }
}

function targetsSheet(sheet: ExcelJS.Worksheet, book: ServiceBook, programme: ProgrammeView, targets: TargetProgress[]): void {
  titleCell(sheet, 'A1', `Objectifs d’heures de service — ${programme.name}`, 13);
  const years = yearEnds(programme);
  const titles = ['Objectif', 'Portée', 'Référence au', 'Heures de référence', 'Objectif (h/semaine)', 'Échéance', ...years.map((d) => `Au ${frenchDate(d)}`), `% atteint au ${frenchDate(programme.endsOn)}`];
  header(sheet, 3, titles, [34, 26, 12, 12, 12, 12, ...years.map(() => 12), 14]);
  for (const t of targets) {
    const scope = { ...(t.siteId !== undefined && { siteId: t.siteId }), ...(t.axisId !== undefined && { axisId: t.axisId }) };
    const atYearEnds = years.map((d) => Number(hoursText(weeklyHours(book.state, d, scope))));
    const row = sheet.addRow([t.label, scopeWords(programme, t), dateValue(t.baselineOn), Number(t.baseline), Number(t.target), dateValue(t.dueOn), ...atYearEnds, t.percentOfTarget === null ? '—' : Number(t.percentOfTarget) / 100]);
    row.getCell(3).numFmt = DATE_FORMAT;
    row.getCell(6).numFmt = DATE_FORMAT;
    row.getCell(titles.length).numFmt = '0.0 %';
    row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
  }
  if (targets.length === 0) sheet.addRow(['Aucun objectif fixé']);
}

function scopeWords(programme: ProgrammeView, t: TargetProgress): string {
  const site = t.siteId !== undefined ? (programme.sites.get(t.siteId)?.name ?? t.siteId) : undefined;
  const axis = t.axisId !== undefined ? (programme.axes.get(t.axisId)?.title ?? t.axisId) : undefined;
  if (site && axis) return `${site}, axe ${axis}`;
  return site ?? (axis !== undefined ? `Axe ${axis}` : 'Tout le programme');
}

/** 31 December of each year of the programme, and its last day. */
function yearEnds(programme: ProgrammeView): string[] {
  const out: string[] = [];
  for (let y = Number(programme.startsOn.slice(0, 4)); y <= Number(programme.endsOn.slice(0, 4)); y++) {
    const end = `${y}-12-31`;
    out.push(end < programme.endsOn ? end : programme.endsOn);
  }
  return [...new Set(out)];
}
