// The form follows the applicant (src/reports/funder-form.ts) and the plan de financement a public
// body files (src/reports/plan-de-financement.ts), on small ledgers whose figures are worked out by
// hand below; then the workbook of each form read back.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { budgetDocument } from '../../src/reports/budget.ts';
import { chooseForm, defaultForm } from '../../src/reports/funder-form.ts';
import { planDeFinancementOf } from '../../src/reports/plan-de-financement.ts';
import { asCents, percentOfWhole as shareOf } from '../../src/domain/money.ts';
import { exportWorkbook } from '../../src/exports/export-workbook.ts';
import { versionSource } from '../../src/app/read-sources.ts';
import { InvalidCommandError } from '../../src/domain/errors.ts';
import { SmallLedger, numberAt, readWorkbook, sheetOf, tempDir, textAt } from '../exports/fixtures.ts';

// Programme p. mairie (commune) pilots a2 (investissement); asso (association) pilots a1.
// Rates: staff 20.00 €/h, volunteers 12.00 €/h, rooms 50.00 € per half-day.
// a2, mairie's plan de financement (both statuses, so per line actual once recorded, else planned):
//   expenses: laptops 10 000.00 HT planned (no actual yet) → dépenses 10 000.00, basis HT
//   État (DETR) 4 000.00 planned only → sollicité 4 000.00, 40.00 %
//   Région 3 500.00 planned, 3 000.00 actual → acquis 3 000.00 (asked 3 500.00), 30.00 %
//   autofinancement = 10 000.00 − 7 000.00 = 3 000.00, 30.00 %; public aid 7 000.00, 70.00 %
//   mairie's own room 4 half-days = 200.00: own means, off the plan; asso volunteers 10 h = 120.00
//   in kind, off the plan (a note says so)
// a1, asso's Cerfa (planned only, 2024): workshops 1 500.00 TTC, staff 50 h = 1 000.00 → 2 500.00;
//   Département 1 200.00 → 74 Département(s); fondation 300.00 → 74 Aides privées;
//   own funding 2 500.00 − 1 500.00 = 1 000.00. Realised 2024: workshops 1 400.00, staff 45 h =
//   900.00 → 2 300.00; Département 1 000.00 → own funding 1 300.00.
async function ledger(): Promise<SmallLedger> {
  const l = await SmallLedger.open();
  for (const [id, category] of [
    ['mairie', 'commune'],
    ['etat', 'etat'],
    ['region', 'region'],
    ['dept', 'departement'],
    ['fondation', 'fondation'],
    ['asso', 'association'],
  ] as const)
    await l.partner(id, category, `Nom ${id}`);
  await l.action('a1', 1, 'fonctionnement', 'asso');
  await l.action('a2', 2, 'investissement', 'mairie');
  await l.rate('staff_time', 'hour', '20.00');
  await l.rate('volunteer_time', 'hour', '12.00');
  await l.rate('premises', 'half_day', '50.00');
  const a2 = { actionId: 'a2', date: '2024-04-02' } as const;
  await l.add({ ...a2, partnerId: 'mairie', kind: 'prestation', status: 'planned', amount: '10000', description: 'Achat de 20 ordinateurs portables', taxBasis: 'HT', vatRecoverable: true });
  await l.add({ ...a2, partnerId: 'etat', kind: 'cash', status: 'planned', amount: '4000', description: 'DETR sollicitée' });
  await l.add({ ...a2, partnerId: 'region', kind: 'cash', status: 'planned', amount: '3500' });
  await l.add({ ...a2, partnerId: 'region', kind: 'cash', status: 'actual', amount: '3000' });
  await l.add({ ...a2, partnerId: 'mairie', kind: 'premises', status: 'planned', quantity: '4', unit: 'half_day' });
  await l.add({ ...a2, partnerId: 'asso', kind: 'volunteer_time', status: 'planned', quantity: '10' });
  const a1 = { actionId: 'a1' } as const;
  await l.add({ ...a1, date: '2024-01-10', partnerId: 'asso', kind: 'prestation', status: 'planned', amount: '1500', description: 'Ateliers par le prestataire', taxBasis: 'TTC', vatRecoverable: false });
  await l.add({ ...a1, date: '2024-01-10', partnerId: 'asso', kind: 'staff_time', status: 'planned', quantity: '50' });
  await l.add({ ...a1, date: '2024-01-10', partnerId: 'dept', kind: 'cash', status: 'planned', amount: '1200' });
  await l.add({ ...a1, date: '2024-01-10', partnerId: 'fondation', kind: 'cash', status: 'planned', amount: '300' });
  await l.add({ ...a1, date: '2024-06-10', partnerId: 'asso', kind: 'prestation', status: 'actual', amount: '1400', description: 'Ateliers par le prestataire', taxBasis: 'TTC', vatRecoverable: false });
  await l.add({ ...a1, date: '2024-06-10', partnerId: 'asso', kind: 'staff_time', status: 'actual', quantity: '45' });
  await l.add({ ...a1, date: '2024-09-10', partnerId: 'dept', kind: 'cash', status: 'actual', amount: '1000' });
  return l;
}

