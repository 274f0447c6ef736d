// The six funding checks of domain.md, each with a budget that passes and one that fails, built from
// real ledgers (a commune filing for its actions) except where the failure cannot come from a ledger
// by construction (check 1 on exact figures), where the check is fed the figures a naive rounding
// would print.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { budgetDocument, type BudgetDocument, type BudgetOptions } from '../../src/reports/budget.ts';
import { fundingChecks, type FundingCheck } from '../../src/reports/funding-checks.ts';
import type { ContributionInput } from '../../src/domain/contribution/content.ts';
import { SmallLedger } from '../exports/fixtures.ts';
import { asCents, eurosHalfAwayFromZero as roundedEuros } from '../../src/domain/money.ts';

/**
 * A commune ("mairie") filing for a1 (fonctionnement) or a2 (investissement), with 1000.00 of its
 * own costs (a provider) on the action, and whatever else the test records.
 */
type Extra = Omit<ContributionInput, 'date'> & { date?: string };

async function commune(actionId: 'a1' | 'a2', extra: Extra[] = [], options: { applicantCategory?: 'commune' | 'association' } = {}): Promise<SmallLedger> {
  const l = await SmallLedger.open();
  await l.partner('mairie', options.applicantCategory ?? 'commune', 'Commune de Janzé');
  await l.partner('region', 'region', 'Région Bretagne');
  await l.partner('leader', 'europe', 'LEADER');
  await l.partner('fondation', 'fondation', 'Fondation');
  await l.partner('asso', 'association', 'Orditous');
  await l.action('a1', 1, 'fonctionnement', 'mairie');
  await l.action('a2', 2, 'investissement', 'mairie');
  await l.rate('volunteer_time', 'hour', '12.00');
  await l.add({ partnerId: 'mairie', kind: 'prestation', status: 'actual', date: '2024-04-01', amount: '1000', actionId, description: 'Achat de tablettes', taxBasis: 'HT' });
  for (const content of extra) await l.add({ ...content, date: content.date ?? '2024-05-01', actionId });
  return l;
}

const grant = (partnerId: string, amount: string): Extra => ({ partnerId, kind: 'cash', status: 'actual', amount });

async function checksOf(l: SmallLedger, options: BudgetOptions): Promise<{ doc: BudgetDocument; check: (id: string) => FundingCheck }> {
  const { checkpoint, programme } = await l.ledger();
  const doc = budgetDocument(checkpoint, programme, { status: 'actual', ...options });
  await l.close();
  return {
    doc,
    check: (id) => {
      const found = doc.checks.find((c) => c.id === id);
      if (!found) throw new Error(`no check ${id}`);
      return found;
    },
  };
}

test('every budget shows the six checks, numbered as in domain.md, with French labels and both sides', async () => {
  const { doc } = await checksOf(await commune('a1', [grant('region', '600')]), { actionId: 'a1' });
  assert.equal(
    doc.checks.map((c) => [c.number, c.id]),
    [
      [1, 'equilibre'],
      [2, 'autofinancement'],
      [3, 'plafond-aides-publiques'],
      [4, 'part-maitre-ouvrage'],
      [5, 'fonds-europeens'],
      [6, 'valorisation'],
    ],
  );
  for (const c of doc.checks) {
    assert.ok(c.label.length > 10 && c.left.label && c.right.label && c.detail, c.id);
    assert.match(c.left.amount, /^-?\d+(\.\d{2})?$/);
    assert.match(c.right.amount, /^-?\d+(\.\d{2})?$/);
  }
});

