// The `budget` workbook: `Budget` in the Cerfa 12156*06 layout (charges on the left, produits on the
// right, the 86/87 in-kind block below, prévu / réalisé / écart columns) in whole euros whose printed
// sums balance; `Contrôles` with the six funding checks and both sides' figures; `Provenance`.
// Every sum is a live formula stored with its result; the applicant's own funding is a formula too
// (total charges minus the other produits), so a treasurer who edits a grant sees it rebalance.
import type ExcelJS from 'exceljs';
import { budgetDocument, type Amounts, type BudgetDocument, type BudgetLine } from '../reports/budget.ts';
import type { LedgerState, ProgrammeView } from '../read-model/ledger.ts';
import type { Checkpoint } from '../read-model/runner.ts';
import type { ContributionKind, ContributionStatus } from '../domain/kinds.ts';
import { CHECK_READING_LABEL, KIND_LABEL, STATUS_LABEL, frenchDate, frenchEuros } from './labels.ts';
import { NATURE_LABEL, euCapPercent, unvaluedReasonFr } from '../reports/funding-checks.ts';
import { vatToConvertFr } from '../reports/vat-to-convert.ts';
import { PROVENANCE_SHEET, writeProvenance, type Provenance } from './provenance.ts';
import { writeAdjustmentsSheet } from './adjustments-sheet.ts';
import { budgetSpecOf, type ExportRequest } from './workbook-request.ts';
import { budgetOptionsOf } from '../reports/report-specs.ts';
import {
  COUNT_FORMAT,
  EURO_FORMAT,
  FONT_NAME,
  WHOLE_EURO_FORMAT,
  columnLetter,
  fitRowHeight,
  formulaCell,
  freezeRows,
  money,
  newWorkbook,
  printSetup,
  styleHeaderRow,
  styleTotalRow,
  titleCell,
} from './xlsx.ts';
import { xmlSafeWorkbook } from './xml-text.ts';
import { GAPS_SHEET, gapsSheet } from './budget-gaps-sheet.ts';

export function budgetOf(checkpoint: Checkpoint<LedgerState>, programme: ProgrammeView, request: ExportRequest): BudgetDocument {
  return budgetDocument(checkpoint, programme, budgetOptionsOf(budgetSpecOf(request)));
}

export async function writeBudgetWorkbook(doc: BudgetDocument, provenance: Provenance, path: string): Promise<void> {
  const workbook = newWorkbook(provenance.generatedAt);
  budgetSheet(workbook.addWorksheet('Budget'), doc);
  if (doc.form === 'cerfa-15059') gapsSheet(workbook.addWorksheet(GAPS_SHEET), doc);
  checksSheet(workbook.addWorksheet('Contrôles'), doc);
  if (provenance.closing) writeAdjustmentsSheet(workbook, provenance.closing);
  writeProvenance(workbook.addWorksheet(PROVENANCE_SHEET), provenance);
  xmlSafeWorkbook(workbook);
  await workbook.xlsx.writeFile(path);
}

const LABEL_WIDTH = 46;
/** The Budget sheet's column headers; the form's lines start on the next row. */
export const BUDGET_HEADER_ROW = 6;
const STATUS_HEADER: Record<ContributionStatus, string> = { planned: 'Prévu', actual: 'Réalisé' };
/** The compte rendu financier's words for the two columns. */
const REPORT_HEADER: Record<ContributionStatus, string> = { planned: 'Prévision', actual: 'Réalisation' };

/** The form's own title: a budget prévisionnel (12156*06) or, once realised, a compte rendu (15059*02). */
function formTitle(doc: BudgetDocument): string {
  const action = doc.scope.actionId !== null;
  if (doc.form === 'cerfa-15059') return `Compte rendu financier ${action ? 'de l’action' : 'du programme'} — Cerfa n° 15059*02`;
  return `Budget prévisionnel ${action ? 'de l’action' : 'du programme'} — Cerfa n° 12156*06`;
}
const LINE_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF7F9FC' } };
const OWN_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };

