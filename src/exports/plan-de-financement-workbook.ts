// The `budget` workbook of a public body (a commune, an EPCI, a CCAS, a département, a région):
// `Plan de financement` in the layout DETR/DSIL, regions and EU funds ask (src/reports/
// plan-de-financement.ts says what goes where), `Contrôles` with the funding checks, `Provenance`.
// No Cerfa and no account code: a public body files no Cerfa. Amounts to the cent; every total,
// the autofinancement and every share are live formulas stored with their results, so a treasurer
// who edits an amount sees the plan rebalance.
import type ExcelJS from 'exceljs';
import type { BudgetDocument } from '../reports/budget.ts';
import { planDeFinancementOf, type PlanDeFinancement } from '../reports/plan-de-financement.ts';
import { CATEGORY_LABEL, CHECK_READING_LABEL, frenchEuros } from './labels.ts';
import { checksSheet } from './budget-workbook.ts';
import { writeAdjustmentsSheet } from './adjustments-sheet.ts';
import { PROVENANCE_SHEET, writeProvenance, type Provenance } from './provenance.ts';
import { EURO_FORMAT, FONT_NAME, FRACTION_PERCENT_FORMAT, fitRowHeight, formulaCell, money, newWorkbook, printSetup, styleHeaderRow, styleTotalRow, titleCell } from './xlsx.ts';
import { xmlSafeWorkbook } from './xml-text.ts';
import { centsOf, ratioAsCellNumber } from '../domain/money.ts';
import { vatToConvertFr } from '../reports/vat-to-convert.ts';

export const PLAN_SHEET = 'Plan de financement';
const WIDTHS = [44, 26, 12, 16, 11];

export async function writePlanDeFinancementWorkbook(doc: BudgetDocument, provenance: Provenance, path: string): Promise<void> {
  const workbook = newWorkbook(provenance.generatedAt);
  planSheet(workbook.addWorksheet(PLAN_SHEET), doc, planDeFinancementOf(doc));
  checksSheet(workbook.addWorksheet('Contrôles'), doc);
  // A closed year's plan is made at the closing; what moved since is listed apart ([closings]).
  if (provenance.closing) writeAdjustmentsSheet(workbook, provenance.closing);
  writeProvenance(workbook.addWorksheet(PROVENANCE_SHEET), provenance);
  xmlSafeWorkbook(workbook);
  await workbook.xlsx.writeFile(path);
}

const READING: Record<PlanDeFinancement['kind'], string> = {
  prévisionnel: 'dépenses et ressources prévues (ressources sollicitées)',
  réalisé: 'dépenses et ressources réalisées (ressources acquises)',
  actualisé: 'par ligne, le réalisé dès qu’il est enregistré, le prévu sinon ; ressources acquises (montant accordé) ou sollicitées (montant demandé)',
};

const BASIS_TEXT: Record<PlanDeFinancement['basis'], string> = {
  HT: 'Montants hors taxes (HT) : le maître d’ouvrage récupère la TVA ou perçoit le FCTVA.',
  TTC: 'Montants toutes taxes comprises (TTC) : le maître d’ouvrage ne récupère pas la TVA.',
  'sans TVA': 'Dépenses hors champ de la TVA (temps de personnel valorisé) : aucune base fiscale à choisir.',
  mixte: '⚠ Dépenses saisies sur des bases fiscales différentes (HT, TTC ou non précisée) : harmonisez-les avant le dépôt, un plan de financement se présente sur une seule base.',
};

function headerLines(doc: BudgetDocument, plan: PlanDeFinancement): string[] {
  const s = doc.scope;
  const operation = s.actionId !== null ? `Opération : action n° ${s.actionNumber} — ${s.actionTitle} (${s.nature})` : `Opération : tout le programme « ${doc.programmeName} »`;
  return [
    `Maître d’ouvrage : ${s.applicant.name} (${CATEGORY_LABEL[s.applicant.category as keyof typeof CATEGORY_LABEL] ?? s.applicant.category})`,
    operation,
    `${s.year !== null ? `Exercice ${s.year}` : 'Toute la durée du programme'} — ${READING[plan.kind]}.`,
    BASIS_TEXT[plan.basis],
  ];
}

