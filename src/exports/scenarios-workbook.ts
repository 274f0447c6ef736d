// The `scenarios` workbook (issue 16): the real plan and each what-if scenario side by side —
// totals, every partner, every kind, the funding plan's synthesis and its funding gap (the reste à
// charge no funder covers) — each scenario with a difference column (a live formula: scenario −
// real); the scenarios' facts; then Provenance. exceljs writes no charts: the comparison is laid
// out as a chart's data (one row per figure, one column per plan), ready for Insert → Chart.
// Pure: the comparison document in (src/reports/scenario-comparison.ts), the file out.
import type ExcelJS from 'exceljs';
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CONTRIBUTION_KINDS } from '../domain/kinds.ts';
import { centsOf, formatIntegerCents, subtractCents } from '../domain/money.ts';
import type { ScenarioComparison, PlanFigures } from '../reports/scenario-comparison.ts';
import { SCENARIO_FR } from '../messages/scenario-fr.ts';
import { KIND_LABEL } from './labels.ts';
import { PROVENANCE_SHEET, writeProvenance, type Provenance } from './provenance.ts';
import { EURO_FORMAT, FONT_NAME, columnLetter, formulaCell, freezeRows, money, newWorkbook, printSetup, styleHeaderRow, titleCell } from './xlsx.ts';
import { xmlSafeWorkbook } from './xml-text.ts';
import { generatorVersion, shellWord } from './workbook-request.ts';

export const COMPARISON_SHEET = 'Comparaison';
export const FACTS_SHEET = 'Hypothèses';

interface FigureRow {
  label: string;
  of: (f: PlanFigures) => string;
}

function figureRows(c: ScenarioComparison): FigureRow[] {
  const partners = new Map<string, string>();
  for (const f of [c.real, ...c.scenarios.map((s) => s.figures)]) for (const p of f.byPartner) partners.set(p.partnerId, p.name);
  const kinds = CONTRIBUTION_KINDS.filter((k) => [c.real, ...c.scenarios.map((s) => s.figures)].some((f) => Number(f.byKind[k]) !== 0));
  return [
    { label: 'Total des contributions', of: (f) => f.total },
    ...[...partners].sort(([a], [b]) => a.localeCompare(b)).map(([id, name]) => ({ label: `Partenaire : ${name}`, of: (f: PlanFigures) => f.byPartner.find((p) => p.partnerId === id)?.total ?? '0' })),
    ...kinds.map((k) => ({ label: `Nature : ${KIND_LABEL[k]}`, of: (f: PlanFigures) => f.byKind[k] })),
    { label: 'Plan de financement : dépenses', of: (f) => f.funding.expenses },
    { label: 'Plan de financement : cofinancements', of: (f) => f.funding.cofunding },
    { label: 'Plan de financement : autres recettes', of: (f) => f.funding.other },
    { label: 'Besoin de financement (reste à charge)', of: (f) => f.funding.fundingGap },
    { label: 'Contributions en nature', of: (f) => f.funding.inKind },
  ];
}

function comparisonSheet(sheet: ExcelJS.Worksheet, c: ScenarioComparison): void {
  const scope = `${c.scope.status === 'planned' ? 'prévu' : 'réalisé'}, ${c.scope.year !== undefined ? `année ${c.scope.year}` : 'toutes années'}`;
  titleCell(sheet, 'A1', `Scénarios et plan réel — ${c.programmeName} (${scope})`, 13);
  sheet.getCell('A2').value = `Plan réel : le registre à la position ${c.asOf.position}. Chaque scénario : le registre à sa position de base, plus ses hypothèses ; l’écart est scénario − plan réel. Aucun chiffre d’un scénario n’entre dans le registre.`;
  sheet.getCell('A2').font = { name: FONT_NAME, italic: true, size: 9 };
  const titles = ['Chiffre', SCENARIO_FR.real, ...c.scenarios.flatMap((s) => [s.title, SCENARIO_FR.gap(s.title)])];
  titles.forEach((_, i) => {
    sheet.getColumn(i + 1).width = i === 0 ? 44 : 18;
    sheet.getColumn(i + 1).font = { name: FONT_NAME, size: 10 };
  });
  const header = sheet.getRow(4);
  header.values = titles;
  styleHeaderRow(header, 1, titles.length);
  header.height = 45;
  freezeRows(sheet, 4, 1);
  printSetup(sheet, 'landscape', { from: 4, to: 4 });
  for (const figure of figureRows(c)) {
    const rowNumber = sheet.rowCount + 1;
    const real = figure.of(c.real);
    const cells: (number | string | ExcelJS.CellFormulaValue)[] = [figure.label, money(real)];
    c.scenarios.forEach((s, i) => {
      const own = figure.of(s.figures);
      // The cached result is the exact decimal difference, written as the cell's number.
      cells.push(money(own), formulaCell(`${columnLetter(3 + 2 * i)}${rowNumber}-B${rowNumber}`, money(formatIntegerCents(subtractCents(centsOf(own), centsOf(real))))));
    });
    const row = sheet.addRow(cells);
    for (let col = 2; col <= titles.length; col++) row.getCell(col).numFmt = EURO_FORMAT;
  }
}

