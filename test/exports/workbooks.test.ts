// The four workbooks of the demo ledger, written to real .xlsx files and read back with exceljs:
// every figure equals the JSON projection it comes from, the Cerfa sheet balances in whole euros,
// every formula carries its result, and the Provenance sheet names the position and head hash.
import { suite } from 'uvu';
import { loudHooks } from '../support/loud-hooks.ts';
import * as assert from 'uvu/assert';
import { findContribution } from '../../src/read-model/find-contribution.ts';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type ExcelJS from 'exceljs';
import { exportWorkbook } from '../../src/exports/export-workbook.ts';
import { planDeFinancementOf } from '../../src/reports/plan-de-financement.ts';
import { budgetOf, BUDGET_HEADER_ROW } from '../../src/exports/budget-workbook.ts';
import { contributionsTotals, KIND_COLUMNS, partnerKindMatrix } from '../../src/exports/contributions-workbook.ts';
import { fundingPlanOf, sheetNames } from '../../src/exports/funding-plan-workbook.ts';
import type { ExportRequest } from '../../src/exports/workbook-request.ts';
import { STATUS_LABEL } from '../../src/exports/labels.ts';
import type { BudgetDocument, BudgetLine } from '../../src/reports/budget.ts';
import { isCounted } from '../../src/read-model/ledger.ts';
import type { Socle } from '../../src/app/socle.ts';
import { formatIntegerCents, ZERO_CENTS } from '../../src/domain/money.ts';
import { centsString, demoSocle, formulaCells, ledgerOf, numberAt, provenanceOf, readWorkbook, rowWith, sheetOf, tempDir, textAt } from './fixtures.ts';

const P = 'rafcom';
const workbooks = suite<{ socle: Socle; dir: string }>('workbooks', { socle: undefined as unknown as Socle, dir: '' });

loudHooks(workbooks);
workbooks.before(async (context) => {
  context.socle = await demoSocle();
  context.dir = tempDir();
});

workbooks.after(async (context) => {
  await context.socle.close();
  rmSync(context.dir, { recursive: true, force: true });
});

async function write(context: { socle: Socle; dir: string }, request: ExportRequest, name: string): Promise<ExcelJS.Workbook> {
  const path = join(context.dir, name);
  await exportWorkbook(await context.socle.readSource(request.asOf), request, path, { now: () => new Date('2026-01-15T10:00:00Z') });
  return readWorkbook(path);
}

function assertProvenance(workbook: ExcelJS.Workbook, position: number, headHash: string, workbookName: string): void {
  const p = provenanceOf(workbook);
  assert.is(p.get('Position'), String(position));
  assert.is(p.get('Empreinte'), headHash);
  assert.is(p.get('Classeur'), workbookName);
  assert.match(p.get('Programme') ?? '', /^rafcom — Feuille de route/);
  assert.match(p.get('Version du générateur') ?? '', /^socle \d+\.\d+\.\d+/);
  assert.is(p.get('Généré le'), '2026-01-15T10:00:00.000Z');
  assert.match(p.get('Commande') ?? '', new RegExp(`^npx socle export ${workbookName} --programme rafcom .*--as-of ${position} --out `));
  assert.ok((p.get('Filtres') ?? '').length > 0);
  // What moved since (issue 16): the diff from this very position, by command and by route.
  assert.match(p.get('Changé depuis') ?? '', new RegExp(`^npx socle diff --programme rafcom --from ${position} \\(ou GET /api/programmes/rafcom/diff\\?from=${position}\\)`));
}

function assertEveryFormulaHasItsResult(workbook: ExcelJS.Workbook): number {
  const cells = formulaCells(workbook);
  for (const c of cells) assert.type(c.result, 'number', `${c.sheet}!${c.address} =${c.formula}`);
  return cells.length;
}

