// The budget of an action seen from its applicant, on a small ledger whose figures are worked out by
// hand below, plus the largest-remainder rounding to whole euros as a property.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { budgetDocument, type BudgetDocument, type BudgetLine } from '../../src/reports/budget.ts';
import { eurosByLargestRemainder } from '../../src/reports/euro-rounding.ts';
import { asCents, eurosHalfAwayFromZero as roundedEuros } from '../../src/domain/money.ts';
import { fundingPlanDocument } from '../../src/reports/funding-plan.ts';
import { InvalidCommandError, NotFoundError } from '../../src/domain/errors.ts';
import { SmallLedger } from '../exports/fixtures.ts';

// Programme p. mairie (commune) pilots a1 (fonctionnement) and a2 (investissement).
// Rates: staff 20.00 €/h, volunteers 12.00 €/h, rooms 50.00 € per half-day.
// Action a1, 2024, actual:
//   mairie staff 100 h = 2000.00 (64); planned 120 h = 2400.00
//   mairie prestations: workshops 1500.00 (60 prestations), room rental 600.00 (61 locations),
//     posters 250.50 (62 publicité), tablets 300.00 (60 achats) → charges 4650.50
//   grants: État 1000, Région 800, CAF 400, CCAS 100 (both organismes sociaux), fondation 300;
//     users' fees 150 (70); mairie's own cash 500 is not a produit → other produits 2750.00
//   own funding = 4650.50 − 2750.00 = 1900.50
//   in kind: asso volunteers 10 h = 120.00 (864/870), cc staff 5 h = 100.00 (862/871),
//     asso room 2 half-days = 100.00 (861/871), asso donation 75.25 (860/875) → 395.25
// Never counted: a withdrawn Région grant of 999, an État grant of 700 in 2025.
async function ledger(): Promise<SmallLedger> {
  const l = await SmallLedger.open();
  for (const [id, category] of [
    ['mairie', 'commune'],
    ['etat', 'etat'],
    ['region', 'region'],
    ['caf', 'caf'],
    ['ccas', 'ccas'],
    ['fondation', 'fondation'],
    ['asso', 'association'],
    ['usagers', 'autre'],
    ['cc', 'epci'],
  ] as const)
    await l.partner(id, category, `Nom ${id}`);
  await l.action('a1', 1, 'fonctionnement', 'mairie');
  await l.action('a2', 2, 'investissement', 'mairie');
  await l.action('a3', 3, 'fonctionnement');
  await l.rate('staff_time', 'hour', '20.00');
  await l.rate('volunteer_time', 'hour', '12.00');
  await l.rate('premises', 'half_day', '50.00');
  const a = { actionId: 'a1', date: '2024-03-01' } as const;
  await l.add({ ...a, partnerId: 'mairie', kind: 'staff_time', status: 'actual', quantity: '100' }, 's1');
  await l.add({ ...a, partnerId: 'mairie', kind: 'staff_time', status: 'planned', quantity: '120' }, 's2');
  await l.add({ ...a, partnerId: 'mairie', kind: 'prestation', status: 'actual', amount: '1500', description: 'Ateliers d’initiation par le prestataire', taxBasis: 'TTC' }, 'pr1');
  await l.add({ ...a, partnerId: 'mairie', kind: 'prestation', status: 'actual', amount: '600', description: 'Location d’une salle' }, 'pr2');
  await l.add({ ...a, partnerId: 'mairie', kind: 'prestation', status: 'actual', amount: '250.50', description: 'Impression des affiches' }, 'pr3');
  await l.add({ ...a, partnerId: 'mairie', kind: 'prestation', status: 'actual', amount: '300', description: 'Achat de tablettes', taxBasis: 'HT', vatRecoverable: true }, 'pr4');
  for (const [id, partnerId, amount] of [
    ['g1', 'etat', '1000'],
    ['g2', 'region', '800'],
    ['g3', 'caf', '400'],
    ['g4', 'ccas', '100'],
    ['g5', 'fondation', '300'],
    ['own', 'mairie', '500'],
  ] as const)
    await l.add({ ...a, partnerId, kind: 'cash', status: 'actual', amount }, id);
  await l.add({ ...a, partnerId: 'usagers', kind: 'cash', status: 'actual', amount: '150', role: 'usagers' }, 'u1');
  await l.add({ ...a, partnerId: 'asso', kind: 'volunteer_time', status: 'actual', quantity: '10' }, 'k1');
  await l.add({ ...a, partnerId: 'cc', kind: 'staff_time', status: 'actual', quantity: '5' }, 'k2');
  await l.add({ ...a, partnerId: 'asso', kind: 'premises', status: 'actual', quantity: '2' }, 'k3');
  await l.add({ ...a, partnerId: 'asso', kind: 'donation_in_kind', status: 'actual', amount: '75.25' }, 'k4');
  await l.add({ ...a, partnerId: 'region', kind: 'cash', status: 'actual', amount: '999' }, 'w1');
  await l.withdraw('w1');
  await l.add({ ...a, date: '2025-02-01', partnerId: 'etat', kind: 'cash', status: 'actual', amount: '700' }, 'y25');
  return l;
}