test('check 1 passes on every budget, in cents and in printed euros; fails on figures that do not balance', async () => {
  // Two provider invoices of 100.50 each (plus the 1000.00) and a grant of 600.00.
  const l = await commune('a1', [
    { partnerId: 'mairie', kind: 'prestation', status: 'actual', amount: '100.50', description: 'Ateliers' },
    { partnerId: 'mairie', kind: 'prestation', status: 'actual', amount: '100.50', description: 'Location de salle' },
    { partnerId: 'asso', kind: 'volunteer_time', status: 'actual', quantity: '2.5' },
    grant('region', '600'),
  ]);
  const { doc, check } = await checksOf(l, { actionId: 'a1' });
  const balance = check('equilibre');
  assert.ok(balance.passed);
  assert.is(balance.left.amount, '1201.00');
  assert.is(balance.right.amount, '1201.00');
  assert.is(balance.second?.left.amount, '30.00');
  // Printed in whole euros (largest remainder), the same check passes.
  const euros = doc.totalsEuros;
  const printed = fundingChecks({
    status: 'actual',
    totalCharges: asCents(Number(euros.charges.actual) * 100),
    totalProduits: asCents(Number(euros.produits.actual) * 100),
    total86: asCents(Number(euros.emplois86.actual) * 100),
    total87: asCents(Number(euros.ressources87.actual) * 100),
    ownFunding: asCents(0),
    publicAid: asCents(0),
    euFunding: asCents(0),
    applicant: { partnerId: 'mairie', name: 'Commune de Janzé', category: 'commune' },
    nature: 'fonctionnement',
    unvalued: [],
  });
  assert.ok(printed[0]!.passed);
  // Rounding each line on its own prints 1000 + 101 + 101 = 1202 of charges against 1201 of produits: it fails.
  const naive = (id: string) => roundedEuros(asCents(Math.round(Number(doc.lines.charges.find((x) => x.id === id)!.amounts.actual) * 100)));
  const naiveCharges = naive('c60-matieres') + naive('c60-prestations') + naive('c61-locations');
  assert.is(naiveCharges, 1202);
  const failed = fundingChecks({
    status: 'actual',
    totalCharges: asCents(naiveCharges * 100),
    totalProduits: asCents(Number(euros.produits.actual) * 100),
    total86: asCents(3000),
    total87: asCents(3100),
    ownFunding: asCents(60100),
    publicAid: asCents(60000),
    euFunding: asCents(0),
    applicant: { partnerId: 'mairie', name: 'Commune de Janzé', category: 'commune' },
    nature: 'fonctionnement',
    unvalued: [],
  })[0]!;
  assert.not.ok(failed.passed);
  assert.is(failed.left.amount, '1202.00');
  assert.is(failed.right.amount, '1201.00');
  assert.match(failed.detail, /Déséquilibre/);
  assert.match(failed.detail, /86/);
});

test('check 2: what others fund stays within the charges; an over-funded action fails, both sides positive', async () => {
  const ok = (await checksOf(await commune('a1', [grant('region', '600')]), { actionId: 'a1' })).check('autofinancement');
  assert.ok(ok.passed);
  assert.is(ok.left.amount, '600.00');
  assert.is(ok.right.amount, '1000.00');
  assert.match(ok.detail, /400,00 €/);
  // 900 + 600 = 1500 of grants on 1000 of charges: 500 too many.
  const { doc, check } = await checksOf(await commune('a1', [grant('region', '900'), grant('fondation', '600')]), { actionId: 'a1' });
  const over = check('autofinancement');
  assert.not.ok(over.passed);
  assert.is(over.left.amount, '1500.00');
  assert.is(over.right.amount, '1000.00');
  assert.match(over.detail, /sur-financée/);
  assert.match(over.detail, /500,00 €/);
  // No negative figure on the form: own funding 0, produits 1500 against charges 1000, and check 1 fails too.
  assert.is(doc.lines.produits.find((l) => l.id === 'p-propres')!.amounts.actual, '0.00');
  assert.is(doc.totals.produits.actual, '1500.00');
  assert.not.ok(check('equilibre').passed);
  for (const l of [...doc.lines.charges, ...doc.lines.produits]) assert.ok(!l.amounts.actual!.startsWith('-'), `${l.id} is not negative`);
});