function planSheet(sheet: ExcelJS.Worksheet, doc: BudgetDocument, plan: PlanDeFinancement): void {
  WIDTHS.forEach((w, i) => {
    sheet.getColumn(i + 1).width = w;
    sheet.getColumn(i + 1).font = { name: FONT_NAME, size: 10 };
  });
  const investment = doc.scope.nature === 'investissement' ? ' d’investissement' : '';
  titleCell(sheet, 'A1', `Plan de financement ${plan.kind} de l’opération${investment}`, 14);
  headerLines(doc, plan).forEach((text, i) => {
    const cell = sheet.getCell(2 + i, 1);
    cell.value = text;
    cell.font = { name: FONT_NAME, size: 10, ...(i === 0 && { bold: true }) };
  });
  printSetup(sheet, 'portrait');
  const totalRow = expensesTable(sheet, plan, 7);
  const resourcesEnd = resourcesTable(sheet, plan, totalRow + 2, totalRow);
  notes(sheet, doc, plan, resourcesEnd + 2);
}

/** DÉPENSES from `first`; returns the row of their total. */
function expensesTable(sheet: ExcelJS.Worksheet, plan: PlanDeFinancement, first: number): number {
  const header = sheet.getRow(first);
  header.values = ['Dépenses (nature)', null, null, `Montant ${plan.basis === 'HT' || plan.basis === 'TTC' ? plan.basis : ''}`.trim(), '%'];
  styleHeaderRow(header, 1, 5);
  let r = first + 1;
  for (const expense of plan.expenses) {
    const row = sheet.getRow(r);
    row.getCell(1).value = expense.label;
    row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
    row.getCell(4).value = money(expense.amount);
    r++;
  }
  const totalRow = r;
  const total = sheet.getRow(totalRow);
  total.getCell(1).value = 'TOTAL DES DÉPENSES';
  total.getCell(4).value = formulaCell(plan.expenses.length > 0 ? `SUM(D${first + 1}:D${totalRow - 1})` : '0', money(plan.totalExpenses));
  for (let row = first + 1; row <= totalRow; row++) shareCell(sheet.getRow(row), totalRow, row, plan.totalExpenses, row === totalRow ? plan.totalExpenses : plan.expenses[row - first - 1]!.amount);
  for (let row = first + 1; row <= totalRow; row++) sheet.getCell(row, 4).numFmt = EURO_FORMAT;
  styleTotalRow(total, 1, 5);
  return totalRow;
}

/** The share of the total expenses, as a formula over the amount cells. */
function shareCell(row: ExcelJS.Row, totalRow: number, r: number, total: string, amount: string): void {
  const cell = row.getCell(5);
  const whole = centsOf(total);
  cell.value = formulaCell(`IF($D$${totalRow}>0,D${r}/$D$${totalRow},0)`, whole > 0 ? ratioAsCellNumber(centsOf(amount), whole) : 0);
  cell.numFmt = FRACTION_PERCENT_FORMAT;
}

