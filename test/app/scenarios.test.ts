// What-if scenarios read (src/app/scenarios.ts): a scenario's figures are the real ledger at its
// base with its facts folded into a copy; the real totals never move, whatever a scenario holds;
// the same log read again (a fresh replay) gives the same comparison. Figures worked out by hand.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { Socle } from '../../src/app/socle.ts';
import { compareScenarios, draftScenario } from '../../src/app/scenarios.ts';
import { CLI_ACTOR } from '../../src/domain/actor.ts';
import type { ScenarioFact } from '../../src/domain/events.ts';
import { createMemoryStore } from '../../src/store/memory.ts';
import type { EventStore } from '../../src/store/port.ts';

const P = 'acte3';

async function ledger(store: EventStore = createMemoryStore()) {
  const socle = await Socle.onStore(store, undefined, { freezeVersions: true });
  const setUp = (command: Parameters<Socle['commands']['handleProgramme']>[0]) => socle.commands.handleProgramme(command, CLI_ACTOR);
  await setUp({ type: 'OpenProgramme', data: { programmeId: P, name: 'Acte 3', startsOn: '2023-01-01', endsOn: '2026-12-31' } });
  for (const [partnerId, name, category] of [['ccas', 'CCAS', 'ccas'], ['mjc', 'MJC', 'association'], ['caf', 'CAF', 'caf']] as const)
    await setUp({ type: 'AddPartner', data: { programmeId: P, partnerId, name, category } });
  await setUp({ type: 'DefineAction', data: { programmeId: P, actionId: 'socle', number: 1, title: 'Socle commun', pilotPartnerId: 'ccas', nature: 'fonctionnement' } });
  await setUp({ type: 'RegisterSite', data: { programmeId: P, siteId: 'esc-nord', name: 'ESC Nord', partnerId: 'ccas' } });
  await setUp({ type: 'RegisterSite', data: { programmeId: P, siteId: 'mjc', name: 'MJC', partnerId: 'mjc' } });
  await setUp({ type: 'RegisterSite', data: { programmeId: P, siteId: 'halle', name: 'Halle' } });
  await setUp({ type: 'SetValuationRate', data: { programmeId: P, rateId: 'salarie', kind: 'staff_time', unit: 'hour', amount: '25', validFrom: '2023-01-01', basis: 'coût chargé moyen' } });
  await setUp({ type: 'SetValuationRate', data: { programmeId: P, rateId: 'salarie-mjc', kind: 'staff_time', unit: 'hour', amount: '20', validFrom: '2023-01-01', partnerId: 'mjc', basis: 'convention collective' } });
  const record = (id: string, content: Record<string, unknown>) =>
    socle.commands.handleContribution({ type: 'RecordContribution', programmeId: P, contributionId: id, content: { status: 'planned', date: '2025-02-01', actionId: 'socle', ...content } as never }, CLI_ACTOR);
  await record('ccas-temps', { partnerId: 'ccas', kind: 'staff_time', quantity: '100' });
  await record('caf-pv', { partnerId: 'caf', kind: 'cash', amount: '10000' });
  const caughtUp = async () => socle.caughtUpTo((await socle.store.head()).position);
  await caughtUp();
  const add = (scenarioId: string, factId: string, fact: ScenarioFact) => socle.commands.handleScenario({ type: 'AddScenarioFact', programmeId: P, scenarioId, factId, fact }, CLI_ACTOR);
  return { socle, add, caughtUp };
}

const etp: ScenarioFact = { kind: 'staff-per-site', hoursPerSite: '1607', year: 2025, status: 'planned', actionId: 'socle' };

test('one FTE per site: 1,607 h at each site that has a partner, at that partner’s rate; the real plan beside it is unchanged', async () => {
  const { socle, add, caughtUp } = await ledger();
  try {
    const before = await socle.totals(P, { status: 'planned', include: 'active' });
    await draftScenario(socle, { programmeId: P, scenarioId: 'ambition', title: 'Un ETP par lieu' }, CLI_ACTOR);
    await add('ambition', 'etp', etp);
    await add('ambition', 'sans-caf', { kind: 'drop-partner', partnerId: 'caf' });
    await caughtUp();
    const comparison = await compareScenarios(socle, P, { status: 'planned' });
    // Real: 100 h × 25 € = 2,500.00 (CCAS) + 10,000.00 (CAF) = 12,500.00.
    assert.is(comparison.real.total, '12500.00');
    const [ambition] = comparison.scenarios;
    // Scenario: CCAS 2,500.00 + 1,607 × 25 = 40,175.00 → 42,675.00; MJC 1,607 × 20 = 32,140.00; CAF dropped.
    assert.equal(ambition!.figures.byPartner.map((p) => [p.partnerId, p.total]), [['ccas', '42675.00'], ['mjc', '32140.00']]);
    assert.is(ambition!.figures.total, '74815.00');
    assert.is(ambition!.difference.total, '62315.00');
    assert.equal(ambition!.difference.byPartner, { caf: '-10000.00', ccas: '40175.00', mjc: '32140.00' });
    assert.equal(ambition!.notes, ['etp : le lieu Halle n’a pas de partenaire, aucun temps n’y est ajouté']);
    // The real books: the same figures, to the byte, as before the scenario.
    const after = await socle.totals(P, { status: 'planned', include: 'active' });
    assert.equal({ ...after, asOf: null }, { ...before, asOf: null });
    assert.ok(after.asOf.position > before.asOf.position, 'the scenario’s events are in the log');
  } finally {
    await socle.close();
  }
});