test('the form follows the applicant: an association files the Cerfa 12156, once realised the 15059; a public body a plan de financement', () => {
  assert.is(defaultForm('association', ['planned']), 'cerfa-12156');
  assert.is(defaultForm('association', ['planned', 'actual']), 'cerfa-15059');
  assert.is(defaultForm('fondation', ['actual']), 'cerfa-15059');
  for (const category of ['commune', 'epci', 'ccas', 'departement', 'region'] as const) assert.is(defaultForm(category, ['planned']), 'plan-de-financement', category);
  assert.is(chooseForm('plan-de-financement', { name: 'Asso', category: 'association' }, ['planned']), 'plan-de-financement');
  try {
    chooseForm('cerfa-12156', { name: 'Ville de Rennes', category: 'commune' }, ['planned']);
    assert.unreachable('a Cerfa for a commune');
  } catch (error) {
    assert.instance(error, InvalidCommandError);
    assert.match((error as Error).message, 'Ville de Rennes (commune) est une personne publique');
    assert.match((error as Error).message, '--form plan-de-financement');
  }
});

test('shares are rounded half up on whole numbers', () => {
  assert.is(shareOf(asCents(1), asCents(3)), '33.33');
  assert.is(shareOf(asCents(2), asCents(3)), '66.67');
  assert.is(shareOf(asCents(1), asCents(8)), '12.50');
  assert.is(shareOf(asCents(5), asCents(0)), null);
});

test('a commune’s investment: dépenses HT, each funder sollicité or acquis with its share, the autofinancement as the balance', async () => {
  const l = await ledger();
  const { checkpoint, programme } = await l.ledger();
  const doc = budgetDocument(checkpoint, programme, { actionId: 'a2' });
  assert.is(doc.form, 'plan-de-financement');
  const plan = planDeFinancementOf(doc);
  assert.is(plan.kind, 'actualisé');
  assert.is(plan.basis, 'HT');
  assert.equal(plan.expenses, [{ lineId: 'c60-matieres', label: 'Achats matières et fournitures', amount: '10000.00' }]);
  assert.is(plan.totalExpenses, '10000.00');
  assert.equal(
    plan.resources.map((r) => [r.partnerId, r.status, r.amount, r.share, r.requested, r.public]),
    [
      ['etat', 'sollicité', '4000.00', '40.00', undefined, true],
      ['region', 'acquis', '3000.00', '30.00', '3500.00', true],
    ],
  );
  assert.equal(plan.autofinancement, { amount: '3000.00', share: '30.00' });
  assert.equal(plan.publicAid, { amount: '7000.00', share: '70.00' });
  assert.is(plan.totalResources, '10000.00');
  assert.is(doc.applicantMeans.planned, '200.00', 'the commune’s own room is off the plan');
  await l.close();
});

test('a commune asked a Cerfa is refused with one clear error, and the export writes nothing', async () => {
  const l = await ledger();
  const { checkpoint, programme } = await l.ledger();
  assert.throws(() => budgetDocument(checkpoint, programme, { actionId: 'a2', form: 'cerfa-12156' }), (e: unknown) => e instanceof InvalidCommandError);
  const dir = tempDir();
  const file = join(dir, 'budget.xlsx');
  try {
    await exportWorkbook(versionSource(l.socle.store, checkpoint), { workbook: 'budget', programmeId: 'p', actionId: 'a2', form: 'cerfa-15059' }, file);
    assert.unreachable('refused');
  } catch (error) {
    assert.instance(error, InvalidCommandError);
  }
  const { existsSync, readdirSync } = await import('node:fs');
  assert.is(existsSync(file), false);
  assert.equal(readdirSync(dir), []);
  await l.close();
});