/** RESSOURCES from `first`, each share over the expenses' total; returns the last row written. */
function resourcesTable(sheet: ExcelJS.Worksheet, plan: PlanDeFinancement, first: number, expensesTotalRow: number): number {
  const header = sheet.getRow(first);
  header.values = ['Ressources (financeur)', 'Catégorie', 'Statut', 'Montant', '%'];
  styleHeaderRow(header, 1, 5);
  let r = first + 1;
  const funderRows: number[] = [];
  for (const resource of plan.resources) {
    const row = sheet.getRow(r);
    row.values = [resource.name, resource.group, resource.status, money(resource.amount)];
    for (const c of [1, 2]) row.getCell(c).alignment = { wrapText: true, vertical: 'top' };
    funderRows.push(r);
    r++;
  }
  const ownRow = r;
  const own = sheet.getRow(ownRow);
  own.getCell(1).value = 'Autofinancement du maître d’ouvrage';
  own.getCell(3).value = 'acquis';
  const others = funderRows.length > 0 ? `SUM(D${funderRows[0]}:D${funderRows[funderRows.length - 1]})` : '0';
  own.getCell(4).value = formulaCell(`MAX(0,D${expensesTotalRow}-${others})`, money(plan.autofinancement.amount));
  const totalRow = ownRow + 1;
  const total = sheet.getRow(totalRow);
  total.getCell(1).value = 'TOTAL DES RESSOURCES';
  total.getCell(4).value = formulaCell(`SUM(D${first + 1}:D${ownRow})`, money(plan.totalResources));
  const amounts = [...plan.resources.map((x) => x.amount), plan.autofinancement.amount, plan.totalResources];
  for (let row = first + 1; row <= totalRow; row++) {
    sheet.getCell(row, 4).numFmt = EURO_FORMAT;
    shareCell(sheet.getRow(row), expensesTotalRow, row, plan.totalExpenses, amounts[row - first - 1]!);
    fitRowHeight(sheet.getRow(row), [{ col: 1, width: WIDTHS[0]! }, { col: 2, width: WIDTHS[1]! }]);
  }
  styleTotalRow(total, 1, 5);
  return totalRow;
}

function notes(sheet: ExcelJS.Worksheet, doc: BudgetDocument, plan: PlanDeFinancement, first: number): void {
  const lines: string[] = [];
  lines.push(`Aides publiques : ${frenchEuros(plan.publicAid.amount)}${plan.publicAid.share !== null ? `, soit ${plan.publicAid.share.replace('.', ',')} % des dépenses` : ''}.`);
  for (const r of plan.resources)
    if (r.requested !== undefined) lines.push(`${r.name} : ${frenchEuros(r.requested)} sollicités, ${frenchEuros(r.amount)} acquis : le plan retient le montant accordé.`);
  for (const item of doc.vatToConvert) lines.push(vatToConvertFr(item));
  const means = doc.applicantMeans[plan.status];
  if (means !== undefined && means !== '0.00')
    lines.push(`Locaux, bornes et matériel propres du maître d’ouvrage valorisés ${frenchEuros(means)} : hors plan, ce ne sont ni des dépenses de l’opération ni des ressources.`);
  const inKind = doc.totals.emplois86[plan.status];
  if (inKind !== undefined && inKind !== '0.00')
    lines.push(`Contributions en nature de tiers valorisées ${frenchEuros(inKind)} (${plan.status === 'planned' ? 'prévu' : 'réalisé'}) : hors plan de financement, à présenter à part si le financeur les admet.`);
  // The plan actualisé is judged on the figures it prints; a prévisionnel or réalisé on its status.
  const all = [...doc.consolidatedChecks, ...doc.checks];
  const readings = doc.consolidatedChecks.length > 0 ? (['consolidated'] as const) : doc.scope.statuses;
  const failed = readings.map((status) => [status, all.filter((c) => c.status === status && c.applicable && !c.passed).length] as const);
  const failing = failed.filter(([, n]) => n > 0);
  lines.push(
    failing.length === 0
      ? 'Tous les contrôles sont conformes (feuille Contrôles).'
      : `Contrôles non conformes — ${failing.map(([status, n]) => `${CHECK_READING_LABEL[status].toLowerCase()} : ${n}`).join(' ; ')} : voir la feuille Contrôles.`,
  );
  lines.forEach((text, i) => {
    const cell = sheet.getCell(first + i, 1);
    cell.value = text;
    cell.font = { name: FONT_NAME, size: 9, italic: true };
  });
}
