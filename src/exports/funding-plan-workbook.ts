// The `funding-plan` workbook: `Synthèse` across actions, then one sheet per action in the layout of
// the roadmap's "fiche action" (identity, then the plan de financement: DÉPENSES against RECETTES,
// TOTAL on both sides; in-kind contributions, indicators, comments), then `Provenance`. The reste à
// charge is a live formula (total expenses minus the other receipts), stored with its result.
import type ExcelJS from 'exceljs';
import { fundingPlanDocument, type FichePlan, type FundingPlanDocument, type PlanMode, type SynthesisTotals } from '../reports/funding-plan.ts';
import type { LedgerState, ProgrammeView } from '../read-model/ledger.ts';
import type { Checkpoint } from '../read-model/runner.ts';
import { KIND_LABEL, STATUS_LABEL } from './labels.ts';
import { centsOf, ratioAsCellNumber } from '../domain/money.ts';
import { PROVENANCE_SHEET, writeProvenance, type Provenance } from './provenance.ts';
import { writeAdjustmentsSheet } from './adjustments-sheet.ts';
import { fundingPlanSpecOf, type ExportRequest } from './workbook-request.ts';
import { fundingPlanOptionsOf } from '../reports/report-specs.ts';
import {
  EURO_FORMAT,
  FONT_NAME,
  FRACTION_PERCENT_FORMAT,
  QUANTITY_FORMAT,
  columnLetter,
  fitRowHeight,
  formulaCell,
  freezeRows,
  money,
  newWorkbook,
  printSetup,
  styleHeaderRow,
  styleTotalRow,
  sumCell,
  titleCell,
} from './xlsx.ts';
import { xmlSafeWorkbook } from './xml-text.ts';
import { writeIndicatorsSection } from './indicators-section.ts';
import { ficheIdentityRows } from './fiche-identity.ts';
import type { ServiceBook } from '../read-model/service-book.ts';
import { indicatorsProgress, type IndicatorProgress } from '../reports/service-progress.ts';

export function fundingPlanOf(checkpoint: Checkpoint<LedgerState>, programme: ProgrammeView, request: ExportRequest): FundingPlanDocument {
  return fundingPlanDocument(checkpoint, programme, fundingPlanOptionsOf(fundingPlanSpecOf(request)));
}

/** Every date a workbook may read indicators at: all the measurements the position holds. */
const ALL_MEASUREMENTS = '2200-12-31';

export async function writeFundingPlanWorkbook(doc: FundingPlanDocument, provenance: Provenance, path: string, service?: ServiceBook): Promise<void> {
  const workbook = newWorkbook(provenance.generatedAt);
  const names = sheetNames(doc.actions);
  // The Synthèse comes first in the workbook but is filled last: its cells point at the fiches'.
  const synthesis = workbook.addWorksheet('Synthèse');
  const indicators = service === undefined ? [] : indicatorsProgress(service.state, ALL_MEASUREMENTS);
  const cells = doc.actions.map((plan, i) => ficheSheet(workbook.addWorksheet(names[i]!), plan, doc, indicators.filter((x) => x.actionId === plan.actionId)));
  synthesisSheet(synthesis, doc, names, cells);
  if (provenance.closing) writeAdjustmentsSheet(workbook, provenance.closing);
  writeProvenance(workbook.addWorksheet(PROVENANCE_SHEET), provenance);
  xmlSafeWorkbook(workbook);
  await workbook.xlsx.writeFile(path);
}

/** "Action 2", unique even if two actions share a number. */
export function sheetNames(plans: FichePlan[]): string[] {
  const used = new Set<string>();
  return plans.map((p) => {
    let name = `Action ${p.number}`;
    for (let n = 2; used.has(name); n++) name = `Action ${p.number} (${n})`;
    used.add(name);
    return name;
  });
}

const MODE_WORDS: Record<PlanMode, string> = {
  consolidated: 'réalisé quand il est enregistré, prévisionnel sinon',
  planned: 'prévisionnel (montants sollicités)',
  actual: 'réalisé (montants acquis)',
};

