// The `contributions` workbook: the tableau des contributions. `Contributions` lists every
// contribution of the programme (all of its life: pending, validated, withdrawn, rejected) with its
// value and whether it counts; `Par partenaire` crosses partners with kinds, in kind versus cash,
// with each partner's share, for the actual and then the planned figures. Both agree with the totals
// document of the contract (`totalsDocument`), which the tests check. Written with the streaming
// writer: a ledger of a hundred thousand contributions would otherwise need gigabytes.
import type ExcelJS from 'exceljs';
import { ColumnStyles, ROWS_PER_CHECK, drain, streamingWorkbook } from './stream.ts';
import { isCounted, type ContributionView, type LedgerState, type ProgrammeView } from '../read-model/ledger.ts';
import type { Checkpoint } from '../read-model/runner.ts';
import { matchesFilters, totalsDocument, type TotalsDocument, type TotalsFilters } from '../reports/totals-document.ts';
import { type ContributionKind, type ContributionStatus } from '../domain/kinds.ts';
import { addCents, centsOf, formatIntegerCents, sumCents, ZERO_CENTS, type Cents } from '../domain/money.ts';
import { CATEGORY_LABEL, KIND_LABEL, REVIEW_LABEL, STATUS_LABEL, UNIT_LABEL, unvaluedReasonFr } from './labels.ts';
import { PROVENANCE_SHEET, writeProvenance, type Provenance } from './provenance.ts';
import type { ExportRequest } from './workbook-request.ts';
import { defined, totalsFiltersOf } from '../reports/report-specs.ts';
import {
  DATE_FORMAT,
  EURO_FORMAT,
  FONT_NAME,
  FOOTER,
  PERCENT_FORMAT,
  QUANTITY_FORMAT,
  columnLetter,
  dateValue,
  fitRowHeight,
  money,
  pageSetupOf,
  setColumns,
  styleHeaderRow,
  styleTotalRow,
  sumCell,
  titleCell,
  type ColumnSpec,
} from './xlsx.ts';
import { xmlSafeRow, xmlSafeSheet } from './xml-text.ts';

/** In-kind kinds first, then the money ones, so "En nature" and "Numéraire" are contiguous ranges. */
export const KIND_COLUMNS: ContributionKind[] = ['staff_time', 'volunteer_time', 'premises', 'kiosk', 'equipment', 'donation_in_kind', 'prestation', 'cash'];
const IN_KIND_COUNT = 6;

export function contributionsFilters(request: ExportRequest, status: ContributionStatus): TotalsFilters {
  return totalsFiltersOf({ ...defined({ year: request.year, actionId: request.actionId, include: request.include }), status });
}

/** The JSON projections this workbook shows: the totals document, planned and actual. */
export function contributionsTotals(checkpoint: Checkpoint<LedgerState>, programme: ProgrammeView, request: ExportRequest): Record<ContributionStatus, TotalsDocument> {
  return {
    planned: totalsDocument(checkpoint, programme, contributionsFilters(request, 'planned')),
    actual: totalsDocument(checkpoint, programme, contributionsFilters(request, 'actual')),
  };
}

const CONTRIBUTION_COLUMNS: ColumnSpec[] = [
  { header: 'N°', width: 13 },
  { header: 'Partenaire', width: 20, wrap: true },
  { header: 'Nature', width: 13, wrap: true },
  { header: 'Statut', width: 8, align: 'center' },
  { header: 'Date', width: 10.5, format: DATE_FORMAT },
  { header: 'Fin', width: 10.5, format: DATE_FORMAT },
  { header: 'Action', width: 7, align: 'center' },
  { header: 'Axe', width: 14, wrap: true },
  { header: 'Lieu', width: 15, wrap: true },
  { header: 'Quantité', width: 9, format: QUANTITY_FORMAT },
  { header: 'Unité', width: 11 },
  { header: 'Taux (€ / unité)', width: 10, format: '#,##0.00## "€"' },
  { header: 'Valeur (€)', width: 12, format: EURO_FORMAT },
  { header: 'Revue', width: 10, align: 'center' },
  { header: 'Prévu retenu (€)', width: 12.5, format: EURO_FORMAT },
  { header: 'Réalisé retenu (€)', width: 12.5, format: EURO_FORMAT },
  { header: 'Justificatif', width: 14, wrap: true },
  { header: 'Description', width: 26, wrap: true },
  { header: 'Remarque', width: 22, wrap: true },
];
const WRAPPED_COLUMNS = CONTRIBUTION_COLUMNS.flatMap((c, i) => (c.wrap ? [{ col: i + 1, width: c.width }] : []));
const PLANNED_COLUMN = 15;
const ACTUAL_COLUMN = 16;