/** Where each side of the form sits: code, label and amount columns. */
interface SideColumns {
  code: number;
  label: number;
  /** One per status, then the gap when both. */
  amounts: { key: keyof Amounts; col: number }[];
}

function sideColumns(first: number, statuses: ContributionStatus[]): SideColumns {
  const keys: (keyof Amounts)[] = [...statuses, ...(statuses.length === 2 ? (['gap'] as const) : [])];
  return { code: first, label: first + 1, amounts: keys.map((key, i) => ({ key, col: first + 2 + i })) };
}

export function budgetSheet(sheet: ExcelJS.Worksheet, doc: BudgetDocument): void {
  const statuses = doc.scope.statuses;
  const left = sideColumns(1, statuses);
  const right = sideColumns(left.amounts[left.amounts.length - 1]!.col + 1, statuses);
  const lastCol = right.amounts[right.amounts.length - 1]!.col;
  for (const side of [left, right]) {
    sheet.getColumn(side.code).width = 6;
    sheet.getColumn(side.label).width = LABEL_WIDTH;
    for (const a of side.amounts) sheet.getColumn(a.col).width = 13;
  }
  for (let c = 1; c <= lastCol; c++) sheet.getColumn(c).font = { name: FONT_NAME, size: 10 };
  budgetHeading(sheet, doc);
  budgetHeader(sheet, doc, left, right, lastCol);
  const totalRow = budgetLines(sheet, doc, left, right);
  const grandRow = inKindBlock(sheet, doc, left, right, totalRow);
  let noteRow = grandRow + 2;
  for (const note of budgetNotes(doc)) {
    const cell = sheet.getCell(noteRow++, 1);
    cell.value = note;
    cell.font = { name: FONT_NAME, size: 9, italic: true };
  }
}

/** The title, then what the budget covers: the action or programme, the applicant, the year. */
function budgetHeading(sheet: ExcelJS.Worksheet, doc: BudgetDocument): void {
  const scope = doc.scope;
  titleCell(sheet, 'A1', formTitle(doc), 14);
  const subject = scope.actionId !== null ? `Action n° ${scope.actionNumber} : ${scope.actionTitle} (${scope.nature})` : `Tout le programme : ${doc.programmeName}`;
  const applicantWhy = { asked: 'demandeur choisi', pilot: 'pilote de l’action', programme: 'pilote du plus grand nombre d’actions' }[scope.applicant.source];
  const lines2 = [
    subject,
    `Demandeur : ${scope.applicant.name} (${applicantWhy})`,
    `${scope.year !== null ? `Exercice ${scope.year}` : 'Toute la durée du programme'} — montants en euros, sans centimes ; les lignes sont arrondies pour que les totaux imprimés tombent juste.`,
  ];
  lines2.forEach((text, i) => {
    const cell = sheet.getCell(2 + i, 1);
    cell.value = text;
    cell.font = { name: FONT_NAME, size: 10, ...(i === 0 && { bold: true }) };
  });
}

/** The column headers of both sides, frozen and repeated on each printed page. */
function budgetHeader(sheet: ExcelJS.Worksheet, doc: BudgetDocument, left: SideColumns, right: SideColumns, lastCol: number): void {
  const headerRow = BUDGET_HEADER_ROW;
  const header = sheet.getRow(headerRow);
  for (const [side, title] of [
    [left, 'Charges'],
    [right, 'Produits'],
  ] as const) {
    header.getCell(side.code).value = 'Code';
    header.getCell(side.label).value = title;
    for (const a of side.amounts) header.getCell(a.col).value = a.key === 'gap' ? 'Écart (réalisé − prévu)' : (doc.form === 'cerfa-15059' ? REPORT_HEADER : STATUS_HEADER)[a.key];
  }
  styleHeaderRow(header, 1, lastCol);
  header.height = 30;
  freezeRows(sheet, headerRow);
  printSetup(sheet, 'landscape', { from: headerRow, to: headerRow }, true);
}