const line = (lines: BudgetLine[], id: string) => {
  const found = lines.find((l) => l.id === id);
  if (!found) throw new Error(`no line ${id}`);
  return found;
};
const all = (doc: BudgetDocument) => [...doc.lines.charges, ...doc.lines.produits, ...doc.inKind.emplois, ...doc.inKind.ressources];

test('each contribution lands on its Cerfa line, seen from the pilot', async () => {
  const l = await ledger();
  const { checkpoint, programme } = await l.ledger();
  const doc = budgetDocument(checkpoint, programme, { actionId: 'a1', year: 2024, status: 'actual' });
  const at = (id: string) => line(all(doc), id).amounts.actual;
  assert.is(doc.scope.applicant.partnerId, 'mairie');
  assert.is(doc.scope.applicant.source, 'pilot');
  assert.is(at('c64-remuneration'), '2000.00');
  assert.is(at('c60-prestations'), '1500.00');
  assert.is(at('c60-matieres'), '300.00');
  assert.is(at('c60'), '1800.00');
  assert.is(at('c61-locations'), '600.00');
  assert.is(at('c62-publicite'), '250.50');
  assert.is(doc.totals.charges.actual, '4650.50');
  assert.is(at('p74-etat'), '1000.00');
  assert.is(at('p74-etat:etat'), '1000.00');
  assert.is(at('p74-region'), '800.00');
  assert.is(at('p74-sociaux'), '500.00');
  assert.is(at('p74-sociaux:caf'), '400.00');
  assert.is(at('p74-sociaux:ccas'), '100.00');
  assert.is(at('p74-prives:fondation'), '300.00');
  assert.is(at('p74'), '2600.00');
  assert.is(at('p70-usagers:usagers'), '150.00');
  assert.is(at('p-propres'), '1900.50');
  assert.is(doc.totals.produits.actual, '4650.50');
  assert.is(doc.applicantCash.actual, '500.00');
  assert.is(at('e864'), '120.00');
  assert.is(at('r870'), '120.00');
  assert.is(at('e862'), '100.00');
  assert.is(at('e861'), '100.00');
  assert.is(at('r871'), '200.00');
  assert.is(at('e860'), '75.25');
  assert.is(at('r875'), '75.25');
  assert.is(doc.totals.emplois86.actual, '395.25');
  assert.is(doc.totals.ressources87.actual, '395.25');
  // Funder rows carry the partner's name, under their 74 line.
  const caf = line(doc.lines.produits, 'p74-sociaux:caf');
  assert.is(caf.label, 'Nom caf');
  assert.is(caf.parentId, 'p74-sociaux');
  assert.is(caf.level, 2);
  await l.close();
});