/** Where a fiche keeps each figure the Synthèse repeats: a formula on the fiche's own cells. */
type FicheCells = Record<keyof SynthesisTotals, string>;

function synthesisSheet(sheet: ExcelJS.Worksheet, doc: FundingPlanDocument, names: string[], cells: FicheCells[]): void {
  const columns: [string, number, string?][] = [
    ['N°', 5],
    ['Action', 44],
    ['Demandeur', 26],
    ['Nature', 14],
    ['Dépenses', 13, EURO_FORMAT],
    ['Cofinancements acquis', 14, EURO_FORMAT],
    ['Cofinancements sollicités', 14, EURO_FORMAT],
    ['Autres recettes (usagers…)', 13, EURO_FORMAT],
    ['Reste à charge', 13, EURO_FORMAT],
    ['Contributions en nature', 13, EURO_FORMAT],
  ];
  columns.forEach(([, width, format], i) => {
    const column = sheet.getColumn(i + 1);
    column.width = width;
    column.font = { name: FONT_NAME, size: 10 };
    column.alignment = { vertical: 'top', wrapText: i >= 1 && i <= 3 };
    if (format) column.numFmt = format;
  });
  titleCell(sheet, 'A1', `Plans de financement — synthèse des actions — ${doc.programmeName}`, 13);
  sheet.getCell('A2').value = `${doc.filters.year !== null ? `Exercice ${doc.filters.year}` : 'Toute la durée du programme'} ; montants : ${MODE_WORDS[doc.filters.mode]}. Détail sur la feuille de chaque action.`;
  sheet.getCell('A2').font = { name: FONT_NAME, italic: true, size: 9 };
  const header = sheet.getRow(4);
  header.values = columns.map(([h]) => h);
  styleHeaderRow(header, 1, columns.length);
  header.height = 30;
  freezeRows(sheet, 4);
  printSetup(sheet, 'landscape', { from: 4, to: 4 });

  doc.synthesis.rows.forEach((r, i) => {
    const row = sheet.addRow([r.number, r.title, r.applicant, r.nature === 'investissement' ? 'Investissement' : 'Fonctionnement']);
    // Linked to the action's sheet, so that an amount edited on a fiche carries over here.
    const on = (formula: string) => formula.replace(/\{sheet\}/g, `'${names[i]!.replace(/'/g, "''")}'!`);
    const fiche = cells[i]!;
    const linked: [string, string][] = [
      [fiche.expenses, r.expenses],
      [fiche.cofinancementsAcquis, r.cofinancementsAcquis],
      [fiche.cofinancementsSollicites, r.cofinancementsSollicites],
      [fiche.autres, r.autres],
      [fiche.resteACharge, r.resteACharge],
      [fiche.inKind, r.inKind],
    ];
    linked.forEach(([formula, value], k) => {
      const cell = row.getCell(5 + k);
      cell.value = formulaCell(on(formula), value);
      cell.numFmt = EURO_FORMAT;
    });
    row.getCell(1).value = { text: String(r.number), hyperlink: `#'${names[i]}'!A1` };
    fitRowHeight(row, [{ col: 2, width: 44 }, { col: 3, width: 26 }]);
    row.getCell(1).font = { name: FONT_NAME, size: 10, color: { argb: 'FF1F4E79' }, underline: true };
  });
  const first = 5;
  const last = sheet.rowCount;
  const total = sheet.addRow([null, 'TOTAL']);
  const t = doc.synthesis.totals;
  const values = [t.expenses, t.cofinancementsAcquis, t.cofinancementsSollicites, t.autres, t.resteACharge, t.inKind];
  values.forEach((v, i) => {
    const col = 5 + i;
    total.getCell(col).value = sumCell(`${columnLetter(col)}${first}:${columnLetter(col)}${Math.max(last, first)}`, v);
    total.getCell(col).numFmt = EURO_FORMAT;
  });
  styleTotalRow(total, 1, columns.length);
}