test('an association’s planned budget is the Cerfa 12156*06, one column; realised, the compte rendu 15059*02 with its gaps to explain', async () => {
  const l = await ledger();
  const { checkpoint, programme } = await l.ledger();
  const planned = budgetDocument(checkpoint, programme, { actionId: 'a1', year: 2024, status: 'planned' });
  assert.is(planned.form, 'cerfa-12156');
  assert.equal(planned.scope.statuses, ['planned']);
  assert.equal(planned.taxBases, ['TTC']);
  assert.is(planned.totals.charges.planned, '2500.00');
  const own = planned.lines.produits.find((line) => line.balancing)!;
  assert.is(own.amounts.planned, '1000.00');
  const report = budgetDocument(checkpoint, programme, { actionId: 'a1', year: 2024, status: 'actual' });
  assert.is(report.form, 'cerfa-15059');
  assert.equal(report.scope.statuses, ['planned', 'actual'], 'a compte rendu always sets the realised beside the planned');
  assert.equal(report.totals.charges, { planned: '2500.00', actual: '2300.00', gap: '-200.00' });
  assert.is(report.lines.produits.find((line) => line.balancing)!.amounts.actual, '1300.00');

  const dir = tempDir();
  const source = versionSource(l.socle.store, checkpoint);
  const cerfa = join(dir, 'cerfa.xlsx');
  await exportWorkbook(source, { workbook: 'budget', programmeId: 'p', actionId: 'a1', year: 2024, status: 'planned' }, cerfa);
  const c = await readWorkbook(cerfa);
  assert.is(textAt(sheetOf(c, 'Budget'), 1, 1), 'Budget prévisionnel de l’action — Cerfa n° 12156*06');
  assert.is(c.getWorksheet('Écarts'), undefined);
  const compte = join(dir, 'compte-rendu.xlsx');
  await exportWorkbook(source, { workbook: 'budget', programmeId: 'p', actionId: 'a1', year: 2024 }, compte);
  const r = await readWorkbook(compte);
  assert.is(textAt(sheetOf(r, 'Budget'), 1, 1), 'Compte rendu financier de l’action — Cerfa n° 15059*02');
  assert.is(textAt(sheetOf(r, 'Budget'), 6, 3), 'Prévision');
  assert.is(textAt(sheetOf(r, 'Budget'), 6, 4), 'Réalisation');
  const gaps = sheetOf(r, 'Écarts');
  const rows = new Map<string, number[]>();
  for (let row = 5; row <= gaps.rowCount; row++) rows.set(textAt(gaps, row, 2), [numberAt(gaps, row, 3), numberAt(gaps, row, 4), numberAt(gaps, row, 5)]);
  // Whole euros: workshops 1 500 → 1 400 (−100), staff 1 000 → 900 (−100), Département 1 200 → 1 000
  // (−200), own funding 1 000 → 1 300 (+300).
  assert.equal(rows.get('Prestations de services'), [1500, 1400, -100]);
  assert.equal(rows.get('Rémunération des personnels'), [1000, 900, -100]);
  assert.equal(rows.get('Nom dept'), [1200, 1000, -200]);
  assert.equal(rows.get('Ressources propres affectées à l’action (autofinancement du demandeur)'), [1000, 1300, 300]);
  assert.is(rows.has('Aides privées (fondation)'), false, 'a parent line is not listed, its funder row is');
  assert.equal(rows.get('Nom fondation'), [300, 0, -300]);
  await l.close();
});