export async function writeContributionsWorkbook(
  checkpoint: Checkpoint<LedgerState>,
  programme: ProgrammeView,
  request: ExportRequest,
  provenance: Provenance,
  path: string,
): Promise<void> {
  const workbook = streamingWorkbook(path, provenance.generatedAt);
  const totals = contributionsTotals(checkpoint, programme, request);
  const list = workbook.addWorksheet('Contributions', {
    views: [{ state: 'frozen', xSplit: 1, ySplit: 1, topLeftCell: 'B2', activeCell: 'B2' }],
    pageSetup: pageSetupOf('landscape', { from: 1, to: 1 }),
    headerFooter: FOOTER,
  });
  await contributionsSheet(list, checkpoint, programme, request, totals);
  list.commit();
  const byPartner = workbook.addWorksheet('Par partenaire', {
    views: [{ state: 'frozen', xSplit: 1, ySplit: BY_PARTNER_HEADER_ROW, topLeftCell: `B${BY_PARTNER_HEADER_ROW + 1}`, activeCell: `B${BY_PARTNER_HEADER_ROW + 1}` }],
    pageSetup: pageSetupOf('landscape'),
    headerFooter: FOOTER,
  });
  byPartnerSheet(byPartner, programme, request, totals);
  xmlSafeSheet(byPartner);
  byPartner.commit();
  const provenanceSheet = workbook.addWorksheet(PROVENANCE_SHEET, { pageSetup: pageSetupOf('landscape'), headerFooter: FOOTER });
  writeProvenance(provenanceSheet, provenance, true);
  provenanceSheet.commit();
  await workbook.commit();
}

/** Title, filters, a blank row, the "Réalisé" caption, then the first block's header. */
const BY_PARTNER_HEADER_ROW = 5;

async function contributionsSheet(
  sheet: ExcelJS.Worksheet,
  checkpoint: Checkpoint<LedgerState>,
  programme: ProgrammeView,
  request: ExportRequest,
  totals: Record<ContributionStatus, TotalsDocument>,
): Promise<void> {
  setColumns(sheet, CONTRIBUTION_COLUMNS);
  for (let c = 1; c <= CONTRIBUTION_COLUMNS.length; c++) sheet.getColumn(c).font = { name: FONT_NAME, size: 9 };
  const columnStyles = new ColumnStyles(sheet, CONTRIBUTION_COLUMNS.length);
  const header = sheet.addRow(CONTRIBUTION_COLUMNS.map((c) => c.header));
  styleHeaderRow(header, 1, CONTRIBUTION_COLUMNS.length);
  header.height = 30;
  header.commit();
  let last = 1;

  const include = request.include ?? 'active';
  const counted: Record<ContributionStatus, Cents[]> = { planned: [], actual: [] };
  for (const id of programme.contributionIds) {
    const view = checkpoint.state.contributions.get(id)!;
    const c = view.content;
    const year = Number(c.date.slice(0, 4));
    if (request.year !== undefined && year !== request.year) continue;
    if (request.actionId !== undefined && c.actionId !== request.actionId) continue;
    const isRetained = isCounted(view.review) && (include === 'active' || view.review === 'validated') && view.valueCents !== null;
    if (isRetained) counted[c.status].push(view.valueCents!);
    const row = sheet.addRow(contributionCells(view, programme, isRetained));
    columnStyles.apply(row);
    xmlSafeRow(row);
    fitRowHeight(row, WRAPPED_COLUMNS, 9);
    row.commit();
    last = row.number;
    if (last % ROWS_PER_CHECK === 0) await drain(sheet);
  }
  contributionsTotalRow(sheet, last, counted, totals);
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(last, 1), column: CONTRIBUTION_COLUMNS.length } };
}