test('a rate changed and contributions scaled: the later rate wins from its date, quantities rounded to the hundredth', async () => {
  const { socle, add, caughtUp } = await ledger();
  try {
    await draftScenario(socle, { programmeId: P, scenarioId: 'echec', title: 'Échec des communs' }, CLI_ACTOR);
    await add('echec', 'taux', { kind: 'set-rate', rate: { rateId: 'salarie-2025', kind: 'staff_time', unit: 'hour', amount: '30', validFrom: '2025-01-01', basis: 'revalorisation' } });
    await add('echec', 'moitie', { kind: 'scale-contributions', factor: '0.333', partnerId: 'ccas' });
    await caughtUp();
    const [echec] = (await compareScenarios(socle, P, { status: 'planned', year: 2025 })).scenarios;
    // 100 h × 0.333 = 33.30 h at 30 € = 999.00; CAF 10,000.00 as is.
    assert.equal(echec!.figures.byPartner.map((p) => [p.partnerId, p.total]), [['caf', '10000.00'], ['ccas', '999.00']]);
    assert.is(echec!.difference.total, '-1501.00');
  } finally {
    await socle.close();
  }
});

const factArb: fc.Arbitrary<ScenarioFact> = fc.oneof(
  fc.record({ kind: fc.constant('staff-per-site' as const), hoursPerSite: fc.integer({ min: 1, max: 2000 }).map(String), year: fc.integer({ min: 2023, max: 2026 }), status: fc.constantFrom('planned' as const, 'actual' as const) }),
  fc.record({ kind: fc.constant('drop-partner' as const), partnerId: fc.constantFrom('ccas', 'mjc', 'caf') }),
  fc.record({ kind: fc.constant('remove-contribution' as const), partnerId: fc.constantFrom('ccas', 'caf'), contributionId: fc.constantFrom('ccas-temps', 'caf-pv', 'nothing') }),
  fc.record({ kind: fc.constant('scale-contributions' as const), factor: fc.integer({ min: 0, max: 3000 }).map((n) => (n / 1000).toString()) }),
  fc.record({
    kind: fc.constant('add-funder' as const),
    partnerId: fc.constantFrom('region', 'caf'),
    name: fc.constant('Région'),
    category: fc.constant('region' as const),
    amount: fc.integer({ min: 1, max: 100000 }).map(String),
    status: fc.constant('planned' as const),
    date: fc.constant('2025-06-01'),
    actionId: fc.constant('socle'),
  }),
);

test('property: whatever the facts, the real totals never change and a fresh replay of the log gives the same comparison', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.array(factArb, { maxLength: 4 }), { minLength: 1, maxLength: 3 }), async (scenarios) => {
      const store = createMemoryStore();
      const { socle, add, caughtUp } = await ledger(store);
      try {
        const real = async () => ({ ...(await socle.totals(P, { status: 'planned', include: 'active' })), asOf: null });
        const before = await real();
        for (const [i, facts] of scenarios.entries()) {
          await draftScenario(socle, { programmeId: P, scenarioId: `s${i}`, title: `Scénario ${i}` }, CLI_ACTOR);
          for (const [j, fact] of facts.entries()) await add(`s${i}`, `f${j}`, fact);
        }
        await caughtUp();
        assert.equal(await real(), before);
        const comparison = await compareScenarios(socle, P, { status: 'planned' });
        assert.is(comparison.scenarios.length, scenarios.length);
        const again = await Socle.onStore(store, undefined, { freezeVersions: true });
        assert.equal(await compareScenarios(again, P, { status: 'planned' }), comparison);
        await again.live.stop();
      } finally {
        await socle.close();
      }
    }),
    { numRuns: 25 },
  );
});

test.run();