/** The form's lines, side by side, the own funding as a formula, then the totals on one row; returns that row. */
function budgetLines(sheet: ExcelJS.Worksheet, doc: BudgetDocument, left: SideColumns, right: SideColumns): number {
  const firstRow = BUDGET_HEADER_ROW + 1;
  const chargesRows = placeLines(sheet, doc.lines.charges, left, firstRow);
  const produitsRows = placeLines(sheet, doc.lines.produits, right, firstRow);
  const totalRow = firstRow + Math.max(doc.lines.charges.length, doc.lines.produits.length);
  writeTotal(sheet, totalRow, left, 'TOTAL DES CHARGES', topLevelCells(doc.lines.charges, chargesRows), doc.totalsEuros.charges);
  // Own funding = total charges − the other produits, never below zero (an excess shows as produits
  // above charges, and in checks 1 and 2), as a formula, then the produits total.
  const own = doc.lines.produits.find((l) => l.balancing)!;
  const ownRow = produitsRows.get(own.id)!;
  const otherTopProduits = doc.lines.produits.filter((l) => l.level === 0 && !l.balancing);
  for (const a of right.amounts) {
    if (a.key === 'gap') continue;
    const leftCol = left.amounts.find((x) => x.key === a.key)!.col;
    const others = otherTopProduits.map((l) => `${columnLetter(a.col)}${produitsRows.get(l.id)!}`).join(',');
    sheet.getCell(ownRow, a.col).value = formulaCell(`MAX(0,${columnLetter(leftCol)}${totalRow}-SUM(${others}))`, Number(own.euros[a.key]));
  }
  writeTotal(sheet, totalRow, right, 'TOTAL DES PRODUITS', topLevelCells(doc.lines.produits, produitsRows), doc.totalsEuros.produits);
  sheet.getCell(ownRow, right.label).fill = OWN_FILL;
  for (const a of right.amounts) sheet.getCell(ownRow, a.col).fill = OWN_FILL;
  return totalRow;
}

/** The in-kind block (86 against 87) below the totals, then the grand totals; returns their row. */
function inKindBlock(sheet: ExcelJS.Worksheet, doc: BudgetDocument, left: SideColumns, right: SideColumns, totalRow: number): number {
  const inKindCaption = totalRow + 2;
  const caption = sheet.getRow(inKindCaption);
  caption.getCell(left.label).value = 'Contributions volontaires en nature';
  caption.getCell(right.label).value = 'Contributions volontaires en nature';
  caption.font = { name: FONT_NAME, bold: true, italic: true, size: 10 };
  const inKindFirst = inKindCaption + 1;
  const emploisRows = placeLines(sheet, doc.inKind.emplois, left, inKindFirst);
  const ressourcesRows = placeLines(sheet, doc.inKind.ressources, right, inKindFirst);
  const grandRow = inKindFirst + Math.max(doc.inKind.emplois.length, doc.inKind.ressources.length);
  const e86 = emploisRows.get('e86')!;
  const r87 = ressourcesRows.get('r87')!;
  writeTotal(sheet, grandRow, left, 'TOTAL (charges et emplois 86)', [`{c}${totalRow}`, `{c}${e86}`], sumAmounts(doc.totalsEuros.charges, doc.totalsEuros.emplois86));
  writeTotal(sheet, grandRow, right, 'TOTAL (produits et contributions 87)', [`{c}${totalRow}`, `{c}${r87}`], sumAmounts(doc.totalsEuros.produits, doc.totalsEuros.ressources87));
  return grandRow;
}