/** One contribution's row of the Contributions sheet, in CONTRIBUTION_COLUMNS order. */
function contributionCells(view: ContributionView, programme: ProgrammeView, counted: boolean): ExcelJS.CellValue[] {
  const c = view.content;
  const value = view.valueCents === null ? null : money(formatIntegerCents(view.valueCents));
  const action = c.actionId !== undefined ? programme.actions.get(c.actionId) : undefined;
  return [
    view.contributionId,
    programme.partners.get(c.partnerId)?.name ?? c.partnerId,
    KIND_LABEL[c.kind],
    STATUS_LABEL[c.status],
    dateValue(c.date),
    c.until !== undefined ? dateValue(c.until) : null,
    action?.number ?? null,
    action?.axisId ?? null,
    c.siteId !== undefined ? (programme.sites.get(c.siteId)?.name ?? c.siteId) : null,
    c.quantity !== undefined ? Number(c.quantity) : Number(c.amount),
    UNIT_LABEL[c.unit],
    view.rateAmount !== undefined ? Number(view.rateAmount) : null,
    value,
    REVIEW_LABEL[view.review],
    counted && c.status === 'planned' ? value : null,
    counted && c.status === 'actual' ? value : null,
    c.evidence ?? null,
    c.description ?? null,
    contributionRemark(view) || null,
  ];
}

/** Why a contribution is not valued, withdrawn or rejected, or the reason of its last correction. */
function contributionRemark(view: ContributionView): string {
  const lastReason = view.lastReason;
  if (view.valueCents === null) return `Non valorisée : ${unvaluedReasonFr(view.unvaluedReason ?? 'aucun taux')}`;
  if (view.review === 'withdrawn' || view.review === 'rejected') return `${REVIEW_LABEL[view.review]} : ${lastReason ?? ''}`;
  return lastReason !== undefined ? `Corrigée : ${lastReason}` : '';
}

/** "Total retenu": sums of the retained columns, checked against the totals document first. */
function contributionsTotalRow(sheet: ExcelJS.Worksheet, last: number, counted: Record<ContributionStatus, Cents[]>, totals: Record<ContributionStatus, TotalsDocument>): void {
  const totalRow = sheet.addRow([]);
  totalRow.getCell(2).value = 'Total retenu';
  // The contract's totals document is the reference: the sheet's own sums must agree with it.
  const plannedTotal = formatIntegerCents(sumCents(counted.planned));
  const actualTotal = formatIntegerCents(sumCents(counted.actual));
  if (plannedTotal !== totals.planned.total || actualTotal !== totals.actual.total)
    throw new Error(`contributions sheet disagrees with the totals document (${plannedTotal}/${totals.planned.total}, ${actualTotal}/${totals.actual.total})`);
  const range = (col: number) => `${columnLetter(col)}2:${columnLetter(col)}${Math.max(last, 2)}`;
  totalRow.getCell(PLANNED_COLUMN).value = sumCell(range(PLANNED_COLUMN), plannedTotal);
  totalRow.getCell(ACTUAL_COLUMN).value = sumCell(range(ACTUAL_COLUMN), actualTotal);
  styleTotalRow(totalRow, 1, CONTRIBUTION_COLUMNS.length);
  totalRow.getCell(PLANNED_COLUMN).numFmt = EURO_FORMAT;
  totalRow.getCell(ACTUAL_COLUMN).numFmt = EURO_FORMAT;
  totalRow.commit();
}