workbooks('contributions: Par partenaire and the Contributions totals equal the totals document', async (context) => {
  const request: ExportRequest = { workbook: 'contributions', programmeId: P, year: 2024 };
  const workbook = await write(context, request, 'contributions.xlsx');
  const { checkpoint, programme } = await ledgerOf(context.socle, P);
  const totals = contributionsTotals(checkpoint, programme, request);
  assert.ok(assertEveryFormulaHasItsResult(workbook) > 20);
  assertProvenance(workbook, checkpoint.position, checkpoint.hash, 'contributions');

  const byPartner = sheetOf(workbook, 'Par partenaire');
  for (const status of ['actual', 'planned'] as const) {
    const doc = totals[status];
    const caption = rowWith(byPartner, 1, STATUS_LABEL[status]);
    const matrix = partnerKindMatrix(programme, doc.filters);
    doc.byPartner.forEach((p, i) => {
      const r = caption + 2 + i;
      assert.is(textAt(byPartner, r, 1), programme.partners.get(p.partnerId)!.name);
      KIND_COLUMNS.forEach((k, j) => assert.is(centsString(numberAt(byPartner, r, 3 + j)), formatIntegerCents(matrix.get(p.partnerId)?.get(k) ?? ZERO_CENTS), `${p.partnerId} ${k}`));
      const after = 3 + KIND_COLUMNS.length;
      assert.is(centsString(numberAt(byPartner, r, after)), p.inKind);
      assert.is(centsString(numberAt(byPartner, r, after + 1)), p.cash);
      assert.is(centsString(numberAt(byPartner, r, after + 2)), p.total);
      assert.is(centsString(numberAt(byPartner, r, after + 3)), p.share);
    });
    const totalRow = caption + 2 + doc.byPartner.length;
    assert.is(textAt(byPartner, totalRow, 1), 'Total');
    KIND_COLUMNS.forEach((k, j) => assert.is(centsString(numberAt(byPartner, totalRow, 3 + j)), doc.byKind[k]));
    assert.is(centsString(numberAt(byPartner, totalRow, 3 + KIND_COLUMNS.length + 2)), doc.total);
    assert.is(centsString(numberAt(byPartner, totalRow, 3 + KIND_COLUMNS.length + 3)), doc.total === '0.00' ? '0.00' : '100.00');
  }
  assert.ok(Number(totals.actual.total) > 10000, 'the demo has actual figures in 2024');

  const list = sheetOf(workbook, 'Contributions');
  const expectedRows = [...programme.contributionIds].filter((id) => checkpoint.state.contributions.get(id)!.content.date.startsWith('2024')).length;
  const totalRow = rowWith(list, 2, 'Total retenu');
  assert.is(totalRow, expectedRows + 2);
  assert.is(centsString(numberAt(list, totalRow, 15)), totals.planned.total);
  assert.is(centsString(numberAt(list, totalRow, 16)), totals.actual.total);
  // Withdrawn and rejected rows show their value but are not retained.
  for (let r = 2; r < totalRow; r++) {
    // The sheet shows the client's id; the read model keys by identity (programme, partner, id).
    const view = findContribution(checkpoint.state, programme, textAt(list, r, 1), undefined)!;
    if (!isCounted(view.review)) {
      assert.is(list.getCell(r, 15).value, null);
      assert.is(list.getCell(r, 16).value, null);
    }
  }
  const view = list.views[0] as { state?: string; xSplit?: number; ySplit?: number };
  assert.equal([view.state, view.xSplit, view.ySplit], ['frozen', 1, 1]);
  assert.ok(list.autoFilter, 'the list can be filtered');
});

/** Reads a side of the Budget sheet from the first line row, in the document's order. */
function assertSide(sheet: ExcelJS.Worksheet, lines: BudgetLine[], first: number, codeCol: number, statuses: string[]): void {
  lines.forEach((line, i) => {
    const r = first + i;
    assert.is(textAt(sheet, r, codeCol + 1), line.label, `row ${r}`);
    assert.is(textAt(sheet, r, codeCol), line.code);
    statuses.forEach((status, j) => {
      const printed = numberAt(sheet, r, codeCol + 2 + j);
      assert.ok(Number.isInteger(printed), `${line.id} prints whole euros`);
      assert.is(String(printed), line.euros[status as 'planned'], `${line.id} ${status}`);
    });
  });
}