/** Notes a treasurer needs before filing. */
function budgetNotes(doc: BudgetDocument): string[] {
  const notes: string[] = [];
  const byStatus = (amounts: Amounts) =>
    Object.entries(amounts)
      .filter(([s, v]) => s !== 'gap' && v !== undefined && v !== '0.00')
      .map(([s, v]) => `${STATUS_LABEL[s as ContributionStatus].toLowerCase()} ${frenchEuros(v!)}`)
      .join(', ');
  const cash = byStatus(doc.applicantCash);
  if (cash !== '')
    notes.push(`Apports en numéraire enregistrés par le demandeur : ${cash}. Ils ne sont pas un produit : la ligne « Ressources propres » porte le reste à charge calculé (charges − autres produits).`);
  const pay = doc.lines.charges.find((l) => l.id === 'c64-remuneration');
  if (pay && Object.entries(pay.amounts).some(([s, v]) => s !== 'gap' && v !== '0.00'))
    notes.push('Temps de travail valorisé au coût horaire chargé : les charges sociales sont comprises dans la ligne « Rémunération des personnels ».');
  const means = byStatus(doc.applicantMeans);
  if (means !== '')
    notes.push(`Locaux, bornes, matériel et biens propres du demandeur valorisés : ${means}. Hors budget : ce ne sont pas des contributions en nature (elles viennent de tiers) ni des charges de l’action.`);
  for (const item of doc.vatToConvert) notes.push(vatToConvertFr(item));
  const investment = byStatus(doc.applicantInvestment);
  if (investment !== '')
    notes.push(
      `Achats d’investissement du demandeur : ${investment}. Hors budget : un investissement est une immobilisation (classe 2), pas une charge de fonctionnement (classe 6) ; le présenter au financeur dans un plan de financement de l’investissement.`,
    );
  const unvaluedByStatus = doc.scope.statuses.map((s) => [s, doc.unvalued.filter((u) => u.status === s).length] as const).filter(([, n]) => n > 0);
  if (unvaluedByStatus.length > 0)
    notes.push(`Contributions non valorisées, absentes des montants : ${unvaluedByStatus.map(([s, n]) => `${n} (${STATUS_LABEL[s].toLowerCase()})`).join(', ')} — voir la feuille Contrôles.`);
  const failed = doc.checks.filter((c) => !c.passed);
  notes.push(failed.length === 0 ? 'Tous les contrôles sont conformes (feuille Contrôles).' : `${failed.length} contrôle(s) non conforme(s) : voir la feuille Contrôles.`);
  notes.push(`Numérotation : ${doc.codes === 'anc' ? 'règlement ANC 2018-06 (870 Dons en nature, 875 Bénévolat)' : 'Cerfa n° 12156*06 (870 Bénévolat, 875 Dons en nature)'}.`);
  return notes;
}

/** Writes a side's lines from `firstRow`; returns each line's row. */
function placeLines(sheet: ExcelJS.Worksheet, lines: BudgetLine[], side: SideColumns, firstRow: number): Map<string, number> {
  const rows = new Map<string, number>();
  lines.forEach((line, i) => rows.set(line.id, firstRow + i));
  const children = new Map<string, string[]>();
  for (const line of lines) if (line.parentId !== undefined) children.set(line.parentId, [...(children.get(line.parentId) ?? []), line.id]);
  // A funder row's parent is its 74 line, whose own parent is 74: children map by id works for both.
  for (const line of lines) {
    const r = rows.get(line.id)!;
    const row = sheet.getRow(r);
    const codeCell = row.getCell(side.code);
    codeCell.value = line.code || null;
    codeCell.alignment = { horizontal: 'center', vertical: 'top' };
    const labelCell = row.getCell(side.label);
    labelCell.value = line.label;
    labelCell.alignment = { indent: line.level, wrapText: true, vertical: 'top' };
    labelCell.font = { name: FONT_NAME, size: line.level === 2 ? 9 : 10, bold: line.level === 0, italic: line.level === 2 };
    const kids = children.get(line.id) ?? [];
    for (const a of side.amounts) {
      const cell = row.getCell(a.col);
      const result = Number(line.euros[a.key]);
      if (a.key === 'gap') {
        const actual = side.amounts.find((x) => x.key === 'actual')!.col;
        const planned = side.amounts.find((x) => x.key === 'planned')!.col;
        cell.value = formulaCell(`${columnLetter(actual)}${r}-${columnLetter(planned)}${r}`, result);
      } else if (kids.length > 0) {
        cell.value = formulaCell(`SUM(${kids.map((k) => `${columnLetter(a.col)}${rows.get(k)!}`).join(',')})`, result);
      } else if (!line.balancing) {
        cell.value = result;
      }
      cell.numFmt = WHOLE_EURO_FORMAT;
      cell.alignment = { vertical: 'top' };
      cell.font = { name: FONT_NAME, size: line.level === 2 ? 9 : 10, bold: line.level === 0 };
    }
    if (line.level === 0) for (const c of [side.code, side.label, ...side.amounts.map((a) => a.col)]) row.getCell(c).fill = LINE_FILL;
    fitRowHeight(row, [{ col: side.label, width: LABEL_WIDTH }], line.level === 2 ? 9 : 10);
  }
  return rows;
}

