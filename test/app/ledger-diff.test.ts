// What changed between two stamps (src/app/ledger-diff.ts): the figures that differ, and the
// events that made each difference. Expected figures are worked out by hand in the comments.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { Socle } from '../../src/app/socle.ts';
import { diffLedger } from '../../src/app/ledger-diff.ts';
import { CLI_ACTOR } from '../../src/domain/actor.ts';
import { InvalidCommandError } from '../../src/domain/errors.ts';
import { createMemoryStore } from '../../src/store/memory.ts';

const P = 'acte3';

async function ledger() {
  const socle = await Socle.onStore(createMemoryStore());
  const setUp = (command: Parameters<Socle['commands']['handleProgramme']>[0]) => socle.commands.handleProgramme(command, CLI_ACTOR);
  await setUp({ type: 'OpenProgramme', data: { programmeId: P, name: 'Acte 3', startsOn: '2024-01-01', endsOn: '2026-12-31' } });
  await setUp({ type: 'AddPartner', data: { programmeId: P, partnerId: 'caf', name: 'CAF', category: 'caf' } });
  await setUp({ type: 'AddPartner', data: { programmeId: P, partnerId: 'ccas', name: 'CCAS', category: 'ccas' } });
  await setUp({ type: 'DefineAction', data: { programmeId: P, actionId: 'a1', number: 1, title: 'Ateliers', pilotPartnerId: 'ccas', nature: 'fonctionnement' } });
  await setUp({ type: 'SetValuationRate', data: { programmeId: P, rateId: 'r1', kind: 'staff_time', unit: 'hour', amount: '20', validFrom: '2024-01-01', basis: 'coût chargé' } });
  const contribution = (command: object) => socle.commands.handleContribution({ programmeId: P, ...command } as never, CLI_ACTOR);
  const head = async () => (await socle.store.head()).position;
  return { socle, setUp, contribution, head };
}

test('given a stamp, when a grant is corrected, staff time recorded and a rate raised: each figure that moved, and the events that moved it', async () => {
  const { socle, setUp, contribution, head } = await ledger();
  try {
    await contribution({ type: 'RecordContribution', contributionId: 'g1', content: { partnerId: 'caf', kind: 'cash', status: 'actual', date: '2024-03-01', amount: '1000', actionId: 'a1' } });
    await contribution({ type: 'RecordContribution', contributionId: 's1', content: { partnerId: 'ccas', kind: 'staff_time', status: 'actual', date: '2024-03-02', quantity: '10', actionId: 'a1' } });
    const stamp = await head();
    // Before: 1000.00 cash + 10 h × 20 = 200.00 staff → 1200.00.
    await contribution({ type: 'CorrectContribution', contributionId: 'g1', reason: 'convention signée à 1 200 €', content: { partnerId: 'caf', kind: 'cash', status: 'actual', date: '2024-03-01', amount: '1200', actionId: 'a1' } });
    await contribution({ type: 'RecordContribution', contributionId: 's2', content: { partnerId: 'ccas', kind: 'staff_time', status: 'planned', date: '2024-09-01', quantity: '5' } });
    await setUp({ type: 'SetValuationRate', data: { programmeId: P, rateId: 'r2', kind: 'staff_time', unit: 'hour', amount: '25', validFrom: '2024-01-01', partnerId: 'ccas', basis: 'coût CCAS' } });
    await socle.caughtUpTo(await head());
    const diff = await diffLedger(socle, P, { from: String(stamp) });
    const figure = (key: string) => diff.totals.find((f) => f.key === key);
    // Actual: 1000 → 1200 (correction, +200.00); staff 200 → 10 h × 25 = 250 (rate, +50.00): 1200.00 → 1450.00.
    assert.equal(figure('actual:total'), { key: 'actual:total', label: 'total réalisé', from: '1200.00', to: '1450.00', difference: '250.00', events: [stamp + 1, stamp + 3] });
    assert.equal(figure('actual:byPartner:caf')?.difference, '200.00');
    assert.equal(figure('actual:byPartner:ccas')?.events, [stamp + 3]);
    assert.equal(figure('actual:byKind:cash')?.difference, '200.00');
    assert.equal(figure('actual:byAction:a1')?.to, '1450.00');
    // Planned: 0 → 5 h at the CCAS rate once it is set: 5 × 20 = 100.00, then 5 × 25 = 125.00.
    assert.equal(figure('planned:total'), { key: 'planned:total', label: 'total prévu', from: '0.00', to: '125.00', difference: '125.00', events: [stamp + 2, stamp + 3] });
    assert.equal(figure('planned:byAction:none')?.label, 'prévu — hors action');
    assert.is(figure('actual:byPartner:nobody'), undefined);
    const [correction, recorded, rate] = diff.events;
    assert.equal(
      { change: correction!.change, contributionId: correction!.contributionId, partnerId: correction!.partnerId, reason: correction!.reason, effect: correction!.effect, actor: correction!.actor },
      { change: 'correction', contributionId: 'g1', partnerId: 'caf', reason: 'convention signée à 1 200 €', effect: { planned: '0.00', actual: '200.00' }, actor: CLI_ACTOR.name },
    );
    assert.equal(recorded!.effect, { planned: '100.00', actual: '0.00' });
    assert.equal({ change: rate!.change, effect: rate!.effect }, { change: 'taux de valorisation', effect: { planned: '25.00', actual: '50.00' } });
    assert.ok(Array.isArray(diff.budget) && diff.budget.length > 0, `budget lines moved: ${JSON.stringify(diff.budget)}`);
    // Nothing moved from the head to itself.
    const none = await diffLedger(socle, P, { from: String(await head()) });
    assert.equal([none.totals, none.events], [[], []]);
  } finally {
    await socle.close();
  }
});