function assertBudgetSheet(workbook: ExcelJS.Workbook, doc: BudgetDocument): void {
  const sheet = sheetOf(workbook, 'Budget');
  const keys = doc.scope.statuses.length === 2 ? ['planned', 'actual', 'gap'] : [...doc.scope.statuses];
  const width = 2 + keys.length;
  const first = BUDGET_HEADER_ROW + 1;
  assertSide(sheet, doc.lines.charges, first, 1, keys);
  assertSide(sheet, doc.lines.produits, first, 1 + width, keys);
  const totalRow = rowWith(sheet, 2, 'TOTAL DES CHARGES');
  assert.is(textAt(sheet, totalRow, 2 + width), 'TOTAL DES PRODUITS');
  const inKindFirst = totalRow + 3;
  assertSide(sheet, doc.inKind.emplois, inKindFirst, 1, keys);
  assertSide(sheet, doc.inKind.ressources, inKindFirst, 1 + width, keys);
  keys.forEach((key, j) => {
    const charges = numberAt(sheet, totalRow, 3 + j);
    const produits = numberAt(sheet, totalRow, 3 + width + j);
    assert.is(String(charges), doc.totalsEuros.charges[key as 'planned']);
    // The Cerfa balances in whole euros.
    assert.is(charges, produits, `charges = produits (${key})`);
    const e86 = numberAt(sheet, rowWith(sheet, 1, '86', inKindFirst), 3 + j);
    const r87 = numberAt(sheet, rowWith(sheet, 1 + width, '87', inKindFirst), 3 + width + j);
    assert.is(e86, r87, `86 = 87 (${key})`);
    assert.is(String(e86), doc.totalsEuros.emplois86[key as 'planned']);
    // The sum of the printed top-level lines is the printed total.
    const tops = doc.lines.charges.map((l, i) => (l.level === 0 ? numberAt(sheet, first + i, 3 + j) : 0)).reduce((a, b) => a + b, 0);
    assert.is(tops, charges);
    // And the printed total is the exact total rounded to the euro.
    assert.ok(Math.abs(charges - Number(doc.totals.charges[key as 'planned'])) <= 0.5);
  });

  const checks = sheetOf(workbook, 'Contrôles');
  let r = 4;
  for (const check of doc.checks) {
    assert.is(numberAt(checks, r, 1), check.number);
    assert.is(textAt(checks, r, 3), STATUS_LABEL[check.status as 'planned' | 'actual']);
    assert.is(textAt(checks, r, 4), !check.applicable ? 'Sans objet' : check.passed ? 'Conforme' : 'Non conforme');
    assert.is(textAt(checks, r, 5), check.left.label);
    assert.is(centsString(numberAt(checks, r, 6)), Number(check.left.amount).toFixed(2));
    assert.is(centsString(numberAt(checks, r, 8)), Number(check.right.amount).toFixed(2));
    assert.is(textAt(checks, r, 9), check.detail);
    r += check.second ? 2 : 1;
  }
}

// The Cerfa is an association's form (src/reports/funder-form.ts): La Canopée (an association of the
// demo, pilot of a11) files it for its action, all years or one, realised figures (the compte rendu
// financier, Cerfa 15059*02, which sets planned and realised side by side) and planned ones.
workbooks('budget: the Cerfa sheet equals the budget document, balances in whole euros, and shows every check', async (context) => {
  for (const request of [
    { workbook: 'budget', programmeId: P, actionId: 'a11' } as ExportRequest,
    { workbook: 'budget', programmeId: P, applicantId: 'canopee', actionId: 'a11', year: 2024 } as ExportRequest,
    { workbook: 'budget', programmeId: P, actionId: 'a11', status: 'actual', codes: 'anc', publicCap: '80' } as ExportRequest,
    { workbook: 'budget', programmeId: P, actionId: 'a11', year: 2026, status: 'planned' } as ExportRequest,
  ]) {
    const workbook = await write(context, request, `budget-${request.actionId ?? 'all'}.xlsx`);
    const { checkpoint, programme } = await ledgerOf(context.socle, P);
    const doc = budgetOf(checkpoint, programme, request);
    assertEveryFormulaHasItsResult(workbook);
    assertBudgetSheet(workbook, doc);
    assertProvenance(workbook, checkpoint.position, checkpoint.hash, 'budget');
    assert.equal((sheetOf(workbook, 'Budget').views[0] as { ySplit?: number }).ySplit, BUDGET_HEADER_ROW);
    assert.equal(sheetOf(workbook, 'Budget').pageSetup.orientation, 'landscape');
    assert.equal(sheetOf(workbook, 'Budget').pageSetup.fitToWidth, 1);
    assert.equal(sheetOf(workbook, 'Budget').pageSetup.paperSize, 9);
  }
});