/** Cell templates ("{c}12") of the top-level lines, the ones a section total adds up. */
function topLevelCells(lines: BudgetLine[], rows: Map<string, number>): string[] {
  return lines.filter((l) => l.level === 0).map((l) => `{c}${rows.get(l.id)!}`);
}

function writeTotal(sheet: ExcelJS.Worksheet, r: number, side: SideColumns, label: string, cells: string[], euros: Amounts): number {
  const row = sheet.getRow(r);
  row.getCell(side.label).value = label;
  for (const a of side.amounts) {
    const letter = columnLetter(a.col);
    const cell = row.getCell(a.col);
    if (a.key === 'gap') {
      const actual = columnLetter(side.amounts.find((x) => x.key === 'actual')!.col);
      const planned = columnLetter(side.amounts.find((x) => x.key === 'planned')!.col);
      cell.value = formulaCell(`${actual}${r}-${planned}${r}`, Number(euros.gap));
    } else {
      cell.value = formulaCell(`SUM(${cells.map((t) => t.replace('{c}', letter)).join(',')})`, Number(euros[a.key]));
    }
    cell.numFmt = WHOLE_EURO_FORMAT;
  }
  styleTotalRow(row, side.code, side.amounts[side.amounts.length - 1]!.col);
  return r;
}

function sumAmounts(a: Amounts, b: Amounts): Amounts {
  const out: Amounts = {};
  for (const key of ['planned', 'actual', 'gap'] as const) if (a[key] !== undefined && b[key] !== undefined) out[key] = String(Number(a[key]) + Number(b[key]));
  return out;
}

const RESULT_FILL = {
  passed: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFC6EFCE' } },
  failed: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } },
  na: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEDEDED' } },
} as const satisfies Record<string, ExcelJS.Fill>;

const CHECK_TEXT_COLUMNS = [2, 5, 7, 9];