function factsSheet(sheet: ExcelJS.Worksheet, c: ScenarioComparison): void {
  titleCell(sheet, 'A1', `Hypothèses des scénarios — ${c.programmeName}`, 13);
  const titles = ['Scénario', 'Base (position)', 'Hypothèse', 'Nature', 'Détail', 'Remarques'];
  [30, 14, 22, 22, 70, 50].forEach((width, i) => {
    sheet.getColumn(i + 1).width = width;
    sheet.getColumn(i + 1).font = { name: FONT_NAME, size: 10 };
  });
  const header = sheet.getRow(3);
  header.values = titles;
  styleHeaderRow(header, 1, titles.length);
  freezeRows(sheet, 3, 1);
  printSetup(sheet, 'landscape', { from: 3, to: 3 });
  for (const s of c.scenarios) {
    const title = `${s.title}${s.archived ? ' (archivé)' : ''}`;
    if (s.facts.length === 0) sheet.addRow([title, s.base.position, '—', '—', 'aucune hypothèse : le registre à la base', s.notes.join(' ; ')]);
    for (const { factId, fact } of s.facts) {
      const { kind, ...detail } = fact;
      sheet.addRow([title, s.base.position, factId, kind, JSON.stringify(detail), s.notes.filter((n) => n.startsWith(`${factId} :`)).join(' ; ')]).alignment = { wrapText: true, vertical: 'top' };
    }
  }
}

export interface ScenariosExportOptions {
  now?: () => Date;
  dataDir?: string;
}

/** Writes the workbook atomically (a temporary file renamed into place): a failure leaves nothing. */
export async function writeScenariosWorkbook(c: ScenarioComparison, outFile: string, options: ScenariosExportOptions = {}): Promise<void> {
  const now = (options.now ?? (() => new Date()))();
  const workbook = newWorkbook(now);
  comparisonSheet(workbook.addWorksheet(COMPARISON_SHEET), c);
  factsSheet(workbook.addWorksheet(FACTS_SHEET), c);
  const args = ['npx', 'socle', 'scenarios', 'export', '--programme', c.programmeId, '--status', c.scope.status, ...(c.scope.year !== undefined ? ['--year', String(c.scope.year)] : []), '--as-of', String(c.asOf.position), '--out', basename(outFile), ...(options.dataDir !== undefined ? ['--data', options.dataDir] : [])];
  const provenance: Provenance = {
    workbook: 'scenarios',
    programmeId: c.programmeId,
    programmeName: c.programmeName,
    position: c.asOf.position,
    headHash: c.asOf.headHash,
    filters: `${c.scope.status === 'planned' ? 'prévu' : 'réalisé'} ; ${c.scope.year !== undefined ? `année ${c.scope.year}` : 'toutes années'} ; ${c.scenarios.length} scénario(s) : ${c.scenarios.map((s) => `${s.scenarioId} (base ${s.base.position})`).join(', ')}`,
    generator: generatorVersion(),
    generatedAt: now,
    command: args.map(shellWord).join(' '),
    ...(options.dataDir !== undefined && { dataDir: options.dataDir }),
  };
  writeProvenance(workbook.addWorksheet(PROVENANCE_SHEET), provenance);
  xmlSafeWorkbook(workbook);
  const temporary = join(dirname(outFile), `.${basename(outFile)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await workbook.xlsx.writeFile(temporary);
    renameSync(temporary, outFile);
  } finally {
    rmSync(temporary, { force: true });
  }
}