// A public body's budget is its plan de financement: the same document read as such (plan-de-financement.ts).
workbooks('budget of a public body: the plan de financement, its totals those of the budget document', async (context) => {
  for (const request of [
    { workbook: 'budget', programmeId: P } as ExportRequest,
    { workbook: 'budget', programmeId: P, actionId: 'a05' } as ExportRequest,
    { workbook: 'budget', programmeId: P, actionId: 'a08', year: 2024, status: 'actual' } as ExportRequest,
  ]) {
    const workbook = await write(context, request, `plan-${request.actionId ?? 'all'}.xlsx`);
    const { checkpoint, programme } = await ledgerOf(context.socle, P);
    const doc = budgetOf(checkpoint, programme, request);
    assert.is(doc.form, 'plan-de-financement');
    const plan = planDeFinancementOf(doc);
    assertEveryFormulaHasItsResult(workbook);
    assertProvenance(workbook, checkpoint.position, checkpoint.hash, 'budget');
    assert.equal(workbook.worksheets.map((w) => w.name), ['Plan de financement', 'Contrôles', 'Provenance']);
    const sheet = sheetOf(workbook, 'Plan de financement');
    assert.is(centsString(numberAt(sheet, rowWith(sheet, 1, 'TOTAL DES DÉPENSES'), 4)), plan.totalExpenses);
    assert.is(centsString(numberAt(sheet, rowWith(sheet, 1, 'TOTAL DES RESSOURCES'), 4)), plan.totalResources);
    assert.is(centsString(numberAt(sheet, rowWith(sheet, 1, 'Autofinancement du maître d’ouvrage'), 4)), plan.autofinancement.amount);
    // A partner may fund on two lines (users' fees and membership fees): its row is its name and group.
    const rowOf = (name: string, group: string) => {
      for (let row = 1; row <= sheet.rowCount; row++) if (textAt(sheet, row, 1) === name && textAt(sheet, row, 2) === group) return row;
      throw new Error(`no row ${name} / ${group}`);
    };
    for (const r of plan.resources) assert.is(centsString(numberAt(sheet, rowOf(r.name, r.group), 4)), r.amount, `${r.name} (${r.group})`);
    assert.equal(sheet.pageSetup.paperSize, 9);
  }
});

// The Contrôles sheet names an unvalued contribution as the dashboard does: the partner, then the
// nature in the record form's words (« Prêt de matériel », not the old « matériel prêté »), with
// the raw id only in the list's N° column, the key of the contributions workbook.
workbooks('budget: the Contrôles texts name unvalued contributions in the pages’ words, no raw id', async (context) => {
  const request: ExportRequest = { workbook: 'budget', programmeId: P };
  const workbook = await write(context, request, 'budget-controles.xlsx');
  const { checkpoint, programme } = await ledgerOf(context.socle, P);
  const doc = budgetOf(checkpoint, programme, request);
  const sheet = sheetOf(workbook, 'Contrôles');
  const texts: string[] = [];
  sheet.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.value ?? ''))));
  assert.not.ok(texts.some((t) => /matériel prêté|\(rôle /.test(t)));
  const detail = texts.find((t) => t.startsWith('Non valorisées, donc absentes des montants'));
  assert.ok(detail, 'the valuation check fails on the demo and says which');
  // The demo's SIG service lent equipment on 16 January 2024 before any equipment rate applied.
  assert.match(detail!, /Roche aux Fées Communauté — service SIG-Numérique : aucun taux « Prêt de matériel » au 16\/01\/2024/);
  assert.ok(doc.unvalued.length > 0);
  for (const u of doc.unvalued) assert.not.ok(detail!.includes(u.contributionId), `${u.contributionId} is not in the sentence`);
  // The list under the checks keeps each id as the cross-reference into the contributions workbook.
  const listRow = rowWith(sheet, 2, 'N° (classeur contributions)');
  assert.is(textAt(sheet, listRow + 1, 2), doc.unvalued[0]!.contributionId);
  assert.ok(texts.includes('Prêt de matériel'));
});