const RECEIPT_STATUS = { acquis: 'Acquis', sollicité: 'Sollicité' } as const;
const LABEL_FONT = { name: FONT_NAME, bold: true, size: 10 } as const;
const SECTION_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E79' } };
const BOX: ExcelJS.Border = { style: 'thin', color: { argb: 'FF8EA9C1' } };

const WIDTHS = [36, 12, 9, 13, 32, 10, 8, 13];
const widthOf = (from: number, to: number) => WIDTHS.slice(from - 1, to).reduce((a, b) => a + b, 0);

/** Column layout of a fiche: DÉPENSES in A–D, RECETTES in E–H. */
const C = { poste: 1, basis: 2, depStatus: 3, depAmount: 4, funder: 5, recStatus: 6, share: 7, recAmount: 8 } as const;

function ficheSheet(sheet: ExcelJS.Worksheet, plan: FichePlan, doc: FundingPlanDocument, indicators: IndicatorProgress[]): FicheCells {
  ficheHeading(sheet, plan, doc);
  let r = identityBlock(sheet, plan, 3);
  const first = planHeading(sheet, plan, doc, r + 1);
  expenseColumn(sheet, plan, first);
  const receipts = receiptColumn(sheet, plan, first);
  const totalRow = planTotals(sheet, plan, first, receipts);
  r = inKindSection(sheet, plan, totalRow + 2);
  const inKindTotalRow = r - 2;
  r = quantitiesSection(sheet, plan, r);
  r = writeIndicatorsSection(sheet, r, indicators);
  commentSection(sheet, plan, r);
  return ficheCells(receipts, totalRow, inKindTotalRow);
}

function ficheHeading(sheet: ExcelJS.Worksheet, plan: FichePlan, doc: FundingPlanDocument): void {
  WIDTHS.forEach((w, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = w;
    column.font = { name: FONT_NAME, size: 10 };
    column.alignment = { vertical: 'top', wrapText: true };
  });
  printSetup(sheet, 'portrait');
  titleCell(sheet, 'A1', `Fiche action n° ${plan.number}`, 14);
  sheet.getCell('E1').value = doc.programmeName;
  sheet.getCell('E1').font = { name: FONT_NAME, italic: true, size: 9 };
  sheet.mergeCells('E1:H1');
  freezeRows(sheet, 1);
}

/** Identity block: label in A, value across B–H. Returns the row after it. */
function identityBlock(sheet: ExcelJS.Worksheet, plan: FichePlan, from: number): number {
  let r = from;
  const identity = ficheIdentityRows(plan);
  for (const [label, value] of identity) {
    sheet.getCell(r, 1).value = label;
    sheet.getCell(r, 1).font = LABEL_FONT;
    sheet.getCell(r, 2).value = value;
    sheet.mergeCells(r, 2, r, 8);
    fitRowHeight(sheet.getRow(r), [{ col: 2, width: widthOf(2, 8) }]);
    for (let c = 1; c <= 8; c++) sheet.getCell(r, c).border = { top: BOX, bottom: BOX, left: BOX, right: BOX };
    r++;
  }
  return r;
}