test('check 1: an empty budget fails, there is nothing to fund', async () => {
  const { check } = await checksOf(await commune('a1'), { actionId: 'a2' });
  const empty = check('equilibre');
  assert.not.ok(empty.passed);
  assert.is(empty.left.amount, '0.00');
  assert.match(empty.detail, /rien à financer/);
});

test('check 3: public funding within the cap (100 % by default, 80 % for LEADER), in-kind eligible on request', async () => {
  const build = () => commune('a1', [grant('region', '900'), { partnerId: 'asso', kind: 'volunteer_time', status: 'actual', quantity: '25' }]);
  const at100 = (await checksOf(await build(), { actionId: 'a1' })).check('plafond-aides-publiques');
  assert.ok(at100.passed);
  assert.is(at100.left.amount, '900.00');
  assert.is(at100.right.amount, '1000.00');
  const at80 = (await checksOf(await build(), { actionId: 'a1', checks: { publicFundingCapPercent: '80' } })).check('plafond-aides-publiques');
  assert.not.ok(at80.passed);
  assert.is(at80.right.amount, '800.00');
  assert.match(at80.label, /80 %/);
  // With the 300.00 of volunteering in the eligible cost: 80 % of 1300.00 = 1040.00.
  const inKind = (await checksOf(await build(), { actionId: 'a1', checks: { publicFundingCapPercent: '80', inKindEligible: true } })).check('plafond-aides-publiques');
  assert.ok(inKind.passed);
  assert.is(inKind.right.amount, '1040.00');
  // Private money is not public funding.
  const privateOnly = (await checksOf(await commune('a1', [grant('fondation', '950')]), { actionId: 'a1', checks: { publicFundingCapPercent: '80' } })).check('plafond-aides-publiques');
  assert.ok(privateOnly.passed);
  assert.is(privateOnly.left.amount, '0.00');
});

test('check 4: a local authority investing pays at least 20 % of the public funding (30 % as chef de file)', async () => {
  // Région 750 → own 250 of 1000 public: 25 % ≥ 20 %.
  const ok = (await checksOf(await commune('a2', [grant('region', '750')]), { actionId: 'a2' })).check('part-maitre-ouvrage');
  assert.ok(ok.passed && ok.applicable);
  assert.is(ok.left.amount, '250.00');
  assert.is(ok.right.amount, '200.00');
  assert.match(ok.label, /CGCT L1111-10 III\)/);
  // Région 850 → own 150 < 200.
  const short = (await checksOf(await commune('a2', [grant('region', '850')]), { actionId: 'a2' })).check('part-maitre-ouvrage');
  assert.not.ok(short.passed);
  assert.match(short.detail, /Il manque 50,00/);
  // Chef de file: 30 % of 1000 = 300 > 250.
  const chef = (await checksOf(await commune('a2', [grant('region', '750')]), { actionId: 'a2', checks: { chefDeFile: true } })).check('part-maitre-ouvrage');
  assert.not.ok(chef.passed);
  assert.is(chef.right.amount, '300.00');
  // The 30 % rule is another article's: L1111-9, for a chef de file.
  assert.match(chef.label, /CGCT L1111-9, chef de file\)/);
  // Not an investment, or not a local authority: the rule does not apply.
  const running = (await checksOf(await commune('a1', [grant('region', '850')]), { actionId: 'a1' })).check('part-maitre-ouvrage');
  assert.ok(running.passed);
  assert.not.ok(running.applicable);
  const association = (await checksOf(await commune('a2', [grant('region', '850')], { applicantCategory: 'association' }), { actionId: 'a2' })).check('part-maitre-ouvrage');
  assert.ok(association.passed);
  assert.not.ok(association.applicable);
});