workbooks('funding-plan: Synthèse and every fiche action equal the funding plan document', async (context) => {
  const request: ExportRequest = { workbook: 'funding-plan', programmeId: P, year: 2024 };
  const workbook = await write(context, request, 'funding-plan.xlsx');
  const { checkpoint, programme } = await ledgerOf(context.socle, P);
  const doc = fundingPlanOf(checkpoint, programme, request);
  assertEveryFormulaHasItsResult(workbook);
  assertProvenance(workbook, checkpoint.position, checkpoint.hash, 'funding-plan');
  const names = sheetNames(doc.actions);
  assert.equal(
    workbook.worksheets.map((w) => w.name),
    ['Synthèse', ...names, 'Provenance'],
  );

  const synthesis = sheetOf(workbook, 'Synthèse');
  doc.synthesis.rows.forEach((row, i) => {
    const r = 5 + i;
    assert.is(textAt(synthesis, r, 1), String(row.number));
    assert.is(textAt(synthesis, r, 2), row.title);
    const values = [row.expenses, row.cofinancementsAcquis, row.cofinancementsSollicites, row.autres, row.resteACharge, row.inKind];
    values.forEach((v, j) => assert.is(centsString(numberAt(synthesis, r, 5 + j)), v, `${row.actionId} column ${5 + j}`));
    // Linked to the fiche: each figure is a formula on the action's own sheet.
    for (let j = 0; j < 6; j++) {
      const formula = (synthesis.getCell(r, 5 + j).value as { formula?: string }).formula ?? '';
      assert.ok(formula === '0' || formula.includes(`'${names[i]}'!`), `Synthèse ${row.actionId} column ${5 + j} points at its fiche: ${formula}`);
    }
  });
  const totalRow = 5 + doc.synthesis.rows.length;
  const t = doc.synthesis.totals;
  [t.expenses, t.cofinancementsAcquis, t.cofinancementsSollicites, t.autres, t.resteACharge, t.inKind].forEach((v, j) => assert.is(centsString(numberAt(synthesis, totalRow, 5 + j)), v));

  doc.actions.forEach((plan, i) => {
    const sheet = sheetOf(workbook, names[i]!);
    assert.is(textAt(sheet, 1, 1), `Fiche action n° ${plan.number}`);
    const header = rowWith(sheet, 1, 'Postes de dépenses');
    const total = rowWith(sheet, 1, 'TOTAL', header);
    assert.is(centsString(numberAt(sheet, total, 4)), plan.totalExpenses);
    assert.is(centsString(numberAt(sheet, total, 8)), plan.totalReceipts);
    plan.expenses.forEach((e, j) => {
      assert.is(textAt(sheet, header + 1 + j, 1), e.label);
      assert.is(centsString(numberAt(sheet, header + 1 + j, 4)), e.amount);
    });
    for (const f of [...plan.cofinanceurs, ...plan.autres]) {
      const r = rowWith(sheet, 5, f.name, header);
      assert.is(centsString(numberAt(sheet, r, 8)), f.amount);
      assert.is(textAt(sheet, r, 6).toLowerCase(), f.status);
    }
    const reste = rowWith(sheet, 5, plan.resteACharge.label, header);
    assert.is(centsString(numberAt(sheet, reste, 8)), plan.resteACharge.amount);
    // Shares: a formula over the row's amount and the receipts' total, formatted as a percentage,
    // whose result is that ratio (worked out here from the amounts in cents).
    const totalCents = Math.round(Number(plan.totalReceipts) * 100);
    let shares = 0;
    for (let r = header + 1; r < total; r++) {
      if (typeof sheet.getCell(r, 8).value !== 'number' && r !== reste) continue;
      shares += 1;
      const cell = sheet.getCell(r, 7);
      const value = cell.value as { formula: string; result: number };
      assert.is(value.formula, `IF(H${total}=0,0,H${r}/H${total})`);
      assert.is(cell.numFmt, '0.00 %');
      const cents = Math.round(numberAt(sheet, r, 8) * 100);
      // exceljs stores no cached result when it is 0.
      assert.ok(Math.abs((value.result ?? 0) - (totalCents === 0 ? 0 : cents / totalCents)) < 1e-12, `share of row ${r}: ${value.result} vs ${cents}/${totalCents}`);
    }
    assert.is(shares, plan.cofinanceurs.length + plan.autres.length + 1, 'one share per receipt and the reste à charge');
    const inKind = rowWith(sheet, 1, 'Total des contributions en nature', total);
    assert.is(centsString(numberAt(sheet, inKind, 4)), plan.totalInKind);
  });
});

workbooks('journal: one row per event of the programme, in log order, with its hash', async (context) => {
  const head = await context.socle.store.head();
  const workbook = await write(context, { workbook: 'journal', programmeId: P }, 'journal.xlsx');
  assertProvenance(workbook, head.position, head.hash, 'journal');
  const sheet = sheetOf(workbook, 'Journal');
  let r = 2;
  for await (const event of context.socle.store.readAll()) {
    if ((event.data as { programmeId: string }).programmeId !== P) continue;
    assert.is(numberAt(sheet, r, 1), event.position);
    assert.is(textAt(sheet, r, 2), event.recordedAt);
    assert.is(textAt(sheet, r, 3), event.stream);
    assert.is(textAt(sheet, r, 5), event.metadata.actor);
    assert.is(textAt(sheet, r, 8), event.hash);
    r++;
  }
  assert.ok(r > 500, 'the demo journal of rafcom has hundreds of events');
  assert.match(textAt(sheet, r, 7), /événement\(s\) du programme jusqu’à la position/);
  assert.is((sheet.views[0] as { ySplit?: number }).ySplit, 1);
  assert.match(textAt(sheet, 2, 7), /Feuille de route/);
});

workbooks.run();
