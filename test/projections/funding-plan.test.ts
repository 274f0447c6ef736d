// The fiche action's plan de financement: expenses by nature against co-funders (acquis or
// sollicité), other receipts and the reste à charge, in the three modes; figures worked out below.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fundingPlanDocument } from '../../src/reports/funding-plan.ts';
import { SmallLedger } from '../exports/fixtures.ts';

// mairie (commune) pilots a1. Staff 20.00 €/h, volunteers 12.00 €/h.
//   mairie staff: planned 100 h = 2000.00, actual 80 h = 1600.00 (role animateur)
//   mairie prestation: planned 1000.00 "Ateliers" TTC, no actual yet
//   Région: planned 1500.00, actual 1200.00; État: planned 500.00 only; users: actual 100.00
//   asso volunteers: planned 10 h = 120.00, actual 12 h = 144.00
// Consolidated: expenses 1600 (actual staff) + 1000 (planned prestation) = 2600.00;
//   Région acquis 1200, État sollicité 500, users acquis 100 → reste à charge 800.00.
async function ledger(): Promise<SmallLedger> {
  const l = await SmallLedger.open();
  await l.partner('mairie', 'commune', 'Commune de Retiers');
  await l.partner('region', 'region', 'Région Bretagne');
  await l.partner('etat', 'etat', 'État — ANCT');
  await l.partner('usagers', 'autre', 'Participations des usagers');
  await l.partner('asso', 'association', 'Orditous');
  await l.action('a1', 1, 'fonctionnement', 'mairie');
  await l.action('a2', 2, 'investissement', 'mairie');
  await l.rate('staff_time', 'hour', '20.00');
  await l.rate('volunteer_time', 'hour', '12.00');
  const a = { actionId: 'a1' } as const;
  await l.add({ ...a, partnerId: 'mairie', kind: 'staff_time', status: 'planned', date: '2024-01-01', until: '2024-12-31', quantity: '100', role: 'animateur' });
  await l.add({ ...a, partnerId: 'mairie', kind: 'staff_time', status: 'actual', date: '2024-06-01', quantity: '80', role: 'animateur' });
  await l.add({ ...a, partnerId: 'mairie', kind: 'prestation', status: 'planned', date: '2024-01-01', amount: '1000', description: 'Ateliers', taxBasis: 'TTC', vatRecoverable: false });
  await l.add({ ...a, partnerId: 'region', kind: 'cash', status: 'planned', date: '2024-01-15', amount: '1500' });
  await l.add({ ...a, partnerId: 'region', kind: 'cash', status: 'actual', date: '2024-09-15', amount: '1200' });
  await l.add({ ...a, partnerId: 'etat', kind: 'cash', status: 'planned', date: '2024-01-15', amount: '500' });
  await l.add({ ...a, partnerId: 'usagers', kind: 'cash', status: 'actual', date: '2024-07-15', amount: '100', role: 'usagers' });
  await l.add({ ...a, partnerId: 'asso', kind: 'volunteer_time', status: 'planned', date: '2024-01-01', quantity: '10' });
  await l.add({ ...a, partnerId: 'asso', kind: 'volunteer_time', status: 'actual', date: '2024-05-01', quantity: '12' });
  return l;
}

test('consolidated: actual figures where recorded, planned ones elsewhere; co-funders acquis or sollicité', async () => {
  const l = await ledger();
  const { checkpoint, programme } = await l.ledger();
  const doc = fundingPlanDocument(checkpoint, programme);
  assert.is(doc.actions.length, 2);
  const plan = doc.actions[0]!;
  assert.is(plan.actionId, 'a1');
  assert.equal(
    plan.expenses.map((e) => [e.label, e.status, e.taxBasis, e.vatRecoverable, e.amount]),
    [
      ['Ateliers', 'planned', 'TTC', false, '1000.00'],
      ['Temps de travail — animateur (80 h, coût horaire chargé)', 'actual', null, null, '1600.00'],
    ],
  );
  assert.is(plan.totalExpenses, '2600.00');
  assert.equal(
    plan.cofinanceurs.map((f) => [f.partnerId, f.status, f.amount, f.share]),
    [
      ['etat', 'sollicité', '500.00', '19.23'],
      ['region', 'acquis', '1200.00', '46.15'],
    ],
  );
  assert.equal(
    plan.autres.map((f) => [f.partnerId, f.status, f.amount, f.share]),
    [['usagers', 'acquis', '100.00', '3.85']],
  );
  assert.equal(plan.resteACharge, { label: 'Reste à charge Commune de Retiers', amount: '800.00', share: '30.77' });
  assert.is(plan.totalReceipts, plan.totalExpenses);
  // The Région's grant was cut: 1500 asked, 1200 granted; the cut stays in sight (−300).
  assert.is(plan.cofinanceurs.find((f) => f.partnerId === 'region')!.requested, '1500.00');
  assert.is(plan.cofinanceurs.find((f) => f.partnerId === 'etat')!.requested, undefined);
  assert.ok(plan.notes.includes('Région Bretagne : 1\u202f500,00 € sollicités, 1\u202f200,00 € acquis (écart −300,00 €).'), plan.notes.join(' | '));
  assert.equal(
    plan.inKind.map((k) => [k.partnerId, k.kind, k.status, k.amount]),
    [['asso', 'volunteer_time', 'actual', '144.00']],
  );
  assert.equal(plan.indicators, [
    { label: 'Heures de travail des salariés', unit: 'h', planned: '100', actual: '80' },
    { label: 'Heures de bénévolat', unit: 'h', planned: '10', actual: '12' },
  ]);
  assert.equal(plan.period, { from: '2024-01-01', to: '2024-12-31' });
  assert.equal(
    plan.partners.map((p) => p.partnerId),
    ['asso', 'etat', 'mairie', 'region', 'usagers'],
  );
  // The synthesis adds up the actions.
  const row = doc.synthesis.rows[0]!;
  assert.equal([row.expenses, row.cofinancementsAcquis, row.cofinancementsSollicites, row.autres, row.resteACharge, row.inKind], ['2600.00', '1200.00', '500.00', '100.00', '800.00', '144.00']);
  assert.is(doc.synthesis.totals.expenses, '2600.00');
  await l.close();
});