test('check 5: with EU funds, public support stays within the cost excluding in kind', async () => {
  // LEADER 800, own 200 (a commune: public money) → 1000 ≤ 1000.
  const ok = (await checksOf(await commune('a1', [grant('leader', '800'), { partnerId: 'asso', kind: 'volunteer_time', status: 'actual', quantity: '50' }]), { actionId: 'a1' })).check('fonds-europeens');
  assert.ok(ok.passed && ok.applicable);
  assert.is(ok.left.amount, '1000.00');
  assert.is(ok.right.amount, '1000.00');
  // LEADER 800 + Région 400 = 1200 > 1000, though the 600.00 of volunteering would make the cost 1600.
  const over = (await checksOf(await commune('a1', [grant('leader', '800'), grant('region', '400'), { partnerId: 'asso', kind: 'volunteer_time', status: 'actual', quantity: '50' }]), { actionId: 'a1' })).check('fonds-europeens');
  assert.not.ok(over.passed);
  assert.is(over.left.amount, '1200.00');
  // No EU money: the rule does not apply.
  const none = (await checksOf(await commune('a1', [grant('region', '1200')]), { actionId: 'a1' })).check('fonds-europeens');
  assert.ok(none.passed);
  assert.not.ok(none.applicable);
});

test('check 5: the EU funds stay within the co-financing rate of the eligible cost (85 % by default, the programme’s when given)', async () => {
  // Cost 1000.00 (the commune's own invoice). LEADER 800.00 = 80 % ≤ 85 % (cap 850.00): passes.
  const ok = (await checksOf(await commune('a1', [grant('leader', '800')]), { actionId: 'a1' })).check('fonds-europeens');
  assert.ok(ok.passed);
  assert.equal(ok.second, { left: { label: 'Fonds européens', amount: '800.00' }, right: { label: '85 % du coût éligible', amount: '850.00' } });
  // The same with the programme's rate of 60 %: cap 600.00, the LEADER 800.00 passes it by 200.00;
  // public support (800.00 + the commune's own 200.00 = 1000.00) stays within the cost, so only the rate fails.
  const over = (await checksOf(await commune('a1', [grant('leader', '800')]), { actionId: 'a1', checks: { euCapPercent: '60' } })).check('fonds-europeens');
  assert.not.ok(over.passed);
  assert.is(over.left.amount, '1000.00');
  assert.is(over.right.amount, '1000.00');
  assert.equal(over.second, { left: { label: 'Fonds européens', amount: '800.00' }, right: { label: '60 % du coût éligible', amount: '600.00' } });
  assert.is(over.detail, 'Les fonds européens (800,00 €) dépassent de 200,00 € le taux de cofinancement de 60 %.');
  assert.match(over.label, /art\. 112/);
  // No EU money: no second pair.
  const none = (await checksOf(await commune('a1', [grant('region', '500')]), { actionId: 'a1' })).check('fonds-europeens');
  assert.is(none.second, undefined);
});

test('check 6: every contribution valued; unvalued ones are listed', async () => {
  const ok = (await checksOf(await commune('a1', [{ partnerId: 'asso', kind: 'volunteer_time', status: 'actual', quantity: '3' }]), { actionId: 'a1' })).check('valorisation');
  assert.ok(ok.passed);
  assert.is(ok.left.amount, '0');
  const { doc, check } = await checksOf(await commune('a1', [{ partnerId: 'asso', kind: 'equipment', status: 'actual', quantity: '4' }]), { actionId: 'a1' });
  const missing = check('valorisation');
  assert.not.ok(missing.passed);
  assert.is(missing.left.amount, '1');
  // Named as the dashboard names it: the partner, then the nature in the record form's words; no raw id.
  assert.match(missing.detail, /Orditous : aucun taux « Prêt de matériel » au 01\/05\/2024\.$/);
  assert.is(doc.unvalued.length, 1);
  assert.is(doc.unvalued[0]!.partnerName, 'Orditous');
  assert.not.ok(missing.detail.includes(doc.unvalued[0]!.contributionId));
});

test.run();