test('bad stamps: to before from, beyond the head — a clear French error', async () => {
  const { socle, head } = await ledger();
  try {
    const h = await head();
    const backwards = await diffLedger(socle, P, { from: String(h), to: '2' }).catch((e: unknown) => e as Error);
    assert.instance(backwards, InvalidCommandError);
    assert.match((backwards as Error).message, /^from: le point de départ \(position \d+\) est après le point d’arrivée \(position 2\)/);
    const beyond = await diffLedger(socle, P, { from: '1', to: String(h + 10) }).catch((e: unknown) => e as Error);
    assert.match((beyond as Error).message, /au-delà de la dernière position du journal/);
  } finally {
    await socle.close();
  }
});

test('property: for random logs, the events’ effects add up to every figure’s difference', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.record({ op: fc.constantFrom('record', 'correct', 'withdraw', 'rate'), partner: fc.constantFrom('caf', 'ccas'), cents: fc.integer({ min: 1, max: 99_999 }), hours: fc.integer({ min: 1, max: 40 }) }),
        { minLength: 1, maxLength: 14 },
      ),
      fc.nat(),
      async (steps, cut) => {
        const { socle, setUp, contribution, head } = await ledger();
        try {
          const live: string[] = [];
          let stamp = await head();
          for (const [i, step] of steps.entries()) {
            if (i === cut % steps.length) stamp = await head();
            const amount = (step.cents / 100).toFixed(2);
            if (step.op === 'rate') await setUp({ type: 'SetValuationRate', data: { programmeId: P, rateId: `r-${i}`, kind: 'staff_time', unit: 'hour', amount, validFrom: '2024-01-01', partnerId: step.partner, basis: 'taux' } });
            else if (step.op === 'record' || live.length === 0) {
              await contribution({ type: 'RecordContribution', contributionId: `c${i}`, content: { partnerId: step.partner, kind: i % 2 ? 'cash' : 'staff_time', status: i % 3 ? 'actual' : 'planned', date: '2024-05-01', ...(i % 2 ? { amount } : { quantity: String(step.hours) }) } });
              live.push(`c${i}`);
            } else if (step.op === 'withdraw') await contribution({ type: 'WithdrawContribution', contributionId: live.pop()!, reason: 'doublon' });
            else {
              const id = live[live.length - 1]!;
              const view = [...(await socle.ledgerAt(await head())).state.contributions].map(([, v]) => v).find((v) => v.contributionId === id)!;
              await contribution({ type: 'CorrectContribution', contributionId: id, reason: 'recomptée', content: { ...view.content, ...(view.content.kind === 'cash' ? { amount: (Number(view.content.amount) + step.cents / 100).toFixed(2) } : { quantity: String(Number(view.content.quantity) + 1) }) } });
            }
          }
          await socle.caughtUpTo(await head());
          const diff = await diffLedger(socle, P, { from: String(stamp) });
          const cents = (text: string) => Math.round(Number(text) * 100);
          for (const figure of diff.totals) {
            const explained = diff.events.flatMap((e) => e.figures.filter((f) => f.key === figure.key)).reduce((a, f) => a + cents(f.effect), 0);
            assert.is(explained, cents(figure.difference), figure.key);
            assert.is(cents(figure.to) - cents(figure.from), cents(figure.difference));
          }
          for (const status of ['planned', 'actual'] as const) {
            const total = diff.totals.find((f) => f.key === `${status}:total`);
            assert.is(diff.events.reduce((a, e) => a + cents(e.effect[status]), 0), total ? cents(total.difference) : 0, status);
          }
        } finally {
          await socle.close();
        }
      },
    ),
    { numRuns: 30 },
  );
});

test.run();