test('the plan de financement workbook: amounts, shares and autofinancement as formulas with their results', async () => {
  const l = await ledger();
  const { checkpoint } = await l.ledger();
  const file = join(tempDir(), 'plan.xlsx');
  await exportWorkbook(versionSource(l.socle.store, checkpoint), { workbook: 'budget', programmeId: 'p', actionId: 'a2' }, file);
  const workbook = await readWorkbook(file);
  assert.equal(workbook.worksheets.map((s) => s.name), ['Plan de financement', 'Contrôles', 'Provenance']);
  const sheet = sheetOf(workbook, 'Plan de financement');
  assert.is(textAt(sheet, 1, 1), 'Plan de financement actualisé de l’opération d’investissement');
  assert.match(textAt(sheet, 2, 1), 'Maître d’ouvrage : Nom mairie (Commune)');
  assert.match(textAt(sheet, 5, 1), 'hors taxes (HT)');
  const byLabel = new Map<string, number>();
  for (let row = 1; row <= sheet.rowCount; row++) byLabel.set(textAt(sheet, row, 1), row);
  const at = (label: string): number => {
    const row = byLabel.get(label);
    if (row === undefined) throw new Error(`no row ${label}`);
    return row;
  };
  assert.is(numberAt(sheet, at('TOTAL DES DÉPENSES'), 4), 10000);
  assert.is(numberAt(sheet, at('Nom etat'), 4), 4000);
  assert.is(textAt(sheet, at('Nom etat'), 3), 'sollicité');
  assert.is(textAt(sheet, at('Nom region'), 3), 'acquis');
  const own = at('Autofinancement du maître d’ouvrage');
  assert.is(numberAt(sheet, own, 4), 3000);
  assert.match(String((sheet.getCell(own, 4).value as { formula: string }).formula), /^MAX\(0,D\d+-SUM\(D\d+:D\d+\)\)$/);
  assert.is(numberAt(sheet, own, 5), 0.3);
  assert.is(numberAt(sheet, at('Nom region'), 5), 0.3);
  assert.is(numberAt(sheet, at('TOTAL DES RESSOURCES'), 4), 10000);
  const notes = Array.from({ length: sheet.rowCount }, (_, i) => textAt(sheet, i + 1, 1)).join('\n');
  assert.match(notes, /Nom region : 3\s500,00\s€ sollicités, 3\s000,00\s€ acquis/);
  assert.match(notes, /propres du maître d’ouvrage valorisés 200,00\s€/);
  assert.match(notes, /Contributions en nature de tiers valorisées 120,00\s€/);
  await l.close();
});

// An association's investment: asso pilots a3 (investissement) and plans, in 2025, a purchase of
// 10 laptops 3 000.00 HT, 25 h of its staff = 500.00, and asks the Département 400.00.
// Its Cerfa is an operating budget: the laptops are an asset (class 2), so off every class-6 line:
//   charges 500.00 (64 only), 60 Achats 0.00; own funding 500.00 − 400.00 = 100.00;
//   applicantInvestment 3 000.00, said in a note. The commune's a2 above keeps its 10 000.00 on the
//   plan de financement, whose dépenses are the investment itself.
test('an association’s investment purchases stay off the Cerfa’s class-6 lines, and a note says where they go', async () => {
  const l = await ledger();
  await l.action('a3', 3, 'investissement', 'asso');
  const a3 = { actionId: 'a3', date: '2025-03-03' } as const;
  await l.add({ ...a3, partnerId: 'asso', kind: 'prestation', status: 'planned', amount: '3000', description: 'Achat de 10 ordinateurs portables', taxBasis: 'HT', vatRecoverable: false });
  await l.add({ ...a3, partnerId: 'asso', kind: 'staff_time', status: 'planned', quantity: '25' });
  await l.add({ ...a3, partnerId: 'dept', kind: 'cash', status: 'planned', amount: '400' });
  const { checkpoint, programme } = await l.ledger();
  const doc = budgetDocument(checkpoint, programme, { actionId: 'a3', status: 'planned' });
  assert.is(doc.form, 'cerfa-12156');
  assert.is(doc.totals.charges.planned, '500.00');
  const line = (id: string) => doc.lines.charges.find((l) => l.id === id)!;
  assert.is(line('c60-matieres').amounts.planned, '0.00');
  assert.is(line('c64-remuneration').amounts.planned, '500.00');
  assert.is(doc.lines.produits.find((l) => l.balancing)!.amounts.planned, '100.00');
  assert.equal(doc.applicantInvestment, { planned: '3000.00' });
  // The commune's investment plan still carries its purchase: there it is the dépense.
  assert.equal(budgetDocument(checkpoint, programme, { actionId: 'a2' }).applicantInvestment, { planned: '0.00', actual: '0.00' });

  const file = join(tempDir(), 'cerfa-invest.xlsx');
  await exportWorkbook(versionSource(l.socle.store, checkpoint), { workbook: 'budget', programmeId: 'p', actionId: 'a3', status: 'planned' }, file);
  const sheet = sheetOf(await readWorkbook(file), 'Budget');
  const texts = Array.from({ length: sheet.rowCount }, (_, i) => textAt(sheet, i + 1, 1)).join('\n');
  assert.match(texts, /Achats d’investissement du demandeur : prévu 3\s000,00\s€\. Hors budget : un investissement est une immobilisation \(classe 2\)/);
  await l.close();
});