test('planned and actual side by side, with the gap', async () => {
  const l = await ledger();
  const { checkpoint, programme } = await l.ledger();
  const doc = budgetDocument(checkpoint, programme, { actionId: 'a1', year: 2024 });
  assert.equal(doc.scope.statuses, ['planned', 'actual']);
  assert.equal(line(doc.lines.charges, 'c64-remuneration').amounts, { planned: '2400.00', actual: '2000.00', gap: '-400.00' });
  assert.equal(doc.totals.charges, { planned: '2400.00', actual: '4650.50', gap: '2250.50' });
  // Nothing planned on the produits side: the applicant's own funding carries the whole plan.
  assert.equal(line(doc.lines.produits, 'p-propres').amounts, { planned: '2400.00', actual: '1900.50', gap: '-499.50' });
  // Checks for each status.
  assert.equal(
    doc.checks.map((c) => c.status),
    [...Array(6).fill('planned'), ...Array(6).fill('actual')],
  );
  await l.close();
});

test('withdrawn contributions and other years never count; validated-only counts only validated ones', async () => {
  const l = await ledger();
  let { checkpoint, programme } = await l.ledger();
  const every = budgetDocument(checkpoint, programme, { actionId: 'a1', status: 'actual' });
  // Without the year filter the 2025 État grant of 700 counts; the withdrawn 999 never does.
  assert.is(line(every.lines.produits, 'p74-etat').amounts.actual, '1700.00');
  assert.is(line(every.lines.produits, 'p74-region').amounts.actual, '800.00');
  await l.validate('g1');
  ({ checkpoint, programme } = await l.ledger());
  const validated = budgetDocument(checkpoint, programme, { actionId: 'a1', year: 2024, status: 'actual', include: 'validated' });
  assert.is(validated.totals.charges.actual, '0.00');
  assert.is(line(validated.lines.produits, 'p74-etat').amounts.actual, '1000.00');
  // Over-funded (1000 of produits, no charge): the own-funding line stops at 0, the produits total
  // shows the excess, and check 2 says it with both sides.
  assert.is(line(validated.lines.produits, 'p-propres').amounts.actual, '0.00');
  assert.is(validated.totals.produits.actual, '1000.00');
  const over = validated.checks.find((c) => c.id === 'autofinancement')!;
  assert.not.ok(over.passed);
  assert.equal([over.left.amount, over.right.amount], ['1000.00', '0.00']);
  await l.close();
});

test('whole euros: lines rounded by largest remainder, printed sums balance', async () => {
  const l = await ledger();
  const { checkpoint, programme } = await l.ledger();
  const doc = budgetDocument(checkpoint, programme, { actionId: 'a1', year: 2024 });
  // 4650.50 rounds to 4651: the one euro goes to the line that lost the most cents (250.50 → 251).
  assert.is(line(doc.lines.charges, 'c62-publicite').euros.actual, '251');
  assert.is(doc.totalsEuros.charges.actual, '4651');
  assert.is(line(doc.lines.produits, 'p-propres').euros.actual, '1901');
  assert.is(doc.totalsEuros.produits.actual, '4651');
  assert.is(doc.totalsEuros.emplois86.actual, '395');
  assert.is(doc.totalsEuros.ressources87.actual, '395');
  assertPrintedSumsHold(doc);
  await l.close();
});

/** Every parent is the sum of its children, totals balance, and no leaf is a euro or more away from its exact value. */
function assertPrintedSumsHold(doc: BudgetDocument): void {
  for (const status of doc.scope.statuses) {
    for (const lines of [doc.lines.charges, doc.lines.produits, doc.inKind.emplois, doc.inKind.ressources]) {
      for (const parent of lines) {
        const children = lines.filter((l) => l.parentId === parent.id);
        if (children.length === 0) {
          if (!parent.balancing) assert.ok(Math.abs(Number(parent.euros[status]) - Number(parent.amounts[status])) < 1, `${parent.id} ${status}`);
          continue;
        }
        assert.is(Number(parent.euros[status]), children.reduce((s, c) => s + Number(c.euros[status]), 0), `${parent.id} = Σ children`);
      }
    }
    const top = (lines: BudgetLine[]) => lines.filter((l) => l.level === 0).reduce((s, l) => s + Number(l.euros[status]), 0);
    assert.is(top(doc.lines.charges), Number(doc.totalsEuros.charges[status]));
    assert.is(top(doc.lines.produits), Number(doc.totalsEuros.produits[status]));
    assert.is(doc.totalsEuros.charges[status], doc.totalsEuros.produits[status]);
    assert.is(doc.totalsEuros.emplois86[status], doc.totalsEuros.ressources87[status]);
    assert.is(Number(doc.totalsEuros.charges[status]), roundedEuros(asCents(Math.round(Number(doc.totals.charges[status]) * 100))));
  }
}