test('planned and actual modes take one status only', async () => {
  const l = await ledger();
  const { checkpoint, programme } = await l.ledger();
  const planned = fundingPlanDocument(checkpoint, programme, { actionId: 'a1', mode: 'planned' }).actions[0]!;
  assert.is(planned.totalExpenses, '3000.00');
  assert.equal(
    planned.cofinanceurs.map((f) => [f.partnerId, f.status, f.amount]),
    [
      ['etat', 'sollicité', '500.00'],
      ['region', 'sollicité', '1500.00'],
    ],
  );
  assert.is(planned.autres.length, 0);
  assert.is(planned.resteACharge.amount, '1000.00');
  const actual = fundingPlanDocument(checkpoint, programme, { actionId: 'a1', mode: 'actual' }).actions[0]!;
  assert.is(actual.totalExpenses, '1600.00');
  assert.is(actual.resteACharge.amount, '300.00');
  assert.equal(
    [...actual.cofinanceurs, ...actual.autres, actual.resteACharge].map((r) => r.share),
    ['75.00', '6.25', '18.75'],
  );
  await l.close();
});

test('an over-funded action says so with both sides; no negative figure, and the shares still add up', async () => {
  const l = await ledger();
  await l.add({ actionId: 'a1', partnerId: 'etat', kind: 'cash', status: 'actual', date: '2024-10-01', amount: '3000' });
  const { checkpoint, programme } = await l.ledger();
  const plan = fundingPlanDocument(checkpoint, programme, { actionId: 'a1' }).actions[0]!;
  // Expenses 2600; receipts État acquis 3000 + Région 1200 + users 100 = 4300: 1700 too many.
  assert.is(plan.totalExpenses, '2600.00');
  assert.is(plan.resteACharge.amount, '0.00');
  assert.is(plan.totalReceipts, '4300.00');
  // Shares of 4300 in hundredths of a percent: 6976.74, 2790.70, 232.56, 0 → floors 9998, the two
  // missing go to the largest remainders (État .74, Région .70): 69.77 + 27.91 + 2.32 + 0.00 = 100.00.
  assert.equal(
    [...plan.cofinanceurs, ...plan.autres, plan.resteACharge].map((r) => [r.amount, r.share]),
    [
      ['3000.00', '69.77'],
      ['1200.00', '27.91'],
      ['100.00', '2.32'],
      ['0.00', '0.00'],
    ],
  );
  const note = plan.notes.find((n) => /Sur-financement/.test(n));
  assert.ok(note, 'a note says the action is over-funded');
  assert.match(note!, /4\u202f300,00 €/);
  assert.match(note!, /2\u202f600,00 €/);
  assert.match(note!, /1\u202f700,00 €/);
  await l.close();
});

test('the applicant’s own rooms and equipment are off the plan; a third party’s are in kind', async () => {
  const l = await ledger();
  await l.rate('premises', 'half_day', '40.00');
  await l.add({ actionId: 'a1', partnerId: 'mairie', kind: 'premises', status: 'actual', date: '2024-03-01', quantity: '5' });
  await l.add({ actionId: 'a1', partnerId: 'asso', kind: 'premises', status: 'actual', date: '2024-03-01', quantity: '2' });
  const { checkpoint, programme } = await l.ledger();
  const plan = fundingPlanDocument(checkpoint, programme, { actionId: 'a1' }).actions[0]!;
  // asso: volunteers 12 h × 12.00 = 144.00 and its room 2 × 40.00 = 80.00; mairie's 5 × 40.00 = 200.00 is its own.
  assert.equal(
    plan.inKind.map((r) => [r.partnerId, r.kind, r.amount]),
    [
      ['asso', 'premises', '80.00'],
      ['asso', 'volunteer_time', '144.00'],
    ],
  );
  assert.is(plan.totalInKind, '224.00');
  assert.is(plan.totalExpenses, '2600.00', 'nor is it an expense');
  assert.ok(plan.notes.some((n) => /biens propres de Commune de Retiers/.test(n) && /200,00 €/.test(n)));
  await l.close();
});

test.run();