const BY_PARTNER_COLUMNS: ColumnSpec[] = [
  { header: 'Partenaire', width: 34, wrap: true },
  { header: 'Catégorie', width: 15 },
  ...KIND_COLUMNS.map((k) => ({ header: KIND_LABEL[k], width: 12, format: EURO_FORMAT })),
  { header: 'En nature', width: 13, format: EURO_FORMAT },
  { header: 'Numéraire et prestations', width: 13, format: EURO_FORMAT },
  { header: 'Total', width: 13, format: EURO_FORMAT },
  { header: 'Part (%)', width: 9, format: PERCENT_FORMAT },
];
const FIRST_KIND_COLUMN = 3;
const IN_KIND_COLUMN = FIRST_KIND_COLUMN + KIND_COLUMNS.length;
const CASH_COLUMN = IN_KIND_COLUMN + 1;
const TOTAL_COLUMN = CASH_COLUMN + 1;
const SHARE_COLUMN = TOTAL_COLUMN + 1;

function byPartnerSheet(sheet: ExcelJS.Worksheet, programme: ProgrammeView, request: ExportRequest, totals: Record<ContributionStatus, TotalsDocument>): void {
  setColumns(sheet, BY_PARTNER_COLUMNS);
  for (let c = 1; c <= BY_PARTNER_COLUMNS.length; c++) sheet.getColumn(c).font = { name: FONT_NAME, size: 10 };
  titleCell(sheet, 'A1', `Contributions par partenaire et par nature — ${programme.name}`, 13);
  sheet.getRow(1).height = 20;
  sheet.getRow(2).values = [
    `${request.year !== undefined ? `Année ${request.year}` : 'Toutes les années'} ; ${request.actionId !== undefined ? `action ${programme.actions.get(request.actionId)?.number ?? request.actionId}` : 'toutes les actions'} ; ${request.include === 'validated' ? 'contributions validées' : 'contributions en attente et validées'}. Montants en euros.`,
  ];
  sheet.getRow(2).font = { name: FONT_NAME, italic: true, size: 9 };
  sheet.getCell('A2').alignment = { wrapText: false };
  for (const status of ['actual', 'planned'] as const) byPartnerBlock(sheet, programme, status, totals[status]);
}

/** One block of Par partenaire (Réalisé or Prévu): caption, header, a row per partner, the total, a note on unvalued ones. */
function byPartnerBlock(sheet: ExcelJS.Worksheet, programme: ProgrammeView, status: ContributionStatus, doc: TotalsDocument): void {
  const L = columnLetter;
  sheet.addRow([]);
  const caption = sheet.addRow([status === 'actual' ? 'Réalisé' : 'Prévu']);
  caption.font = { name: FONT_NAME, bold: true, size: 12 };
  const header = sheet.addRow(BY_PARTNER_COLUMNS.map((c) => c.header));
  styleHeaderRow(header);
  header.height = 30;
  if (status === 'actual' && header.number !== BY_PARTNER_HEADER_ROW) throw new Error(`Par partenaire: header on row ${header.number}`);

  const matrix = partnerKindMatrix(programme, doc.filters);
  const first = header.number + 1;
  let lastRow = header.number;
  for (const p of doc.byPartner) {
    const cells = matrix.get(p.partnerId) ?? new Map<ContributionKind, Cents>();
    const rowNumber = lastRow + 1;
    const partner = programme.partners.get(p.partnerId);
    const row = sheet.addRow([partner?.name ?? p.partnerId, partner ? CATEGORY_LABEL[partner.category] : '', ...KIND_COLUMNS.map((k) => money(formatIntegerCents(cells.get(k) ?? ZERO_CENTS)))]);
    row.getCell(IN_KIND_COLUMN).value = sumCell(`${L(FIRST_KIND_COLUMN)}${rowNumber}:${L(FIRST_KIND_COLUMN + IN_KIND_COUNT - 1)}${rowNumber}`, p.inKind);
    row.getCell(CASH_COLUMN).value = sumCell(`${L(FIRST_KIND_COLUMN + IN_KIND_COUNT)}${rowNumber}:${L(IN_KIND_COLUMN - 1)}${rowNumber}`, p.cash);
    row.getCell(TOTAL_COLUMN).value = sumCell(`${L(FIRST_KIND_COLUMN)}${rowNumber}:${L(IN_KIND_COLUMN - 1)}${rowNumber}`, p.total);
    row.getCell(SHARE_COLUMN).value = money(p.share);
    fitRowHeight(row, [{ col: 1, width: BY_PARTNER_COLUMNS[0]!.width }]);
    if (row.number !== rowNumber) throw new Error('Par partenaire: rows out of order');
    lastRow = rowNumber;
  }
  byPartnerTotalRow(sheet, doc, first, lastRow);
  if (doc.unvalued.length > 0) {
    const note = sheet.addRow([`${doc.unvalued.length} contribution(s) non valorisée(s), absentes des montants (voir la feuille Contributions, colonne Remarque).`]);
    note.font = { name: FONT_NAME, italic: true, size: 9, color: { argb: 'FF9C0006' } };
    note.getCell(1).alignment = { wrapText: false };
  }
}