/** The plan's title, nature boxes, DÉPENSES | RECETTES band and column headers. Returns the first figure row. */
function planHeading(sheet: ExcelJS.Worksheet, plan: FichePlan, doc: FundingPlanDocument, from: number): number {
  let r = from;
  titleCell(sheet, `A${r}`, 'Plan de financement', 12);
  sheet.getCell(r, 5).value = `${plan.nature === 'investissement' ? '☒' : '☐'} Investissement    ${plan.nature === 'fonctionnement' ? '☒' : '☐'} Fonctionnement`;
  sheet.mergeCells(r, 5, r, 8);
  sheet.getCell(r, 5).font = { name: FONT_NAME, size: 10 };
  r++;
  sheet.getCell(r, 1).value = `Montants : ${MODE_WORDS[doc.filters.mode]}${doc.filters.year !== null ? ` ; exercice ${doc.filters.year}` : ''}.`;
  sheet.getCell(r, 1).font = { name: FONT_NAME, size: 9, italic: true };
  sheet.mergeCells(r, 1, r, 8);
  r++;
  const band = sheet.getRow(r);
  band.getCell(1).value = 'DÉPENSES';
  band.getCell(5).value = 'RECETTES';
  sheet.mergeCells(r, 1, r, 4);
  sheet.mergeCells(r, 5, r, 8);
  for (const c of [1, 5]) {
    const cell = band.getCell(c);
    cell.font = { name: FONT_NAME, bold: true, size: 11, color: { argb: 'FFFFFFFF' } };
    cell.fill = SECTION_FILL;
    cell.alignment = { horizontal: 'center' };
  }
  r++;
  const header = sheet.getRow(r);
  header.values = ['Postes de dépenses', 'HT / TTC', 'Statut', 'Montant (€)', 'Financeurs', 'Statut', '%', 'Montant (€)'];
  styleHeaderRow(header, 1, 8);
  header.height = 28;
  return r + 1;
}

/** Left column: one row per expense. */
function expenseColumn(sheet: ExcelJS.Worksheet, plan: FichePlan, first: number): void {
  plan.expenses.forEach((e, i) => {
    const row = sheet.getRow(first + i);
    row.getCell(C.poste).value = e.label;
    row.getCell(C.basis).value = e.taxBasis === null ? '—' : `${e.taxBasis}${e.vatRecoverable === true ? ', TVA récupérable' : e.vatRecoverable === false ? ', TVA non récupérable' : ''}`;
    row.getCell(C.depStatus).value = STATUS_LABEL[e.status];
    row.getCell(C.depAmount).value = money(e.amount);
    row.getCell(C.depAmount).numFmt = EURO_FORMAT;
  });
  if (plan.expenses.length === 0) sheet.getCell(first, C.poste).value = 'Aucune dépense du demandeur enregistrée';
}

/** Where the right column put each receipt, for the totals, the shares and the Synthèse. */
interface ReceiptColumn {
  amountRows: number[];
  /** Each receipt's share is a formula over its amount and the receipts' total (filled once the total's row is known). */
  shareRows: { row: number; amount: string }[];
  cofinanceurs: { from: number; to: number };
  autres: { from: number; to: number };
  resteRow: number;
  /** The row after the column. */
  end: number;
}

/** Right column: co-funders, others, reste à charge. */
function receiptColumn(sheet: ExcelJS.Worksheet, plan: FichePlan, first: number): ReceiptColumn {
  let rr = first;
  const amountRows: number[] = [];
  const shareRows: { row: number; amount: string }[] = [];
  const caption = (text: string) => {
    const cell = sheet.getCell(rr++, C.funder);
    cell.value = text;
    cell.font = { name: FONT_NAME, bold: true, italic: true, size: 10 };
  };
  const receipt = (name: string, status: string, amount: string) => {
    const row = sheet.getRow(rr);
    row.getCell(C.funder).value = name;
    row.getCell(C.recStatus).value = status;
    shareRows.push({ row: rr, amount });
    row.getCell(C.recAmount).value = money(amount);
    row.getCell(C.recAmount).numFmt = EURO_FORMAT;
    amountRows.push(rr++);
  };
  const group = (title: string, receipts: FichePlan['cofinanceurs']) => {
    caption(title);
    const from = rr;
    for (const f of receipts) receipt(f.name, RECEIPT_STATUS[f.status], f.amount);
    const to = rr - 1;
    if (receipts.length === 0) sheet.getCell(rr++, C.funder).value = '—';
    return { from, to };
  };
  const cofinanceurs = group('Cofinanceurs', plan.cofinanceurs);
  const autres = group('Autres (participations usagers…)', plan.autres);
  const resteRow = rr++;
  sheet.getCell(resteRow, C.funder).value = plan.resteACharge.label;
  sheet.getCell(resteRow, C.funder).font = LABEL_FONT;
  shareRows.push({ row: resteRow, amount: plan.resteACharge.amount });
  return { amountRows, shareRows, cofinanceurs, autres, resteRow, end: rr };
}