// TTC where the VAT is recovered: the mairie (which recovers the VAT on a2, its laptops are HT) also
// records software licences 1 200.00 TTC, VAT recoverable. No VAT rate is recorded, so nothing is
// converted: the plan adds what is recorded (10 000.00 + 1 200.00 = 11 200.00, basis « mixte », flagged)
// and names the licences, asking for their amount HT. The asso's workshops, TTC with VAT not
// recovered, are on their eligible basis: not listed.
test('an amount on the other basis than its eligible one is named and never converted by a guessed VAT rate', async () => {
  const l = await ledger();
  await l.add({ actionId: 'a2', date: '2024-05-06', partnerId: 'mairie', kind: 'prestation', status: 'planned', amount: '1200', description: 'Licences logicielles', taxBasis: 'TTC', vatRecoverable: true });
  const { checkpoint, programme } = await l.ledger();
  const doc = budgetDocument(checkpoint, programme, { actionId: 'a2' });
  assert.equal(
    doc.vatToConvert.map((v) => [v.partnerName, v.description, v.recordedBasis, v.eligibleBasis, v.amount]),
    [['Nom mairie', 'Licences logicielles', 'TTC', 'HT', '1200.00']],
  );
  const plan = planDeFinancementOf(doc);
  assert.is(plan.totalExpenses, '11200.00');
  assert.is(plan.basis, 'mixte');
  assert.equal(budgetDocument(checkpoint, programme, { actionId: 'a1' }).vatToConvert, []);

  const file = join(tempDir(), 'plan-tva.xlsx');
  await exportWorkbook(versionSource(l.socle.store, checkpoint), { workbook: 'budget', programmeId: 'p', actionId: 'a2' }, file);
  const sheet = sheetOf(await readWorkbook(file), 'Plan de financement');
  const texts = Array.from({ length: sheet.rowCount }, (_, i) => textAt(sheet, i + 1, 1)).join('\n');
  assert.match(texts, /« Licences logicielles » \(Nom mairie, 06\/05\/2024\) saisie TTC pour 1\s200,00\s€ alors que la TVA est récupérée, le coût éligible est HT : aucun taux de TVA n’est enregistré, Socle ne convertit pas ; corrigez son montant en HT\./);
  await l.close();
});

// The plan actualisé of a2 is checked on the figures it prints: expenses 10 000.00 (planned: no
// actual yet), État 4 000.00 sollicité, Région 3 000.00 acquis (of 3 500.00 asked), autofinancement
// 3 000.00. Public financings 4 000 + 3 000 + 3 000 = 10 000.00, so check 4's minimum is 20 % =
// 2 000.00 against 3 000.00: passes; public aid 7 000.00 ≤ 10 000.00; charges = produits. The réalisé
// column alone (no expense yet, 3 000.00 received) fails, but that is not the plan's reading.
test('the plan actualisé is checked on its own reading, per line actual once recorded, else planned', async () => {
  const l = await ledger();
  const { checkpoint, programme } = await l.ledger();
  const doc = budgetDocument(checkpoint, programme, { actionId: 'a2' });
  assert.equal(doc.consolidatedChecks.map((c) => [c.number, c.status, c.passed]), [1, 2, 3, 4, 5, 6].map((n) => [n, 'consolidated', true]));
  const own = doc.consolidatedChecks.find((c) => c.id === 'part-maitre-ouvrage')!;
  assert.ok(own.applicable);
  assert.is(own.left.amount, '3000.00');
  assert.is(own.right.amount, '2000.00');
  assert.is(doc.consolidatedChecks.find((c) => c.id === 'plafond-aides-publiques')!.left.amount, '7000.00');
  assert.ok(doc.checks.some((c) => c.status === 'actual' && !c.passed), 'the réalisé column alone fails');
  // Other forms and single statuses keep their per-status checks only.
  assert.equal(budgetDocument(checkpoint, programme, { actionId: 'a2', status: 'planned' }).consolidatedChecks, []);
  assert.equal(budgetDocument(checkpoint, programme, { actionId: 'a1', year: 2024 }).consolidatedChecks, []);

  const file = join(tempDir(), 'plan-actualise.xlsx');
  await exportWorkbook(versionSource(l.socle.store, checkpoint), { workbook: 'budget', programmeId: 'p', actionId: 'a2' }, file);
  const workbook = await readWorkbook(file);
  const checks = sheetOf(workbook, 'Contrôles');
  assert.is(textAt(checks, 4, 3), 'Actualisé');
  assert.is(textAt(checks, 4, 4), 'Conforme');
  const sheet = sheetOf(workbook, 'Plan de financement');
  const texts = Array.from({ length: sheet.rowCount }, (_, i) => textAt(sheet, i + 1, 1));
  assert.ok(texts.includes('Tous les contrôles sont conformes (feuille Contrôles).'));
  await l.close();
});

test.run();