export function checksSheet(sheet: ExcelJS.Worksheet, doc: BudgetDocument): void {
  const widths = [5, 40, 9, 13, 30, 14, 30, 14, 48];
  widths.forEach((w, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = w;
    column.font = { name: FONT_NAME, size: 10 };
    column.alignment = { vertical: 'top', wrapText: i === 1 || i === 4 || i === 6 || i === 8 };
  });
  titleCell(sheet, 'A1', 'Contrôles du budget', 14);
  const scope = doc.scope;
  sheet.getCell('A2').value = `${scope.actionId !== null ? `Action n° ${scope.actionNumber} : ${scope.actionTitle}` : `Tout le programme : ${doc.programmeName}`} — demandeur : ${scope.applicant.name}${scope.year !== null ? ` — exercice ${scope.year}` : ''}. Montants exacts, au centime.`;
  sheet.getCell('A2').font = { name: FONT_NAME, size: 10, italic: true };
  const header = sheet.getRow(3);
  header.values = ['N°', 'Contrôle', 'Statut', 'Résultat', 'Côté gauche', 'Montant', 'Côté droit', 'Montant', 'Détail'];
  styleHeaderRow(header, 1, 9);
  freezeRows(sheet, 3);
  printSetup(sheet, 'landscape', { from: 3, to: 3 });

  // A plan actualisé is checked first on the figures it prints, then on each status alone.
  for (const check of [...doc.consolidatedChecks, ...doc.checks]) {
    const result = !check.applicable ? 'Sans objet' : check.passed ? 'Conforme' : 'Non conforme';
    const fill = !check.applicable ? RESULT_FILL.na : check.passed ? RESULT_FILL.passed : RESULT_FILL.failed;
    const isCount = check.id === 'valorisation';
    const row = sheet.addRow([check.number, check.label, CHECK_READING_LABEL[check.status], result, check.left.label, money(check.left.amount), check.right.label, money(check.right.amount), check.detail]);
    row.getCell(4).fill = fill;
    row.getCell(4).font = { name: FONT_NAME, size: 10, bold: true };
    for (const c of [6, 8]) row.getCell(c).numFmt = isCount ? COUNT_FORMAT : EURO_FORMAT;
    fitRowHeight(row, CHECK_TEXT_COLUMNS.map((col) => ({ col, width: widths[col - 1]! })));
    if (check.second) {
      const more = sheet.addRow([null, null, null, null, check.second.left.label, money(check.second.left.amount), check.second.right.label, money(check.second.right.amount), null]);
      for (const c of [6, 8]) more.getCell(c).numFmt = EURO_FORMAT;
    }
  }

  const options = doc.checkOptions;
  sheet.addRow([]);
  const params = sheet.addRow([null, 'Paramètres des contrôles']);
  params.font = { name: FONT_NAME, bold: true, size: 11 };
  for (const text of [
    `Plafond des aides publiques : ${options.publicFundingCapPercent} % du coût éligible${options.inKindEligible ? ' (contributions en nature comprises)' : ' (hors contributions en nature)'}.`,
    `Participation minimale d’une collectivité maître d’ouvrage d’un investissement : ${options.ownShareMinPercent ?? (options.chefDeFile ? '30' : '20')} % des financements publics${options.chefDeFile ? ' (opération chef de file)' : ''}.`,
    `Fonds européens : le soutien public ne dépasse pas les dépenses hors contributions en nature (règlement (UE) 2021/1060, art. 67, § 1, a) ; les fonds de l’UE ne dépassent pas ${euCapPercent(options).replace('.', ',')} % de ces dépenses (taux de cofinancement : au plus 85 % selon l’art. 112, le programme fixe le sien).`,
  ])
    sheet.addRow([null, text]).getCell(2).alignment = { wrapText: false };

  sheet.addRow([]);
  const caption = sheet.addRow([null, `Contributions non valorisées (${doc.unvalued.length})`]);
  caption.font = { name: FONT_NAME, bold: true, size: 11 };
  if (doc.unvalued.length > 0) {
    // The N° is the key of the contributions workbook's N° column: the way from this list to the row.
    const listHeader = sheet.addRow([null, 'N° (classeur contributions)', 'Statut', 'Date', 'Partenaire', null, 'Nature', null, 'Raison']);
    styleHeaderRow(listHeader, 2, 9);
    for (const u of doc.unvalued) {
      const row = sheet.addRow([null, u.contributionId, STATUS_LABEL[u.status], frenchDate(u.date), u.partnerName, null, NATURE_LABEL[u.kind] ?? u.kind, null, unvaluedReasonFr(u.reason)]);
      fitRowHeight(row, [{ col: 9, width: widths[8]! }]);
    }
  } else {
    sheet.addRow([null, 'Aucune : chaque contribution du périmètre a un taux de valorisation.']);
  }
}