/** The TOTAL row under both halves, the reste à charge and the shares as formulas. Returns the TOTAL row. */
function planTotals(sheet: ExcelJS.Worksheet, plan: FichePlan, first: number, receipts: ReceiptColumn): number {
  const totalRow = Math.max(first + Math.max(plan.expenses.length, 1), receipts.end);
  for (let row = first; row < totalRow; row++)
    fitRowHeight(sheet.getRow(row), [
      { col: C.poste, width: WIDTHS[C.poste - 1]! },
      { col: C.basis, width: WIDTHS[C.basis - 1]! },
      { col: C.funder, width: WIDTHS[C.funder - 1]! },
    ]);
  const dep = columnLetter(C.depAmount);
  const rec = columnLetter(C.recAmount);
  sheet.getCell(totalRow, C.depAmount).value = sumCell(`${dep}${first}:${dep}${totalRow - 1}`, plan.totalExpenses);
  const others = receipts.amountRows.map((n) => `${rec}${n}`);
  const reste = sheet.getCell(receipts.resteRow, C.recAmount);
  reste.value = formulaCell(others.length > 0 ? `MAX(0,${dep}${totalRow}-SUM(${others.join(',')}))` : `${dep}${totalRow}`, plan.resteACharge.amount);
  reste.numFmt = EURO_FORMAT;
  sheet.getCell(totalRow, C.recAmount).value = sumCell(`${rec}${first}:${rec}${totalRow - 1}`, plan.totalReceipts);
  shareFormulas(sheet, plan, receipts, totalRow);
  sheet.getCell(totalRow, C.poste).value = 'TOTAL';
  sheet.getCell(totalRow, C.funder).value = 'TOTAL';
  styleTotalRow(sheet.getRow(totalRow), 1, 8);
  for (const c of [C.depAmount, C.recAmount]) sheet.getCell(totalRow, c).numFmt = EURO_FORMAT;
  for (let row = first - 1; row <= totalRow; row++) {
    // A vertical rule between the two halves, as on the paper form.
    sheet.getCell(row, C.funder).border = { ...sheet.getCell(row, C.funder).border, left: { style: 'medium', color: { argb: 'FF1F4E79' } } };
  }
  return totalRow;
}

/**
 * Shares as live fractions of the receipts' total (formatted as %), so that an amount a treasurer
 * edits moves them; their stored results are the exact ratios (the API's shares are the same
 * ratios rounded by largest remainder).
 */
function shareFormulas(sheet: ExcelJS.Worksheet, plan: FichePlan, receipts: ReceiptColumn, totalRow: number): void {
  const rec = columnLetter(C.recAmount);
  const shareLetter = columnLetter(C.share);
  const totalReceipts = centsOf(plan.totalReceipts);
  const ratio = (amount: string) => (totalReceipts === 0 ? 0 : ratioAsCellNumber(centsOf(amount), totalReceipts));
  for (const { row, amount } of receipts.shareRows) {
    const cell = sheet.getCell(row, C.share);
    cell.value = formulaCell(`IF(${rec}${totalRow}=0,0,${rec}${row}/${rec}${totalRow})`, ratio(amount));
    cell.numFmt = FRACTION_PERCENT_FORMAT;
  }
  sheet.getCell(totalRow, C.share).value = sumCell(receipts.shareRows.map(({ row }) => `${shareLetter}${row}`).join(','), totalReceipts === 0 ? 0 : 1);
  sheet.getCell(totalRow, C.share).numFmt = FRACTION_PERCENT_FORMAT;
}