/** A block's Total row: a sum formula over the partners' rows per column, cached with the totals document's figure. */
function byPartnerTotalRow(sheet: ExcelJS.Worksheet, doc: TotalsDocument, first: number, lastRow: number): void {
  const L = columnLetter;
  const totalRow = sheet.addRow(['Total']);
  const column = (col: number) => `${L(col)}${first}:${L(col)}${Math.max(lastRow, first)}`;
  const byKind = doc.byKind;
  KIND_COLUMNS.forEach((k, i) => (totalRow.getCell(FIRST_KIND_COLUMN + i).value = sumCell(column(FIRST_KIND_COLUMN + i), byKind[k])));
  const inKindTotal = formatIntegerCents(sumCents(KIND_COLUMNS.slice(0, IN_KIND_COUNT).map((k) => centsOf(byKind[k]))));
  const cashTotal = formatIntegerCents(sumCents(KIND_COLUMNS.slice(IN_KIND_COUNT).map((k) => centsOf(byKind[k]))));
  totalRow.getCell(IN_KIND_COLUMN).value = sumCell(column(IN_KIND_COLUMN), inKindTotal);
  totalRow.getCell(CASH_COLUMN).value = sumCell(column(CASH_COLUMN), cashTotal);
  totalRow.getCell(TOTAL_COLUMN).value = sumCell(column(TOTAL_COLUMN), doc.total);
  // Shares are percents with two decimals: summed exactly as hundredths, like cents.
  const shareSum = sumCents(doc.byPartner.map((p) => centsOf(p.share)));
  totalRow.getCell(SHARE_COLUMN).value = sumCell(column(SHARE_COLUMN), formatIntegerCents(shareSum));
  styleTotalRow(totalRow, 1, BY_PARTNER_COLUMNS.length);
  for (let c = FIRST_KIND_COLUMN; c <= SHARE_COLUMN; c++) totalRow.getCell(c).numFmt = c === SHARE_COLUMN ? PERCENT_FORMAT : EURO_FORMAT;
}

/** Cents per partner and kind, from the read model's running aggregates under the same filters as the totals document. */
export function partnerKindMatrix(programme: ProgrammeView, filters: TotalsFilters): Map<string, Map<ContributionKind, Cents>> {
  const matrix = new Map<string, Map<ContributionKind, Cents>>();
  for (const cell of programme.aggregates.values()) {
    if (!matchesFilters(cell, filters)) continue;
    let row = matrix.get(cell.partnerId);
    if (!row) matrix.set(cell.partnerId, (row = new Map()));
    row.set(cell.kind, addCents(row.get(cell.kind) ?? ZERO_CENTS, cell.cents));
  }
  return matrix;
}