test('Cerfa numbering by default; ANC 2018-06 swaps 870 and 875', async () => {
  const l = await ledger();
  const { checkpoint, programme } = await l.ledger();
  const cerfa = budgetDocument(checkpoint, programme, { actionId: 'a1', year: 2024 });
  const anc = budgetDocument(checkpoint, programme, { actionId: 'a1', year: 2024, codes: 'anc' });
  assert.is(line(cerfa.inKind.ressources, 'r870').code, '870');
  assert.is(line(cerfa.inKind.ressources, 'r875').code, '875');
  assert.is(line(anc.inKind.ressources, 'r870').code, '875');
  assert.is(line(anc.inKind.ressources, 'r870').label, 'Bénévolat');
  assert.is(line(anc.inKind.ressources, 'r875').code, '870');
  assert.is(line(anc.inKind.ressources, 'r875').label, 'Dons en nature');
  // Same figures either way.
  assert.equal(
    anc.inKind.ressources.map((r) => r.amounts),
    cerfa.inKind.ressources.map((r) => r.amounts),
  );
  await l.close();
});

test('another applicant sees the pilot’s staff and prestations as in kind', async () => {
  const l = await ledger();
  const { checkpoint, programme } = await l.ledger();
  const doc = budgetDocument(checkpoint, programme, { actionId: 'a1', year: 2024, status: 'actual', applicantId: 'asso' });
  assert.is(doc.scope.applicant.source, 'asked');
  assert.is(doc.totals.charges.actual, '0.00');
  // mairie staff 2000 + cc staff 100 + mairie prestations 2650.50 = 4750.50 in 862.
  assert.is(line(doc.inKind.emplois, 'e862').amounts.actual, '4750.50');
  // mairie's cash is now a commune's grant.
  assert.is(line(doc.lines.produits, 'p74-commune:mairie').amounts.actual, '500.00');
  // asso's own volunteers stay in kind (bénévolat given to it): 10 h × 12.00 = 120.00; its own room
  // (2 × 50.00) and its own donation (75.25) are its own means, off the form: 100.00 + 75.25 = 175.25.
  assert.is(line(doc.inKind.emplois, 'e864').amounts.actual, '120.00');
  assert.is(line(doc.inKind.emplois, 'e861').amounts.actual, '0.00');
  assert.is(line(doc.inKind.emplois, 'e860').amounts.actual, '0.00');
  assert.is(doc.totals.emplois86.actual, '4870.50');
  assert.is(doc.applicantMeans.actual, '175.25');
  await l.close();
});

test('the applicant: pilot by default, the most frequent pilot for the whole programme, refused when unknown or missing', async () => {
  const l = await ledger();
  const { checkpoint, programme } = await l.ledger();
  const whole = budgetDocument(checkpoint, programme, { status: 'actual', year: 2024 });
  assert.is(whole.scope.applicant.partnerId, 'mairie');
  assert.is(whole.scope.applicant.source, 'programme');
  assert.is(whole.scope.actionId, null);
  assert.throws(() => budgetDocument(checkpoint, programme, { actionId: 'a3' }), (e: unknown) => e instanceof InvalidCommandError && /n’a pas de partenaire pilote/.test(e.message));
  // The funding plan files an action without a pilot under the programme's default applicant.
  const plan = fundingPlanDocument(checkpoint, programme, { actionId: 'a3' }).actions[0]!;
  assert.equal(plan.applicant, { partnerId: 'mairie', name: 'Nom mairie', source: 'programme' });
  assert.is(plan.pilot, null);
  assert.throws(() => budgetDocument(checkpoint, programme, { actionId: 'nope' }), (e: unknown) => e instanceof NotFoundError);
  assert.throws(() => budgetDocument(checkpoint, programme, { applicantId: 'nobody' }), (e: unknown) => e instanceof NotFoundError);
  await l.close();
});