/** In kind, apart from the plan. Returns the row two below its total (the total sits at the result − 2). */
function inKindSection(sheet: ExcelJS.Worksheet, plan: FichePlan, from: number): number {
  let r = from;
  titleCell(sheet, `A${r}`, 'Contributions en nature valorisées (hors plan de financement)', 11);
  r++;
  const kindHeader = sheet.getRow(r);
  kindHeader.values = ['Partenaire — nature', null, 'Statut', 'Montant (€)'];
  styleHeaderRow(kindHeader, 1, 4);
  r++;
  const kindFirst = r;
  for (const k of plan.inKind) {
    sheet.getCell(r, 1).value = `${k.name} — ${KIND_LABEL[k.kind]}`;
    sheet.mergeCells(r, 1, r, 2);
    fitRowHeight(sheet.getRow(r), [{ col: 1, width: widthOf(1, 2) }]);
    sheet.getCell(r, 3).value = STATUS_LABEL[k.status];
    sheet.getCell(r, 4).value = money(k.amount);
    sheet.getCell(r, 4).numFmt = EURO_FORMAT;
    r++;
  }
  if (plan.inKind.length === 0) sheet.getCell(r++, 1).value = 'Aucune';
  sheet.getCell(r, 1).value = 'Total des contributions en nature';
  sheet.getCell(r, 4).value = sumCell(`D${kindFirst}:D${r - 1}`, plan.totalInKind);
  sheet.getCell(r, 4).numFmt = EURO_FORMAT;
  styleTotalRow(sheet.getRow(r), 1, 4);
  return r + 2;
}

/** The quantities recorded (hours, half-days…), planned and actual. Returns the row after a blank one. */
function quantitiesSection(sheet: ExcelJS.Worksheet, plan: FichePlan, from: number): number {
  let r = from;
  titleCell(sheet, `A${r}`, 'Indicateurs de suivi et de résultat', 11);
  r++;
  const indicatorHeader = sheet.getRow(r);
  indicatorHeader.values = ['Indicateur', 'Unité', 'Prévu', 'Réalisé'];
  styleHeaderRow(indicatorHeader, 1, 4);
  r++;
  for (const i of plan.indicators) {
    sheet.getRow(r).values = [i.label, i.unit, Number(i.planned), Number(i.actual)];
    sheet.getCell(r, 3).numFmt = QUANTITY_FORMAT;
    sheet.getCell(r, 4).numFmt = QUANTITY_FORMAT;
    r++;
  }
  if (plan.indicators.length === 0) sheet.getCell(r++, 1).value = 'Aucune quantité enregistrée';
  return r + 1;
}

function commentSection(sheet: ExcelJS.Worksheet, plan: FichePlan, from: number): void {
  let r = from;
  titleCell(sheet, `A${r}`, 'Commentaire', 11);
  r++;
  const comments = plan.notes.length > 0 ? plan.notes : ['—'];
  for (const note of comments) {
    sheet.getCell(r, 1).value = note;
    sheet.mergeCells(r, 1, r, 8);
    fitRowHeight(sheet.getRow(r), [{ col: 1, width: widthOf(1, 8) }]);
    r++;
  }
}

/** The fiche's cells the Synthèse links to; "{sheet}" stands for this sheet's quoted name (the Synthèse fills it in). */
function ficheCells(receipts: ReceiptColumn, totalRow: number, inKindTotalRow: number): FicheCells {
  const dep = columnLetter(C.depAmount);
  const rec = columnLetter(C.recAmount);
  const status = columnLetter(C.recStatus);
  const { cofinanceurs, autres } = receipts;
  const byStatus = (word: string) =>
    cofinanceurs.to >= cofinanceurs.from ? `SUMIF({sheet}${status}${cofinanceurs.from}:${status}${cofinanceurs.to},"${word}",{sheet}${rec}${cofinanceurs.from}:${rec}${cofinanceurs.to})` : '0';
  return {
    expenses: `{sheet}${dep}${totalRow}`,
    cofinancementsAcquis: byStatus(RECEIPT_STATUS.acquis),
    cofinancementsSollicites: byStatus(RECEIPT_STATUS.sollicité),
    autres: autres.to >= autres.from ? `SUM({sheet}${rec}${autres.from}:${rec}${autres.to})` : '0',
    resteACharge: `{sheet}${rec}${receipts.resteRow}`,
    inKind: `{sheet}D${inKindTotalRow}`,
  };
}