test('every Cerfa 12156*06 sub-line is printed; membership fees on 756, gifts and a company’s mécénat on 758, a foundation on 74 Aides privées', async () => {
  const l = await ledger();
  await l.partner('entreprise', 'entreprise', 'Nom entreprise');
  const a = { actionId: 'a1', date: '2024-04-01', status: 'actual' } as const;
  await l.add({ ...a, partnerId: 'entreprise', kind: 'cash', amount: '250' }, 'm1');
  await l.add({ ...a, partnerId: 'usagers', kind: 'cash', amount: '40', role: 'Cotisations des adhérents' }, 'm2');
  await l.add({ ...a, partnerId: 'asso', kind: 'cash', amount: '60', role: 'Dons manuels collectés' }, 'm3');
  const { checkpoint, programme } = await l.ledger();
  const doc = budgetDocument(checkpoint, programme, { actionId: 'a1', year: 2024, status: 'actual' });
  const children = (id: string) => all(doc).filter((x) => x.parentId === id && x.level === 1).map((x) => x.label);
  assert.equal(children('c63'), ['Impôts et taxes sur rémunération', 'Autres impôts et taxes']);
  assert.equal(children('c64'), ['Rémunération des personnels', 'Charges sociales', 'Autres charges de personnel']);
  assert.equal(children('c-indirectes'), ['Charges fixes de fonctionnement', 'Frais financiers', 'Autres']);
  assert.equal(children('p75'), ['Cotisations', 'Dons manuels – Mécénat']);
  assert.equal(all(doc).filter((x) => x.parentId === 'p75').map((x) => x.code), ['756', '758']);
  const at = (id: string) => line(all(doc), id).amounts.actual;
  assert.is(at('p756:usagers'), '40.00');
  // 250 of mécénat + 60 of gifts = 310.00 on 758; the foundation's 300 stays on 74 Aides privées.
  assert.is(at('p758:entreprise'), '250.00');
  assert.is(at('p758:asso'), '60.00');
  assert.is(at('p758'), '310.00');
  assert.is(at('p75'), '350.00');
  assert.is(at('p74-prives:fondation'), '300.00');
  assert.is(line(doc.lines.produits, 'p74-prives').label, 'Aides privées (fondation)');
  // Own funding: 4650.50 − (2750.00 + 350.00) = 1550.50.
  assert.is(at('p-propres'), '1550.50');
  await l.close();
});

test('largest remainder: whole euros that add up to the rounded total, each less than a euro away', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { maxLength: 40 }), (cents) => {
      const euros = eurosByLargestRemainder(cents.map(asCents));
      const total = asCents(cents.reduce((a, b) => a + b, 0));
      assert.is(euros.reduce((a, b) => a + b, 0), roundedEuros(total));
      euros.forEach((e, i) => {
        assert.ok(e * 100 - cents[i]! < 100 && cents[i]! - e * 100 < 100);
        // A line with no cents is never moved.
        if (cents[i]! % 100 === 0) assert.is(e * 100, cents[i]);
      });
    }),
  );
  // Three thirds of a euro: 0.33 + 0.33 + 0.34 = 1.00 → 0 + 0 + 1.
  assert.equal(eurosByLargestRemainder([33, 33, 34].map(asCents)), [0, 0, 1]);
  assert.equal(eurosByLargestRemainder([50, 50].map(asCents)), [1, 0]);
});

test.run();
